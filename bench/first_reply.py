"""How long a fresh ``helpline serve`` takes, from printing its address, to answer its first chat message.

Run: ``.venv/bin/python -m bench.first_reply [--rounds 2]``. Each round starts ``helpline serve`` on a new, empty
data folder (so the starter library is imported and nothing is cached), waits for the line with its address,
opens a chat conversation, posts one message and polls the conversation's events until the first responder's
reply arrives. To compare with other code, run it with that code first on ``PYTHONPATH``.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

QUESTION = "What is leukemia?"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def call(url: str, body: dict[str, object] | None = None, token: str | None = None) -> dict[str, object]:
    request = urllib.request.Request(url, data=json.dumps(body).encode() if body is not None else None,  # noqa: S310
                                     headers={"Content-Type": "application/json",
                                              **({"X-Conversation-Token": token} if token else {})})
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - a local address we started
        found: dict[str, object] = json.loads(response.read())
        return found


def one_round(timeout: float) -> tuple[float, float]:
    """Seconds from starting the process to its address line, and from that line to the first reply."""
    port = free_port()
    with tempfile.TemporaryDirectory() as folder:
        environment = {**os.environ, "HELPLINE_DATA_DIR": folder}
        started = time.perf_counter()
        command = [sys.executable, "-c", "from helpline.cli import main; main()", "serve", "--port", str(port),
                   "--chat-always-open"]
        process = subprocess.Popen(command, env=environment, stderr=subprocess.PIPE, text=True)  # noqa: S603
        try:
            assert process.stderr is not None  # noqa: S101
            for line in process.stderr:
                if "Helpline is at" in line:
                    break
            printed = time.perf_counter()
            base = f"http://127.0.0.1:{port}/api/v1"
            while True:
                try:
                    opened = call(f"{base}/conversations", {})
                    break
                except OSError:
                    if time.perf_counter() - printed > timeout:
                        raise
                    time.sleep(0.05)
            conversation, token = opened["conversation_id"], str(opened["token"])
            message = {"client_id": "first-message", "text": QUESTION}
            call(f"{base}/conversations/{conversation}/messages", message, token)
            while True:
                events = call(f"{base}/conversations/{conversation}/events?after=0", token=token)["events"]
                if any(event["kind"] == "message" and event["data"]["message"]["sender"] == "helpline"
                       for event in events):  # type: ignore[attr-defined]
                    return printed - started, time.perf_counter() - printed
                if time.perf_counter() - printed > timeout:
                    raise TimeoutError("no reply")
                time.sleep(0.05)
        finally:
            process.terminate()
            process.wait(timeout=30)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.first_reply", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args(argv)
    import helpline

    print(f"code: {Path(helpline.__file__).parent}")
    for round_number in range(args.rounds):
        to_address, to_reply = one_round(args.timeout)
        print(f"round {round_number + 1}: address printed after {to_address:.1f} s; "
              f"first chat reply {to_reply:.1f} s after that")
    return 0


if __name__ == "__main__":
    sys.exit(main())
