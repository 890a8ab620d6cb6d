"""Triage: what a message needs before it is answered — its safety class, topic and a wish for a person."""
