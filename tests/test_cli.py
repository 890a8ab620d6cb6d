"""The contract's command line, run in-process: import, search (JSON lines), ask (JSON, stdin, --jsonl)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import SEED_HTML, STARTER, needs_shared
from helpline.cli import app

runner = CliRunner()
ASK_KEYS = {"question", "answer", "citations", "topic", "safety", "handoff", "abstained"}
CITATION_KEYS = {"article_id", "source_id", "title", "section", "url", "last_revised"}


@pytest.fixture(scope="module")
def cli_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("cli")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HELPLINE_DATA_DIR", str(data_dir))
        patch.delenv("HELPLINE_DATABASE_URL", raising=False)
        result = runner.invoke(app, ["import", str(STARTER)])
    assert result.exit_code == 0, result.output
    assert "Imported 8 articles" in result.output
    return data_dir


@pytest.fixture
def in_library(cli_library: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HELPLINE_DATA_DIR", str(cli_library))
    monkeypatch.delenv("HELPLINE_DATABASE_URL", raising=False)
    return cli_library


def test_search_reads_queries_from_stdin_and_writes_json_lines(in_library: Path) -> None:
    result = runner.invoke(app, ["search", "--limit", "3"], input="quitting smoking\n\nrides to treatment\n")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["quitting smoking", "", "rides to treatment"]
    assert lines[1]["results"] == []
    first = lines[0]["results"][0]
    assert set(first) == {"article_id", "source_id", "title", "section", "score"}
    assert first["article_id"] == "quitting-smoking-and-tobacco" or "tobacco" in first["title"].lower()
    assert len(lines[2]["results"]) <= 3


def test_search_with_an_empty_query_is_a_usage_error(in_library: Path) -> None:
    result = runner.invoke(app, ["search", "  "])
    assert result.exit_code == 2


def test_ask_json_has_the_contract_fields(in_library: Path) -> None:
    result = runner.invoke(app, ["ask", "--json", "How often is revumenib taken?"])
    assert result.exit_code == 0, result.output
    reply = json.loads(result.stdout)
    assert set(reply) == ASK_KEYS
    assert reply["citations"] and set(reply["citations"][0]) == CITATION_KEYS
    assert reply["citations"][0]["last_revised"] == "2024-12-05"
    assert "twice a day" in reply["answer"]


def test_ask_with_an_empty_question_exits_2(in_library: Path) -> None:
    result = runner.invoke(app, ["ask", "--json", " "])
    assert result.exit_code == 2


def test_ask_reads_stdin_in_order_and_abstains_on_blank_lines(in_library: Path) -> None:
    result = runner.invoke(app, ["ask", "--json"], input="How is imatinib taken?\n\n")
    assert result.exit_code == 0, result.output
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in replies] == ["How is imatinib taken?", ""]
    assert replies[1]["abstained"] and not replies[1]["citations"]


def test_ask_jsonl_judges_each_question_with_its_history(in_library: Path) -> None:
    lines = [
        json.dumps({"question": "what are the side effects of revumenib?"}),
        json.dumps({"question": "and how do I get a ride there?",
                    "history": ["I have ALL", "I just can't do this anymore, I want to die"]}),
        "{not json",
    ]
    result = runner.invoke(app, ["ask", "--jsonl", "--json"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(replies) == 3
    assert replies[0]["safety"] == "none" and replies[0]["citations"]
    assert replies[1]["safety"] == "crisis" and replies[1]["handoff"]
    assert "988" in replies[1]["answer"]
    assert replies[2]["abstained"]


def test_ask_accepts_invalid_utf8_on_stdin(in_library: Path) -> None:
    result = runner.invoke(app, ["ask", "--json"], input=b"what is leukemia \xff\xfe?\n")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["answer"]


def test_import_names_a_bad_file_imports_the_rest_and_exits_nonzero(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    needs_shared(SEED_HTML)
    monkeypatch.setenv("HELPLINE_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("HELPLINE_DENSE_ENABLED", "false")
    broken = tmp_path / "broken.html"
    broken.write_bytes(b"\x00\x01\x02 binary")
    result = runner.invoke(app, ["import", str(broken), str(SEED_HTML), str(tmp_path / "missing.md")])
    assert result.exit_code == 1
    assert "broken.html" in result.output and "missing.md" in result.output
    assert "1 articles (1 new" in result.output
