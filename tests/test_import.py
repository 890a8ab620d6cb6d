"""The import action and command: MedQuAD ids as the judged files spell them, idempotent and incremental
re-imports, the judged-answers fill, bad files reported without losing what is stored, harvested aliases."""

from __future__ import annotations

import csv
import re
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from conftest import CANCERGOV, SEED_HTML, SHARED_DATA, STARTER, make_services, needs_shared
from helpline.cli import app
from helpline.db.tables import Alias, Article, Section
from helpline.ingest.action import ImportReport, import_paths
from helpline.ingest.medquad import JUDGED_ANSWERS_CSV, JUDGED_DIR, normalise_source_id
from helpline.library.store import count_library, iter_section_rows
from helpline.services import Services

MEDQUAD = SHARED_DATA / "medquad"
HERBS = MEDQUAD / "12_MPlusHerbsSupplements_QA"
JUDGED_QRELS = MEDQUAD / JUDGED_DIR / "All-qrels_LiveQAMed2017-TestQuestions_2479_Judged-Answers.txt"
JUDGED_CSV = MEDQUAD / JUDGED_DIR / JUDGED_ANSWERS_CSV
STARTER_ARTICLE = STARTER / "all-targeted-therapy.md"

runner = CliRunner()


def _import(services: Services, *paths: Path) -> ImportReport:
    return import_paths(services.sessions, services.encoder, list(paths))


def _sections_by_source_id(services: Services, prefix: str) -> dict[str, Section]:
    with services.sessions() as session:
        rows = session.scalars(select(Section).where(Section.source_id.startswith(prefix)))
        return {section.source_id: section for section in rows if section.source_id}


def _article_count_with_key(services: Services, key: str) -> int:
    with services.sessions() as session:
        return session.scalar(select(func.count()).select_from(Article).where(Article.key == key)) or 0


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Services]:
    """A fresh SQLite library without the embedding model (what these tests check is not embeddings)."""
    services = make_services(tmp_path / "data", dense_enabled=False)
    yield services
    services.engine.dispose()


# --- 1. MedQuAD ids, question types, idempotent re-import -------------------------------------------------


def test_cancergov_import_keeps_medquad_ids_and_a_second_import_changes_nothing(library: Services) -> None:
    needs_shared(CANCERGOV)
    first = _import(library, CANCERGOV)
    assert first.failures == []
    assert (first.articles_added, first.articles_updated, first.articles_unchanged) == (116, 0, 0)
    with library.sessions() as session:
        counts = count_library(session)
        article_ids = set(session.scalars(select(Article.source_id)))
    assert counts[0] == 116
    assert counts[1] == first.sections_written > 116
    assert "CancerGov_0000001_1" in article_ids
    assert article_ids == {f"CancerGov_{file.stem}" for file in CANCERGOV.glob("*.xml")}

    sections = _sections_by_source_id(library, "CancerGov_0000001_1_Sec")
    assert set(sections) == {f"CancerGov_0000001_1_Sec{n}" for n in range(1, 8)}
    assert sections["CancerGov_0000001_1_Sec7"].question_type == "treatment"
    assert sections["CancerGov_0000001_1_Sec2"].question_type == "symptoms"
    assert sections["CancerGov_0000001_1_Sec7"].question and "treatment" in sections[
        "CancerGov_0000001_1_Sec7"].question.lower()
    assert sections["CancerGov_0000001_1_Sec7"].text.strip()

    second = _import(library, CANCERGOV)
    assert second.failures == []
    assert second.sections_written == 0
    assert (second.articles_added, second.articles_updated, second.articles_unchanged) == (0, 0, 116)
    with library.sessions() as session:
        assert count_library(session) == counts


# --- 2. A changed page is updated in place; only changed passages are embedded again --------------------------


