"""The house's layers: a package imports only packages below it, so the flow runs one way (docs/architecture.md).

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
