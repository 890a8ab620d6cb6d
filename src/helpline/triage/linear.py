"""A linear classifier over a message's sentence vector and its words, fitted on the labelled example messages.

Nearest examples judge a message by the two or three examples it happens to sit closest to; a linear model
weighs every example of every class, so wording far from any one example but in the direction of a class (a
new way of saying "I won't be around much longer") still leans towards it. The sentence vector carries the
meaning; word pairs and character n-grams (TF-IDF) carry what a small sentence model blurs: coded words ("ctb",
"unalive"), misspellings ("over dosing", "suey"), and the one verb that turns a sentence into a method ("hang").
Multinomial logistic regression (scikit-learn, L-BFGS) with balanced class weights; about a second to fit on the
bank, so it is fitted once per process, not cached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

# Inverse L2 penalty, chosen by 10-fold cross-validation on the bank (bench/RESULTS.md): sentence vectors alone
# reach 0.85 accuracy over the four safety classes, with words and characters 0.93.
PENALTY_C = 16.0
MAX_ITERATIONS = 5000


@dataclass(frozen=True)
class LinearClassifier:
    classes: tuple[str, ...]
    readers: tuple[TfidfVectorizer, ...]  # word pairs and character n-grams (none with too few examples)
    weights: np.ndarray  # (features, classes)
    bias: np.ndarray  # (classes,)

    def probabilities(self, text: str, vector: np.ndarray) -> dict[str, float]:
        logits = np.asarray(_features(self.readers, [text], vector[None, :]) @ self.weights + self.bias).ravel()
        exp = np.exp(logits - logits.max())
        return dict(zip(self.classes, (exp / exp.sum()).tolist(), strict=True))


def _features(readers: Sequence[TfidfVectorizer], texts: Sequence[str], vectors: np.ndarray) -> sp.csr_matrix:
    """The sentence vectors beside what each reader finds in the texts."""
    parts = [sp.csr_matrix(vectors.astype(np.float64)), *(reader.transform(texts) for reader in readers)]
    return sp.hstack(parts).tocsr()


def _fitted_readers(texts: Sequence[str]) -> tuple[TfidfVectorizer, ...]:
    """Word pairs and character n-grams fitted on the texts; none when too few examples share any n-gram."""
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    characters = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2)
    try:
        return words.fit(texts), characters.fit(texts)
    except ValueError:
        return ()


def fit(texts: Sequence[str], vectors: np.ndarray, labels: Sequence[str], classes: Sequence[str]) -> LinearClassifier:
    """Fits the classifier; each class weighs the same in total, however many examples it has. A class with no
    example gets a probability of zero; with a single class there is nothing to tell apart and it is certain."""
    label_array = np.asarray(labels)
    present = [name for name in classes if (label_array == name).any()]
    readers = _fitted_readers(texts) if len(present) > 1 else ()
    inputs = _features(readers, texts, vectors)
    weights = np.zeros((inputs.shape[1], len(classes)))
    bias = np.full(len(classes), -1e9)  # absent classes
    if len(present) < 2:
        bias[[list(classes).index(name) for name in present]] = 0.0
        return LinearClassifier(tuple(classes), readers, weights, bias)
    model = LogisticRegression(C=PENALTY_C, class_weight="balanced", max_iter=MAX_ITERATIONS)
    model.fit(inputs, label_array)
    for column, name in enumerate(classes):
        if name in present:
            row = list(model.classes_).index(name)
            if len(model.classes_) == 2:  # scikit-learn keeps one row for two classes: the second's side
                sign = 0.5 if row == 1 else -0.5
                weights[:, column], bias[column] = sign * model.coef_[0], sign * model.intercept_[0]
            else:
                weights[:, column], bias[column] = model.coef_[row], model.intercept_[row]
    return LinearClassifier(tuple(classes), readers, weights, bias)
