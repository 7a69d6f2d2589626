"""The shared IMDB classifier and batches, on real reviews and real Keras layers."""

import keras
import numpy as np
import pytest

from helpers import data, sentiment


@pytest.fixture(scope="module")
def splits():
    return data.load_splits("imdb", num_words=sentiment.NUM_WORDS, train_size=300, test_size=100)


def test_review_batches_take_a_cut_of_our_own(splits):
    train, validation, test = sentiment.review_batches(splits, max_tokens=40, head=10)
    assert len(validation.sequences) == len(splits.y_validation) and len(test.sequences) == len(splits.y_test)
    index = int(np.argmax(splits.lengths("train")))
    longest = list(splits.x_train[index])
    assert len(longest) > 40
    assert train.sequences[index] == longest[:10] + longest[-30:]  # the head and the tail
    assert max(map(len, train.sequences)) == 40


def test_review_batches_refuse_a_head_longer_than_the_cut(splits):
    with pytest.raises(ValueError, match="head=250 must not exceed maxlen=40.*pass a smaller head"):
        sentiment.review_batches(splits, max_tokens=40)  # the default head, 250, does not fit


def test_stacked_and_bidirectional_classifiers(splits):
    gru = keras.layers.GRU
    stacked = sentiment.sentiment_classifier([gru(6, return_sequences=True), gru(6, return_sequences=True)], 100)
    recurrent = [layer for layer in stacked.layers if isinstance(layer, gru)]
    assert [layer.count_params() for layer in recurrent] == [3 * 6 * (6 + 64 + 2), 3 * 6 * (6 + 6 + 2)]
    both_ways = sentiment.sentiment_classifier(keras.layers.Bidirectional(gru(5, return_sequences=True)), 100)
    pooled = [layer for layer in both_ways.layers if isinstance(layer, keras.layers.Concatenate)][0]
    assert pooled.output.shape == (None, 2 * 2 * 5)  # mean and max of forward and backward states
    words = np.array([[5, 9, 3, 0, 0]], dtype="int32")
    assert both_ways.predict(words, verbose=0).shape == (1, 1)


def test_a_lower_layer_that_returns_one_state_is_refused():
    gru = keras.layers.GRU
    with pytest.raises(ValueError, match="below the top one.*return_sequences=True"):
        sentiment.sentiment_classifier([gru(4), gru(4, return_sequences=True)], 100)
    with pytest.raises(ValueError, match="top layer with return_sequences=True"):
        sentiment.sentiment_classifier([gru(4, return_sequences=True), gru(4)], 100)
    with pytest.raises(ValueError, match="at least one layer"):
        sentiment.sentiment_classifier([], 100)
