"""Language-model plumbing: the softmax and the measures of generated text."""

import numpy as np
import pytest

from helpers import language_model as lm


def test_softmax():
    logits = np.array([1.0, 3.0, 2.0])
    assert np.allclose(lm.softmax(logits).sum(), 1) and np.argmax(lm.softmax(logits)) == 1
    assert np.allclose(lm.softmax([1000.0, 1000.0]), [0.5, 0.5])  # no overflow
    assert np.allclose(lm.softmax(logits / 0.5), lm.softmax(2 * logits))
    batch = np.array([[1.0, 3.0, 2.0], [4.0, 0.0, -np.inf]])  # a masked logit gets probability 0
    assert np.allclose(lm.softmax(batch).sum(axis=1), 1) and lm.softmax(batch)[1, 2] == 0
    assert np.allclose(lm.softmax(batch)[0], lm.softmax(logits))


def test_text_measures():
    assert lm.distinct_share([1, 2, 3, 4]) == 1 and lm.distinct_share([7, 7, 7, 7]) == 0.25
    assert lm.distinct_share("the cat saw the dog".split()) == 4 / 5  # words work as tokens too
    assert lm.repeated_ngram_share([1, 2, 3, 4, 5], 2) == 0
    assert lm.repeated_ngram_share([1, 2, 1, 2, 1, 2], 2) == 3 / 5  # (1,2) (2,1) new, then 3 repeats
    assert lm.repeated_ngram_share([5, 5, 5, 5], 1) == 3 / 4
    with pytest.raises(ValueError, match="tokens"):
        lm.repeated_ngram_share([1, 2], 3)
    with pytest.raises(ValueError, match="tokens"):
        lm.distinct_share([])
    with pytest.raises(ValueError, match="n="):
        lm.repeated_ngram_share([1, 2], 0)
