"""A linear classifier over sentence vectors, fitted on the labelled example messages.

Nearest examples judge a message by the two or three examples it happens to sit closest to; a linear model
weighs every example of every class, so wording far from any one example but in the direction of a class (a
new way of saying "I won't be around much longer") still leans towards it. Multinomial logistic regression with
an L2 penalty and balanced class weights, fitted with L-BFGS: deterministic, a second or so on the bank.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import minimize

L2 = 0.001
MAX_ITERATIONS = 500
FIT_SETTINGS = f"softmax-l2={L2}-iterations={MAX_ITERATIONS}-balanced"  # part of the cached fit's key


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
    """Fits the classifier; each class weighs the same in total, however many examples it has."""
    label_array = np.asarray(labels)
    targets = (label_array[:, None] == np.asarray(classes)[None, :]).astype(np.float64)
    counts = targets.sum(axis=0)
    sample_weights = (targets / np.maximum(counts, 1.0)).sum(axis=1)
    sample_weights /= sample_weights.sum()
    inputs = np.hstack([vectors.astype(np.float64), np.ones((len(vectors), 1))])
    shape = (inputs.shape[1], len(classes))

    def loss_and_gradient(theta: np.ndarray) -> tuple[float, np.ndarray]:
        weights = theta.reshape(shape)
        logits = inputs @ weights
        logits -= logits.max(axis=1, keepdims=True)
        probabilities = np.exp(logits)
        probabilities /= probabilities.sum(axis=1, keepdims=True)
        loss = -float((sample_weights * (targets * np.log(probabilities + 1e-12)).sum(axis=1)).sum())
        loss += l2 * float((weights[:-1] ** 2).sum()) / 2
        gradient = inputs.T @ ((probabilities - targets) * sample_weights[:, None])
        gradient[:-1] += l2 * weights[:-1]
        return loss, gradient.ravel()

    result = minimize(loss_and_gradient, np.zeros(shape[0] * shape[1]), jac=True, method="L-BFGS-B",
                      options={"maxiter": MAX_ITERATIONS})
    return LinearClassifier(tuple(classes), np.asarray(result.x).reshape(shape))
