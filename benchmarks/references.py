"""Published reference configurations, re-created and trained here next to the
suite's own models for the same job.

    python -m benchmarks.references          # every task, seeds 42, 1 and 2: results/full/benchmark_references.json
    python -m benchmarks.references --tasks imdb_lstm --seeds 42 --train-size 400 --epochs 1 --output /tmp/b.json

Each task pairs an *anchor*, a configuration whose accuracy was published (the
last table of the curriculum), with the suite's model for the same job. Both
train on the same data and splits (``data.load_splits``: the seeded 20%
validation slice of the training set, the test set as Keras ships it), choose
their epoch the same way (the highest validation accuracy within their epoch
budget, restored), meet the test set once, and are timed over the whole fit,
validation included. Every model runs once per seed, in one process, one after
another, so that their times are comparable.

The anchors (Deep Learning with Python, 1st edition, chapter 6): the 10,000
most frequent words; every review padded or cut to 500 tokens by
``pad_sequences``'s defaults, as the published code does (zeros in front, and
the *last* 500 words of a longer review kept); ``Embedding(10000, 32)``; the
recurrent layer; ``Dense(1, sigmoid)``; RMSprop; 10 epochs of batch 128. The
published figures are the best validation accuracy of those 10 epochs; here
the anchor keeps its best validation epoch too (patience 10), and reports
that epoch's test accuracy.

The suite's models are those of notebooks 04, 06 and 09 on their protocol
(``helpers.sentiment``): 20,000 words, length-bucketed batches, the pooled
readout, Adam, at most 10 epochs with the suite's stopping rule.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from helpers import data
from helpers.paths import RESULTS_DIR
from helpers.runmode import import_tensorflow, library_versions, set_seed
from helpers.training import test_once, train

SEEDS = (42, 1, 2)
ANCHOR_WORDS, ANCHOR_MAXLEN, ANCHOR_EPOCHS, ANCHOR_BATCH = 10_000, 500, 10, 128
SUITE_EPOCHS = 10
SOURCE_1ST_EDITION = "Deep Learning with Python, 1st ed., chapter 6 (IMDB, 10,000 words, 500 tokens, RMSprop)"


@dataclass(frozen=True)
class Contender:
    """One model of a task: its name and how to build it with its data.

    ``prepare(train_size, test_size)`` returns ``(build, train, validation,
    test, fit_arguments)``: ``build()`` gives a fresh compiled model, the
    three data sets are what ``training.train`` and ``test_once`` take,
    ``fit_arguments`` go to ``model.fit``."""

    name: str
    epochs: int
    patience: int
    prepare: Callable


@dataclass(frozen=True)
class Task:
    """A published figure, the configuration it came from, and the suite's model for the same job."""

    published: dict
    anchor: Contender
    suite: Contender


def _anchor_imdb(make_layer: Callable) -> Callable:
    """The published IMDB setting around a recurrent layer made by ``make_layer()``."""

    def prepare(train_size, test_size):
        import keras

        splits = data.load_splits("imdb", num_words=ANCHOR_WORDS, train_size=train_size, test_size=test_size)

        def padded(name):
            return (keras.utils.pad_sequences(getattr(splits, f"x_{name}"), maxlen=ANCHOR_MAXLEN),
                    getattr(splits, f"y_{name}"))

        def build():
            model = keras.Sequential([keras.Input((ANCHOR_MAXLEN,), dtype="int32"),
                                      keras.layers.Embedding(ANCHOR_WORDS, 32), make_layer(),
                                      keras.layers.Dense(1, activation="sigmoid")])
            model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["accuracy"])
            return model

        return build, padded("train"), padded("validation"), padded("test"), {"batch_size": ANCHOR_BATCH}

    return prepare


def _suite_imdb(make_layer: Callable) -> Callable:
    """The suite's IMDB protocol (``helpers.sentiment``) around ``make_layer()``."""

    def prepare(train_size, test_size):
        from helpers import sentiment

        splits = data.load_splits("imdb", num_words=sentiment.NUM_WORDS, train_size=train_size, test_size=test_size)
        batches = sentiment.review_batches(splits)

        def build():
            return sentiment.sentiment_classifier(make_layer(), sentiment.NUM_WORDS)

        return (build, *batches, {})

    return prepare


def _imdb_task(published: float, what: str, anchor: tuple[str, Callable], suite: tuple[str, Callable]) -> Task:
    """An IMDB task: the published figure, then (name, layer maker) of the anchor and of the suite's model."""
    return Task({"figure": published, "what": what, "source": SOURCE_1ST_EDITION},
                Contender(anchor[0], ANCHOR_EPOCHS, ANCHOR_EPOCHS, _anchor_imdb(anchor[1])),
                Contender(suite[0], SUITE_EPOCHS, 2, _suite_imdb(suite[1])))


