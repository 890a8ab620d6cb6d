"""Live chat under load: real `helpline serve` workers, many visitors at once, side by side with the stateless
``POST /api/v1/ask`` in the same run.

Run: ``.venv/bin/python -m bench.chat [--visitors 20] [--messages 5] [--no-dense]``

It imports the starter library into ``bench/.chat-data`` and starts, in turn: one worker (in-process real-time
layer) and two workers sharing Redis (127.0.0.1:6379) on one SQLite file. Each visitor opens the chat WebSocket
and sends its messages one after another; a message's latency runs from the send to the first responder's reply
event. The baseline asks the same questions over ``POST /api/v1/ask`` (no storage, no events) with the same
concurrency. With two workers, every conversation is also watched from the other worker, and the time from send
to that watcher's copy of the reply is the cross-worker delivery latency. Rate limits are lifted for the run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.speed import percentile

PROJECT_ROOT = Path(__file__).resolve().parents[1]
STARTER = PROJECT_ROOT / "src" / "helpline" / "starter"
HELPLINE = Path(sys.executable).parent / "helpline"
QUESTIONS = [
    "How often is revumenib taken?", "what are the side effects of imatinib", "Is there help with rides to chemo?",
    "how do I quit vaping", "What is differentiation syndrome?", "can I volunteer with you?",
    "what does ALL mean", "how is dasatinib taken", "I need a place to stay near the hospital",
    "What are targeted therapy drugs?",
]


def summary(samples: list[float]) -> dict[str, float]:
    return {"p50_ms": round(statistics.median(samples), 1), "p95_ms": round(percentile(samples, 0.95), 1),
            "max_ms": round(max(samples), 1), "count": len(samples)}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def bench_settings(redis: bool, dense: bool) -> dict[str, str]:
    """The benchmark's workers: rate limits lifted, plain-text logs, Redis or not, the encoder or not."""
    return {"HELPLINE_ASK_PER_MINUTE": "1000000", "HELPLINE_FORMS_PER_MINUTE": "1000000",
            "HELPLINE_DENSE_ENABLED": str(dense).lower(), "HELPLINE_LOG_FORMAT": "text",
            "HELPLINE_REDIS_URL": "redis://127.0.0.1:6379/0" if redis else ""}


@contextmanager
def workers(data_dir: Path, count: int, settings: dict[str, str], start_seconds: float = 180) -> Iterator[list[str]]:
    """``count`` real `helpline serve` processes on the SQLite database in ``data_dir``, with ``settings``
    (``HELPLINE_*`` variables) on top of the environment; their base URLs, once each answers."""
    env = {**os.environ, "HELPLINE_DATA_DIR": str(data_dir), **settings}
    env.pop("HELPLINE_DATABASE_URL", None)
    ports = [free_port() for _ in range(count)]
    logs = [open(data_dir / f"worker-{port}.log", "w") for port in ports]  # noqa: SIM115
    processes = [subprocess.Popen([str(HELPLINE), "serve", "--port", str(port)], env=env, stdout=log,
                                  stderr=subprocess.STDOUT) for port, log in zip(ports, logs, strict=True)]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        deadline = time.monotonic() + start_seconds
        for base, process in zip(bases, processes, strict=True):
            while True:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"worker {base} did not start; its log is in {data_dir}")
                try:
                    urllib.request.urlopen(base + "/api/v1/service", timeout=2)  # noqa: S310
                    break
                except OSError:
                    time.sleep(0.3)
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:  # open connections hold a graceful shutdown
                process.kill()
                process.wait()
        for log in logs:
            log.close()


