"""TREC 2017 LiveQA-Med benchmark over MedQuAD's 2,479 judged answers.

Run: ``.venv/bin/python -m bench.liveqa [--data-dir D] [--database-url U] [--skip-baseline] ...``

Mapping findings (checked against the data, see ``tests/test_bench_scoring.py``):

* qrels question ``N`` is test question ``TQN`` (judged answers share focus words with their own question for
  100 of 103 judged questions, with a shifted one for only ~40; the 3 exceptions are lexical false hits judged
  Incorrect). ``TQ83`` has no judgment, so 103 of the 104 questions are scored.
* A judged answer ``X_<stem>_Sec<n>.txt`` names the n-th QA pair of the XML file (its position), not the pair
  with ``pid="n"`` (true for all 2,479; pid happens to agree for only 1,649). The loader numbers sections by
  position too, so judged ids are used as they are (``.txt`` dropped, source prefix normalised). Should
  section ids follow ``pid`` instead, ``--pid-ids`` translates judged positions to pids via the XML files.
  Either way the run reports how many judged answers the loaded collection actually holds.

Metrics, over the questions with at least one judgment: avgScore = score (0-3) of the first result; MRR@10,
P@5 and MAP@10 count Incomplete/Excellent (score >= 2) as correct. AP@10 = sum of precision@k at each
correct rank k <= 10, divided by min(10, number of judged correct answers); 0 when there is none.
168 (question, answer) pairs are judged twice with different grades (2,311 distinct pairs); the higher grade
is kept. Results without a source id are dropped and repeated ids keep their first rank only, then cut at 10.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from lxml import etree

from helpline.ingest.medquad import collection_files, iter_medquad, normalise_source_id

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = PROJECT_ROOT.parent / "shared" / "data"
QRELS_NAME = "QA-TestSet-LiveQA-Med/All-qrels_LiveQAMed2017-TestQuestions_2479_Judged-Answers.txt"
QUESTIONS_NAME = "TREC-2017-LiveQA-Medical-Test.xml"
JUDGMENT_SCORES = {"1-Incorrect": 0, "2-Related": 1, "3-Incomplete": 2, "4-Excellent": 3}
CORRECT = 2
K = 10

Qrels = dict[str, dict[str, int]]  # question id -> section source id -> score 0-3


# ---------------------------------------------------------------- scoring (pure)

@dataclass
class Metrics:
    avg_score: float
    map10: float
    mrr10: float
    p5: float
    questions: int


def clean_ranking(ranking: Iterable[str | None], k: int = K) -> list[str]:
    """Source ids without nulls (not MedQuAD) or repeats (first rank kept), cut at ``k``."""
    seen: dict[str, None] = {}
    for source_id in ranking:
        if source_id is not None and source_id not in seen:
            seen[source_id] = None
    return list(seen)[:k]


def first_score(ranking: Sequence[str], judged: Mapping[str, int]) -> int:
    """Judgment (0-3) of the first result; 0 when unjudged or nothing was returned."""
    return judged.get(ranking[0], 0) if ranking else 0


def average_precision(ranking: Sequence[str], judged: Mapping[str, int], k: int = K) -> float:
    """AP@k: precision at each correct rank, over min(k, judged correct answers)."""
    relevant = sum(1 for score in judged.values() if score >= CORRECT)
    if not relevant:
        return 0.0
    hits, total = 0, 0.0
    for rank, source_id in enumerate(ranking[:k], 1):
        if judged.get(source_id, 0) >= CORRECT:
            hits += 1
            total += hits / rank
    return total / min(k, relevant)


def reciprocal_rank(ranking: Sequence[str], judged: Mapping[str, int], k: int = K) -> float:
    """1 / rank of the first correct result within ``k``, else 0."""
    for rank, source_id in enumerate(ranking[:k], 1):
        if judged.get(source_id, 0) >= CORRECT:
            return 1.0 / rank
    return 0.0


def precision_at(ranking: Sequence[str], judged: Mapping[str, int], k: int = 5) -> float:
    """Share of the first ``k`` ranks holding a correct answer (missing ranks count as wrong)."""
    return sum(1 for source_id in ranking[:k] if judged.get(source_id, 0) >= CORRECT) / k


def evaluate(rankings: Mapping[str, Sequence[str | None]], qrels: Qrels) -> Metrics:
    """Mean metrics over the judged questions; a question without a ranking scores 0."""
    rows = [clean_ranking(rankings.get(qid, ())) for qid in qrels]
    judged = list(qrels.values())
    n = len(judged) or 1

    def mean(values: Iterable[float]) -> float:
        return sum(values) / n

    return Metrics(
        avg_score=mean(first_score(r, j) for r, j in zip(rows, judged, strict=True)),
        map10=mean(average_precision(r, j) for r, j in zip(rows, judged, strict=True)),
        mrr10=mean(reciprocal_rank(r, j) for r, j in zip(rows, judged, strict=True)),
        p5=mean(precision_at(r, j) for r, j in zip(rows, judged, strict=True)),
        questions=len(judged),
    )


# ---------------------------------------------------------------- data files

def question_text(subject: str, message: str) -> str:
    """One-line query: SUBJECT. MESSAGE with all whitespace collapsed."""
    subject, message = " ".join(subject.split()), " ".join(message.split())
    if subject and message:
        return f"{subject} {message}" if subject[-1] in ".?!:" else f"{subject}. {message}"
    return subject or message


def parse_questions(path: Path) -> dict[str, str]:
    """Query text by question id (``TQ1`` …), in file order."""
    root = etree.parse(str(path)).getroot()  # noqa: S320 - local, trusted benchmark file
    questions: dict[str, str] = {}
    for element in root.iter("NLM-QUESTION"):
        original = element.find("Original-Question")
        subject = original.findtext("SUBJECT", "") if original is not None else ""
        message = original.findtext("MESSAGE", "") if original is not None else ""
        questions[element.get("qid", "")] = question_text(subject, message)
    return questions


def ordinal_to_pid_ids(medquad: Path) -> dict[str, str]:
    """``Src_stem_Sec<ordinal>`` -> ``Src_stem_Sec<pid>`` for every QA pair whose two ids differ."""
    mapping: dict[str, str] = {}
    for file in collection_files(medquad):
        root = etree.parse(str(file)).getroot()  # noqa: S320 - local, trusted collection files
        base = f"{root.get('source') or root.get('corpus')}_{file.stem}_Sec"
        pairs = (e for e in root.iter() if e.tag in ("QAPair", "pair"))
        for ordinal, pair in enumerate(pairs, 1):
            if pair.get("pid") != str(ordinal):
                mapping[f"{base}{ordinal}"] = f"{base}{pair.get('pid')}"
    return mapping


def judged_section_id(answer_id: str, ordinal_map: Mapping[str, str]) -> str:
    """A qrels answer id as the contract's section source id."""
    source_id = normalise_source_id(answer_id)
    return ordinal_map.get(source_id, source_id)


