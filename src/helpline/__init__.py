"""Helpline: a cancer information helpline with a cited, cite-or-abstain first responder."""

__version__ = "0.1.0"