def tasks() -> dict[str, Task]:
    """Every task, by name."""
    from keras import layers

    return {
        "imdb_simple_rnn": _imdb_task(
            0.846, "best validation accuracy (last epoch 0.805)",
            ("SimpleRNN(32), published setting", lambda: layers.SimpleRNN(32)),
            ("SimpleRNN(64) pooled, suite protocol", lambda: layers.SimpleRNN(64, return_sequences=True))),
        "imdb_lstm": _imdb_task(
            0.893, "best validation accuracy (last epoch 0.876)",
            ("LSTM(32), published setting", lambda: layers.LSTM(32)),
            ("LSTM(64) pooled, suite protocol", lambda: layers.LSTM(64, return_sequences=True))),
        "imdb_bidirectional": _imdb_task(
            0.886, "best validation accuracy",
            ("Bidirectional LSTM(32), published setting", lambda: layers.Bidirectional(layers.LSTM(32))),
            ("Bidirectional GRU(40) pooled, suite protocol",
             lambda: layers.Bidirectional(layers.GRU(40, return_sequences=True)))),
    }


def run_contender(contender: Contender, seeds, train_size=None, test_size=None, epochs=None) -> dict:
    """Train ``contender`` once per seed; its runs and their summary."""
    build, train_data, validation_data, test_data, fit_arguments = contender.prepare(train_size, test_size)
    runs = []
    with tempfile.TemporaryDirectory() as records:  # the benchmark's JSON is its record
        for seed in seeds:
            set_seed(seed)
            trained = train(build(), train_data, validation_data, notebook="benchmark", dataset="benchmark",
                            name=f"{contender.name}, seed {seed}", epochs=epochs or contender.epochs,
                            patience=contender.patience, results_dir=Path(records), **fit_arguments)
            test = test_once(trained, test_data)
            runs.append({"seed": seed, "test_accuracy": test["accuracy"],
                         "validation_accuracy": trained.best["accuracy"], "best_epoch": trained.best["epoch"],
                         "epochs": trained.record.epochs, "train_seconds": trained.record.train_seconds,
                         "parameters": trained.record.parameters})
    return {"name": contender.name, "runs": runs,
            **{key: summary([run[key] for run in runs]) for key in ("test_accuracy", "train_seconds")}}


def summary(values) -> dict:
    """Mean, standard deviation (n - 1; 0 for one value), lowest and highest, and the spread (highest - lowest)."""
    values = np.asarray(values, dtype=float)
    return {"mean": float(values.mean()), "std": float(values.std(ddof=1)) if len(values) > 1 else 0.0,
            "min": float(values.min()), "max": float(values.max()), "spread": float(values.max() - values.min())}


def run(task_names=None, seeds=SEEDS, train_size=None, test_size=None, epochs=None) -> dict:
    """Every named task (all by default): anchor and suite over ``seeds``, and their ratios."""
    tf = import_tensorflow()
    every = tasks()
    task_names = list(task_names or every)
    unknown = sorted(set(task_names) - set(every))
    if unknown:
        raise ValueError(f"tasks {unknown} unknown; choose from {sorted(every)}.")
    start = time.perf_counter()
    results = {}
    for name in task_names:
        task = every[name]
        anchor, suite = (run_contender(c, seeds, train_size, test_size, epochs) for c in (task.anchor, task.suite))
        results[name] = {
            "published": task.published, "anchor": anchor, "suite": suite,
            "accuracy_ratio": suite["test_accuracy"]["mean"] / anchor["test_accuracy"]["mean"],
            "time_ratio": suite["train_seconds"]["mean"] / anchor["train_seconds"]["mean"],
        }
    return {
        "tasks": results, "seeds": list(seeds), "train_size": train_size, "test_size": test_size,
        "epochs_override": epochs, "seconds": round(time.perf_counter() - start, 1),
        "finished_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores, "
                   f"{len(tf.config.list_physical_devices('GPU'))} GPUs visible",
        "versions": library_versions(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Train the published reference configurations and the suite's "
                                                 "models on the same data, each once per seed.")
    parser.add_argument("--tasks", nargs="*", help="task names (default: all)")
    parser.add_argument("--seeds", nargs="*", type=int, default=list(SEEDS))
    parser.add_argument("--train-size", type=int, default=None, help="only the first N training examples (a smoke run)")
    parser.add_argument("--test-size", type=int, default=None, help="only the first N test examples (a smoke run)")
    parser.add_argument("--epochs", type=int, default=None, help="at most this many epochs per model (a smoke run)")
    parser.add_argument("--output", type=Path, default=RESULTS_DIR / "full" / "benchmark_references.json")
    args = parser.parse_args(argv)
    result = run(args.tasks, args.seeds, args.train_size, args.test_size, args.epochs)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for name, task in result["tasks"].items():
        anchor, suite = (task[side]["test_accuracy"]["mean"] for side in ("anchor", "suite"))
        print(f"{name}: test accuracy anchor {anchor:.4f}, suite {suite:.4f} (ratio {task['accuracy_ratio']:.3f}); "
              f"training time ratio {task['time_ratio']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