async def visitor(url: str, watch_url: str | None, number: int, messages: int, latencies: list[float],
                  crossings: list[float], problems: list[str]) -> None:
    from websockets.asyncio.client import connect

    async with connect(url) as chat:
        await chat.send(json.dumps({"type": "hello"}))
        welcome = json.loads(await chat.recv())
        watcher = None
        if watch_url:
            watcher = await connect(watch_url)
            await watcher.send(json.dumps({"type": "hello", "conversation_id": welcome["conversation_id"],
                                           "token": welcome["token"], "after": 0}))
            await watcher.recv()
        for index in range(messages):
            question = QUESTIONS[(number + index) % len(QUESTIONS)]
            client_id = f"bench-{number:04d}-{index:04d}"
            started = time.perf_counter()
            await chat.send(json.dumps({"type": "message", "client_id": client_id, "text": question}))
            latencies.append(await reply_time(chat, started))
            if watcher is not None:
                crossings.append(await reply_time(watcher, started))
        if watcher is not None:
            await watcher.close()
    # Nothing lost, nothing doubled: the stored conversation holds each message and its reply exactly once.
    async with connect(url) as check:  # a position never given out: the server sends the whole conversation
        await check.send(json.dumps({"type": "hello", "conversation_id": welcome["conversation_id"],
                                     "token": welcome["token"], "after": 10**9}))
        while True:
            frame = json.loads(await check.recv())
            if frame.get("type") == "reset":
                break
    stored = frame["conversation"]["messages"]
    client_ids = [message["client_id"] for message in stored if message["sender"] == "visitor"]
    if len(stored) != 2 * messages or len(set(client_ids)) != messages:
        problems.append(f"{welcome['conversation_id']}: {len(stored)} messages stored")


async def reply_time(connection: Any, started: float) -> float:
    """Milliseconds from ``started`` until the first responder's reply event arrives on ``connection``."""
    while True:
        frame = json.loads(await connection.recv())
        if frame.get("type") == "event" and frame["kind"] == "message" \
                and frame["data"]["message"]["sender"] == "helpline":
            return (time.perf_counter() - started) * 1000


async def asker(base: str, number: int, messages: int, latencies: list[float]) -> None:
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=60) as client:
        for index in range(messages):
            question = QUESTIONS[(number + index) % len(QUESTIONS)]
            started = time.perf_counter()
            response = await client.post("/api/v1/ask", json={"question": question})
            response.raise_for_status()
            latencies.append((time.perf_counter() - started) * 1000)


async def load(bases: list[str], visitors: int, messages: int, cross: bool) -> dict[str, Any]:
    sockets = [base.replace("http://", "ws://") + "/api/v1/chat" for base in bases]
    chat: list[float] = []
    crossings: list[float] = []
    problems: list[str] = []
    started = time.perf_counter()
    await asyncio.gather(*(visitor(sockets[n % len(sockets)], sockets[(n + 1) % len(sockets)] if cross else None,
                                   n, messages, chat, crossings, problems) for n in range(visitors)))
    seconds = time.perf_counter() - started
    asked: list[float] = []
    await asyncio.gather(*(asker(bases[n % len(bases)], n, messages, asked) for n in range(visitors)))
    result = {"chat_message_to_reply": summary(chat), "ask_baseline": summary(asked),
              "chat_messages_per_second": round(len(chat) / seconds, 1),
              "conversations_with_lost_or_doubled_messages": len(problems)}
    if cross:
        result["cross_worker_reply"] = summary(crossings)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--visitors", type=int, default=20)
    parser.add_argument("--messages", type=int, default=5)
    parser.add_argument("--no-dense", action="store_true", help="lexical search only (no embedding model)")
    parser.add_argument("--data-dir", type=Path, default=PROJECT_ROOT / "bench" / ".chat-data")
    args = parser.parse_args(argv)
    shutil.rmtree(args.data_dir, ignore_errors=True)
    args.data_dir.mkdir(parents=True)
    env = {**os.environ, "HELPLINE_DATA_DIR": str(args.data_dir), "HELPLINE_DENSE_ENABLED": str(not args.no_dense)}
    subprocess.run([str(HELPLINE), "import", str(STARTER)], env=env, check=True, capture_output=True)
    results: dict[str, Any] = {"visitors": args.visitors, "messages_each": args.messages, "dense": not args.no_dense}
    with workers(args.data_dir, 1, bench_settings(redis=False, dense=not args.no_dense)) as bases:
        results["one_worker_in_process"] = asyncio.run(load(bases, args.visitors, args.messages, cross=False))
    with workers(args.data_dir, 2, bench_settings(redis=True, dense=not args.no_dense)) as bases:
        results["two_workers_redis"] = asyncio.run(load(bases, args.visitors, args.messages, cross=True))
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
