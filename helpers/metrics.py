"""Classification metrics from labels and predicted probabilities, computed
by scikit-learn behind the calls the notebooks use.

Every function returns plain numbers, a pandas table of per-class precision,
recall, F1 and support, and the confusion matrix (rows: true class, columns:
predicted class). A class that is never predicted (or never present) gets 0
for the ratio that would divide by zero, not NaN.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn import metrics as sk

from helpers.arguments import check_integer


def confusion_matrix(y_true, y_pred, num_classes: int) -> np.ndarray:
    """Counts, shape ``(num_classes, num_classes)``: row = true class,
    column = predicted class."""
    num_classes = check_integer("num_classes", num_classes, minimum=1)
    y_true = _labels(y_true, "y_true")
    y_pred = _labels(y_pred, "y_pred")
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has {y_true.shape[0]} labels but y_pred has {y_pred.shape[0]}; "
                         "pass one prediction per label.")
    if max(y_true.max(), y_pred.max()) >= num_classes:
        raise ValueError(f"num_classes={num_classes} is smaller than the largest label + 1; "
                         "pass the number of classes.")
    return sk.confusion_matrix(y_true, y_pred, labels=np.arange(num_classes))


def checked_confusion(confusion, class_names=None) -> tuple[np.ndarray, list[str]]:
    """A confusion matrix as an array, with one name per class (``"0"``, ``"1"``,
    ... when ``class_names`` is None).

    Raises:
        ValueError: if the matrix is not square or the names do not fit it.
    """
    confusion = np.asarray(confusion)
    if confusion.ndim != 2 or confusion.shape[0] != confusion.shape[1]:
        raise ValueError(f"confusion must be a square matrix, got shape {confusion.shape}.")
    names = list(class_names) if class_names is not None else [str(i) for i in range(len(confusion))]
    if len(names) != len(confusion):
        raise ValueError(f"class_names has {len(names)} names for {len(confusion)} classes; pass one name per class.")
    return confusion, names


def per_class_table(confusion, class_names=None) -> pd.DataFrame:
    """Precision, recall, F1 and support per class, from a confusion matrix."""
    confusion, names = checked_confusion(confusion, class_names)
    # Expand the counts back into label pairs so that scikit-learn computes the ratios.
    true, predicted = np.nonzero(confusion)
    counts = confusion[true, predicted]
    precision, recall, f1, support = sk.precision_recall_fscore_support(
        np.repeat(true, counts), np.repeat(predicted, counts), labels=np.arange(len(names)), zero_division=0)
    return pd.DataFrame({"precision": precision, "recall": recall, "f1": f1, "support": support},
                        index=pd.Index(names, name="class"))


def most_confused(confusion, class_names=None, top: int = 10) -> pd.DataFrame:
    """The ``top`` largest off-diagonal cells of a confusion matrix: which
    true class was taken for which predicted class, how often, and what share
    of the true class's examples that is.

    Returns:
        a table with columns ``true``, ``predicted``, ``count`` and
        ``share of true``, largest count first (ties: smaller true class
        index first, then smaller predicted index); cells with count 0 are
        left out, so the table may be shorter than ``top``.
    """
    confusion, names = checked_confusion(confusion, class_names)
    top = check_integer("top", top, minimum=1)
    errors = confusion.astype(np.int64).copy()
    np.fill_diagonal(errors, 0)
    true, predicted = np.nonzero(errors)
    counts = errors[true, predicted]
    order = np.lexsort((predicted, true, -counts))[:top]
    totals = confusion.sum(axis=1)
    return pd.DataFrame({
        "true": [names[i] for i in true[order]],
        "predicted": [names[j] for j in predicted[order]],
        "count": counts[order],
        "share of true": counts[order] / totals[true[order]],
    })


def multiclass_metrics(y_true, y_prob, class_names=None, top_k: int = 3) -> dict:
    """Accuracy, top-k accuracy, macro F1, per-class precision/recall/F1 and
    the confusion matrix of a classifier with one probability per class.

    Args:
        y_true: integer labels, shape ``(n,)``.
        y_prob: class probabilities (or scores), shape ``(n, num_classes)``.
        top_k: a prediction counts for ``top_<k>_accuracy`` if the true class
            is among the ``top_k`` highest scores.
    """
    y_prob = np.asarray(y_prob, dtype=float)
    if y_prob.ndim != 2:
        raise ValueError(f"y_prob must have shape (n, num_classes), got {y_prob.shape}.")
    num_classes = y_prob.shape[1]
    top_k = check_integer("top_k", top_k, minimum=1)
    if top_k > num_classes:
        raise ValueError(f"top_k={top_k} must lie between 1 and the number of classes ({num_classes}).")
    y_true = _labels(y_true, "y_true")
    if len(y_true) != len(y_prob):
        raise ValueError(f"y_true has {len(y_true)} labels but y_prob has {len(y_prob)} rows; pass one row per label.")
    confusion = confusion_matrix(y_true, y_prob.argmax(axis=1), num_classes)
    table = per_class_table(confusion, class_names)
    return {
        "accuracy": float(np.trace(confusion) / confusion.sum()),
        f"top_{top_k}_accuracy": float(sk.top_k_accuracy_score(y_true, y_prob, k=top_k,
                                                                labels=np.arange(num_classes))),
        "macro_f1": float(table["f1"].mean()),
        "per_class": table,
        "confusion": confusion,
    }


def _labels(values, name: str) -> np.ndarray:
    array = np.asarray(values).reshape(-1)
    if array.size == 0:
        raise ValueError(f"{name} is empty; pass at least one label.")
    if not np.issubdtype(array.dtype, np.integer) or array.min() < 0:
        raise ValueError(f"{name} must hold non-negative integer class labels, got dtype {array.dtype}.")
    return array.astype(np.int64)
