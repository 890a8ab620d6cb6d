"""Right article or honest abstention: the first responder on consumer cancer questions, beside untuned baselines.

Run: ``.venv/bin/python -m bench.answers [--set dev] [--set holdout] [--liveqa] [--errors]``

Each set (``bench/answers/<name>_set.jsonl``, written apart from the code; conventions in
``bench/answers/README.md``) is asked of ``helpline ask`` in-process over a library of MedQuAD's CancerGov folder
plus the seed page (imported into ``--data-dir`` when empty). In the same run the plain baselines rank the same
library's sections, untuned and never abstaining: BM25 (bm25s, stemmed, title + heading + text), MiniLM (the
encoder alone, cosine) and their reciprocal-rank fusion (k = 60). Per system: right article first, wrong article,
abstained, right section, seed facts quoted, absent foci abstained; for the helpline, risk against coverage
(wrong answers per 100 questions against the share answered) as its answer probability's threshold rises.
With ``--liveqa`` the TREC 2017 LiveQA-Med avgScore and MRR@10 of the same systems over the whole of MedQuAD
(imported into ``--liveqa-data-dir`` when empty; slow the first time).

Held-out sets are only run when named; ``--errors`` prints each wrong item (a set whose errors were read is a
development set from then on).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import bm25s
import numpy as np

from bench.liveqa import PROJECT_ROOT, QRELS_NAME, QUESTIONS_NAME, SHARED_DATA, evaluate, parse_qrels, parse_questions
from helpline.answer.engine import Reply
from helpline.config import Settings
from helpline.ingest.action import import_paths
from helpline.library.store import count_library
from helpline.search.index import SearchIndex, lexical_text
from helpline.search.text import stems
from helpline.services import Services

SETS_DIR = PROJECT_ROOT / "bench" / "answers"
SEED_PAGE = SHARED_DATA / "seed" / "all-targeted-therapy.html"
CANCERGOV = SHARED_DATA / "medquad" / "1_CancerGov_QA"
SEED = "SEED"
_SECTION_SUFFIX = re.compile(r"_Sec\d+$")
RRF_K = 60
DEPTH = 100


@dataclass(frozen=True)
class Item:
    id: str
    kind: str  # answerable | absent | seed_fact
    question: str
    articles: frozenset[str]
    sections: frozenset[str]
    focus: str
    fact: str | None


def load_set(path: Path) -> list[Item]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        data = json.loads(line)
        if data["kind"] not in ("answerable", "absent", "seed_fact"):
            raise ValueError(f"{path.name}:{number}: unknown kind {data['kind']!r}")
        items.append(Item(data["id"], data["kind"], data["question"], frozenset(data.get("articles") or ()),
                          frozenset(data.get("sections") or ()), data.get("focus") or "", data.get("fact")))
    return items


def article_key(source_id: str | None, seed_source: str | None) -> str | None:
    """The set's name for a cited section's article: ``CancerGov_<stem>``, or SEED for the seed page."""
    if source_id is None:
        return None
    if seed_source and source_id.startswith(seed_source):
        return SEED
    return _SECTION_SUFFIX.sub("", source_id)


def normalised(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


# ---------------------------------------------------------------- one system's answer to one item

@dataclass
class Answer:
    article: str | None  # None: abstained
    section: str | None
    text: str  # what the visitor sees (the helpline), or the top section's text (a baseline)
    confidence: float
    clarified: bool = False
    triaged: str | None = None  # the reply came from triage (safety/topic) without searching the library


@dataclass
class Tally:
    name: str
    answers: dict[str, Answer] = field(default_factory=dict)


class Baselines:
    """Plain, untuned rankers over the index's sections: BM25, the encoder alone, and their fusion."""

    def __init__(self, services: Services, index: SearchIndex) -> None:
        self.services, self.index = services, index
        self.bm25 = bm25s.BM25()
        self.bm25.index([stems(lexical_text(row)) for row in index.rows], show_progress=False)

    def lexical(self, question: str) -> list[tuple[int, float]]:
        tokens = stems(question)
        if not tokens:
            return []
        scores = np.asarray(self.bm25.get_scores(tokens))
        top = np.argsort(-scores)[:DEPTH]
        return [(int(i), float(scores[i])) for i in top if scores[i] > 0]

    def dense(self, vector: np.ndarray) -> list[tuple[int, float]]:
        assert self.index.dense is not None
        scores = self.index.dense @ vector
        top = np.argsort(-scores)[:DEPTH]
        return [(int(i), float(scores[i])) for i in top]

    def rankings(self, question: str) -> dict[str, list[tuple[int, float]]]:
        vector = self.services.search.encode([question])[0]
        lexical, dense = self.lexical(question), self.dense(vector)
        fused: dict[int, float] = {}
        for ranking in (lexical, dense):
            for rank, (row, _) in enumerate(ranking):
                fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank + 1)
        return {"BM25": lexical, "MiniLM": dense,
                "RRF(BM25, MiniLM)": sorted(fused.items(), key=lambda pair: -pair[1])}


