"""Published reference configurations, re-created and trained here next to the
suite's own models for the same job.

    python -m benchmarks.references          # every task, seeds 42, 1 and 2: results/full/benchmark_references.json
    python -m benchmarks.references --tasks reuters_dense   # one task, replacing only its entry in that file
    python -m benchmarks.references --tasks imdb_lstm --seeds 42 --train-size 400 --epochs 1 --output /tmp/b.json

Each task pairs an *anchor*, a configuration whose accuracy was published (the
last table of the curriculum), with the suite's model for the same job. Both
train on the same data and splits (``data.load_splits``: the seeded 20%
validation slice of the training set, the test set as Keras ships it), keep
the epoch of highest validation accuracy (the anchors over their whole
published epoch budget, the suite's models under the suite's stopping rule,
patience 2), meet the test set once, and are timed over the whole fit,
validation included. Every model runs once per seed, in one process, one after
another, so that their times are comparable.

IMDB anchors (Deep Learning with Python, 1st edition, chapter 6): the 10,000
most frequent words; every review padded or cut to 500 tokens by
``pad_sequences``'s defaults, as the published code does (zeros in front, and
the *last* 500 words of a longer review kept); ``Embedding(10000, 32)``; the
recurrent layer; ``Dense(1, sigmoid)``; RMSprop; 10 epochs of batch 128. The
published figures are the best validation accuracy of those 10 epochs. The
suite's IMDB models are those of notebooks 04, 06 and 09 on their protocol
(``helpers.sentiment``): 20,000 words, length-bucketed batches, the pooled
readout, Adam, at most 10 epochs.

Reuters anchor: the published dense network (``reuters.bag_of_words_classifier``:
multi-hot 10,000 words, Dense 64-64-46, RMSprop, batch 512) with its 20
epochs; the book reads the best epoch off the validation curve and retrains,
here that epoch's weights are kept. Two suite models face it, both from
notebook 08 (``helpers.reuters``): the model 08 chose on validation (the same
network with square-root class weights) and its best recurrent one (a
bidirectional GRU(64), pooled, on newswires cut to 150 words, at most 8
epochs).
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
SOURCE_REUTERS = ("Deep Learning with Python, 3rd ed., chapter 4 (Reuters, multi-hot 10,000 words, Dense 64-64-46, "
                  "RMSprop, batch 512); 1st ed., chapter 3: 0.777")
REUTERS_EPOCHS = 20  # the published run's 20 epochs, of which the best on validation is kept
REUTERS_RECURRENT_EPOCHS = 8  # notebook 08's budget for its recurrent models


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


def _reuters_bags(class_weights: bool = False) -> Callable:
    """Notebook 08's dense bag-of-words model on multi-hot newswires, batch
    512; with ``class_weights``, the square root of the balanced weights
    (the model notebook 08 chose on validation)."""

    def prepare(train_size, test_size):
        from helpers import reuters

        splits = data.load_splits("reuters", num_words=reuters.NUM_WORDS, train_size=train_size, test_size=test_size)
        bags = {part: (data.multi_hot(getattr(splits, f"x_{part}"), reuters.NUM_WORDS), getattr(splits, f"y_{part}"))
                for part in ("train", "validation", "test")}
        fit_arguments = {"batch_size": reuters.BAG_BATCH_SIZE}
        if class_weights:
            weights = np.sqrt(reuters.balanced_class_weights(splits.y_train))
            fit_arguments["class_weight"] = dict(enumerate(weights))
        return reuters.bag_of_words_classifier, bags["train"], bags["validation"], bags["test"], fit_arguments

    return prepare


def _reuters_bidirectional_gru(train_size, test_size):
    """Notebook 08's best recurrent model on validation: a bidirectional GRU(64) on newswires cut to 150 words."""
    from keras import layers

    from helpers import reuters

    splits = data.load_splits("reuters", num_words=reuters.NUM_WORDS, train_size=train_size, test_size=test_size)
    batches = reuters.newswire_batches(splits, reuters.newswire_cut(splits))

    def build():
        return reuters.topic_classifier([layers.Bidirectional(layers.GRU(64, return_sequences=True))],
                                        steps_per_epoch=len(batches[0]))

    return (build, *batches, {})


