"""Training plumbing shared by the notebooks: timing a fit, the stopping
rule, the epoch a run is judged by.

The model definition always stays in the notebook; these helpers only hide
the bookkeeping around ``model.fit``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from helpers.arguments import check_integer
from helpers.paths import RESULTS_DIR
from helpers.records import ResultRecord, record_result


def timed_fit(model, *args, **kwargs):
    """``model.fit(*args, **kwargs)``, timed. Returns ``(history, seconds)``,
    the wall-clock seconds of the whole fit (validation included)."""
    start = time.perf_counter()
    history = model.fit(*args, **kwargs)
    return history, time.perf_counter() - start


# Scores where a larger value is better; every other curve (a loss, mae,
# mse, perplexity) is an error, where smaller is better.
SCORES = ("accuracy", "auc", "precision", "recall", "f1")


def higher_is_better(monitor: str) -> bool:
    """Whether a larger value of the curve ``monitor`` (e.g. ``"val_accuracy"``) is better."""
    return any(score in monitor for score in SCORES)


def best_epoch(history, monitor: str = "val_loss") -> dict:
    """The validation metrics at the best epoch by ``monitor`` (highest for
    accuracy-like scores, lowest for losses and errors such as ``mae``: see
    :func:`higher_is_better`; the epoch :func:`early_stopping` keeps), plus
    that epoch's number counted from 1.

    Args:
        history: a Keras ``History`` or its ``.history`` dict.
        monitor: the validation curve that decides, e.g. ``"val_accuracy"``.
    """
    curves = getattr(history, "history", history)
    if monitor not in curves:
        raise ValueError(f"history has no {monitor!r} curve (keys: {sorted(curves)}); "
                         "train with validation data, or pass monitor= one of those keys.")
    values = np.asarray(curves[monitor], dtype=float)
    best = int(np.argmax(values) if higher_is_better(monitor) else np.argmin(values))
    metrics = {key[len("val_"):]: float(v[best]) for key, v in curves.items() if key.startswith("val_")}
    return {"epoch": best + 1, **metrics}


# The stopping rule every notebook uses: watch validation accuracy (the figure
# models are chosen by), stop after PATIENCE epochs without a new best, and
# keep the weights of the best epoch.
MONITOR = "val_accuracy"
PATIENCE = 2


def early_stopping(monitor: str = MONITOR, patience: int = PATIENCE):
    """The suite's stopping rule as a Keras callback (restores the best epoch's weights)."""
    import keras

    mode = "max" if higher_is_better(monitor) else "min"
    return keras.callbacks.EarlyStopping(monitor=monitor, mode=mode, patience=patience, restore_best_weights=True)


@dataclass
class Trained:
    """A model trained by :func:`train`, with its history and results record."""

    model: object
    history: object
    record: ResultRecord
    results_dir: Path = RESULTS_DIR

    @property
    def best(self) -> dict:
        """The validation metrics of the epoch the model was restored to."""
        return self.record.validation


def train(model, train_data, validation_data, *, notebook: str, name: str, dataset: str, epochs: int,
          monitor: str = MONITOR, patience: int = PATIENCE, results_dir: Path = RESULTS_DIR,
          **fit_arguments) -> Trained:
    """Fit a compiled model with the suite's stopping rule, restore the best
    epoch, time the fit, print one line and write the results record
    (validation metrics only; :func:`test_once` adds the test metrics).

    Args:
        train_data, validation_data: a Keras dataset (e.g. ``LengthBuckets``)
            or an ``(x, y)`` pair of arrays.
        notebook, name, dataset: identify the record (``name`` says what the
            model is, e.g. "LSTM(64) mean+max pooled").
        epochs: the most epochs to run; early stopping usually ends sooner.
        fit_arguments: passed on to ``model.fit`` (e.g. ``batch_size``).
    """
    epochs = check_integer("epochs", epochs, minimum=1)
    x, y = train_data if isinstance(train_data, tuple) else (train_data, None)
    history, seconds = timed_fit(model, x, y, validation_data=validation_data, epochs=epochs, verbose=0,
                                 callbacks=[early_stopping(monitor, patience)], **fit_arguments)
    best = best_epoch(history, monitor)
    runs = len(history.history["loss"])
    record = ResultRecord(notebook=notebook, model=name, dataset=dataset, parameters=int(model.count_params()),
                          epochs=runs, train_seconds=round(seconds, 1), validation=best)
    record_result(record, results_dir)
    shown = dict.fromkeys(key for key in ("accuracy", monitor.removeprefix("val_"), "loss") if key in best)
    figures = ", ".join(f"{key} {best[key]:.4f}" for key in shown)
    print(f"{name}: {runs} epochs in {seconds:.0f} s ({seconds / runs:.1f} s/epoch); best epoch {best['epoch']}: "
          f"validation {figures}")
    return Trained(model, history, record, results_dir)


def test_once(trained: Trained, test_data, **extra_metrics) -> dict:
    """Evaluate a chosen model on the test set and add the result to its
    record. Refuses a second evaluation of the same record: the test set is
    for reporting, never for choosing.

    Args:
        test_data: a Keras dataset or an ``(x, y)`` pair of arrays.
        extra_metrics: further test figures to record (plain numbers), e.g.
            a macro F1 computed with ``helpers.metrics``.
    """
    if trained.record.test:
        raise RuntimeError(f"{trained.record.model} has already been evaluated on the test set; "
                           "the test set is used once per model.")
    x, y = test_data if isinstance(test_data, tuple) else (test_data, None)
    results = trained.model.evaluate(x, y, verbose=0, return_dict=True)
    trained.record.test = {key: float(value) for key, value in {**results, **extra_metrics}.items()}
    record_result(trained.record, trained.results_dir)
    return trained.record.test


def epoch_seconds(model, batches, warm_up_batches: int = 3) -> float:
    """Wall-clock seconds of one training epoch of a compiled ``model`` over
    ``batches`` (a Keras dataset such as ``LengthBuckets``), after
    ``warm_up_batches`` untimed training steps that pay for graph tracing.
    The warm-up steps train the model too."""
    warm_up_batches = check_integer("warm_up_batches", warm_up_batches, minimum=1)
    model.fit(batches, epochs=1, steps_per_epoch=min(warm_up_batches, len(batches)), verbose=0)
    start = time.perf_counter()
    model.fit(batches, epochs=1, verbose=0)
    return time.perf_counter() - start


def median_seconds(call, repeats: int = 5) -> float:
    """The median wall-clock seconds of ``repeats`` calls of ``call()``, after
    one untimed call (which pays for tracing and memory allocation)."""
    repeats = check_integer("repeats", repeats, minimum=1)
    call()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return float(np.median(times))
