"""Speed of the engine on the full MedQuAD collection, side by side with a plain BM25 baseline.

Run: ``.venv/bin/python -m bench.speed [--data-dir D] [--full-import]``

Per-question latency of ``search`` and ``ask`` in a warm process (the model loaded, the index in memory) over
the LiveQA test questions, next to the latency of plain BM25 (bm25s) over the same collection and questions in
the same run. With ``--full-import`` it first imports the whole collection into an empty data folder (timing the
import, the embedding and the index build) and then re-imports it unchanged. Peak memory is the process's.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.liveqa import PROJECT_ROOT, QUESTIONS_NAME, SHARED_DATA, baseline_index, parse_questions
from helpline.config import Settings
from helpline.ingest.action import import_paths
from helpline.library.store import count_library
from helpline.services import Services


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(function: Callable[[str], object], questions: Sequence[str], rounds: int) -> dict[str, float]:
    """Milliseconds per call over ``rounds`` passes of the questions (after one warm-up pass)."""
    for question in questions[:5]:
        function(question)
    samples = []
    for _ in range(rounds):
        for question in questions:
            started = time.perf_counter()
            function(question)
            samples.append((time.perf_counter() - started) * 1000)
    return {"p50_ms": statistics.median(samples), "p95_ms": percentile(samples, 0.95),
            "mean_ms": statistics.fmean(samples), "calls": len(samples)}


def bm25_baseline(medquad: Path) -> Callable[[str], object]:
    import bm25s

    _, retriever, stemmer = baseline_index(medquad)

    def search(question: str) -> object:
        tokens = bm25s.tokenize([question], stopwords="en", stemmer=stemmer, show_progress=False)
        return retriever.retrieve(tokens, k=10, show_progress=False)

    return search


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.speed", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=PROJECT_ROOT / "bench" / ".data")
    parser.add_argument("--medquad", type=Path, default=SHARED_DATA / "medquad")
    parser.add_argument("--liveqa", type=Path, default=SHARED_DATA / "liveqa")
    parser.add_argument("--full-import", action="store_true", help="import into an empty data folder first")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path, dest="json_path")
    args = parser.parse_args(argv)
    if not args.medquad.is_dir() or not args.liveqa.is_dir():
        print(f"shared data not found under {SHARED_DATA}: nothing to measure", file=sys.stderr)
        return 2
    figures: dict[str, object] = {}
    if args.full_import:
        shutil.rmtree(args.data_dir, ignore_errors=True)
    services = Services(Settings(data_dir=args.data_dir))
    if args.full_import:
        report = import_paths(services.sessions, services.encoder, [args.medquad])
        started = time.perf_counter()
        services.load_index()
        figures["full_import"] = {"import_and_embed_s": report.seconds,
                                  "index_build_s": time.perf_counter() - started,
                                  "sections_embedded": report.sections_embedded, "summary": report.summary()}
        again = import_paths(services.sessions, services.encoder, [args.medquad])
        figures["reimport_unchanged"] = {"seconds": again.seconds, "summary": again.summary()}
    with services.sessions() as session:
        articles, sections = count_library(session)
    started = time.perf_counter()
    services.search.warm_up()
    figures["library"] = {"articles": articles, "sections": sections, "passages": len(services.search.index),
                          "warm_up_s": time.perf_counter() - started}
    questions = list(parse_questions(args.liveqa / QUESTIONS_NAME).values())
    figures["search"] = timed(lambda q: services.search.search(q, 10), questions, args.rounds)
    figures["ask"] = timed(services.answers.ask, questions, args.rounds)
    figures["bm25_baseline_search"] = timed(bm25_baseline(args.medquad), questions, args.rounds)
    figures["peak_memory_mb"] = peak_memory_mb()
    print(json.dumps(figures, indent=2))
    if args.json_path:
        args.json_path.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
