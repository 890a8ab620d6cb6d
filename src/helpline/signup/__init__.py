"""Newsletter sign-up with double opt-in: an address waits, pending, until its owner confirms the mailed link."""
