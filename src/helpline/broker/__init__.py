"""The event bus: the doorbell that tells every worker's watchers of a conversation that an event was stored,
and the publisher through which actions ring it after they commit."""
