"""The learned ranking and answer models, read from ``ranker_model.json``.

Both are scikit-learn logistic regressions over standardised features, stored as plain numbers so that loading
them needs no pickle. ``bench/train_ranker.py`` trains them on questions written apart from the code and writes
the file, with its cross-validated figures and the data it was trained on (the model card: docs/ranking.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from helpline.search.features import ANSWER_FEATURES, CANDIDATE_FEATURES

MODEL_FILE = "ranker_model.json"


def quadratic_terms(x: np.ndarray) -> np.ndarray:
    """The standardised features with every product of two of them (squares included), in a fixed order."""
    left, right = np.triu_indices(x.shape[1])
    terms: np.ndarray = np.hstack([x, x[:, left] * x[:, right]])
    return terms


@dataclass(frozen=True)
class LinearModel:
    """A logistic regression over standardised features, or over them and their pairwise products (a
    ``quadratic`` model, whose products are standardised again): log-odds and probabilities."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    quadratic_mean: np.ndarray | None = None  # set for a quadratic model
    quadratic_scale: np.ndarray | None = None

    def inputs(self, features: np.ndarray) -> np.ndarray:
        """What the regression's coefficients apply to."""
        x: np.ndarray = (features - self.mean) / self.scale
        if self.quadratic_mean is None or self.quadratic_scale is None:
            return x
        result: np.ndarray = (quadratic_terms(x) - self.quadratic_mean) / self.quadratic_scale
        return result

    def log_odds(self, features: np.ndarray) -> np.ndarray:
        result: np.ndarray = self.inputs(features) @ self.coef + self.intercept
        return result

    def probability(self, features: np.ndarray) -> np.ndarray:
        result: np.ndarray = 1.0 / (1.0 + np.exp(-self.log_odds(features)))
        return result

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"features": list(self.features), "mean": self.mean.tolist(),
                                "scale": self.scale.tolist(), "coef": self.coef.tolist(), "intercept": self.intercept}
        if self.quadratic_mean is not None and self.quadratic_scale is not None:
            data |= {"quadratic_mean": self.quadratic_mean.tolist(), "quadratic_scale": self.quadratic_scale.tolist()}
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any], expected: tuple[str, ...]) -> LinearModel:
        if tuple(data["features"]) != expected:
            raise ValueError(f"{MODEL_FILE}: features {data['features']} differ from the code's {list(expected)}")

        def array(key: str) -> np.ndarray:
            return np.asarray(data[key], dtype=np.float64)

        quadratic = "quadratic_mean" in data
        return cls(tuple(data["features"]), array("mean"), array("scale"), array("coef"), float(data["intercept"]),
                   array("quadratic_mean") if quadratic else None, array("quadratic_scale") if quadratic else None)


@dataclass(frozen=True)
class RankingModels:
    ranker: LinearModel  # orders candidates: is this passage's article one that answers?
    answer: LinearModel  # calibrated: does this hit answer the question at all?
    threshold: float  # the answer probability below which the first responder abstains


def models_from_json(data: dict[str, Any]) -> RankingModels:
    return RankingModels(LinearModel.from_json(data["ranker"], CANDIDATE_FEATURES),
                         LinearModel.from_json(data["answer"], ANSWER_FEATURES), float(data["threshold"]))


@lru_cache(maxsize=1)
def ranking_models() -> RankingModels:
    """The shipped models, read once per process."""
    text = resources.files("helpline.search").joinpath(MODEL_FILE).read_text("utf-8")
    return models_from_json(json.loads(text))
