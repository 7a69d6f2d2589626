"""The Reuters protocol of notebook 08, shared with ``benchmarks.references``:
the dense bag-of-words classifier, the newswire batches and the recurrent
topic classifier, so that the benchmark trains exactly the notebook's models.

Notebook 08 shows this source and explains it. The stopping rule is
``helpers.training``'s.
"""

from __future__ import annotations

import numpy as np

from helpers.batching import LengthBuckets, truncate
from helpers.layers import MaskedGlobalMaxPooling1D
from helpers.runmode import import_tensorflow

import_tensorflow()
import keras  # noqa: E402  (after TensorFlow has been loaded quietly)
from keras import layers  # noqa: E402

NUM_WORDS = 10_000  # vocabulary of the published dense baselines; notebook 08 found no gain in 20,000
NUM_TOPICS = 46
BAG_BATCH_SIZE = 512  # the dense model's batch, as published
BATCH_SIZE = 128  # the recurrent models' training batch
MAX_TOKENS = 150  # the recurrent models read at most this many words of a newswire (full mode)
EMBEDDING_DIM = 128
LEARNING_RATE, DECAY = 5e-3, 0.8  # Adam's starting rate, and its factor per epoch
SPATIAL_DROPOUT, DROPOUT = 0.2, 0.3


def bag_of_words_classifier(num_words: int = NUM_WORDS, loss: str = "sparse_categorical_crossentropy") -> keras.Model:
    """Multi-hot newswire -> Dense(64) -> Dense(64) -> softmax over the 46
    topics, RMSprop: the published dense setting. ``loss`` names the loss that
    goes with the label form (integer labels: the default; one-hot labels:
    ``"categorical_crossentropy"``)."""
    model = keras.Sequential([
        keras.Input((num_words,)),
        layers.Dense(64, activation="relu"),
        layers.Dense(64, activation="relu"),
        layers.Dense(NUM_TOPICS, activation="softmax"),
    ])
    model.compile(optimizer="rmsprop", loss=loss, metrics=["accuracy"])
    return model


def balanced_class_weights(labels) -> np.ndarray:
    """The "balanced" weight of every topic, ``n / (46 * n_k)`` for ``n``
    labels of which ``n_k`` are topic ``k`` (a topic absent from ``labels``
    counts as one newswire, so that its weight stays finite)."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or not len(labels) or labels.min() < 0 or labels.max() >= NUM_TOPICS:
        raise ValueError(f"labels must be a non-empty 1-D array of topic indices 0 to {NUM_TOPICS - 1} "
                         "(integer labels, not one-hot).")
    return len(labels) / (NUM_TOPICS * np.maximum(np.bincount(labels, minlength=NUM_TOPICS), 1))


def newswire_cut(splits, max_tokens: int = MAX_TOKENS) -> dict[str, list[list[int]]]:
    """The word indices of each split (``"train"``, ``"validation"``, ``"test"``),
    every newswire longer than ``max_tokens`` cut to its first ``max_tokens``:
    a newswire states its subject first."""
    return {part: truncate(getattr(splits, f"x_{part}"), max_tokens, head=max_tokens)
            for part in ("train", "validation", "test")}


def newswire_batches(splits, cut: dict, seed: int = 42) -> tuple[LengthBuckets, LengthBuckets, LengthBuckets]:
    """Length-bucketed training, validation and test batches of the newswires
    in ``cut`` (from :func:`newswire_cut`) with the labels of ``splits``; the
    training batches are reshuffled every epoch (with ``seed``)."""
    return (LengthBuckets(cut["train"], splits.y_train, BATCH_SIZE, shuffle=True, seed=seed),
            LengthBuckets(cut["validation"], splits.y_validation, 256),
            LengthBuckets(cut["test"], splits.y_test, 256))


def topic_classifier(recurrent_layers, steps_per_epoch: int, num_words: int = NUM_WORDS,
                     embedding_dim: int = EMBEDDING_DIM) -> keras.Model:
    """Word indices -> embedding -> recurrent layers (all returning sequences)
    -> masked mean and max of the top layer's states -> softmax over the
    topics, compiled for integer labels. Adam's learning rate starts at
    ``LEARNING_RATE`` and shrinks by ``DECAY`` every ``steps_per_epoch``
    batches (the number of training batches)."""
    stack = list(recurrent_layers)
    if not stack:
        raise ValueError("recurrent_layers is empty: pass a list of recurrent layers.")
    for position, layer in enumerate(stack):
        if not layer.return_sequences:
            raise ValueError(f"recurrent_layers[{position}] ({layer.name}) must return a state per step "
                             "(for the layer above or for the pooled readout): create it with "
                             "return_sequences=True.")
    if steps_per_epoch < 1:
        raise ValueError(f"steps_per_epoch={steps_per_epoch!r}: pass the number of training batches, "
                         "len(train_batches).")
    words = keras.Input(shape=(None,), dtype="int32", name="word_indices")
    states = layers.Embedding(num_words, embedding_dim, mask_zero=True)(words)
    states = layers.SpatialDropout1D(SPATIAL_DROPOUT)(states)
    for layer in stack:
        states = layer(states)
    features = layers.Concatenate()([layers.GlobalAveragePooling1D()(states), MaskedGlobalMaxPooling1D()(states)])
    features = layers.Dropout(DROPOUT)(features)
    probabilities = layers.Dense(NUM_TOPICS, activation="softmax")(features)
    model = keras.Model(words, probabilities)
    schedule = keras.optimizers.schedules.ExponentialDecay(LEARNING_RATE, decay_steps=steps_per_epoch,
                                                           decay_rate=DECAY)
    model.compile(optimizer=keras.optimizers.Adam(schedule), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model
