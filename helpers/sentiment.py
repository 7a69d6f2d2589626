"""The IMDB protocol that notebooks 04, 06 and 07 share, so that their
models differ in nothing but the recurrent cell: the vocabulary, the
truncation, the length-bucketed batches and the classifier around the cell.

Notebook 04 shows this source and explains it; 06 and 07 build the same model
around an LSTM and a GRU. The stopping rule is ``helpers.training``'s.
"""

from __future__ import annotations

from helpers.batching import LengthBuckets, truncate
from helpers.layers import MaskedGlobalMaxPooling1D
from helpers.runmode import import_tensorflow, pick

import_tensorflow()
import keras  # noqa: E402  (after TensorFlow has been loaded quietly)
from keras import layers  # noqa: E402

READOUTS = ("pooled", "last state")

NUM_WORDS = 20_000  # vocabulary: the most frequent words keep their own index
BATCH_SIZE = 128


def review_batches(splits, seed: int = 42, max_tokens: int | None = None,
                   head: int | None = None) -> tuple[LengthBuckets, LengthBuckets, LengthBuckets]:
    """Training, validation and test batches of a ``data.Splits``: reviews
    longer than 1,000 tokens cut to their first 250 and last 750 (100 tokens,
    25 and 75, in fast mode), length-bucketed, the training batches
    reshuffled every epoch (with ``seed``).

    ``max_tokens`` and ``head`` replace that cut in both modes (a review
    longer than ``max_tokens`` keeps its first ``head`` and last
    ``max_tokens - head`` tokens); give both or neither.
    """
    if (max_tokens is None) != (head is None):
        raise ValueError(f"max_tokens={max_tokens!r} and head={head!r}: give both (a cut of your own) "
                         "or neither (the protocol's cut).")
    if max_tokens is None:
        max_tokens, head = pick(full=(1_000, 250), fast=(100, 25))
    cut = {name: truncate(getattr(splits, f"x_{name}"), max_tokens, head) for name in ("train", "validation", "test")}
    return (LengthBuckets(cut["train"], splits.y_train, BATCH_SIZE, shuffle=True, seed=seed),
            LengthBuckets(cut["validation"], splits.y_validation, 256),
            LengthBuckets(cut["test"], splits.y_test, 256))


def sentiment_classifier(recurrent_layers, num_words: int, embedding_dim: int = 64, readout: str = "pooled",
                         embedding_dropout: float = 0.5, dropout: float = 0.5, learning_rate: float = 1e-3,
                         name: str | None = None) -> keras.Model:
    """A compiled binary classifier: word indices -> embedding -> recurrent
    layer(s) -> readout -> probability of "positive".

    Args:
        recurrent_layers: a fresh Keras recurrent layer (``SimpleRNN``,
            ``LSTM``, ``GRU``, or one wrapped in ``Bidirectional``), or a list
            of them, stacked in that order; every layer below the top one
            must return sequences, and so must the top one with
            ``readout="pooled"``.
        num_words: the vocabulary size the data was loaded with.
        readout: ``"pooled"`` reads every hidden state (the masked mean and the
            masked maximum over time, side by side); ``"last state"`` reads
            only the final hidden state.
        embedding_dropout: share of embedding dimensions dropped per review
            (``SpatialDropout1D``) during training.
        dropout: share of the readout's features dropped during training.
    """
    if readout not in READOUTS:
        raise ValueError(f"readout={readout!r} must be one of {', '.join(map(repr, READOUTS))}.")
    stack = list(recurrent_layers) if isinstance(recurrent_layers, (list, tuple)) else [recurrent_layers]
    if not stack:
        raise ValueError("recurrent_layers is empty: pass a recurrent layer or a list of them.")
    for position, layer in enumerate(stack[:-1]):
        if not layer.return_sequences:
            raise ValueError(f"recurrent_layers[{position}] ({layer.name}) feeds another recurrent layer, "
                             "so it must return a state per step: create it with return_sequences=True.")
    if (readout == "pooled") != stack[-1].return_sequences:
        raise ValueError(f"readout={readout!r} needs a top recurrent layer with "
                         f"return_sequences={readout == 'pooled'}.")
    words = keras.Input(shape=(None,), dtype="int32", name="word_indices")  # any length: batches differ
    vectors = layers.Embedding(num_words, embedding_dim, mask_zero=True)(words)  # 0 = padding, masked
    vectors = layers.SpatialDropout1D(embedding_dropout)(vectors)
    states = vectors
    for layer in stack:
        states = layer(states)
    if readout == "pooled":
        features = layers.Concatenate()([layers.GlobalAveragePooling1D()(states),  # masked mean
                                         MaskedGlobalMaxPooling1D()(states)])
    else:
        features = states
    features = layers.Dropout(dropout)(features)
    probability = layers.Dense(1, activation="sigmoid")(features)
    model = keras.Model(words, probability, name=name)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="binary_crossentropy", metrics=["accuracy"])
    return model
