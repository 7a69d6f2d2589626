"""Notebook 08's Reuters models and batches (shared with the benchmark), on real newswires and real Keras layers."""

import keras
import numpy as np
import pytest

from helpers import data, reuters


@pytest.fixture(scope="module")
def splits():
    return data.load_splits("reuters", num_words=reuters.NUM_WORDS, train_size=300, test_size=100)


def test_balanced_class_weights_make_every_topic_weigh_the_same_in_total(splits):
    weights = reuters.balanced_class_weights(splits.y_train)
    counts = np.bincount(splits.y_train, minlength=reuters.NUM_TOPICS)
    present = counts > 0
    assert np.allclose(weights[present] * counts[present], len(splits.y_train) / reuters.NUM_TOPICS)
    assert np.all(weights[~present] == len(splits.y_train) / reuters.NUM_TOPICS)  # absent: counted as one
    assert weights[np.argmax(counts)] == weights.min()


@pytest.mark.parametrize("labels", [np.zeros((3, 46)), np.array([0, 46]), np.array([], dtype=int)])
def test_balanced_class_weights_refuse_one_hot_out_of_range_or_empty_labels(labels):
    with pytest.raises(ValueError, match="labels must be a non-empty 1-D array of topic indices"):
        reuters.balanced_class_weights(labels)


def test_newswire_cut_keeps_the_head_and_batches_keep_every_newswire(splits):
    cut = reuters.newswire_cut(splits, max_tokens=20)
    index = int(np.argmax(splits.lengths("train")))
    assert cut["train"][index] == list(splits.x_train[index])[:20]
    assert max(map(len, cut["validation"])) <= 20
    train, validation, test = reuters.newswire_batches(splits, cut)
    assert len(train.sequences) == len(splits.y_train) and len(test.sequences) == len(splits.y_test)
    shapes = [train[i][0].shape for i in range(len(train))]
    assert sum(rows for rows, _ in shapes) == len(splits.y_train) and max(rows for rows, _ in shapes) == 128
    assert max(steps for _, steps in shapes) == 20
    assert sorted(np.concatenate([validation[i][1] for i in range(len(validation))])) == sorted(splits.y_validation)


def test_bag_of_words_classifier_gives_46_topic_probabilities(splits):
    model = reuters.bag_of_words_classifier()
    probabilities = model.predict(data.multi_hot(splits.x_validation[:4], reuters.NUM_WORDS), verbose=0)
    assert probabilities.shape == (4, reuters.NUM_TOPICS) and np.allclose(probabilities.sum(axis=1), 1, atol=1e-5)
    assert model.count_params() == reuters.NUM_WORDS * 64 + 64 + 64 * 64 + 64 + 64 * 46 + 46


def test_topic_classifier_stacks_pools_and_decays_its_learning_rate():
    gru = keras.layers.GRU
    model = reuters.topic_classifier([gru(6, return_sequences=True), gru(6, return_sequences=True)],
                                     steps_per_epoch=10, num_words=100, embedding_dim=8)
    recurrent = [layer for layer in model.layers if isinstance(layer, gru)]
    assert [layer.count_params() for layer in recurrent] == [3 * 6 * (6 + 8 + 2), 3 * 6 * (6 + 6 + 2)]
    schedule = model.optimizer._learning_rate  # the schedule itself (``learning_rate`` gives its current value)
    assert float(schedule(10)) == pytest.approx(reuters.LEARNING_RATE * reuters.DECAY)  # one epoch of decay
    words = np.array([[5, 9, 3, 0, 0]], dtype="int32")
    assert model.predict(words, verbose=0).shape == (1, reuters.NUM_TOPICS)


def test_topic_classifier_refuses_a_layer_without_sequences_and_a_missing_step_count():
    with pytest.raises(ValueError, match=r"recurrent_layers\[0\].*return_sequences=True"):
        reuters.topic_classifier([keras.layers.GRU(4)], steps_per_epoch=5)
    with pytest.raises(ValueError, match="steps_per_epoch=0"):
        reuters.topic_classifier([keras.layers.GRU(4, return_sequences=True)], steps_per_epoch=0)
    with pytest.raises(ValueError, match="recurrent_layers is empty"):
        reuters.topic_classifier([], steps_per_epoch=5)
