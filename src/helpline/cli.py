"""The ``helpline`` command: import content, search it, ask the first responder, serve."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from helpline.config import Settings
from helpline.errors import HelplineError, ImportFailed, InvalidInput
from helpline.services import Services

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Helpline: a cancer information helpline.")
err = Console(stderr=True)


def _services() -> Services:
    return Services(Settings())


def _fail(error: HelplineError) -> typer.Exit:
    err.print(f"[red]error[/red] ({error.code}): {error.message}", markup=True, highlight=False)
    return typer.Exit(error.exit_code)


def _write_json_line(payload: object) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _stdin_lines() -> list[str]:
    """Standard input as lines, invalid UTF-8 replaced rather than fatal."""
    data = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    return data.splitlines()


@app.command("import")
def import_command(paths: Annotated[list[Path], typer.Argument(help="MedQuAD folders, pages or folders.")]) -> None:
    """Import content into the library (idempotent, incremental)."""
    from helpline.ingest.action import import_paths

    services = _services()
    show_progress = err.is_terminal
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, disable=not show_progress, transient=True) as progress:
        tasks: dict[str, TaskID] = {}

        def on_progress(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task("Importing" if stage == "import" else "Embedding", total=total)
            progress.update(tasks[stage], completed=done, total=total)

        report = import_paths(services.sessions, services.encoder, paths, on_progress,
                              batch_size=services.settings.embedding_batch_size)
    for failure in report.failures:
        err.print(f"[red]skipped[/red] {failure}", markup=True, highlight=False)
    typer.echo(f"Imported {report.summary()}")
    if report.failures:
        raise _fail(ImportFailed(f"{len(report.failures)} file(s) could not be imported; the rest were"))


@app.command("search")
def search_command(
    query: Annotated[str | None, typer.Argument(help="The question; omit to read one per line from stdin.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-k", min=1, max=100, help="How many sections.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Write JSON.")] = False,
) -> None:
    """Ranked library sections for a question."""
    services = _services()
    if query is None:
        for line in _stdin_lines():
            results = services.search.search(line, limit)
            _write_json_line({"query": line, "results": [r.as_json() for r in results]})
        return
    if not query.strip():
        raise _fail(InvalidInput("the query is empty"))
    results = services.search.search(query, limit)
    if as_json:
        _write_json_line({"query": query, "results": [r.as_json() for r in results]})
        return
    for position, result in enumerate(results, start=1):
        typer.echo(f"{position:>2}. {result.score:.4f}  {result.row.title} — {result.row.heading or ''}"
                   f"  [{result.row.source_id or result.row.article_id}]")


@app.command("ask")
def ask_command(
    question: Annotated[str | None, typer.Argument(help="The question; omit to read one per line from stdin.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Write one JSON object per reply.")] = False,
    jsonl: Annotated[bool, typer.Option(
        "--jsonl", help='Read {"question", "history"} objects from stdin; always writes JSON.')] = False,
) -> None:
    """The first responder's reply to a question (interactive prompt when stdin is a terminal)."""
    services = _services()
    engine = services.answers
    if question is not None:
        if not question.strip():
            raise _fail(InvalidInput("the question is empty"))
        _print_reply(engine.ask(question).as_json(), as_json)
        return
    if jsonl:
        for number, line in enumerate(_stdin_lines(), start=1):
            if not line.strip():
                continue
            question_text, history = _parse_jsonl(line, number)
            _print_reply(engine.ask(question_text, history).as_json(), as_json=True)  # JSON in, JSON out
        return
    if sys.stdin.isatty():
        _interactive(services)
        return
    for line in _stdin_lines():
        _print_reply(engine.ask(line).as_json(), as_json)


def _parse_jsonl(line: str, number: int) -> tuple[str, list[str]]:
    """One ``{"question", "history"}`` line; a malformed line is answered as an empty question, with a warning."""
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        err.print(f"line {number}: not JSON ({error.msg}); answered as an empty question", highlight=False)
        return "", []
    if not isinstance(item, dict) or not isinstance(item.get("question", ""), str):
        err.print(f'line {number}: expected {{"question": str, "history": [str]}}', highlight=False)
        return "", []
    history = item.get("history") or []
    if not isinstance(history, list):
        history = []
    return item.get("question", ""), [str(message) for message in history]


def _print_reply(reply: dict[str, object], as_json: bool) -> None:
    if as_json:
        _write_json_line(reply)
        return
    typer.echo(str(reply["answer"]))
    typer.echo("")


def _interactive(services: Services) -> None:
    """The demo prompt: ask questions of the starter library until an empty line or Ctrl-D."""
    console = Console()
    history: list[str] = []
    console.print("[bold]Helpline[/bold] - ask a question about cancer, or about the helpline. "
                  "Empty line to quit.", highlight=False)
    while True:
        try:
            question = console.input("[bold cyan]you>[/bold cyan] ")
        except (EOFError, KeyboardInterrupt):
            break
        if not question.strip():
            break
        reply = services.answers.ask(question, history)
        history.append(question)
        console.print(reply.answer, markup=False, highlight=False)
        console.print("")


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """The web service: the library site, live chat and the contract's HTTP API."""
    import uvicorn

    from helpline.ingest.action import import_paths
    from helpline.library.store import count_library
    from helpline.web.app import create_app

    services = _services()
    with services.sessions() as session:
        articles, _ = count_library(session)
    if articles == 0:
        starter = Path(__file__).resolve().parent / "starter"
        import_paths(services.sessions, services.encoder, [starter])
        err.print("The library was empty: imported the bundled starter library.", highlight=False)
    if services.contacts.public_base_url is None:  # citations then link to this site's own section pages
        services.contacts.public_base_url = f"http://{host}:{port}"
    from helpline.logs import configure_logging

    configure_logging(services.settings.log_format)
    application = create_app(services)
    realtime = "Redis" if services.settings.redis_url else "in-process"
    err.print(f"Helpline is at http://{host}:{port}/  (API: /api/v1/ask, /api/v1/search, /docs; "
              f"chat hours: {services.hours.describe()}; real-time layer: {realtime})", highlight=False)
    uvicorn.run(application, host=host, port=port, log_config=None, proxy_headers=True)


def main() -> None:
    app()
