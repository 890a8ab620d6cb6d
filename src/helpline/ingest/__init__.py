"""Loaders that turn MedQuAD, HTML, Markdown and plain-text pages into parsed articles, and the ingest action."""
