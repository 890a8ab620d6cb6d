"""Train the ranker and answer models on the training questions and write ``src/helpline/search/ranker_model.json``.

Run: ``.venv/bin/python -m bench.train_ranker [--data-dir D] [--dry-run]``

Training data: every ``bench/answers/train_*_set.jsonl`` (questions written apart from the code; never an evaluation
set), each asked over the library it was written for, so the models learn from more than one library:
- the cancer sets (``train_a``, ``train_b``, …) over MedQuAD's CancerGov folder plus the seed page (imported into
  ``--data-dir`` when empty);
- the general-health sets (``train_g*``) over the whole of MedQuAD (``--general-data-dir``; slow the first time).
Candidates and features come from the same code the service runs (``helpline.search.ranker.candidate_pool``,
``helpline.search.features``).

1. The ranker: a logistic regression, one row per candidate passage, label "it is a section the writer named"
   (for a seed fact, the section holding the fact; else "its article answers the question");
   its regularisation is chosen by grouped 5-fold cross-validation on right-article-first.
2. The answer model: a logistic regression on the out-of-fold ranker scores of each candidate (label "its article
   answers"), which makes its probability calibrated for the passage the ranker puts first.
3. The threshold: the lowest answer probability at which the out-of-fold wrong answers stay within
   ``--wrong-per-100`` per 100 of the cancer training questions (absent foci included).
The cross-validated figures, beside the plain fusion's, are printed and stored in the model file.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

from bench.answers import (
    CANCERGOV,
    SEED_PAGE,
    SETS_DIR,
    Item,
    article_key,
    library,
    load_set,
    normalised,
    seed_source_id,
)
from helpline.first_run import STARTER
from helpline.library.store import SectionRow
from helpline.search.features import ANSWER_FEATURES, CANDIDATE_FEATURES, answer_features, candidate_features
from helpline.search.index import SearchIndex
from helpline.search.learned import MODEL_FILE, LinearModel, RankingModels, quadratic_terms
from helpline.search.ranker import candidate_pool
from helpline.services import Services

MODEL_PATH = Path(__file__).resolve().parents[1] / "src" / "helpline" / "search" / MODEL_FILE
FOLDS = 5


@dataclass
class Question:
    item: Item
    missing: bool  # grounding found a focus the library lacks: abstained before any ranking
    features: np.ndarray  # candidates × CANDIDATE_FEATURES
    labels: np.ndarray  # 1 where the candidate is a section that answers (the ranker's label)
    article_labels: np.ndarray  # 1 where the candidate's article answers (the answer model's label)
    articles: list[str]
    pool: object  # the CandidatePool, for the answer features


Keys = Callable[[SectionRow], tuple[str, str]]


def medquad_keys(index: SearchIndex) -> Keys:
    """A row's article and section as the cancer and general sets name them (``CancerGov_0000001_1_Sec3``, SEED)."""
    seed = seed_source_id(index)
    return lambda row: (article_key(row.cited_source_id, seed) or "", row.cited_source_id or "")


def starter_keys() -> Keys:
    """A row's article and section as ``train_s`` names them (``STARTER:<file stem>#<heading>``)."""
    stem_by_url = {}
    for path in STARTER.glob("*.md"):
        url = re.search(r"^url:\s*(\S+)", path.read_text(encoding="utf-8"), re.MULTILINE)
        if url:
            stem_by_url[url.group(1)] = path.stem

    def keys(row: SectionRow) -> tuple[str, str]:
        if row.url not in stem_by_url:
            raise KeyError(f"no starter file has the url {row.url!r}")
        article = "STARTER:" + stem_by_url[row.url]
        return article, f"{article}#{row.heading or ''}"
    return keys


