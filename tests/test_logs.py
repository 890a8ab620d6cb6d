"""Structured logs: JSON lines with the record's fields; contacts and tokens never written out."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from helpline.logs import configure_logging


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield None
    root.handlers[:] = handlers
    root.setLevel(level)


def test_json_lines_carry_fields_and_mask_contacts_and_tokens(restore_logging: None,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("json")
    logging.getLogger("helpline.test").info("left by %s, phone %s", "jane.doe@example.org", "1-800-555-0199",
                                            extra={"conversation": "abc123", "follow_up": 7})
    logging.getLogger("uvicorn.access").info('127.0.0.1 - "GET /signup/confirm?token=s3cr3t-value HTTP/1.1" 200')
    first, second = (json.loads(line) for line in capsys.readouterr().err.splitlines())
    assert first["level"] == "info" and first["logger"] == "helpline.test"
    assert first["conversation"] == "abc123" and first["follow_up"] == 7
    assert "jane.doe@example.org" not in first["message"] and "j***@example.org" in first["message"]
    assert "555-0199" not in first["message"] and first["message"].endswith("99")
    assert "s3cr3t-value" not in second["message"] and "token=***" in second["message"]


def test_an_error_keeps_its_traceback_masked(restore_logging: None, capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("json")
    try:
        raise ValueError("bad address jane.doe@example.org")
    except ValueError:
        logging.getLogger("helpline.test").exception("sending failed")
    entry = json.loads(capsys.readouterr().err)
    assert "ValueError" in entry["error"] and "jane.doe@" not in entry["error"]


def test_access_lines_keep_neither_the_query_nor_the_address(restore_logging: None,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    query = "q=jane.doe%40example.org+555-123-4567+my+wife+has+stage+4+pancreatic+cancer"
    access = logging.getLogger("uvicorn.access")
    configure_logging("json")
    access.info('%s - "%s %s HTTP/%s" %d', "203.0.113.9:5123", "GET", f"/search?{query}", "1.1", 200)
    configure_logging("json", client_addresses=True)
    access.info('%s - "%s %s HTTP/%s" %d', "203.0.113.9:5123", "GET", f"/search?{query}", "1.1", 200)
    plain, with_address = (json.loads(line)["message"] for line in capsys.readouterr().err.splitlines())
    assert plain == '- - "GET /search HTTP/1.1" 200'
    assert with_address == '203.0.113.9:5123 - "GET /search HTTP/1.1" 200'


def test_url_encoded_contacts_are_masked_too(restore_logging: None, capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging("json")
    logging.getLogger("helpline.test").info("fetched /x?who=jane.doe%40example.org+555-123-4567&n=1")
    message = json.loads(capsys.readouterr().err)["message"]
    assert "jane.doe" not in message and "555-123" not in message and "***@example.org" in message
