"""The staff side: accounts and sessions, permissions, the audit log, and the specialists' conversation work."""