def _imdb_task(published: float, what: str, anchor: tuple[str, Callable], suite: tuple[str, Callable]) -> Task:
    """An IMDB task: the published figure, then (name, layer maker) of the anchor and of the suite's model."""
    return Task({"figure": published, "what": what, "source": SOURCE_1ST_EDITION},
                Contender(anchor[0], ANCHOR_EPOCHS, ANCHOR_EPOCHS, _anchor_imdb(anchor[1])),
                Contender(suite[0], SUITE_EPOCHS, 2, _suite_imdb(suite[1])))


def tasks() -> dict[str, Task]:
    """Every task, by name."""
    from keras import layers

    reuters_published = {"figure": 0.797, "what": "test accuracy", "source": SOURCE_REUTERS}
    reuters_anchor = Contender("Dense 64-64 on 10,000-word bags, published setting", REUTERS_EPOCHS, REUTERS_EPOCHS,
                               _reuters_bags())
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
        "reuters_dense": Task(reuters_published, reuters_anchor,
                              Contender("Dense 64-64, square-root class weights, suite protocol (chosen in 08)",
                                        REUTERS_EPOCHS, 2, _reuters_bags(class_weights=True))),
        "reuters_recurrent": Task(reuters_published, reuters_anchor,
                                  Contender("Bidirectional GRU(64) pooled, suite protocol",
                                            REUTERS_RECURRENT_EPOCHS, 2, _reuters_bidirectional_gru)),
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


def run(task_names=None, seeds=SEEDS, train_size=None, test_size=None, epochs=None, finished=None) -> dict:
    """Every named task (all by default): anchor and suite over ``seeds``, and their ratios.

    Each task's entry carries its own settings, machine and finishing time, so
    that tasks run at different times can share one file; ``finished(name,
    entry)``, when given, is called as each task ends."""
    tf = import_tensorflow()
    every = tasks()
    task_names = list(task_names or every)
    unknown = sorted(set(task_names) - set(every))
    if unknown:
        raise ValueError(f"tasks {unknown} unknown; choose from {sorted(every)}.")
    machine = (f"{platform.machine()}, {os.cpu_count()} CPU cores, "
               f"{len(tf.config.list_physical_devices('GPU'))} GPUs visible")
    results = {}
    for name in task_names:
        task, start = every[name], time.perf_counter()
        anchor, suite = (run_contender(c, seeds, train_size, test_size, epochs) for c in (task.anchor, task.suite))
        results[name] = {
            "published": task.published, "anchor": anchor, "suite": suite,
            "accuracy_ratio": suite["test_accuracy"]["mean"] / anchor["test_accuracy"]["mean"],
            "time_ratio": suite["train_seconds"]["mean"] / anchor["train_seconds"]["mean"],
            "seeds": list(seeds), "train_size": train_size, "test_size": test_size, "epochs_override": epochs,
            "seconds": round(time.perf_counter() - start, 1),
            "finished_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "machine": machine, "versions": library_versions(),
        }
        if finished:
            finished(name, results[name])
    return results


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
    stored = json.loads(args.output.read_text(encoding="utf-8"))["tasks"] if args.output.exists() else {}

    def keep(name, entry):  # written after every task, so a long run loses at most the task in progress
        stored[name] = entry
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(json.dumps({"tasks": stored}, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        anchor, suite = (entry[side]["test_accuracy"]["mean"] for side in ("anchor", "suite"))
        print(f"{name}: test accuracy anchor {anchor:.4f}, suite {suite:.4f} (ratio {entry['accuracy_ratio']:.3f}); "
              f"training time ratio {entry['time_ratio']:.2f}", flush=True)

    run(args.tasks, args.seeds, args.train_size, args.test_size, args.epochs, finished=keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
