"""Language-model plumbing, on real IMDB reviews and a tiny real Keras model."""

import keras
import numpy as np
import pytest

from helpers import data
from helpers import language_model as lm

V = 500


@pytest.fixture(scope="module")
def chunks():
    (x_train, _), _ = data.load_imdb(num_words=V)
    return lm.next_token_chunks(lm.token_stream(x_train[:40]), 16)


def test_softmax():
    logits = np.array([1.0, 3.0, 2.0])
    assert np.allclose(lm.softmax(logits).sum(), 1) and np.argmax(lm.softmax(logits)) == 1
    assert np.allclose(lm.softmax([1000.0, 1000.0]), [0.5, 0.5])  # no overflow
    assert np.allclose(lm.softmax(logits / 0.5), lm.softmax(2 * logits))
    batch = np.array([[1.0, 3.0, 2.0], [4.0, 0.0, -np.inf]])  # a masked logit gets probability 0
    assert np.allclose(lm.softmax(batch).sum(axis=1), 1) and lm.softmax(batch)[1, 2] == 0
    assert np.allclose(lm.softmax(batch)[0], lm.softmax(logits))


def test_never_holds_the_indices_no_review_holds():
    (x_train, _), (x_test, _) = data.load_imdb(num_words=V)
    tokens = lm.token_stream([*x_train, *x_test])
    assert np.array_equal(np.setdiff1d(np.arange(V), tokens), lm.NEVER)


def test_encode_words_inverts_decode():
    text = "[START] this movie was a complete waste of time"
    indices = lm.encode_words(text, num_words=5000)
    assert indices[0] == 1 and all(3 <= index < 5000 for index in indices[1:])
    assert data.decode(indices) == text
    assert lm.encode_words("the zyzzyvaqq", num_words=V)[1] == data.OOV
    assert lm.encode_words("complete waste", num_words=V) == [data.OOV, 437]  # "complete" is rank 598
    assert lm.encode_words("the", num_words=V) == [data.load_word_index("imdb")["the"] + 3]
    with pytest.raises(ValueError, match="num_words"):
        lm.encode_words("the", num_words=2)


def test_next_token_chunks_cover_every_target_once():
    stream = np.arange(1, 24)  # 23 tokens
    inputs, targets = lm.next_token_chunks(stream, 5)
    assert inputs.shape == targets.shape == (4, 5)  # (23 - 1) // 5 chunks
    assert np.array_equal(targets.ravel(), stream[1:21]) and np.array_equal(inputs.ravel(), stream[:20])
    assert np.array_equal(targets[:-1, -1], inputs[1:, 0])  # a chunk's last target opens the next chunk
    with pytest.raises(ValueError, match="length"):
        lm.next_token_chunks(stream, 23)
    with pytest.raises(ValueError, match="sequences"):
        lm.token_stream([])


def test_token_stream_of_real_reviews(chunks):
    inputs, targets = chunks
    assert inputs.shape[1] == 16 and inputs.dtype == np.int64
    assert inputs.min() >= 1 and inputs.max() < V
    assert (inputs == 1).sum() >= 39  # every review opens with the start token


def test_ngram_baselines(chunks):
    inputs, targets = chunks
    counts = lm.count_ngrams(inputs, targets, V)
    assert np.all(counts.unigram[list(lm.NEVER)] == 0) and np.isclose(counts.unigram.sum(), 1)
    possible = np.setdiff1d(np.arange(V), lm.NEVER)
    assert np.all(counts.unigram[possible] > 0)  # add-one: no unseen word gets probability 0
    seen = np.bincount(targets.ravel(), minlength=V)
    assert np.allclose(counts.unigram[possible], (seen[possible] + 1) / (targets.size + V - 2))
    assert counts.pair_counts.sum() == targets.size
    # Each row of the bigram is a distribution over the next token, for any weight.
    previous = np.full(V - 1, inputs[0, 0])
    for weight in (0.0, 0.5, 1.0):
        row = counts.bigram_probabilities(previous, np.arange(1, V), weight)
        assert np.isclose(row.sum(), 1)
    assert np.allclose(counts.bigram_nll(inputs, targets, 0.0), counts.unigram_nll(targets))
    # On its own training pairs the bigram beats the unigram.
    assert lm.perplexity(counts.bigram_nll(inputs, targets, 0.5)) < lm.perplexity(counts.unigram_nll(targets))
    # An unseen previous token backs off to the unigram.
    unseen = int(np.setdiff1d(np.arange(1, V), inputs)[0])
    assert np.isclose(counts.bigram_probabilities([unseen], [5], 0.9)[0], counts.unigram[5])
    with pytest.raises(ValueError, match="weight"):
        counts.bigram_nll(inputs, targets, 1.5)
    with pytest.raises(ValueError, match="targets"):
        counts.unigram_nll(np.zeros(3, dtype=int))
    with pytest.raises(ValueError, match="vocabulary_size"):
        lm.count_ngrams(inputs, targets, 10)