def ask_helpline(services: Services, item: Item, seed_source: str | None) -> Answer:
    reply: Reply = services.answers.ask(item.question)
    searched = any(reason.startswith("answer probability") for reason in reply.reasons)
    if reply.abstained or not reply.citations:
        return Answer(None, None, reply.answer, reply.confidence, clarified=bool(getattr(reply, "clarify", None)),
                      triaged=None if searched else f"{reply.safety}/{reply.topic}")
    first = reply.citations[0]
    return Answer(article_key(first.source_id, seed_source), first.source_id, reply.answer, reply.confidence)


def baseline_answer(index: SearchIndex, ranking: list[tuple[int, float]], seed_source: str | None) -> Answer:
    if not ranking:
        return Answer(None, None, "", 0.0)
    row = index.rows[ranking[0][0]]
    return Answer(article_key(row.cited_source_id, seed_source), row.cited_source_id, row.section_text,
                  ranking[0][1])


# ---------------------------------------------------------------- scoring

def is_right(item: Item, answer: Answer) -> bool:
    return item.kind != "absent" and answer.article is not None and answer.article in item.articles


def is_wrong(item: Item, answer: Answer) -> bool:
    """A citation that does not answer: another article, or any article for an absent focus."""
    return answer.article is not None and not is_right(item, answer)


def figures(items: Sequence[Item], tally: Tally) -> dict[str, float | int]:
    asked = [item for item in items if item.kind != "absent"]
    absent = [item for item in items if item.kind == "absent"]
    facts = [item for item in items if item.kind == "seed_fact" and item.fact]
    sectioned = [item for item in asked if item.sections]
    answers = tally.answers
    share = (lambda count, total: count / total if total else 0.0)  # noqa: E731
    return {
        "items": len(items), "answerable": len(asked), "absent": len(absent),
        "right_first": share(sum(is_right(i, answers[i.id]) for i in asked), len(asked)),
        "wrong": share(sum(is_wrong(i, answers[i.id]) for i in asked), len(asked)),
        "abstained": share(sum(answers[i.id].article is None for i in asked), len(asked)),
        "clarified": share(sum(answers[i.id].clarified for i in asked), len(asked)),
        "triaged": share(sum(answers[i.id].triaged is not None for i in asked), len(asked)),
        "right_section": share(sum(answers[i.id].section in i.sections for i in sectioned), len(sectioned)),
        "facts_quoted": share(sum(normalised(i.fact or "") in normalised(answers[i.id].text) for i in facts),
                              len(facts)),
        "absent_abstained": share(sum(answers[i.id].article is None for i in absent), len(absent)),
        "wrong_per_100_all": 100 * share(sum(is_wrong(i, answers[i.id]) for i in items), len(items)),
    }


def risk_coverage(items: Sequence[Item], tally: Tally, points: int = 8) -> list[tuple[float, float, float]]:
    """(threshold, share answered, wrong per 100 questions) as the confidence threshold rises."""
    answered = sorted((tally.answers[i.id].confidence, is_wrong(i, tally.answers[i.id]))
                      for i in items if tally.answers[i.id].article is not None)
    if not answered:
        return []
    confidences = [confidence for confidence, _ in answered]
    curve = []
    for q in np.linspace(0, 0.9, points):
        threshold = float(np.quantile(confidences, q))
        kept = [wrong for confidence, wrong in answered if confidence >= threshold]
        curve.append((threshold, len(kept) / len(items), 100 * sum(kept) / len(items)))
    return curve


def print_set(name: str, items: Sequence[Item], tallies: Sequence[Tally]) -> None:
    counts = figures(items, tallies[0])
    print(f"\n## {name}: {counts['items']} items ({counts['answerable']} answerable incl. seed facts, "
          f"{counts['absent']} absent foci)")
    print(f"{'system':<20} {'right 1st':>9} {'wrong':>6} {'abstain':>7} {'clarify':>7} {'triaged':>7} "
          f"{'section':>7} {'facts':>6} {'absent→abst':>11} {'wrong/100 all':>13}")
    for tally in tallies:
        f = figures(items, tally)
        print(f"{tally.name:<20} {f['right_first']:>9.3f} {f['wrong']:>6.3f} {f['abstained']:>7.3f} "
              f"{f['clarified']:>7.3f} {f['triaged']:>7.3f} {f['right_section']:>7.3f} {f['facts_quoted']:>6.3f} "
              f"{f['absent_abstained']:>11.3f} {f['wrong_per_100_all']:>13.1f}")
    print("(abstain includes clarify and triaged: replies from triage — an emergency, a topic's service reply — "
          "that never searched the library)")
    for tally in tallies:
        curve = risk_coverage(items, tally)
        points = (f"≥{threshold:.3g}: {coverage:.0%} answered, {wrong:.1f} wrong/100"
                  for threshold, coverage, wrong in curve)
        print(f"risk-coverage {tally.name}: " + ", ".join(points))


