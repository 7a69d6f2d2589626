"""Truncation and length-bucketed batches for recurrent models.

IMDB reviews run from a handful of tokens to over 2,000. Padding every review
to one fixed length makes a recurrent layer step through hundreds of padding
positions for most reviews. Length-bucketed batches group reviews of similar
length and pad each batch only to its own longest review, at the end
(``padding="post"``), so that a mask marks a contiguous run of real tokens
followed by padding: the form the cuDNN kernel accepts on a GPU.
"""

from __future__ import annotations

import numpy as np

from helpers.arguments import check_integer
from helpers.runmode import import_tensorflow

import_tensorflow()
import keras  # noqa: E402  (after TensorFlow has been loaded quietly)


def truncate(sequences, maxlen: int, head: int = 0) -> list[list[int]]:
    """Cut every sequence longer than ``maxlen`` to its first ``head`` and last
    ``maxlen - head`` tokens; shorter ones are kept whole.

    ``head=0`` keeps the end (Keras's ``truncating="pre"``), ``head=maxlen``
    the beginning (``truncating="post"``); anything between keeps both ends
    of a long review.
    """
    maxlen = check_integer("maxlen", maxlen, minimum=1)
    head = check_integer("head", head, minimum=0)
    if head > maxlen:
        raise ValueError(f"head={head} must not exceed maxlen={maxlen}: the head is the part of the "
                         f"{maxlen} kept tokens taken from the start; pass a smaller head.")
    tail = maxlen - head
    return [list(s) if len(s) <= maxlen else list(s[:head]) + (list(s[-tail:]) if tail else [])
            for s in sequences]


class LengthBuckets(keras.utils.PyDataset):
    """Batches of sequences of similar length, each padded (with 0, at the
    end) to its own longest sequence.

    With ``shuffle=True`` (training) each epoch draws a new random order,
    sorts it by length within pools of ``pool_batches`` batches, cuts the
    pools into batches and shuffles the batches: batches stay nearly uniform
    in length while their order and make-up change from epoch to epoch.
    Without shuffling (evaluation, prediction) all sequences are sorted by
    length once; ``order`` maps batch positions back to the caller's order
    (see :func:`predict_in_order`).

    Args:
        sequences: lists of word indices, already cut to the longest length
            wanted (:func:`truncate`), or arrays of shape (steps, features);
            the empty sequence is not allowed.
        labels: one label per sequence, or None for prediction.
        batch_size: sequences per batch.
        dtype: the batches' dtype ("float32" for sequences of feature vectors).
        seed: the seed of the shuffling. Epoch ``e`` draws from
            ``default_rng([seed, e])``: a stream of its own for every (seed,
            epoch) pair, so runs with different seeds never replay each
            other's shuffles.
    """

    def __init__(self, sequences, labels=None, batch_size: int = 64, shuffle: bool = False, seed: int = 0,
                 pool_batches: int = 50, dtype: str = "int32", **kwargs):
        super().__init__(**kwargs)
        self.sequences = [list(s) for s in sequences]
        self.lengths = np.array([len(s) for s in self.sequences])
        if self.lengths.size == 0 or self.lengths.min() == 0:
            raise ValueError("sequences must be non-empty lists of word indices (an empty one cannot be masked).")
        self.labels = None if labels is None else np.asarray(labels)
        if self.labels is not None and len(self.labels) != len(self.sequences):
            raise ValueError(f"labels has {len(self.labels)} entries for {len(self.sequences)} sequences.")
        self.batch_size = check_integer("batch_size", batch_size, minimum=1)
        self.pool_batches = check_integer("pool_batches", pool_batches, minimum=1)
        self.shuffle = shuffle
        self.seed = check_integer("seed", seed, minimum=0)
        self.dtype = dtype
        self.epoch = 0
        self._make_batches()

    def _make_batches(self):
        if self.shuffle:
            rng = np.random.default_rng([self.seed, self.epoch])
            order = rng.permutation(len(self.sequences))
            pool = self.batch_size * self.pool_batches
            order = np.concatenate([chunk[np.argsort(self.lengths[chunk], kind="stable")]
                                    for chunk in np.array_split(order, range(pool, len(order), pool))])
            batches = np.array_split(order, range(self.batch_size, len(order), self.batch_size))
            self.batches = [batches[i] for i in rng.permutation(len(batches))]
        else:
            order = np.argsort(self.lengths, kind="stable")
            self.batches = np.array_split(order, range(self.batch_size, len(order), self.batch_size))
        # Keras fixes the input shape from the first two batches it sees; with
        # the longest and the shortest batch first, the time axis stays free.
        padded = [self.lengths[batch].max() for batch in self.batches]
        first = [int(np.argmax(padded)), int(np.argmin(padded))]
        if first[0] != first[1]:
            self.batches = [self.batches[i] for i in first] + [b for i, b in enumerate(self.batches) if i not in first]
        self.order = np.concatenate(self.batches)

    def __len__(self) -> int:
        return len(self.batches)

    def __getitem__(self, index: int):
        members = self.batches[index]
        x = keras.utils.pad_sequences([self.sequences[i] for i in members], padding="post", dtype=self.dtype)
        return x if self.labels is None else (x, self.labels[members])

    def on_epoch_end(self):
        if self.shuffle:
            self.epoch += 1
            self._make_batches()

    def padded_tokens(self) -> int:
        """Time steps the recurrent layer runs over in one pass (padding included)."""
        return int(sum(self.lengths[b].max() * len(b) for b in self.batches))


def predict_in_order(model, sequences, batch_size: int = 256) -> np.ndarray:
    """``model.predict`` on length-bucketed batches, returned in the order of
    ``sequences``."""
    batches = LengthBuckets(sequences, batch_size=batch_size)
    predictions = model.predict(batches, verbose=0)
    ordered = np.empty_like(predictions)
    ordered[batches.order] = predictions
    return ordered
