"""The ``helpline`` command: import content, search it, ask the first responder, serve."""

from __future__ import annotations

import json
import sys
from datetime import time
from pathlib import Path
from typing import Annotated, Any

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
    chat_always_open: Annotated[bool, typer.Option(
        "--chat-always-open", help="Staff the chat around the clock (a demo outside office hours).")] = False,
) -> None:
    """The web service: the library site, live chat, the staff console and the HTTP API."""
    import uvicorn

    from helpline.first_run import prepare
    from helpline.logs import configure_logging
    from helpline.web.app import create_app

    services = _services()
    if chat_always_open:
        services.settings.chat_days = "mon,tue,wed,thu,fri,sat,sun"
        services.settings.chat_opens, services.settings.chat_closes, services.settings.chat_holidays = (
            time.min, time.max, "")
    first_run = prepare(services)
    if first_run.imported_starter:
        err.print("The library was empty: imported the bundled starter library.", highlight=False, soft_wrap=True)
    if first_run.imported_resources:
        err.print("The resource directory was empty: imported the sample directory.", highlight=False, soft_wrap=True)
    demo_accounts = first_run.demo_accounts
    if services.contacts.public_base_url is None:  # citations then link to this site's own section pages
        services.contacts.public_base_url = f"http://{host}:{port}"
    configure_logging(services.settings.log_format, client_addresses=services.settings.log_client_addresses)
    application = create_app(services)
    realtime = "Redis" if services.settings.redis_url else "in-process"
    err.print(f"Helpline is at http://{host}:{port}/  (API: /api/v1/ask, /api/v1/search, /docs; "
              f"chat hours: {services.hours.describe()}; real-time layer: {realtime})", highlight=False, soft_wrap=True)
    if demo_accounts:
        err.print(f"No staff accounts yet: created demo accounts. Log in at http://{host}:{port}/staff/login as",
                  highlight=False, soft_wrap=True)
        for username, role, password in demo_accounts:
            err.print(f"  {role:<10}  username {username:<11}  password {password}", highlight=False, soft_wrap=True)
        err.print("Keep these passwords (shown once). Add real accounts with `helpline user add`, and disable "
                  "these with `helpline user disable`.", highlight=False, soft_wrap=True)
    # Open chat sockets must not hold a stop for ever: browsers reconnect to the next start and resend.
    uvicorn.run(application, host=host, port=port, log_config=None, timeout_graceful_shutdown=10,
                **forwarded_options(services.settings))


def forwarded_options(settings: Settings) -> dict[str, Any]:
    """uvicorn's forwarded-header options: believed only from the proxies the operator names (anyone else could
    forge a client address, and with it the login pause and the audit log)."""
    trusted = settings.trusted_proxies.strip()
    return {"proxy_headers": bool(trusted), "forwarded_allow_ips": trusted or None}


# --- staff accounts: helpline user add|list|disable|enable|reset-password

user_app = typer.Typer(no_args_is_help=True, help="Staff accounts (specialist, supervisor, editor, admin).")
app.add_typer(user_app, name="user")


def _new_password(password_stdin: bool, generate: bool) -> tuple[str, bool]:
    """The password from stdin's first line, generated, or typed twice at a hidden prompt; and whether generated."""
    from helpline.accounts.passwords import generate_password

    if generate:
        return generate_password(), True
    if password_stdin:
        lines = _stdin_lines()
        return (lines[0] if lines else ""), False
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True, err=True)), False


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="3-80 of a-z, 0-9, '.', '_', '-'.")],
    role: Annotated[str, typer.Option("--role", help="specialist, supervisor, editor or admin.")],
    name: Annotated[str | None, typer.Option("--name", help="Display name (default: the username).")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")] = False,
    generate: Annotated[bool, typer.Option("--generate", help="Generate a password and print it.")] = False,
) -> None:
    """Add a staff account (the password is asked twice unless --password-stdin or --generate)."""
    from helpline.accounts.accounts import Accounts

    password, generated = _new_password(password_stdin, generate)
    try:
        account = Accounts(_services().sessions).add(None, username, role, password, name)
    except HelplineError as error:
        raise _fail(error) from None
    typer.echo(f"Added {account.username} ({account.role})" + (f", password: {password}" if generated else ""))


