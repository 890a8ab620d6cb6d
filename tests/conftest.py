"""Shared fixtures: a fresh library per test module, the real encoder, and the shared data when present."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from helpline.config import ServiceContacts, Settings
from helpline.ingest.action import import_paths
from helpline.services import Services

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"
STARTER = PROJECT_ROOT / "src" / "helpline" / "starter"
SEED_HTML = SHARED_DATA / "seed" / "all-targeted-therapy.html"
CANCERGOV = SHARED_DATA / "medquad" / "1_CancerGov_QA"


def write_article(folder: Path, name: str, title: str, audience: str, sections: list[tuple[str, str]]) -> None:
    """A sample Markdown article of our own, ``<name>.md`` in ``folder``, with its front matter and sections."""
    folder.mkdir(parents=True, exist_ok=True)
    body = "\n\n".join(f"## {heading}\n{text}" for heading, text in sections)
    (folder / f"{name}.md").write_text(
        f"---\ntitle: {title}\nurl: https://helpline.example.org/library/{name}\naudience: {audience}\n"
        f"last_revised: 2025-01-10\n---\n# {title}\n\n{body}\n", encoding="utf-8")


def needs_shared(path: Path) -> None:
    """Skip, saying why, when the third-party data beside the project is absent (a user's fresh clone)."""
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs the shared data set beside the project")


def make_services(tmp: Path, **overrides: object) -> Services:
    settings = Settings(data_dir=tmp, **overrides)  # type: ignore[arg-type]
    return Services(settings, ServiceContacts())


@pytest.fixture(scope="session")
def seeded_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """CancerGov + the seed page, imported once with the real encoder."""
    needs_shared(SEED_HTML)
    data_dir = tmp_path_factory.mktemp("seeded")
    services = make_services(data_dir)
    report = import_paths(services.sessions, services.encoder, [CANCERGOV, SEED_HTML])
    assert not report.failures
    yield services
    services.engine.dispose()


@pytest.fixture(scope="session")
def starter_library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """Only the bundled starter library: what a user's fresh clone has."""
    data_dir = tmp_path_factory.mktemp("starter")
    services = make_services(data_dir)
    report = import_paths(services.sessions, services.encoder, [STARTER])
    assert not report.failures
    yield services
    services.engine.dispose()


@pytest.fixture(scope="session")
def lexical_starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The starter library imported once without the encoder: a database file that tests copy."""
    folder = tmp_path_factory.mktemp("lexical-starter")
    services = make_services(folder, dense_enabled=False)
    assert not import_paths(services.sessions, services.encoder, [STARTER]).failures
    services.engine.dispose()
    return folder


def services_on_copy(template: Path, folder: Path) -> Services:
    """Lexical services over a copy of ``template``'s database in ``folder`` (each test its own state)."""
    (folder / "helpline.sqlite3").write_bytes((template / "helpline.sqlite3").read_bytes())
    return make_services(folder, dense_enabled=False)
