"""Live chat for visitors: conversations, service hours, the queue and the real-time layer."""
