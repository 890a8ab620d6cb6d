"""The library on PostgreSQL: migrations, import, search, answers and the CLI, against a fresh database.

Uses the server at ``HELPLINE_TEST_POSTGRES_URL`` (default ``postgresql+psycopg://postgres@127.0.0.1:5432/test``);
each run creates its own uniquely named database beside that one and drops it afterwards.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, make_url, text
from sqlalchemy.exc import OperationalError
from typer.testing import CliRunner

import helpline.cli
from conftest import CANCERGOV, SEED_HTML, make_services, needs_shared
from helpline.cli import app
from helpline.ingest.action import ImportReport, import_paths
from helpline.library.store import count_library
from helpline.services import Services

pytestmark = pytest.mark.postgres

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SEED_URL = "https://www.cancer.org/cancer/types/acute-lymphocytic-leukemia/treating/targeted-therapy.html"
SEED_FACTS = [
    ("Is imatinib available as an oral solution?", "Imkeldi"),
    ("How often is revumenib taken?", "twice a day"),
]

runner = CliRunner()


def test_psycopg_is_installed() -> None:
    import psycopg

    assert int(psycopg.__version__.split(".")[0]) >= 3


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    """A fresh, uniquely named database on the test server, dropped after the module."""
    pytest.importorskip("psycopg", reason="psycopg[binary] is a dependency of helpline; install the project")
    server_url = make_url(os.environ.get("HELPLINE_TEST_POSTGRES_URL") or DEFAULT_URL)
    admin = create_engine(server_url.set(database="postgres"), isolation_level="AUTOCOMMIT",
                          connect_args={"connect_timeout": 5})
    name = f"helpline_test_{uuid.uuid4().hex}"
    try:
        admin.connect().close()
    except OperationalError as error:
        admin.dispose()
        pytest.skip(f"PostgreSQL server at {server_url.render_as_string(hide_password=True)} "
                    f"cannot be reached: {error.orig}")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="module")
def pg_library(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Services, ImportReport]]:
    """CancerGov and the seed page imported into PostgreSQL with the real encoder."""
    needs_shared(CANCERGOV)
    needs_shared(SEED_HTML)
    services = make_services(tmp_path_factory.mktemp("pg-data"), database_url=database_url, dense_enabled=True)
    try:
        report = import_paths(services.sessions, services.encoder, [CANCERGOV, SEED_HTML])
        yield services, report
    finally:
        services.engine.dispose()


def test_migrations_build_the_schema_on_postgresql(pg_library: tuple[Services, ImportReport]) -> None:
    services, _ = pg_library
    assert services.engine.dialect.name == "postgresql"
    tables = set(inspect(services.engine).get_table_names())
    assert {"alembic_version", "articles", "sections", "aliases", "embeddings", "library_state"} <= tables
    with services.engine.connect() as connection:
        assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def test_cancergov_and_the_seed_page_are_imported(pg_library: tuple[Services, ImportReport]) -> None:
    services, report = pg_library
    assert report.failures == []
    assert report.articles_added == 117
    assert report.sections_embedded > report.sections_written > 117
    with services.sessions() as session:
        assert count_library(session) == (117, report.sections_written)


@pytest.mark.parametrize(("question", "fact"), SEED_FACTS)
def test_seed_facts_are_answered_and_cited_from_postgresql(pg_library: tuple[Services, ImportReport],
                                                           question: str, fact: str) -> None:
    services, _ = pg_library
    reply = services.answers.ask(question)
    assert not reply.abstained, reply.answer
    assert fact.lower() in reply.answer.lower(), reply.answer
    assert reply.citations[0].source_id == SEED_URL
    assert reply.citations[0].last_revised == "2024-12-05"


def test_search_returns_cancergov_sections(pg_library: tuple[Services, ImportReport]) -> None:
    services, _ = pg_library
    results = services.search.search("What are the symptoms of breast cancer?", 5)
    assert results
    source_ids = [result.row.source_id or "" for result in results]
    assert source_ids[0].startswith("CancerGov_") and "_Sec" in source_ids[0], source_ids


def test_a_second_import_into_postgresql_writes_nothing(pg_library: tuple[Services, ImportReport]) -> None:
    services, first = pg_library
    with services.sessions() as session:
        before = count_library(session)
    again = import_paths(services.sessions, services.encoder, [CANCERGOV, SEED_HTML])
    assert again.failures == []
    assert (again.articles_added, again.articles_updated, again.articles_unchanged) == (0, 0, 117)
    assert (again.sections_written, again.sections_embedded) == (0, 0)
    with services.sessions() as session:
        assert count_library(session) == before == (117, first.sections_written)


def test_cli_ask_json_on_postgresql_matches_the_service(pg_library: tuple[Services, ImportReport], database_url: str,
                                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    services, _ = pg_library
    question = SEED_FACTS[0][0]
    expected = services.answers.ask(question).as_json()

    built: list[Services] = []
    original = helpline.cli._services

    def recording_services() -> Services:
        built.append(original())
        return built[-1]

    # A data folder of its own: the command reads the library from PostgreSQL, not from a local index cache.
    monkeypatch.setenv("HELPLINE_DATA_DIR", str(tmp_path / "cli-data"))
    monkeypatch.setenv("HELPLINE_DATABASE_URL", database_url)
    monkeypatch.setenv("HELPLINE_DENSE_ENABLED", "true")
    monkeypatch.setattr(helpline.cli, "_services", recording_services)
    try:
        result = runner.invoke(app, ["ask", "--json", question])
    finally:
        for made in built:
            made.engine.dispose()
    assert result.exit_code == 0, result.output
    assert built and built[0].settings.resolved_database_url == database_url
    assert not (tmp_path / "cli-data" / "helpline.sqlite3").exists()
    reply = json.loads(result.stdout)
    assert reply == expected
    assert "Imkeldi" in reply["answer"]
    assert reply["citations"][0]["source_id"] == SEED_URL