def collect(services: Services, items: Sequence[Item], by_section: bool = True,
            keys: Keys | None = None) -> list[Question]:
    """Candidates and features of every item. A candidate is labelled 1 when it is a section the writer named
    (``by_section``; for a seed fact naming none, the section holding the fact; other items naming no section fall
    back to their articles), else when its article answers."""
    search = services.search
    index = search.index
    key = keys or medquad_keys(index)
    questions = []
    for item in items:
        analysis = search.analyse(item.question)
        grounding = search.ground(analysis, index)
        if grounding.missing:
            questions.append(Question(item, True, np.zeros((0, len(CANDIDATE_FEATURES))), np.zeros(0), np.zeros(0),
                                      [], None))
            continue
        vector = search.encode([analysis.text])[0]
        pool = candidate_pool(index, analysis, vector, grounding)
        if pool is None:
            questions.append(Question(item, False, np.zeros((0, len(CANDIDATE_FEATURES))), np.zeros(0), np.zeros(0),
                                      [], None))
            continue
        articles, sections = (list(names) for names in zip(*(key(index.rows[row]) for row in pool.rows),
                                                              strict=True))
        article_labels = np.array([1.0 if item.kind != "absent" and a in item.articles else 0.0 for a in articles])
        labels = article_labels
        if by_section and item.sections:
            labels = np.array([1.0 if item.kind != "absent" and section in item.sections else 0.0
                               for section in sections])
        elif by_section and item.fact:
            # A seed fact's section is the one whose text holds the fact.
            fact = normalised(item.fact)
            holds = np.array([1.0 if fact in normalised(index.rows[row].section_text) else 0.0 for row in pool.rows])
            labels = holds * article_labels if (holds * article_labels).any() else article_labels
        questions.append(Question(item, False, candidate_features(pool), labels, article_labels, articles, pool))
    return questions


def fit_linear(features: np.ndarray, labels: np.ndarray, c: float, names: tuple[str, ...],
               quadratic: bool = False) -> LinearModel:
    scaler = StandardScaler().fit(features)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    x = (features - scaler.mean_) / scale
    quadratic_mean = quadratic_scale = None
    if quadratic:
        terms = quadratic_terms(x)
        quadratic_mean = terms.mean(axis=0)
        quadratic_scale = np.where(terms.std(axis=0) > 0, terms.std(axis=0), 1.0)
        x = (terms - quadratic_mean) / quadratic_scale
    model = LogisticRegression(C=c, max_iter=3000).fit(x, labels)
    return LinearModel(names, scaler.mean_.copy(), scale, model.coef_[0].copy(), float(model.intercept_[0]),
                       quadratic_mean, quadratic_scale)


@dataclass
class Outcome:
    """Per question, out of fold: the first candidate's article and its answer probability."""

    first: list[str | None]
    probability: list[float]


def cross_validate(questions: list[Question], c: float, quadratic: bool) -> Outcome:
    ranked = [q for q in questions if len(q.labels)]
    groups = np.arange(len(ranked))
    first: dict[int, str | None] = {}
    probability: dict[int, float] = {}
    for train, test in GroupKFold(n_splits=FOLDS).split(groups, groups=groups):
        ranker = fit_linear(np.vstack([ranked[i].features for i in train]),
                            np.concatenate([ranked[i].labels for i in train]), c, CANDIDATE_FEATURES, quadratic)
        # The answer model learns from the ranker's out-of-fold scores within the training folds.
        inner_x, inner_y = [], []
        inner_groups = np.array(train)
        for inner_train, inner_test in GroupKFold(n_splits=FOLDS - 1).split(inner_groups, groups=inner_groups):
            inner_ranker = fit_linear(np.vstack([ranked[train[i]].features for i in inner_train]),
                                      np.concatenate([ranked[train[i]].labels for i in inner_train]), c,
                                      CANDIDATE_FEATURES, quadratic)
            for i in inner_test:
                q = ranked[train[i]]
                scores = inner_ranker.log_odds(q.features)
                inner_x.append(answer_features(q.pool, q.features, scores))  # type: ignore[arg-type]
                inner_y.append(q.article_labels)
        answer = fit_linear(np.vstack(inner_x), np.concatenate(inner_y), 1.0, ANSWER_FEATURES)
        for i in test:
            q = ranked[i]
            scores = ranker.log_odds(q.features)
            best = int(np.argmax(scores))
            probabilities = answer.probability(answer_features(q.pool, q.features, scores))  # type: ignore[arg-type]
            first[id(q)] = q.articles[best]
            probability[id(q)] = float(probabilities[best])
    return Outcome([first.get(id(q)) for q in questions], [probability.get(id(q), 0.0) for q in questions])


