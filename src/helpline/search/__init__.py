"""Lexical and dense indexes over sections, question analysis, and their fusion."""
