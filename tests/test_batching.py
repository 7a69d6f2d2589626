"""Truncation, length-bucketed batches and the masked max pooling."""

import keras
import numpy as np
import pytest

from helpers.batching import LengthBuckets, predict_in_order, truncate
from helpers.layers import MaskedGlobalMaxPooling1D


def test_truncate_keeps_head_and_tail():
    sequences = [list(range(1, 11)), [7, 8]]
    assert truncate(sequences, 4) == [[7, 8, 9, 10], [7, 8]]
    assert truncate(sequences, 4, head=4) == [[1, 2, 3, 4], [7, 8]]
    assert truncate(sequences, 4, head=1) == [[1, 8, 9, 10], [7, 8]]
    assert truncate(sequences, 4, head=np.int64(2)) == [[1, 2, 9, 10], [7, 8]]
    with pytest.raises(ValueError, match="head"):
        truncate(sequences, 4, head=5)
    with pytest.raises(ValueError, match="maxlen"):
        truncate(sequences, 0)


def random_sequences(count, seed=0):
    rng = np.random.default_rng(seed)
    return [list(rng.integers(1, 50, size=rng.integers(1, 40))) for _ in range(count)]


def test_batches_are_right_padded_to_their_own_longest():
    sequences = random_sequences(300)
    labels = np.arange(300)
    batches = LengthBuckets(sequences, labels, batch_size=32, shuffle=True, seed=3, pool_batches=4)
    seen = []
    for index in range(len(batches)):
        x, y = batches[index]
        lengths = (x != 0).sum(axis=1)
        assert x.shape[1] == lengths.max()
        for row, label in zip(x, y):
            assert row[:len(sequences[label])].tolist() == sequences[label]
            assert not row[len(sequences[label]):].any()
        seen.extend(y.tolist())
    assert sorted(seen) == list(range(300))
    # bucketing pads far less than padding every sequence to the longest one
    assert batches.padded_tokens() < 0.75 * 300 * max(map(len, sequences))


def test_shuffled_batches_change_each_epoch_and_repeat_for_a_seed():
    sequences, labels = random_sequences(200), np.arange(200)
    first = LengthBuckets(sequences, labels, batch_size=16, shuffle=True, seed=5)
    again = LengthBuckets(sequences, labels, batch_size=16, shuffle=True, seed=5)
    assert np.array_equal(first.order, again.order)
    before = first.order.copy()
    first.on_epoch_end()
    assert not np.array_equal(before, first.order)


def test_seeds_never_replay_each_others_shuffles():
    # With a seed + epoch scheme, seed 1 at epoch 1 would replay seed 2 at epoch 0.
    sequences, labels = random_sequences(200), np.arange(200)
    one = LengthBuckets(sequences, labels, batch_size=16, shuffle=True, seed=1)
    two = LengthBuckets(sequences, labels, batch_size=16, shuffle=True, seed=2)
    seen_by_two = [two.order.copy()]
    for _ in range(3):
        two.on_epoch_end()
        seen_by_two.append(two.order.copy())
    for _ in range(4):
        one.on_epoch_end()
        assert not any(np.array_equal(one.order, order) for order in seen_by_two)


def test_predict_in_order_matches_plain_predict():
    keras.utils.set_random_seed(0)
    sequences = random_sequences(20, seed=1)
    model = keras.Sequential([keras.Input((None,), dtype="int32"), keras.layers.Embedding(50, 4, mask_zero=True),
                              keras.layers.GRU(3), keras.layers.Dense(1)])
    expected = np.concatenate([model.predict(np.array([s]), verbose=0) for s in sequences])
    assert np.allclose(predict_in_order(model, sequences, batch_size=6), expected, atol=1e-5)


def test_empty_sequences_and_label_mismatch_are_refused():
    with pytest.raises(ValueError, match="non-empty"):
        LengthBuckets([[1], []])
    with pytest.raises(ValueError, match="labels"):
        LengthBuckets([[1], [2]], labels=[0])


def test_masked_max_ignores_padding_where_keras_does_not():
    values = np.array([[[-0.5, 0.2], [-0.1, 0.4], [0.0, 0.0]]], dtype="float32")  # last step is padding
    mask = np.array([[True, True, False]])
    ours = MaskedGlobalMaxPooling1D()(values, mask=mask)
    assert np.allclose(ours, [[-0.1, 0.4]])
    assert np.allclose(keras.layers.GlobalMaxPooling1D()(values), [[0.0, 0.4]])  # the padding wins


def test_keras_sees_a_free_time_axis():
    # Keras takes the input signature from the first two batches: they must differ in length.
    sequences = [[1] * 5] * 40 + [[1] * 9] * 40 + [[1] * 3] * 40
    for shuffle in (False, True):
        batches = LengthBuckets(sequences, np.zeros(120), batch_size=20, shuffle=shuffle)
        assert batches[0][0].shape[1] == 9 and batches[1][0].shape[1] == 3


def test_sequences_of_feature_vectors_keep_their_values():
    # 05's memory task: each step a vector of features, padded with zero vectors at the end.
    rng = np.random.default_rng(0)
    sequences = [rng.random((length, 3)).astype("float32") for length in (4, 2, 7, 7, 1)]
    batches = LengthBuckets(sequences, np.arange(5), batch_size=5, dtype="float32")
    x, y = batches[0]
    assert x.dtype == np.float32 and x.shape == (5, 7, 3)
    for row, index in zip(x, batches.order):
        length = len(sequences[index])
        np.testing.assert_array_equal(row[:length], sequences[index])
        assert not row[length:].any()
    assert list(y) == list(batches.order)