@user_app.command("list")
def user_list(as_json: Annotated[bool, typer.Option("--json", help="Write a JSON array.")] = False) -> None:
    """Staff accounts, by username."""
    from helpline.accounts.accounts import Accounts

    found = Accounts(_services().sessions).list()
    if as_json:
        _write_json_line([{"username": a.username, "display_name": a.display_name, "role": a.role,
                           "active": a.active, "created_at": a.created_at.isoformat(),
                           "password_changed_at": a.password_changed_at.isoformat()} for a in found])
        return
    if not found:
        err.print("No staff accounts yet: add one with `helpline user add NAME --role admin`.", highlight=False)
    for a in found:
        typer.echo(f"{a.username:<24} {a.role:<11} {'active' if a.active else 'disabled':<9} {a.display_name}")


@user_app.command("disable")
def user_disable(username: str) -> None:
    """Disable an account and end its sessions."""
    from helpline.accounts.accounts import Accounts

    try:
        Accounts(_services().sessions).disable(None, username)
    except HelplineError as error:
        raise _fail(error) from None
    typer.echo(f"Disabled {username.strip().lower()}; its sessions have ended.")


@user_app.command("enable")
def user_enable(username: str) -> None:
    """Enable a disabled account."""
    from helpline.accounts.accounts import Accounts

    try:
        Accounts(_services().sessions).enable(None, username)
    except HelplineError as error:
        raise _fail(error) from None
    typer.echo(f"Enabled {username.strip().lower()}.")


@user_app.command("reset-password")
def user_reset_password(
    username: str,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")] = False,
    generate: Annotated[bool, typer.Option("--generate", help="Generate a password and print it.")] = False,
) -> None:
    """Set a new password (asked twice unless --password-stdin or --generate) and end the account's sessions."""
    from helpline.accounts.accounts import Accounts

    try:
        accounts = Accounts(_services().sessions)
        accounts.get(username)  # an unknown name fails before the password is asked
        password, generated = _new_password(password_stdin, generate)
        account = accounts.reset_password(None, username, password, generated=generated)
    except HelplineError as error:
        raise _fail(error) from None
    typer.echo(f"New password set for {account.username}; its sessions have ended"
               + (f". Password: {password}" if generated else "."))


# --- resource directory: helpline directory import|search

directory_app = typer.Typer(no_args_is_help=True, help="The resource directory: import it from CSV, search it.")
app.add_typer(directory_app, name="directory")


@directory_app.command("import")
def directory_import(
    path: Annotated[Path, typer.Argument(help="A directory CSV file (columns: see docs/directory.md).")],
    as_json: Annotated[bool, typer.Option("--json", help="Write the report as JSON.")] = False,
) -> None:
    """Import resources from a CSV file: rows are matched by key; bad rows are named, skipped, and exit 1."""
    from rich.markup import escape

    from helpline.directory import import_csv

    try:
        report = import_csv(_services().sessions, path)
    except HelplineError as error:
        raise _fail(error) from None
    for problem in report.skipped:
        err.print(f"[red]skipped[/red] line {problem.line}: {escape(problem.reason)}", markup=True, highlight=False)
    if as_json:
        _write_json_line(report.as_json())
    else:
        typer.echo(f"Directory: {report.summary()}")
    if report.skipped:
        raise _fail(ImportFailed(f"{len(report.skipped)} row(s) skipped; the other rows were imported"))


@directory_app.command("search")
def directory_search(
    text: Annotated[str | None, typer.Argument(help="Words to find in names and descriptions.")] = None,
    need: Annotated[str | None, typer.Option("--need", help="A need code or words (hotel, stop smoking).")] = None,
    place: Annotated[str | None, typer.Option("--place", help="A US state (code or name) or a 5-digit ZIP.")] = None,
    limit: Annotated[int, typer.Option("--limit", "-k", min=1, max=200, help="How many resources.")] = 20,
    as_json: Annotated[bool, typer.Option("--json", help="Write JSON.")] = False,
) -> None:
    """Resources for a need and a place (local ones before nationwide ones), and why each matched."""
    from helpline.directory import search

    services = _services()
    try:
        with services.sessions() as session:
            matches = search(session, need, place, text, limit)
    except HelplineError as error:
        raise _fail(error) from None
    if as_json:
        _write_json_line({"need": need, "place": place, "text": text, "results": [m.as_json() for m in matches]})
        return
    if not matches:
        typer.echo("No resource matches.")
    for position, match in enumerate(matches, start=1):
        resource = match.resource
        why = ", ".join(part for part in (match.region, " ".join(match.needs)) if part) or resource.regions
        typer.echo(f"{position:>2}. {resource.name}  [{why}]")
        typer.echo(f"    {' '.join(resource.contact.split())}" + (f"  {resource.url}" if resource.url else ""))


def main() -> None:
    app()