def right(item: Item, article: str | None) -> bool:
    return item.kind != "absent" and article is not None and article in item.articles


def summary(questions: list[Question], outcome: Outcome, threshold: float) -> dict[str, float]:
    asked = [i for i, q in enumerate(questions) if q.item.kind != "absent"]
    answered = [not q.missing and outcome.first[i] is not None and outcome.probability[i] >= threshold
                for i, q in enumerate(questions)]
    wrong = [answered[i] and not right(q.item, outcome.first[i]) for i, q in enumerate(questions)]
    return {
        "right_first": sum(answered[i] and right(questions[i].item, outcome.first[i]) for i in asked) / len(asked),
        "ranked_right_first": sum(right(questions[i].item, outcome.first[i]) for i in asked) / len(asked),
        "wrong_of_answerable": sum(wrong[i] for i in asked) / len(asked),
        "wrong_per_100_all": 100 * sum(wrong) / len(questions),
        "answered_share": sum(answered) / len(questions),
        "absent_abstained": (sum(not answered[i] for i, q in enumerate(questions) if q.item.kind == "absent")
                             / max(1, sum(q.item.kind == "absent" for q in questions))),
    }


def plain_fusion(questions: list[Question]) -> Outcome:
    column = CANDIDATE_FEATURES.index("rrf")
    first = [q.articles[int(np.argmax(q.features[:, column]))] if len(q.labels) else None for q in questions]
    return Outcome(first, [1.0] * len(questions))