def parse_qrels(path: Path, ordinal_map: Mapping[str, str] | None = None) -> Qrels:
    """Judgments by question id: qrels question ``N`` is ``TQN``; an answer judged twice keeps its best."""
    qrels: Qrels = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        parts = line.split()
        if len(parts) != 3 or parts[1] not in JUDGMENT_SCORES:
            raise ValueError(f"{path}:{number}: expected 'qid judgment AnswerID', got {line!r}")
        section = judged_section_id(parts[2], ordinal_map or {})
        judged = qrels.setdefault(f"TQ{int(parts[0])}", {})
        judged[section] = max(judged.get(section, 0), JUDGMENT_SCORES[parts[1]])
    return qrels


# ---------------------------------------------------------------- systems

@dataclass
class Run:
    name: str
    rankings: dict[str, list[str | None]]
    seconds: float
    corpus: frozenset[str] = frozenset()  # section ids searched, when known


def baseline_index(medquad: Path) -> tuple[list[str | None], Any, Any]:
    """Plain BM25 (bm25s, English stemmer and stopwords) over question + answer of every section: the
    baseline both benchmarks run beside the engine. Returns (section ids, retriever, stemmer)."""
    import bm25s
    import Stemmer

    ids: list[str | None] = []
    texts: list[str] = []
    for _, article in iter_medquad(medquad):
        if article is None or isinstance(article, Exception):
            continue
        for section in article.sections:
            ids.append(section.source_id)
            texts.append(f"{section.question or ''} {section.text}")
    stemmer = Stemmer.Stemmer("english")
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(texts, stopwords="en", stemmer=stemmer, show_progress=False),
                    show_progress=False)
    return ids, retriever, stemmer


