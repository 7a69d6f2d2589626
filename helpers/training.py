"""Training plumbing shared by the notebooks: the epoch a run is judged by,
the stopping rule, and a Keras callback that times a fit and writes its
results record.

The model definition and the ``model.fit(...)`` call stay in the notebook;
the bookkeeping rides along as a callback passed to ``fit``::

    run = training.RecordRun(NOTEBOOK, "LSTM(64) pooled", "imdb")
    model.fit(train_batches, validation_data=validation_batches, epochs=EPOCHS, verbose=0,
              callbacks=[keras.callbacks.EarlyStopping("val_accuracy", patience=2, mode="max",
                                                       restore_best_weights=True), run])
    run.test_once(test_batches)  # at the very end; run again, it shows the same figures
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from helpers.arguments import check_integer
from helpers.records import ResultRecord, record_result
from helpers.runmode import import_tensorflow, run_by_runner

import_tensorflow()
import keras  # noqa: E402  (after TensorFlow has been loaded quietly)

# Scores where a larger value is better; every other curve (a loss, mae,
# mse, perplexity, bits per character) is an error, where smaller is better.
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
    mode = "max" if higher_is_better(monitor) else "min"
    return keras.callbacks.EarlyStopping(monitor=monitor, mode=mode, patience=patience, restore_best_weights=True)


class RecordRun(keras.callbacks.Callback):
    """A Keras callback that times a ``fit`` and, when it ends, prints one
    line and writes the model's results record (validation metrics of the
    best epoch by ``monitor``; :meth:`test_once` adds the test metrics).

    Pass it to ``model.fit(..., callbacks=[...])`` after an ``EarlyStopping``
    with ``restore_best_weights=True``, so that the weights kept are those of
    the epoch recorded.

    Args:
        notebook, name, dataset: identify the record (``name`` says what the
            model is, e.g. "LSTM(64) pooled").
        monitor: the validation curve that picks the best epoch.
        results_dir: where the record goes (default: ``records.records_dir()``).
    """

    def __init__(self, notebook: str, name: str, dataset: str, monitor: str = MONITOR,
                 results_dir: Path | None = None):
        super().__init__()
        for argument, value in (("notebook", notebook), ("name", name), ("dataset", dataset)):
            if not isinstance(value, str) or not value:
                raise ValueError(f"{argument}={value!r} must be a non-empty string naming the run.")
        self.notebook, self.name, self.dataset, self.monitor = notebook, name, dataset, monitor
        self.results_dir = results_dir
        self.curves: dict[str, list[float]] = {}
        self.record: ResultRecord | None = None
        self._start = 0.0

    def on_train_begin(self, logs=None):
        self.curves, self.record = {}, None
        self._start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        for key, value in (logs or {}).items():
            self.curves.setdefault(key, []).append(float(value))

    def on_train_end(self, logs=None):
        seconds = time.perf_counter() - self._start
        best = best_epoch(self.curves, self.monitor)
        runs = len(self.curves["loss"])
        self.record = ResultRecord(notebook=self.notebook, model=self.name, dataset=self.dataset,
                                   parameters=int(self.model.count_params()), epochs=runs,
                                   train_seconds=round(seconds, 1), validation=best)
        record_result(self.record, self.results_dir)
        shown = dict.fromkeys(key for key in ("accuracy", self.monitor.removeprefix("val_"), "loss") if key in best)
        figures = ", ".join(f"{key} {best[key]:.4f}" for key in shown)
        print(f"{self.name}: {runs} epochs in {seconds:.0f} s ({seconds / runs:.1f} s/epoch); "
              f"best epoch {best['epoch']}: validation {figures}")

    @property
    def best(self) -> dict:
        """The validation metrics of the best epoch (the one the weights were restored to)."""
        if self.record is None:
            raise RuntimeError(f"{self.name}: no record yet; run the cell with model.fit(..., callbacks=[..., run]) "
                               "first.")
        return self.record.validation

    def test_once(self, test_data, **extra_metrics) -> dict:
        """Evaluate the trained model on the test set: see :func:`test_once`."""
        return test_once(self, test_data, **extra_metrics)


@dataclass
class Trained:
    """A model trained by :func:`train`, with its history and results record."""

    model: object
    history: object
    record: ResultRecord
    results_dir: Path | None = None

    @property
    def best(self) -> dict:
        """The validation metrics of the epoch the model was restored to."""
        return self.record.validation


def train(model, train_data, validation_data, *, notebook: str, name: str, dataset: str, epochs: int,
          monitor: str = MONITOR, patience: int = PATIENCE, results_dir: Path | None = None,
          **fit_arguments) -> Trained:
    """``model.fit`` with the suite's stopping rule and a :class:`RecordRun`,
    for notebooks that train many models alike (the notebooks that teach the
    ``fit`` call write it out).

    Args:
        train_data, validation_data: a Keras dataset (e.g. ``LengthBuckets``)
            or an ``(x, y)`` pair of arrays.
        notebook, name, dataset: identify the record.
        epochs: the most epochs to run; early stopping usually ends sooner.
        fit_arguments: passed on to ``model.fit`` (e.g. ``batch_size``).
    """
    epochs = check_integer("epochs", epochs, minimum=1)
    x, y = train_data if isinstance(train_data, tuple) else (train_data, None)
    run = RecordRun(notebook, name, dataset, monitor, results_dir)
    history = model.fit(x, y, validation_data=validation_data, epochs=epochs, verbose=0,
                        callbacks=[early_stopping(monitor, patience), run], **fit_arguments)
    return Trained(model, history, run.record, results_dir)


# How many times each (notebook, model name) has met the test set in this
# kernel: a learner may retrain a model and test it again, and is told so.
_test_counts: dict[tuple[str, str], int] = {}


def test_once(trained: Trained | RecordRun, test_data, **extra_metrics) -> dict:
    """Evaluate a chosen model on the test set and add the result to its
    record; return the test figures.

    The test set is for reporting, never for choosing. Called again on the
    same trained model, this returns the figures already measured and says
    so, without evaluating again. A newly trained model under a name already
    tested is evaluated, with a note of how many times that name has now met
    the test set; under the project's runner that is an error, so that the
    course's own records each come from one look at the test set.

    Args:
        trained: what :func:`train` returned, or the :class:`RecordRun` passed to ``fit``.
        test_data: a Keras dataset or an ``(x, y)`` pair of arrays.
        extra_metrics: further test figures to record (plain numbers), e.g.
            a macro F1 computed with ``helpers.metrics``.
    """
    if trained.record is None:
        raise RuntimeError("this run has no record yet: run the cell that trains the model "
                           "(model.fit with the RecordRun) first.")
    name = trained.record.model
    if trained.record.test:
        print(f"{name}: already measured on the test set; the same figures again (no new evaluation).")
        return trained.record.test
    key = (trained.record.notebook, name)
    looks = _test_counts.get(key, 0) + 1
    if looks > 1 and run_by_runner():
        raise RuntimeError(f"{name} has already been evaluated on the test set in this run; "
                           "give each model its own name, and test it once.")
    x, y = test_data if isinstance(test_data, tuple) else (test_data, None)
    results = trained.model.evaluate(x, y, verbose=0, return_dict=True)
    trained.record.test = {key: float(value) for key, value in {**results, **extra_metrics}.items()}
    record_result(trained.record, trained.results_dir)
    _test_counts[key] = looks
    if looks > 1:
        print(f"{name}: a newly trained model, tested; the test set has now been used {looks} times for this "
              "name. Choose between models on validation, not on these figures.")
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
