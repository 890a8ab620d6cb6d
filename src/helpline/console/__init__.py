"""The specialists' and supervisors' side: conversation work (claim, reply, transfer, close), the desk (canned
responses, follow-ups) and the reports. Who may do what is ``accounts``."""