def run_baseline(questions: Mapping[str, str], medquad: Path) -> Run:
    """The plain BM25 baseline's rankings for the questions."""
    import bm25s

    ids, retriever, stemmer = baseline_index(medquad)
    qids = list(questions)
    started = time.perf_counter()
    tokens = bm25s.tokenize([questions[q] for q in qids], stopwords="en", stemmer=stemmer,
                            return_ids=False, show_progress=False)
    docs, _ = retriever.retrieve(tokens, k=K, show_progress=False)
    seconds = time.perf_counter() - started
    rankings: dict[str, list[str | None]] = {
        q: [ids[i] for i in row] for q, row in zip(qids, docs, strict=True)
    }
    return Run("bm25 baseline", rankings, seconds, frozenset(i for i in ids if i))


def helpline_command() -> Path:
    return Path(sys.executable).parent / "helpline"


def run_system(questions: Mapping[str, str], medquad: Path, data_dir: Path, database_url: str | None,
               skip_import: bool) -> Run:
    """The real CLI: ``helpline import`` the collection, then ``helpline search --json`` every query."""
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "HELPLINE_DATABASE_URL"}
    env["HELPLINE_DATA_DIR"] = str(data_dir)
    if database_url:
        env["HELPLINE_DATABASE_URL"] = database_url
    command = str(helpline_command())
    # cwd = data_dir so that a project-level .env cannot redirect the benchmark's database.
    if not skip_import:
        print(f"$ helpline import {medquad}  (HELPLINE_DATA_DIR={data_dir})", file=sys.stderr)
        imported = subprocess.run([command, "import", str(medquad)], env=env, cwd=data_dir, check=False)
        if imported.returncode:
            raise RuntimeError(f"helpline import exited with {imported.returncode}")
    qids = list(questions)
    started = time.perf_counter()
    searched = subprocess.run(
        [command, "search", "--json", "--limit", str(K)], input="".join(questions[q] + "\n" for q in qids),
        env=env, cwd=data_dir, capture_output=True, text=True, check=False,
    )
    seconds = time.perf_counter() - started
    if searched.returncode:
        raise RuntimeError(f"helpline search exited with {searched.returncode}: {searched.stderr[-2000:]}")
    lines = [json.loads(line) for line in searched.stdout.splitlines() if line.strip()]
    if len(lines) != len(qids):
        raise RuntimeError(f"helpline search wrote {len(lines)} lines for {len(qids)} queries")
    rankings: dict[str, list[str | None]] = {}
    for qid, line in zip(qids, lines, strict=True):
        if line.get("query") != questions[qid]:
            raise RuntimeError(f"{qid}: output out of order (query {line.get('query')!r})")
        rankings[qid] = [result.get("source_id") for result in line["results"]]
    return Run("helpline search", rankings, seconds)


# ---------------------------------------------------------------- output

def print_table(rows: Sequence[tuple[Run, Metrics]], total_questions: int) -> None:
    print(f"TREC 2017 LiveQA-Med, MedQuAD judged answers: {rows[0][1].questions if rows else 0} judged "
          f"of {total_questions} questions; correct = Incomplete or Excellent")
    print(f"{'system':<16} {'avgScore':>8} {'MAP@10':>7} {'MRR@10':>7} {'P@5':>6} {'n':>4} {'seconds':>8} "
          f"{'q/s':>7}")
    for run, m in rows:
        rate = total_questions / run.seconds if run.seconds else float("inf")
        print(f"{run.name:<16} {m.avg_score:>8.3f} {m.map10:>7.3f} {m.mrr10:>7.3f} {m.p5:>6.3f} "
              f"{m.questions:>4} {run.seconds:>8.2f} {rate:>7.1f}")