def test_a_changed_page_updates_in_place_and_re_embeds_only_what_changed(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    page = pages / STARTER_ARTICLE.name
    shutil.copy(STARTER_ARTICLE, page)
    services = make_services(tmp_path / "data", dense_enabled=True)
    try:
        first = _import(services, page)
        assert first.failures == []
        assert first.articles_added == 1
        with services.sessions() as session:
            article = session.scalars(select(Article)).one()
            key, article_id, pk = article.key, article.article_id, article.id
            sections_before = count_library(session)[1]
            passages_before = {row.content_hash for row in iter_section_rows(session)}
        assert first.sections_embedded == len(passages_before) > 10

        original = page.read_text(encoding="utf-8")
        old = "It is usually taken twice a day."
        assert original.count(old) == 1
        page.write_text(original.replace(old, "It is usually taken once a day with food."), encoding="utf-8")

        second = _import(services, page)
        assert second.failures == []
        assert (second.articles_added, second.articles_updated, second.articles_unchanged) == (0, 1, 0)
        with services.sessions() as session:
            passages_after = {row.content_hash for row in iter_section_rows(session)}
            article = session.scalars(select(Article)).one()
            assert (article.key, article.article_id, article.id) == (key, article_id, pk)
            assert count_library(session) == (1, sections_before)
            texts = session.scalars(select(Section.text).where(Section.article_pk == pk)).all()
        changed_passages = passages_after - passages_before
        assert len(changed_passages) == 1
        assert second.sections_embedded == len(changed_passages)
        assert _article_count_with_key(services, key) == 1
        assert any("once a day with food" in text for text in texts)
        assert not any("twice a day" in text for text in texts)

        third = _import(services, page)
        assert (third.articles_unchanged, third.sections_written, third.sections_embedded) == (1, 0, 0)
    finally:
        services.engine.dispose()


# --- 3. Answers removed from the XML are filled from the judged-answers CSV -----------------------------------


def _judged_csv_answers() -> dict[str, str]:
    csv.field_size_limit(sys.maxsize)
    with JUDGED_CSV.open(encoding="utf-8", newline="") as handle:
        return {row["AnswerID"]: row["Answer"].partition("Answer:")[2] for row in csv.DictReader(handle)}


def test_herbs_answers_removed_from_the_xml_come_from_the_judged_csv(library: Services) -> None:
    needs_shared(HERBS)
    needs_shared(JUDGED_QRELS)
    report = _import(library, HERBS)
    assert report.failures == []
    sections = _sections_by_source_id(library, "MPlusHerbs")
    assert sections
    assert all(source_id.startswith("MPlusHerbsSupplements_") for source_id in sections)
    assert all(section.text.strip() for section in sections.values())

    judged_ids = {line.split()[2] for line in JUDGED_QRELS.read_text(encoding="utf-8").splitlines()
                  if len(line.split()) >= 3 and line.split()[2].startswith("MPlusHerbsSuppls_")}
    assert len(judged_ids) >= 10
    missing = sorted(judged for judged in judged_ids if normalise_source_id(judged) not in sections)
    assert missing == []

    answers = _judged_csv_answers()
    judged = "MPlusHerbsSuppls_0000076_Sec1.txt"
    section = sections["MPlusHerbsSupplements_0000076_Sec1"]
    assert _flat(answers[judged])
    assert _flat(section.text) == _flat(answers[judged])


# --- 4. Sec<n> is the position of the QA pair, not its pid ----------------------------------------------------


def test_sections_are_numbered_by_position_where_pids_have_gaps(library: Services) -> None:
    needs_shared(CANCERGOV)
    xml = (CANCERGOV / "0000013_1.xml").read_text(encoding="utf-8")
    assert re.findall(r'<QAPair pid="(\d+)"', xml) == ["1", "6"]
    assert _import(library, CANCERGOV).failures == []
    sections = _sections_by_source_id(library, "CancerGov_0000013_1_Sec")
    assert set(sections) == {"CancerGov_0000013_1_Sec1", "CancerGov_0000013_1_Sec2"}
    second = sections["CancerGov_0000013_1_Sec2"]
    assert second.question == "What are the treatments for Myelodysplastic Syndromes ?"
    assert second.question_type == "treatment"
    assert "CancerGov_0000013_1_Sec6" not in sections


# --- 5. Bad files are named, the rest imported, nothing stored is lost ----------------------------------------


def test_bad_files_are_named_and_good_ones_imported_without_losing_stored_articles(
        library: Services, tmp_path: Path) -> None:
    needs_shared(CANCERGOV)
    first = _import(library, STARTER / "donating.md")
    assert first.failures == [] and first.articles_added == 1
    with library.sessions() as session:
        kept_id = session.scalars(select(Article.article_id)).one()

    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(STARTER / "volunteering.md", pages / "volunteering.md")
    (pages / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    medquad = tmp_path / "1_Mixed_QA"
    medquad.mkdir()
    shutil.copy(CANCERGOV / "0000001_1.xml", medquad / "0000001_1.xml")
    (medquad / "0000002_1.xml").write_text(
        '<?xml version="1.0"?><Document source="Mixed"><QAPairs><QAPair pid="1"><Question>', encoding="utf-8")
    (medquad / "0000003_1.xml").write_bytes(b"\x00\x01\x02\xff binary, not XML")

    report = _import(library, pages, medquad)
    assert len(report.failures) == 3, report.failures
    for bad in ("binary.html", "0000002_1.xml", "0000003_1.xml"):
        assert sum(bad in failure for failure in report.failures) == 1, (bad, report.failures)
    assert report.articles_added == 2
    with library.sessions() as session:
        stored = set(session.scalars(select(Article.article_id)))
        sources = set(session.scalars(select(Article.source_id)))
    assert kept_id in stored
    assert len(stored) == 3
    assert "CancerGov_0000001_1" in sources


# --- 6. Aliases harvested from the seed page ------------------------------------------------------------------


def test_the_seed_page_yields_brand_and_abbreviation_aliases(library: Services) -> None:
    needs_shared(SEED_HTML)
    assert _import(library, SEED_HTML).failures == []
    with library.sessions() as session:
        aliases = {tuple(row) for row in session.execute(select(Alias.alias, Alias.canonical, Alias.kind))}
    assert ("gleevec", "imatinib", "brand") in aliases
    assert ("revuforj", "revumenib", "brand") in aliases
    assert ("all", "acute lymphocytic leukemia", "abbreviation") in aliases


# --- 7. The command: a one-line summary, exit 0; a missing path named, exit 1 -------------------------------


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    data_dir = tmp_path / "cli-data"
    monkeypatch.setenv("HELPLINE_DATA_DIR", str(data_dir))
    monkeypatch.setenv("HELPLINE_DENSE_ENABLED", "false")
    monkeypatch.delenv("HELPLINE_DATABASE_URL", raising=False)
    return data_dir


def test_cli_import_prints_a_one_line_summary_and_exits_0(cli_env: Path) -> None:
    result = runner.invoke(app, ["import", str(STARTER_ARTICLE)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    assert re.fullmatch(r"Imported 1 articles \(1 new, 0 updated, 0 unchanged\), (\d+) sections written, "
                        r"0 embedded, \d+\.\d s", lines[0]), lines[0]
    assert (cli_env / "helpline.sqlite3").is_file()

    again = runner.invoke(app, ["import", str(STARTER_ARTICLE)])
    assert again.exit_code == 0, again.output
    assert again.stdout.startswith("Imported 1 articles (0 new, 0 updated, 1 unchanged), 0 sections written")


def test_cli_import_of_a_missing_path_exits_1_naming_it(cli_env: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-page.md"
    result = runner.invoke(app, ["import", str(missing), str(STARTER_ARTICLE)])
    assert result.exit_code == 1, result.output
    assert "no-such-page.md" in result.stderr
    assert str(missing) in "".join(result.stderr.split())
    assert "1 file(s) failed" in result.stdout
    assert "1 new" in result.stdout  # the good page is still imported
