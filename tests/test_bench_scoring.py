"""The LiveQA-Med benchmark: scoring on hand-made rankings, parsing on the real files when present."""

from __future__ import annotations

import json
import sys
import textwrap
from dataclasses import asdict
from pathlib import Path

import pytest
from bench import liveqa
from bench.liveqa import (
    Metrics,
    average_precision,
    clean_ranking,
    evaluate,
    first_score,
    judged_section_id,
    parse_qrels,
    precision_at,
    question_text,
    reciprocal_rank,
)

MEDQUAD = liveqa.SHARED_DATA / "medquad"
LIVEQA = liveqa.SHARED_DATA / "liveqa"
JUDGED = {"a": 3, "b": 2, "c": 1, "d": 0}  # two correct (a, b), one related, one incorrect


def needs(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs the shared LiveQA/MedQuAD data beside the project")


# ------------------------------------------------------------------ scoring

def test_first_score_takes_the_first_result_and_unjudged_scores_zero() -> None:
    assert first_score(["a", "d"], JUDGED) == 3
    assert first_score(["c", "a"], JUDGED) == 1
    assert first_score(["unjudged", "a"], JUDGED) == 0
    assert first_score([], JUDGED) == 0


def test_average_precision_divides_by_min_of_ten_and_correct_judged() -> None:
    assert average_precision(["a", "x", "b"], JUDGED) == pytest.approx((1 / 1 + 2 / 3) / 2)
    assert average_precision(["x", "b"], JUDGED) == pytest.approx((1 / 2) / 2)
    assert average_precision(["c", "d", "x"], JUDGED) == 0.0
    many = {f"s{i}": 2 for i in range(15)}  # 15 correct judged: the denominator is 10
    assert average_precision([f"s{i}" for i in range(10)], many) == pytest.approx(1.0)
    assert average_precision([f"s{i}" for i in range(12)], many) == pytest.approx(1.0)  # rank 11+ ignored
    assert average_precision(["a"], {"a": 1}) == 0.0  # no correct answer judged at all


def test_reciprocal_rank_needs_incomplete_or_better_within_ten() -> None:
    assert reciprocal_rank(["c", "x", "b"], JUDGED) == pytest.approx(1 / 3)
    assert reciprocal_rank(["c", "d"], JUDGED) == 0.0  # Related is not correct
    assert reciprocal_rank([f"x{i}" for i in range(10)] + ["a"], JUDGED) == 0.0


def test_precision_at_five_counts_missing_ranks_as_wrong() -> None:
    assert precision_at(["a", "c", "b", "d", "x", "a2"], JUDGED) == pytest.approx(2 / 5)
    assert precision_at(["a"], JUDGED) == pytest.approx(1 / 5)
    assert precision_at(["x", "y", "z", "w", "v", "a"], JUDGED) == 0.0


def test_duplicates_count_once_and_null_source_ids_are_skipped() -> None:
    assert clean_ranking(["a", None, "a", "b", None, "a"]) == ["a", "b"]
    assert clean_ranking([f"s{i % 12}" for i in range(30)]) == [f"s{i}" for i in range(10)]
    qrels = {"TQ1": JUDGED}
    duplicated = evaluate({"TQ1": ["a", "a", "a", "a", "a"]}, qrels)
    assert duplicated.p5 == pytest.approx(1 / 5)
    skipped = evaluate({"TQ1": [None, "x", None, "a"]}, qrels)
    assert skipped.mrr10 == pytest.approx(1 / 2)  # web results take no rank
    assert skipped.avg_score == 0  # the first MedQuAD answer, x, is unjudged


def test_evaluate_means_over_judged_questions_and_missing_runs_score_zero() -> None:
    qrels = {"TQ1": JUDGED, "TQ2": {"e": 3}}
    metrics = evaluate({"TQ1": ["b", "a"], "TQ3": ["e"]}, qrels)
    assert asdict(metrics) == pytest.approx(asdict(Metrics(
        avg_score=(2 + 0) / 2, map10=(1 + 0) / 2, mrr10=(1 + 0) / 2, p5=(2 / 5 + 0) / 2, questions=2,
    )))


# ------------------------------------------------------------------ parsing

def test_question_text_is_one_line_subject_then_message() -> None:
    assert question_text(" Noonan\tsyndrome ", "What are\n  the references") == \
        "Noonan syndrome. What are the references"
    assert question_text("", "\n how to taper off\t") == "how to taper off"
    assert question_text("Is it safe?", "I take X") == "Is it safe? I take X"
    assert question_text("Only a subject", "  ") == "Only a subject"


def test_judged_ids_map_herbs_prefix_and_ordinals(tmp_path: Path) -> None:
    assert judged_section_id("MPlusHerbsSuppls_0000076_Sec1.txt", {}) == "MPlusHerbsSupplements_0000076_Sec1"
    assert judged_section_id("ADAM_0003770_Sec3.txt", {"ADAM_0003770_Sec3": "ADAM_0003770_Sec6"}) == \
        "ADAM_0003770_Sec6"
    qrels_file = tmp_path / "qrels.txt"
    qrels_file.write_text(textwrap.dedent("""\
        1 2-Related ADAM_0002818_Sec2.txt
        1 1-Incorrect MPlusHerbsSuppls_0000076_Sec1.txt

        1 4-Excellent ADAM_0002818_Sec2.txt
        1 3-Incomplete ADAM_0002818_Sec9.txt
        12 1-Incorrect GHR_0000001_Sec1.txt
        """), encoding="utf-8")
    assert parse_qrels(qrels_file, {"ADAM_0002818_Sec9": "ADAM_0002818_Sec11"}) == {
        "TQ1": {"ADAM_0002818_Sec2": 3, "MPlusHerbsSupplements_0000076_Sec1": 0, "ADAM_0002818_Sec11": 2},
        "TQ12": {"GHR_0000001_Sec1": 0},
    }
    qrels_file.write_text("1 5-Perfect ADAM_0002818_Sec2.txt\n", encoding="utf-8")
    with pytest.raises(ValueError, match="qrels.txt:1"):
        parse_qrels(qrels_file)


def test_real_questions_parse_to_104_one_line_queries() -> None:
    needs(LIVEQA / liveqa.QUESTIONS_NAME)
    questions = liveqa.parse_questions(LIVEQA / liveqa.QUESTIONS_NAME)
    assert list(questions)[:2] == ["TQ1", "TQ2"] and len(questions) == 104
    assert questions["TQ1"] == ("Noonan syndrome. What are the references with noonan syndrome and "
                                "polycystic renal disease")
    assert questions["TQ83"] == "wellbutrin xl 150. how to taper off"
    assert all(text and text == " ".join(text.split()) for text in questions.values())


def test_real_qrels_map_onto_tq_ids() -> None:
    needs(MEDQUAD / liveqa.QRELS_NAME)
    needs(LIVEQA / liveqa.QUESTIONS_NAME)
    qrels = parse_qrels(MEDQUAD / liveqa.QRELS_NAME)
    questions = liveqa.parse_questions(LIVEQA / liveqa.QUESTIONS_NAME)
    assert len(qrels) == 103 and "TQ83" not in qrels and set(qrels) <= set(questions)
    assert sum(len(judged) for judged in qrels.values()) == 2311  # 2,479 lines, 168 judged twice
    assert qrels["TQ1"]["ADAM_0002818_Sec2"] == 2  # judged Related and Incomplete: the best is kept
    assert qrels["TQ104"]["MPlusDrugs_0000553_Sec7"] == 3  # Glimepiride storage, the 7th pair
    assert qrels["TQ3"]["MPlusHerbsSupplements_0000076_Sec1"] == 0


def test_judged_ids_are_pair_positions_and_translate_to_pids() -> None:
    needs(MEDQUAD / liveqa.QRELS_NAME)
    pairs = _xml_pairs()
    by_position = {f"{src}_{stem}_Sec{n}" for src, stem, _, n in pairs}
    qrels = parse_qrels(MEDQUAD / liveqa.QRELS_NAME)
    assert all(source_id in by_position for judged in qrels.values() for source_id in judged)
    ordinal_map = liveqa.ordinal_to_pid_ids(MEDQUAD)
    assert ordinal_map["ADAM_0003770_Sec3"] == "ADAM_0003770_Sec6"  # the 3rd pair, "treatments", is pid 6
    by_pid = parse_qrels(MEDQUAD / liveqa.QRELS_NAME, ordinal_map)
    assert by_pid["TQ104"]["MPlusDrugs_0000553_Sec8"] == 3  # storage is pid 8
    assert by_pid["TQ104"]["MPlusDrugs_0000553_Sec7"] == 1  # pid 7 is side effects, the 6th pair
    pid_ids = {f"{src}_{stem}_Sec{pid}" for src, stem, pid, _ in pairs}
    assert all(source_id in pid_ids for judged in by_pid.values() for source_id in judged)


def test_loader_sections_hold_every_judged_answer() -> None:
    """The scored ids must be the ids the loader gives sections, or the benchmark measures nothing."""
    needs(MEDQUAD / liveqa.QRELS_NAME)
    from helpline.ingest.medquad import iter_medquad

    sections = {s.source_id for _, article in iter_medquad(MEDQUAD)
                if article is not None and not isinstance(article, Exception) for s in article.sections}
    qrels = parse_qrels(MEDQUAD / liveqa.QRELS_NAME)
    judged = {source_id for scores in qrels.values() for source_id in scores}
    assert judged <= sections, sorted(judged - sections)[:5]


def _xml_pairs() -> list[tuple[str, str, str, int]]:
    """(source, file stem, pid, position) of every QA pair in the collection."""
    from lxml import etree

    from helpline.ingest.medquad import collection_files

    pairs = []
    for file in collection_files(MEDQUAD):
        root = etree.parse(str(file)).getroot()  # noqa: S320 - local, trusted collection files
        source = root.get("source") or root.get("corpus") or ""
        elements = (e for e in root.iter() if e.tag in ("QAPair", "pair"))
        pairs += [(source, file.stem, e.get("pid", ""), n) for n, e in enumerate(elements, 1)]
    return pairs


# ------------------------------------------------------------------ system run

def test_system_run_feeds_queries_in_order_and_reads_json_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = tmp_path / "helpline"
    fake.write_text(textwrap.dedent(f"""\
        #!{sys.executable}
        import json, os, sys
        assert "HELPLINE_DATABASE_URL" not in os.environ
        assert os.environ["HELPLINE_DATA_DIR"] == {str(tmp_path / "data")!r}
        with open({str(tmp_path / "calls.log")!r}, "a") as log:
            log.write(" ".join(sys.argv[1:]) + "\\n")
        if sys.argv[1] == "search":
            for line in sys.stdin:
                q = line.rstrip("\\n")
                hits = [{{"article_id": "1", "source_id": q.split()[-1], "title": "t", "section": None,
                          "score": 1.0}}, {{"article_id": "2", "source_id": None, "title": "web",
                          "section": None, "score": 0.5}}]
                print(json.dumps({{"query": q, "results": hits}}))
        """), encoding="utf-8")
    fake.chmod(0o755)
    monkeypatch.setattr(liveqa, "helpline_command", lambda: fake)
    monkeypatch.setenv("HELPLINE_DATABASE_URL", "sqlite:////elsewhere.db")
    run = liveqa.run_system({"TQ1": "about a", "TQ2": "about b"}, tmp_path, tmp_path / "data", None, False)
    calls = (tmp_path / "calls.log").read_text().splitlines()
    assert calls == [f"import {tmp_path}", "search --json --limit 10"]
    assert run.rankings == {"TQ1": ["a", None], "TQ2": ["b", None]}
    assert evaluate(run.rankings, {"TQ1": {"a": 3}, "TQ2": {"b": 1}}).avg_score == pytest.approx(2.0)
    assert json.dumps(run.rankings)  # plain data, ready for --json / --per-question


def test_missing_shared_data_exits_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert liveqa.main(["--liveqa", str(tmp_path), "--medquad", str(tmp_path), "--skip-system"]) == 2
    assert "benchmark data not found" in capsys.readouterr().err