def per_question_rows(run: Run, questions: Mapping[str, str], qrels: Qrels) -> Iterable[str]:
    for qid, judged in qrels.items():
        ranking = clean_ranking(run.rankings.get(qid, ()))
        top = " ".join(f"{s}={judged[s] if s in judged else '-'}" for s in ranking[:3])
        correct = sum(1 for score in judged.values() if score >= CORRECT)
        yield "\t".join([run.name, qid, str(correct), str(first_score(ranking, judged)),
                         f"{reciprocal_rank(ranking, judged):.3f}", questions.get(qid, "")[:70], top])


def write_outputs(rows: Sequence[tuple[Run, Metrics]], questions: Mapping[str, str], qrels: Qrels,
                  json_path: Path | None, per_question_path: Path | None) -> None:
    if json_path:
        figures = {run.name: {**asdict(m), "seconds": run.seconds,
                              "queries_per_second": len(questions) / run.seconds if run.seconds else None}
                   for run, m in rows}
        json_path.write_text(json.dumps({"questions_total": len(questions), "systems": figures}, indent=2)
                             + "\n", encoding="utf-8")
    if per_question_path:
        header = "system\tqid\tn_correct_judged\tfirst_score\trr10\tquery\ttop3 (source_id=judgment)"
        lines = [header] + [line for run, _ in rows for line in per_question_rows(run, questions, qrels)]
        per_question_path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- main

def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.liveqa", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=PROJECT_ROOT / "bench" / ".data",
                        help="HELPLINE_DATA_DIR for the system run (default: bench/.data)")
    parser.add_argument("--database-url", help="HELPLINE_DATABASE_URL for the system run (default: unset)")
    parser.add_argument("--medquad", type=Path, default=SHARED_DATA / "medquad")
    parser.add_argument("--liveqa", type=Path, default=SHARED_DATA / "liveqa")
    parser.add_argument("--skip-baseline", action="store_true", help="do not run the BM25 baseline")
    parser.add_argument("--skip-system", action="store_true", help="do not run the helpline CLI")
    parser.add_argument("--skip-import", action="store_true", help="search the library as it is")
    parser.add_argument("--pid-ids", action="store_true",
                        help="section ids end in the XML pid, not the pair's position: translate judged ids")
    parser.add_argument("--json", type=Path, dest="json_path", help="write the figures as JSON")
    parser.add_argument("--per-question", type=Path, help="write per-question rows (TSV)")
    args = parser.parse_args(argv)

    questions_file, qrels_file = args.liveqa / QUESTIONS_NAME, args.medquad / QRELS_NAME
    for needed in (questions_file, qrels_file):
        if not needed.is_file():
            print(f"error: benchmark data not found: {needed} (see --liveqa / --medquad)", file=sys.stderr)
            return 2
    questions = parse_questions(questions_file)
    qrels = parse_qrels(qrels_file, ordinal_to_pid_ids(args.medquad) if args.pid_ids else None)
    unknown = set(qrels) - set(questions)
    if unknown:
        print(f"error: qrels name questions absent from {questions_file}: {sorted(unknown)}", file=sys.stderr)
        return 2

    rows: list[tuple[Run, Metrics]] = []
    failed = False
    if not args.skip_system:
        try:
            run = run_system(questions, args.medquad.resolve(), args.data_dir.resolve(), args.database_url,
                             args.skip_import)
            rows.append((run, evaluate(run.rankings, qrels)))
        except (OSError, RuntimeError, ValueError) as error:
            print(f"error: system run failed: {error}", file=sys.stderr)
            failed = True
    if not args.skip_baseline:
        run = run_baseline(questions, args.medquad)
        rows.append((run, evaluate(run.rankings, qrels)))
        judged = {source_id for scores in qrels.values() for source_id in scores}
        found = len(judged & run.corpus)
        print(f"judged answers among the loaded MedQuAD sections: {found} of {len(judged)}", file=sys.stderr)
    print_table(rows, len(questions))
    write_outputs(rows, questions, qrels, args.json_path, args.per_question)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
