"""For browser tests: a real uvicorn server in a thread (start, stop, start again on the same port), and Debian's
Chromium, which Playwright drives (its own browser download does not work here)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import uvicorn
from bench.chat import free_port

from helpline.services import Services
from helpline.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def needs_chromium() -> None:
    import pytest

    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it")


class LiveServer:
    """The helpline's web app served over real HTTP and WebSocket at ``base``."""

    def __init__(self, services: Services, port: int | None = None) -> None:
        self.services = services
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 300.0) -> None:
        # The encoder and the index load when the service starts; the triage model ships trained.
        config = uvicorn.Config(create_app(self.services), host="127.0.0.1", port=self.port, log_level="warning")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"the web service did not start on {self.base}")
            time.sleep(0.05)

    def stop(self) -> None:
        if self._server is not None and self._thread is not None:
            self._server.should_exit = True
            self._thread.join(timeout=15)
        self._server = self._thread = None