def test_trigram_baseline(chunks):
    inputs, targets = chunks
    counts = lm.count_ngrams(inputs, targets, V)
    assert counts.triple_counts.sum() == targets.size - 1  # the stream's first target has one token of context
    assert counts.pair_context_counts.sum() == targets.size - 1
    # The triples are the stream's own: (s[j-1], s[j], s[j+1]).
    stream = np.concatenate([inputs.ravel(), targets.ravel()[-1:]]).astype("int64")
    first = (stream[0] * V + stream[1]) * V + stream[2]
    across = (inputs[0, -1] * V + inputs[1, 0]) * V + targets[1, 0]  # a triple across a chunk boundary
    assert first in counts.triples and across in counts.triples
    # Each row is a distribution over the next token, for any weights; weight 0 is the bigram.
    before, previous = stream[10], stream[11]
    row_inputs = np.array([[before, previous]] * (V - 1))
    row_targets = np.stack([np.full(V - 1, previous), np.arange(1, V)], axis=1)  # second column: every token
    for weight in (0.0, 0.4, 1.0):
        row = counts.trigram_probabilities(row_inputs, row_targets, weight, 0.5)[:, 1]
        assert np.isclose(row.sum(), 1)
    assert np.allclose(counts.trigram_nll(inputs, targets, 0.0, 0.6), counts.bigram_nll(inputs, targets, 0.6))
    # On its own training text the trigram beats the bigram.
    assert (lm.perplexity(counts.trigram_nll(inputs, targets, 0.5, 0.6))
            < lm.perplexity(counts.bigram_nll(inputs, targets, 0.6)))
    # The stream's first target has no token before its previous one: the bigram alone.
    assert np.isclose(counts.trigram_probabilities(inputs, targets, 0.9, 0.6)[0, 0],
                      counts.bigram_probabilities(inputs, targets, 0.6)[0, 0])
    with pytest.raises(ValueError, match="weight"):
        counts.trigram_nll(inputs, targets, -0.1, 0.6)


def test_model_nll_matches_keras_loss(chunks):
    inputs, targets = chunks
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((None,), dtype="int32"), keras.layers.Embedding(V, 8),
                              keras.layers.GRU(8, return_sequences=True), keras.layers.Dense(V)])
    model.compile(loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    nll = lm.model_nll(model, inputs, targets, batch_size=16, rows_per_call=7)
    assert nll.shape == targets.shape and np.all(nll > 0)
    loss = model.evaluate(inputs, targets, batch_size=len(inputs), verbose=0)
    assert np.isclose(nll.mean(), loss, rtol=1e-4)
    assert np.isclose(lm.perplexity(nll), np.exp(loss), rtol=1e-3)
    assert abs(lm.perplexity(nll) - V) < 0.2 * V  # an untrained model guesses about uniformly
    with pytest.raises(ValueError, match="targets"):
        lm.model_nll(model, inputs, targets[:, :-1])


def test_perplexity_is_the_number_of_equal_choices():
    assert np.isclose(lm.perplexity(np.full(10, np.log(50))), 50)
    with pytest.raises(ValueError, match="nll"):
        lm.perplexity([])


def test_text_measures():
    assert lm.distinct_share([1, 2, 3, 4]) == 1 and lm.distinct_share([7, 7, 7, 7]) == 0.25
    assert lm.repeated_ngram_share([1, 2, 3, 4, 5], 2) == 0
    assert lm.repeated_ngram_share([1, 2, 1, 2, 1, 2], 2) == 3 / 5  # (1,2) (2,1) new, then 3 repeats
    assert lm.repeated_ngram_share([5, 5, 5, 5], 1) == 3 / 4
    with pytest.raises(ValueError, match="tokens"):
        lm.repeated_ngram_share([1, 2], 3)
    with pytest.raises(ValueError, match="n="):
        lm.repeated_ngram_share([1, 2], 0)
