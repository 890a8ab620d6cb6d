"""Forwarded headers are believed only from the proxies an operator names (``HELPLINE_TRUSTED_PROXIES``): a
client that makes up ``X-Forwarded-For`` cannot pass for another address in the login pause or the audit log.
Real uvicorn, with the options ``helpline serve`` gives it."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path

import httpx
import pytest
import uvicorn
from bench.chat import free_port

from conftest import make_services
from helpline.accounts import audit
from helpline.cli import forwarded_options
from helpline.web.app import create_app


def failed_login_address(tmp_path: Path, trusted: str) -> str | None:
    services = make_services(tmp_path, dense_enabled=False, trusted_proxies=trusted)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(services, warm_up=False), host="127.0.0.1", port=port,
                                           log_level="warning", **forwarded_options(services.settings)))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            page = client.get("/staff/login")
            token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
            assert token
            refused = client.post("/staff/login", data={"username": "nobody", "password": "wrong-password-123",
                                                        "csrf_token": token.group(1)},
                                  headers={"X-Forwarded-For": "203.0.113.9"})
            assert refused.status_code == 401
    finally:
        server.should_exit = True
        thread.join(15)
    with services.sessions() as session:
        entries = audit.entries(session, 10, 0, None, "login.")
    services.engine.dispose()
    assert entries, "a failed login is audited"
    return entries[0].address


@pytest.mark.parametrize(("trusted", "address"), [("", "127.0.0.1"), ("127.0.0.1", "203.0.113.9")])
def test_a_forwarded_address_counts_only_from_a_trusted_proxy(tmp_path: Path, trusted: str, address: str) -> None:
    assert failed_login_address(tmp_path, trusted) == address
