"""Structured logs: one JSON object per line (or plain text), with contacts and secrets masked in every record,
including uvicorn's access log."""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

from helpline.logmask import MaskContactsFilter

# Tokens travel in query strings of links (sign-up confirmation) and must not be kept in logs.
_SECRET_PARAMETER = re.compile(r"(?i)\b(token|csrf_token|password)=[^&\s\"']+")
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "color_message"}


class MaskSecretsFilter(logging.Filter):
    """Replaces ``token=…`` style values in the (already merged) message."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _SECRET_PARAMETER.sub(r"\1=***", record.getMessage())
        record.args = None
        return True


class AccessLogFilter(logging.Filter):
    """uvicorn's access lines without the query string (what a visitor searched for stays out of the logs) and,
    unless the operator asks for them, without the client's address."""

    def __init__(self, keep_addresses: bool = False) -> None:
        super().__init__()
        self.keep_addresses = keep_addresses

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name == "uvicorn.access" and isinstance(record.args, tuple) and len(record.args) == 5:
            address, method, path, version, status = record.args
            record.args = (address if self.keep_addresses else "-", method, str(path).split("?", 1)[0], version,
                           status)
        return True


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", ...extra fields, "error"}``, one line each."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(), "logger": record.name, "message": record.getMessage()}
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value if isinstance(value, str | int | float | bool | None) else repr(value)
        if record.exc_text or record.exc_info:
            entry["error"] = record.exc_text or self.formatException(record.exc_info)  # type: ignore[arg-type]
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(form: str = "json", level: int = logging.INFO, client_addresses: bool = False) -> None:
    """Route the root logger and uvicorn's loggers through one masked handler on stderr."""
    handler = logging.StreamHandler()
    handler.addFilter(AccessLogFilter(client_addresses))  # first: it reads the access line's own arguments
    handler.addFilter(MaskContactsFilter())
    handler.addFilter(MaskSecretsFilter())
    handler.setFormatter(JsonFormatter() if form == "json" else
                         logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs each index build at debug level
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logger = logging.getLogger(name)
        logger.handlers.clear()
        logger.propagate, logger.disabled = True, False
        logger.setLevel(logging.NOTSET)
