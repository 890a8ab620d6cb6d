"""A linear classifier over sentence vectors, fitted on the labelled example messages.

Nearest examples judge a message by the two or three examples it happens to sit closest to; a linear model
weighs every example of every class, so wording far from any one example but in the direction of a class (a
new way of saying "I won't be around much longer") still leans towards it. Multinomial logistic regression
(scikit-learn, L-BFGS) with an L2 penalty and balanced class weights: deterministic, a second or so on the bank.
Only its weights are kept, so a cached fit is read back without scikit-learn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression

L2 = 0.001  # penalty per unit of total example weight: scikit-learn's C is 1 / (L2 × number of examples)
MAX_ITERATIONS = 1000
FIT_SETTINGS = f"sklearn-softmax-l2={L2}-iterations={MAX_ITERATIONS}-balanced"  # part of the cached fit's key


@dataclass(frozen=True)
class LinearClassifier:
    classes: tuple[str, ...]
    weights: np.ndarray  # (dimensions + 1, classes): the last row is the bias

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        logits = np.append(vector, 1.0) @ self.weights
        exp = np.exp(logits - logits.max())
        return dict(zip(self.classes, (exp / exp.sum()).tolist(), strict=True))

    def to_array(self) -> np.ndarray:
        return self.weights

    @classmethod
    def from_array(cls, classes: Sequence[str], weights: np.ndarray) -> LinearClassifier:
        return cls(tuple(classes), weights)


def fit(vectors: np.ndarray, labels: Sequence[str], classes: Sequence[str], l2: float = L2) -> LinearClassifier:
    """Fits the classifier; each class weighs the same in total, however many examples it has. A class with no
    example gets a probability of zero."""
    label_array = np.asarray(labels)
    present = [name for name in classes if (label_array == name).any()]
    weights = np.zeros((vectors.shape[1] + 1, len(classes)))
    weights[-1, :] = -1e9  # absent classes
    if len(present) < 2:  # nothing to tell apart: the one class there is (if any) is certain
        weights[-1, [classes.index(name) for name in present]] = 0.0
        return LinearClassifier(tuple(classes), weights)
    model = LogisticRegression(C=1.0 / (l2 * len(label_array)), class_weight="balanced", max_iter=MAX_ITERATIONS)
    model.fit(vectors.astype(np.float64), label_array)
    for column, name in enumerate(classes):
        if name in present:
            row = list(model.classes_).index(name)
            if len(model.classes_) == 2:  # scikit-learn keeps one row for two classes: the second's side
                sign = 1.0 if row == 1 else -1.0
                weights[:-1, column], weights[-1, column] = sign * model.coef_[0] / 2, sign * model.intercept_[0] / 2
            else:
                weights[:-1, column], weights[-1, column] = model.coef_[row], model.intercept_[row]
    return LinearClassifier(tuple(classes), weights)
