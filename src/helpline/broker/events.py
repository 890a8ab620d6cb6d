"""The event: one stored step of a conversation, as sent to whoever watches it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Event:
    """One event as sent to watchers (``seq`` 0: a passing signal such as "typing", never stored)."""

    conversation_id: str
    seq: int
    kind: str
    data: dict[str, Any]
    at: str

    def as_json(self) -> dict[str, Any]:
        return {"type": "event", "conversation_id": self.conversation_id, "seq": self.seq, "kind": self.kind,
                "data": self.data, "at": self.at}

    @classmethod
    def from_json(cls, frame: dict[str, Any]) -> Event:
        return cls(str(frame["conversation_id"]), int(frame["seq"]), str(frame["kind"]), dict(frame["data"]),
                   str(frame["at"]))
