"""The first responder: triage and safety, answer composition, abstention."""