def choose_threshold(questions: list[Question], outcome: Outcome, wrong_per_100: float) -> float:
    for threshold in np.round(np.arange(0.05, 0.96, 0.01), 2):
        if summary(questions, outcome, float(threshold))["wrong_per_100_all"] <= wrong_per_100:
            return float(threshold)
    return 0.95


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.train_ranker", description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path(__file__).resolve().parent / ".data-cancergov")
    parser.add_argument("--general-data-dir", type=Path, default=Path(__file__).resolve().parent / ".data")
    parser.add_argument("--starter-data-dir", type=Path, default=Path(__file__).resolve().parent / ".data-starter")
    parser.add_argument("--cancer-only", action="store_true", help="train on the cancer sets alone")
    parser.add_argument("--wrong-per-100", type=float, default=6.0,
                        help="wrong answers per 100 questions the threshold allows (default 6)")
    parser.add_argument("--article-labels", action="store_true",
                        help="label candidates by article only (default: by the sections the writers named)")
    parser.add_argument("--dry-run", action="store_true", help="print the figures, do not write the model")
    args = parser.parse_args(argv)
    paths = sorted(SETS_DIR.glob("train_*_set.jsonl"))
    if not paths or not CANCERGOV.is_dir():
        print("error: no training sets or no ../shared data", file=sys.stderr)
        return 2
    general_paths = [path for path in paths if path.name.startswith("train_g")]
    starter_paths = [path for path in paths if path.name.startswith("train_s")]
    if args.cancer_only:
        general_paths, starter_paths = [], []
    cancer_paths = [path for path in paths if path not in general_paths and not path.name.startswith("train_s")]
    paths = cancer_paths + starter_paths + general_paths
    by_section = not args.article_labels
    # The libraries the helpline is made for (cancer, and its own starter library) come first: the threshold is
    # set on their questions.
    cancer_items = [item for path in cancer_paths for item in load_set(path)]
    starter_items = [item for path in starter_paths for item in load_set(path)]
    general_items = [item for path in general_paths for item in load_set(path)]
    items = cancer_items + starter_items + general_items
    questions = collect(library(args.data_dir, [CANCERGOV, SEED_PAGE]), cancer_items, by_section)
    if starter_items:
        questions += collect(library(args.starter_data_dir, [STARTER]), starter_items, by_section, starter_keys())
    if general_items:
        questions += collect(library(args.general_data_dir, [CANCERGOV.parent]), general_items, by_section)
    print(f"{len(items)} training questions from {', '.join(p.name for p in paths)}; "
          f"{sum(q.missing for q in questions)} with a focus the library lacks", file=sys.stderr)
    fusion = plain_fusion(questions)
    print(f"plain RRF, never abstaining:     {summary(questions, fusion, 0.0)}")
    best: tuple[float, bool, float, Outcome] | None = None
    for quadratic in (False, True):
        for c in (0.1, 1.0):
            outcome = cross_validate(questions, c, quadratic)
            figures = summary(questions, outcome, 0.0)
            print(f"C={c:<4} {'quadratic' if quadratic else 'linear':<9} out of fold, no threshold: {figures}")
            if best is None or figures["ranked_right_first"] > best[2]:
                best = (c, quadratic, figures["ranked_right_first"], outcome)
    assert best is not None
    c, quadratic, _, outcome = best
    # The threshold is set on the questions of the libraries the helpline is made for (cancer, starter); the
    # general-health sets teach the ranker to transfer, but their labels miss more of the articles that answer.
    split = len(cancer_items) + len(starter_items)
    threshold = choose_threshold(questions[:split], Outcome(outcome.first[:split], outcome.probability[:split]),
                                 args.wrong_per_100)
    chosen = summary(questions, outcome, threshold)
    print(f"chosen C={c} {'quadratic' if quadratic else 'linear'}, threshold {threshold:.2f}: {chosen}")
    if general_items or starter_items:
        bounds = (("cancer sets", 0, len(cancer_items)), ("starter set", len(cancer_items), split),
                  ("general sets", split, len(questions)))
        for name, start, stop in bounds:
            if start == stop:
                continue
            part = slice(start, stop)
            sub = Outcome(outcome.first[part], outcome.probability[part])
            print(f"  {name}: {summary(questions[part], sub, threshold)}")
            print(f"  {name}, plain RRF: {summary(questions[part], plain_fusion(questions[part]), 0.0)}")
    for t in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8):
        print(f"  risk-coverage at {t:.1f}: {summary(questions, outcome, t)}")
    if args.dry_run:
        return 0
    ranked = [q for q in questions if len(q.labels)]
    ranker = fit_linear(np.vstack([q.features for q in ranked]), np.concatenate([q.labels for q in ranked]), c,
                        CANDIDATE_FEATURES, quadratic)
    oof_x, oof_y = [], []
    groups = np.arange(len(ranked))
    for train, test in GroupKFold(n_splits=FOLDS).split(groups, groups=groups):
        fold = fit_linear(np.vstack([ranked[i].features for i in train]),
                          np.concatenate([ranked[i].labels for i in train]), c, CANDIDATE_FEATURES, quadratic)
        for i in test:
            oof_x.append(answer_features(ranked[i].pool, ranked[i].features,  # type: ignore[arg-type]
                                         fold.log_odds(ranked[i].features)))
            oof_y.append(ranked[i].article_labels)
    answer = fit_linear(np.vstack(oof_x), np.concatenate(oof_y), 1.0, ANSWER_FEATURES)
    models = RankingModels(ranker, answer, threshold)
    MODEL_PATH.write_text(json.dumps({
        "trained": datetime.now(UTC).date().isoformat(),
        "training_sets": [p.name for p in paths], "questions": len(items), "C": c, "quadratic": quadratic,
        "labels": "article" if args.article_labels else "section",
        "threshold_rule": f"lowest answer probability with at most {args.wrong_per_100} wrong answers per 100 "
                          "cancer and starter training questions, out of fold",
        "cross_validated": chosen, "plain_rrf": summary(questions, fusion, 0.0),
        "ranker": models.ranker.as_json(), "answer": models.answer.as_json(), "threshold": threshold,
    }, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
