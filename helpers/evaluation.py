"""Classification metrics and the results records every trained model leaves.

Metrics are computed with NumPy from labels and predicted probabilities, so
they work for any model. Records are JSON files under ``results/<mode>/``:
full-mode records are kept in the repository, fast-mode ones (CI) go to
``results/fast/``, which git ignores, so a fast run never overwrites a full one.
"""

from __future__ import annotations

import datetime
import json
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.runmode import MODES, library_versions, run_mode

RESULTS_DIR = Path(__file__).resolve().parent.parent / "results"


def timed_fit(model, *args, **kwargs):
    """``model.fit(*args, **kwargs)``, timed. Returns ``(history, seconds)``,
    the wall-clock seconds of the whole fit (validation included)."""
    start = time.perf_counter()
    history = model.fit(*args, **kwargs)
    return history, time.perf_counter() - start


def confusion_matrix(y_true, y_pred, num_classes: int) -> np.ndarray:
    """Counts, shape ``(num_classes, num_classes)``: row = true class,
    column = predicted class."""
    y_true = _labels(y_true, "y_true")
    y_pred = _labels(y_pred, "y_pred")
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has {y_true.shape[0]} labels but y_pred has {y_pred.shape[0]}; pass one prediction per label.")
    if num_classes < 1 or max(y_true.max(initial=0), y_pred.max(initial=0)) >= num_classes:
        raise ValueError(f"num_classes={num_classes} is smaller than the largest label + 1; pass the number of classes.")
    counts = np.zeros((num_classes, num_classes), dtype=np.int64)
    np.add.at(counts, (y_true, y_pred), 1)
    return counts


def per_class_table(confusion: np.ndarray, class_names=None) -> pd.DataFrame:
    """Precision, recall, F1 and support per class from a confusion matrix.
    A class never predicted (or never present) gets 0 for the undefined ratio."""
    confusion = np.asarray(confusion)
    true_positives = np.diag(confusion).astype(float)
    predicted = confusion.sum(axis=0)
    support = confusion.sum(axis=1)
    precision = np.divide(true_positives, predicted, out=np.zeros_like(true_positives), where=predicted > 0)
    recall = np.divide(true_positives, support, out=np.zeros_like(true_positives), where=support > 0)
    denominator = precision + recall
    f1 = np.divide(2 * precision * recall, denominator, out=np.zeros_like(true_positives), where=denominator > 0)
    names = list(class_names) if class_names is not None else [str(i) for i in range(len(confusion))]
    if len(names) != len(confusion):
        raise ValueError(f"class_names has {len(names)} names for {len(confusion)} classes; pass one name per class.")
    return pd.DataFrame(
        {"precision": precision, "recall": recall, "f1": f1, "support": support},
        index=pd.Index(names, name="class"),
    )


def binary_metrics(y_true, y_prob, threshold: float = 0.5, class_names=("negative", "positive")) -> dict:
    """Accuracy, per-class precision/recall/F1 and the confusion matrix for a
    binary classifier.

    Args:
        y_true: labels 0/1, shape ``(n,)``.
        y_prob: predicted probability of class 1, shape ``(n,)`` or ``(n, 1)``.
        threshold: probabilities at or above it count as class 1.
    """
    y_prob = np.asarray(y_prob, dtype=float).reshape(-1)
    if y_prob.size and (y_prob.min() < 0 or y_prob.max() > 1):
        raise ValueError("y_prob must hold probabilities in [0, 1]; apply a sigmoid to logits first.")
    y_pred = (y_prob >= threshold).astype(np.int64)
    confusion = confusion_matrix(y_true, y_pred, 2)
    return {
        "accuracy": float(np.trace(confusion) / confusion.sum()),
        "per_class": per_class_table(confusion, class_names),
        "confusion": confusion,
    }