def print_errors(items: Sequence[Item], tally: Tally) -> None:
    for item in items:
        answer = tally.answers[item.id]
        if is_wrong(item, answer) or (item.kind != "absent" and answer.article is None):
            got = answer.article or ("clarify" if answer.clarified else
                                     f"triage {answer.triaged}" if answer.triaged else "abstained")
            print(f"  {item.id} [{item.kind}] {item.question[:110]!r}\n      want {sorted(item.articles) or '-'} "
                  f"got {got} ({answer.confidence:.2f}) {answer.section or ''}")
        elif item.kind == "seed_fact" and item.fact and normalised(item.fact) not in normalised(answer.text):
            print(f"  {item.id} [fact missing] {item.question[:110]!r} want {item.fact!r}")


# ---------------------------------------------------------------- libraries

def library(data_dir: Path, paths: Sequence[Path]) -> Services:
    services = Services(Settings(data_dir=data_dir))
    with services.sessions() as session:
        empty = count_library(session)[0] == 0
    if empty:
        started = time.perf_counter()
        print(f"importing {', '.join(p.name for p in paths)} into {data_dir} …", file=sys.stderr)
        report = import_paths(services.sessions, services.encoder, list(paths))
        if report.failures:
            print(f"{len(report.failures)} files failed to import", file=sys.stderr)
        print(f"imported in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return services


def seed_source_id(index: SearchIndex) -> str | None:
    for row in index.rows:
        if row.kind != "medquad" and "targeted" in (row.article_source_id or "").lower():
            return row.article_source_id
    return None


def run_sets(services: Services, names: Sequence[str], show_errors: bool) -> None:
    index = services.search.index
    seed = seed_source_id(index)
    baselines = Baselines(services, index)
    for name in names:
        items = load_set(SETS_DIR / f"{name}_set.jsonl")
        started = time.perf_counter()
        tallies = [Tally("helpline ask"), Tally("BM25"), Tally("MiniLM"), Tally("RRF(BM25, MiniLM)")]
        for item in items:
            tallies[0].answers[item.id] = ask_helpline(services, item, seed)
            rankings = baselines.rankings(item.question)
            for tally in tallies[1:]:
                tally.answers[item.id] = baseline_answer(index, rankings[tally.name], seed)
        print_set(f"{name} ({time.perf_counter() - started:.0f} s)", items, tallies)
        if show_errors:
            print(f"errors of helpline ask on {name}:")
            print_errors(items, tallies[0])


def run_liveqa(services: Services) -> None:
    questions = parse_questions(SHARED_DATA / "liveqa" / QUESTIONS_NAME)
    qrels = parse_qrels(SHARED_DATA / "medquad" / QRELS_NAME)
    index = services.search.index
    baselines = Baselines(services, index)
    runs: dict[str, dict[str, list[str | None]]] = {"helpline search": {}, "BM25": {}, "MiniLM": {},
                                                     "RRF(BM25, MiniLM)": {}}
    for qid, question in questions.items():
        runs["helpline search"][qid] = [r.row.cited_source_id for r in services.search.search(question, limit=10)]
        for name, ranking in baselines.rankings(question).items():
            seen: list[str | None] = []
            for row, _ in ranking:
                source = index.rows[row].cited_source_id
                if source not in seen:
                    seen.append(source)
            runs[name][qid] = seen[:10]
    print(f"\n## TREC 2017 LiveQA-Med over MedQuAD ({len(index.rows)} passages)")
    print(f"{'system':<20} {'avgScore':>8} {'MRR@10':>7} {'MAP@10':>7} {'P@5':>6} {'n':>4}")
    for name, rankings in runs.items():
        m = evaluate(rankings, qrels)
        print(f"{name:<20} {m.avg_score:>8.3f} {m.mrr10:>7.3f} {m.map10:>7.3f} {m.p5:>6.3f} {m.questions:>4}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.answers", description=__doc__.splitlines()[0])
    parser.add_argument("--set", action="append", dest="sets", help="a set's name (default: dev)")
    parser.add_argument("--data-dir", type=Path, default=PROJECT_ROOT / "bench" / ".data-cancergov")
    parser.add_argument("--liveqa", action="store_true", help="also TREC LiveQA-Med over the whole of MedQuAD")
    parser.add_argument("--liveqa-data-dir", type=Path, default=PROJECT_ROOT / "bench" / ".data")
    parser.add_argument("--errors", action="store_true", help="print helpline's errors (the set becomes dev)")
    args = parser.parse_args(argv)
    if not CANCERGOV.is_dir() or not SEED_PAGE.is_file():
        print(f"error: benchmark data not found under {SHARED_DATA}", file=sys.stderr)
        return 2
    names = args.sets or ["dev"]
    missing = [name for name in names if not (SETS_DIR / f"{name}_set.jsonl").is_file()]
    if missing:
        print(f"error: no such set: {', '.join(missing)} (in {SETS_DIR})", file=sys.stderr)
        return 2
    run_sets(library(args.data_dir, [CANCERGOV, SEED_PAGE]), names, args.errors)
    if args.liveqa:
        run_liveqa(library(args.liveqa_data_dir, [SHARED_DATA / "medquad"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
