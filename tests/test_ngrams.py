"""Notebook 13's Kneser-Ney n-gram model (helpers.ngrams, exported from its cell) on small texts."""

import itertools

import numpy as np
import pytest

from helpers import ngrams


def probabilities(tables, order, history):
    """p(c | history) for every index c, under the model of ``order``."""
    vocabulary = tables["vocabulary"]
    histories = np.tile(np.asarray(history), (vocabulary, 1))
    return np.exp(-ngrams.ngram_nll(tables, order, histories, np.arange(vocabulary)))


def test_a_small_text_counted_by_hand():
    # "abab c" as indices 0 1 0 1 2. Unigrams 2, 2, 1: D_1 = (1/3) / (1/3 + 2 * 2/3) = 0.2,
    # and p_1(c) = (N(c) - 0.2 + 0.2 * 3 / 3) / 5 = N(c) / 5.
    tables = ngrams.count_ngrams(np.array([0, 1, 0, 1, 2]), 2, vocabulary=3)
    assert np.allclose(probabilities(tables, 1, [0]), [0.4, 0.4, 0.2])
    # Bigrams ab 2, ba 1, bc 1: D_2 = (2/3) / (2/3 + 2 * 1/3) = 0.5. Each character
    # follows one other, so the continuation counts are 1, 1, 1, and their D_1 = 1
    # leaves the uniform 1/3. After "b": a and c seen once each, F = 2, N = 2:
    # p(a | b) = (1 - 0.5 + 0.5 * 2 / 3) / 2 = 5/12, p(b | b) = (0.5 * 2 / 3) / 2 = 1/6.
    assert np.allclose(probabilities(tables, 2, [1]), [5 / 12, 1 / 6, 5 / 12])
    # "c" is never followed by anything: the bigram model falls back to the shorter one
    assert np.allclose(probabilities(tables, 2, [2]), [1 / 3, 1 / 3, 1 / 3])


@pytest.mark.parametrize("order", [1, 2, 3, 4])
def test_every_context_seen_or_not_gives_a_distribution(order):
    rng = np.random.default_rng(order)
    vocabulary = 5
    stream = rng.choice(vocabulary, size=400, p=[0.02, 0.45, 0.3, 0.15, 0.08])
    tables = ngrams.count_ngrams(stream, 4, vocabulary)
    unseen = 0
    for history in itertools.product(range(vocabulary), repeat=3):
        p = probabilities(tables, order, history)
        assert np.all(p > 0) and np.isclose(p.sum(), 1.0), history
        unseen += ngrams.find(np.array([history[0] * 25 + history[1] * 5 + history[2]]),
                              tables["count", 3])[0] == 0
    assert unseen > 0  # some contexts were never seen: the back-off is exercised


def test_higher_orders_fit_the_training_text_better():
    rng = np.random.default_rng(0)
    stream = np.tile(rng.choice(4, size=50), 20)  # a 50-character phrase, repeated
    tables = ngrams.count_ngrams(stream, 4, vocabulary=4)
    histories = np.lib.stride_tricks.sliding_window_view(stream[:-1], 3)
    nll = [ngrams.ngram_nll(tables, order, histories, stream[3:]).mean() for order in (1, 2, 3, 4)]
    assert nll[0] > nll[1] > nll[2] > nll[3]


def test_too_high_an_order_is_refused_by_name():
    with pytest.raises(ValueError, match="max_order=11 with vocabulary=67"):
        ngrams.count_ngrams(np.arange(67), 11, vocabulary=67)
