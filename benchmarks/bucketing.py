"""Length-bucketed batches against fixed-length padding: one epoch each.

    python -m benchmarks.bucketing            # full data, writes results/full/benchmark_bucketing.json

The same model (the suite's sentiment classifier around a GRU(64), with its vocabulary) is trained
for one epoch on the IMDB training reviews twice, in one run: once with every
review padded (or cut) to MAXLEN tokens, once with length-bucketed batches
whose reviews are cut to the same MAXLEN but padded only to the longest review
of their batch. Each variant first runs a few warm-up batches, so that graph
tracing is not timed. Reported: seconds per epoch, real (unpadded) tokens per
second, padded time steps per epoch, and ``speedup`` = fixed seconds /
bucketed seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from pathlib import Path

from helpers import data
from helpers.batching import LengthBuckets, truncate
from helpers.paths import RESULTS_DIR
from helpers.runmode import import_tensorflow, library_versions, set_seed
from helpers.sentiment import NUM_WORDS, sentiment_classifier
from helpers.training import epoch_seconds

MAXLEN = 500
BATCH_SIZE = 128
WARM_UP_BATCHES = 3


def run(train_size: int | None = None, seed: int = 42) -> dict:
    """Time both variants on the first ``train_size`` training reviews (all by default)."""
    import keras
    tf = import_tensorflow()

    splits = data.load_splits("imdb", num_words=NUM_WORDS, train_size=train_size)
    sequences = truncate(splits.x_train, MAXLEN)
    real_tokens = sum(map(len, sequences))
    # Both variants go through the same input pipeline; padded in advance to
    # MAXLEN, every batch of the first one is MAXLEN steps long.
    padded = keras.utils.pad_sequences(sequences, maxlen=MAXLEN, padding="post").tolist()
    variants = {
        "fixed_length": LengthBuckets(padded, splits.y_train, batch_size=BATCH_SIZE, shuffle=True, seed=seed),
        "length_bucketed": LengthBuckets(sequences, splits.y_train, batch_size=BATCH_SIZE, shuffle=True, seed=seed),
    }
    results = {}
    for name, batches in variants.items():
        set_seed(seed)
        model = sentiment_classifier(keras.layers.GRU(64, return_sequences=True), NUM_WORDS)
        seconds = epoch_seconds(model, batches, WARM_UP_BATCHES)
        results[name] = {"seconds_per_epoch": round(seconds, 1), "tokens_per_second": round(real_tokens / seconds),
                         "padded_time_steps": batches.padded_tokens()}
    return {
        "model": "sentiment_classifier: Embedding(20000, 64), GRU(64) pooled",
        "reviews": len(sequences), "real_tokens": int(real_tokens), "maxlen": MAXLEN, "batch_size": BATCH_SIZE,
        **results,
        "speedup": round(results["fixed_length"]["seconds_per_epoch"]
                         / results["length_bucketed"]["seconds_per_epoch"], 2),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPU cores, "
                   f"{len(tf.config.list_physical_devices('GPU'))} GPUs visible",
        "versions": library_versions(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time one epoch with fixed-length padding and with length buckets.")
    parser.add_argument("--train-size", type=int, default=None, help="use only the first N training reviews")
    parser.add_argument("--output", type=Path, default=RESULTS_DIR / "full" / "benchmark_bucketing.json")
    args = parser.parse_args(argv)
    result = run(args.train_size)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
