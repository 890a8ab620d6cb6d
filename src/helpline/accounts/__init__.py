"""Who the staff are: identities, roles and permissions, passwords, sessions and the audit log. Below the chat,
the console and the directory, which check what a member of staff may do."""
