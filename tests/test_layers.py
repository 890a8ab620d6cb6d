"""The house's layers and typed edges: a package imports only packages below it, so the flow runs one way
(docs/architecture.md); the web layer never publishes; staff routes and the console's methods are typed.

Read from the source with ``ast``: no import at any depth (a function's local import counts too) may point up or
sideways. Packages on one line of ``LAYERS`` are beside each other and import none of each other.
"""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "src" / "helpline"

LAYERS: list[set[str]] = [  # lowest first
    {"config", "errors", "clock", "logmask", "starter"},
    {"logs", "secret_key"},
    {"db"},
    {"embeddings", "accounts", "broker"},
    {"library"},
    {"ingest", "search", "triage"},
    {"answer", "signup", "directory"},
    {"chat"},
    {"console"},
    {"services"},
    {"first_run"},
    {"web"},
    {"cli"},
]
RANK = {package: rank for rank, layer in enumerate(LAYERS) for package in layer}


def package_of(path: Path) -> str:
    relative = path.relative_to(SOURCE)
    return relative.parts[0] if len(relative.parts) > 1 else relative.stem


def imported_packages(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [node.module] if isinstance(node, ast.ImportFrom) and node.module else \
            [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        found.update(name.split(".")[1] for name in names if name.startswith("helpline.") and "." in name)
        if isinstance(node, ast.ImportFrom) and node.module == "helpline":  # from helpline import chat
            found.update(alias.name for alias in node.names)
    return found


def test_every_package_has_a_layer() -> None:
    packages = {package_of(path) for path in SOURCE.rglob("*.py")} - {"__init__", "__main__"}
    assert packages <= set(RANK), f"add to LAYERS: {sorted(packages - set(RANK))}"


def test_no_import_points_up_or_sideways() -> None:
    wrong = []
    for path in sorted(SOURCE.rglob("*.py")):
        own = package_of(path)
        if own not in RANK:
            continue
        for other in imported_packages(path):
            if other != own and other in RANK and RANK[other] >= RANK[own]:
                wrong.append(f"{path.relative_to(SOURCE)} imports {other} ({own} is not above it)")
    assert not wrong, "\n".join(wrong)


def test_no_web_module_publishes_an_event() -> None:
    """Actions publish their own events after commit; the web layer only calls them."""
    calls = []
    for path in sorted((SOURCE / "web").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "publish":
                calls.append(f"{path.name}:{node.lineno}")
    assert not calls, calls


def test_every_staff_json_route_declares_its_response(tmp_path: Path) -> None:
    from conftest import make_services
    from helpline.web.app import create_app

    paths = create_app(make_services(tmp_path, dense_enabled=False), warm_up=False).openapi()["paths"]
    staff = {(method, path): operation for path, methods in paths.items() if path.startswith("/api/v1/staff")
             for method, operation in methods.items()}
    assert len(staff) > 20, "the staff API's operations are all found"
    untyped = []
    for (method, path), operation in staff.items():
        replies = [reply for status, reply in operation["responses"].items() if status.startswith("2")]
        schemas = [reply.get("content", {}).get("application/json", {}).get("schema", {}) for reply in replies]
        if not any("$ref" in schema or schema.get("type") == "array" and "$ref" in schema.get("items", {})
                   for schema in schemas):
            untyped.append(f"{method.upper()} {path}")
    assert not untyped, untyped


def test_the_consoles_public_methods_return_typed_views() -> None:
    import inspect
    import typing

    from helpline.console.desk import Desk
    from helpline.console.reports import Reports
    from helpline.console.work import ConversationWork

    loose = []
    for owner in (ConversationWork, Desk, Reports):
        for name, method in inspect.getmembers(owner, inspect.isfunction):
            if not name.startswith("_") and "dict[str, typing.Any]" in str(typing.get_type_hints(method).get("return")):
                loose.append(f"{owner.__name__}.{name}")
    assert not loose, loose