def multiclass_metrics(y_true, y_prob, class_names=None, top_k: int = 3) -> dict:
    """Accuracy, top-k accuracy, per-class precision/recall/F1, macro F1 and
    the confusion matrix for a classifier with one probability per class.

    Args:
        y_true: integer labels, shape ``(n,)``.
        y_prob: class probabilities (or scores), shape ``(n, num_classes)``.
        top_k: a prediction counts for ``top_k_accuracy`` if the true class is
            among the ``top_k`` highest scores.
    """
    y_prob = np.asarray(y_prob, dtype=float)
    if y_prob.ndim != 2:
        raise ValueError(f"y_prob must have shape (n, num_classes), got {y_prob.shape}.")
    num_classes = y_prob.shape[1]
    if not 1 <= top_k <= num_classes:
        raise ValueError(f"top_k={top_k} must lie between 1 and the number of classes ({num_classes}).")
    y_true = _labels(y_true, "y_true")
    confusion = confusion_matrix(y_true, y_prob.argmax(axis=1), num_classes)
    top = np.argsort(-y_prob, axis=1, kind="stable")[:, :top_k]
    table = per_class_table(confusion, class_names)
    return {
        "accuracy": float(np.trace(confusion) / confusion.sum()),
        f"top_{top_k}_accuracy": float((top == y_true[:, None]).any(axis=1).mean()),
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


@dataclass
class ResultRecord:
    """What one trained model achieved, and under which conditions."""

    notebook: str
    model: str
    dataset: str
    parameters: int
    epochs: int
    train_seconds: float
    validation: dict
    test: dict
    mode: str = field(default_factory=run_mode)
    versions: dict = field(default_factory=library_versions)
    recorded_at: str = field(
        default_factory=lambda: datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    )


def record_result(record: ResultRecord, results_dir: Path = RESULTS_DIR) -> Path:
    """Write ``record`` to ``results_dir/<mode>/<notebook>--<model>.json`` and
    return the path. Metric values must be plain numbers."""
    if record.mode not in MODES:
        raise ValueError(f"record.mode={record.mode!r} must be one of {', '.join(MODES)}.")
    for part in ("validation", "test"):
        for key, value in getattr(record, part).items():
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise ValueError(f"record.{part}[{key!r}] must be a number, got {type(value).__name__}.")
    path = Path(results_dir) / record.mode / f"{_slug(record.notebook)}--{_slug(record.model)}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(record), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def best_epoch(history) -> dict:
    """The validation metrics at the epoch of lowest validation loss (the
    epoch early stopping with ``restore_best_weights`` keeps), plus that
    epoch's number counted from 1.

    Args:
        history: a Keras ``History`` or its ``.history`` dict.
    """
    curves = getattr(history, "history", history)
    if "val_loss" not in curves:
        raise ValueError("history has no val_loss; train with validation data to pick an epoch.")
    best = int(np.argmin(curves["val_loss"]))
    metrics = {key[len("val_"):]: float(values[best]) for key, values in curves.items() if key.startswith("val_")}
    return {"epoch": best + 1, **metrics}


def record_model(notebook: str, model_name: str, dataset: str, model, history, train_seconds: float,
                 x_test, y_test, results_dir: Path = RESULTS_DIR) -> ResultRecord:
    """Evaluate a trained Keras model on the test set (once), and write its
    results record: validation metrics from :func:`best_epoch`, test metrics
    from ``model.evaluate``. Returns the record."""
    test = model.evaluate(x_test, y_test, verbose=0, return_dict=True)
    record = ResultRecord(
        notebook=notebook,
        model=model_name,
        dataset=dataset,
        parameters=int(model.count_params()),
        epochs=len(history.history["loss"]),
        train_seconds=round(float(train_seconds), 1),
        validation=best_epoch(history),
        test={key: float(value) for key, value in test.items()},
    )
    record_result(record, results_dir)
    return record


def load_results(mode: str = "full", results_dir: Path = RESULTS_DIR) -> pd.DataFrame:
    """All records of one mode as one table, a row per model, with the
    validation and test metrics spread into ``val_*`` and ``test_*`` columns."""
    if mode not in MODES:
        raise ValueError(f"mode={mode!r} must be one of {', '.join(MODES)}.")
    rows = []
    for path in sorted((Path(results_dir) / mode).glob("*--*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        row = {key: record[key] for key in ("notebook", "model", "dataset", "parameters", "epochs", "train_seconds")}
        row.update({f"val_{k}": v for k, v in record["validation"].items()})
        row.update({f"test_{k}": v for k, v in record["test"].items()})
        rows.append(row)
    return pd.DataFrame(rows)


def record_notebook_runtime(notebook: str, mode: str, seconds: float, results_dir: Path = RESULTS_DIR) -> Path:
    """Add (or replace) one notebook's wall-clock run time in
    ``results_dir/<mode>/notebook_runtimes.json`` and return that path."""
    if mode not in MODES:
        raise ValueError(f"mode={mode!r} must be one of {', '.join(MODES)}.")
    path = Path(results_dir) / mode / "notebook_runtimes.json"
    runtimes = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    runtimes[notebook] = {
        "seconds": round(float(seconds), 1),
        "recorded_at": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "versions": library_versions(),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(runtimes, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_.]+", "_", text).strip("_")
    if not slug:
        raise ValueError(f"{text!r} gives an empty file name; use letters or digits.")
    return slug
