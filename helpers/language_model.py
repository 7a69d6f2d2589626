"""Plumbing for language models (notebooks 02 and 12): the softmax, token
streams cut into next-token pairs, unigram, bigram and trigram baselines, per-token
negative log-likelihoods and perplexity, and measures of generated text.

Conventions: tokens are integer indices as Keras's IMDB and Reuters loaders
produce them (0 padding, 1 start of a text, 2 out of vocabulary, words from 4
on, by frequency: with ``index_from=3`` the most frequent word, rank 1, is 4,
so index 3 never occurs); a vocabulary of ``vocabulary_size`` holds the
indices ``0 .. vocabulary_size - 1``. Log-likelihoods are natural logarithms
(nats).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from helpers.arguments import argument_error, check_integer
from helpers.data import OOV, PAD, load_word_index

# Indices no text holds: padding, and 3 (the loaders' ``index_from=3`` puts the first word at 4).
NEVER = (PAD, 3)


def softmax(logits) -> np.ndarray:
    """Softmax over the last axis, shifted by the maximum for numerical safety.
    Any shape ``(..., V)`` -> the same shape, each row summing to 1."""
    logits = np.asarray(logits)
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def encode_words(text: str, num_words: int, dataset: str = "imdb", index_from: int = 3) -> list[int]:
    """Word indices of a lower-case, space-separated ``text``, as the Keras
    loaders encode them with ``num_words``: words outside the vocabulary (or
    unknown) become ``OOV`` (2). The inverse of ``data.decode`` for words in
    the vocabulary. ``"[START]"`` gives 1."""
    num_words = check_integer("num_words", num_words, minimum=index_from + 1)
    ranks = load_word_index(dataset)
    indices = []
    for word in text.split():
        if word == "[START]":
            indices.append(1)
            continue
        index = ranks.get(word, num_words) + index_from
        indices.append(index if index < num_words else OOV)
    return indices


def token_stream(sequences) -> np.ndarray:
    """All texts of ``sequences`` (lists of word indices, each beginning with
    the start token 1) one after another: one long 1-D integer array. The
    start token marks where a text ends and the next begins."""
    sequences = list(sequences)
    if not sequences:
        raise argument_error("sequences", sequences, "at least one text")
    return np.concatenate([np.asarray(sequence, dtype="int64") for sequence in sequences])


def next_token_chunks(stream, length: int) -> tuple[np.ndarray, np.ndarray]:
    """Cut a token ``stream`` (N,) into next-token pairs: ``inputs`` and
    ``targets``, both (n, length) with n = (N - 1) // length, where
    ``targets[i, t] == inputs[i, t + 1]`` inside a chunk and each chunk's last
    target is the next chunk's first input. Every token of
    ``stream[1 : n * length + 1]`` is a target exactly once; the tail that
    does not fill a chunk is left out."""
    stream = np.asarray(stream)
    length = check_integer("length", length, minimum=1)
    chunks = (len(stream) - 1) // length
    if chunks < 1:
        raise argument_error("length", length, f"at most {len(stream) - 1} for a stream of {len(stream)} tokens")
    used = stream[: chunks * length + 1]
    return used[:-1].reshape(chunks, length), used[1:].reshape(chunks, length)


def _before(inputs) -> np.ndarray:
    """The token before each input in reading order, for consecutive chunks
    of one stream (n, length): the previous input, across chunk boundaries;
    PAD for the stream's first token, which has none."""
    inputs = np.asarray(inputs)
    flat = inputs.ravel()
    return np.concatenate([[PAD], flat[:-1]]).astype(flat.dtype).reshape(inputs.shape)


def _look_up(codes, table, counts) -> np.ndarray:
    """counts[j] where table[j] == code (table sorted), 0 for codes not in the table."""
    if len(table) == 0:
        return np.zeros(np.shape(codes), dtype=int)
    where = np.minimum(np.searchsorted(table, codes), len(table) - 1)
    return np.where(table[where] == codes, counts[where], 0)


@dataclass(frozen=True)
class NgramCounts:
    """Counts of the training pairs (previous token, next token) and triples
    (token before, previous token, next token), for the unigram, bigram and
    trigram baselines. Build it with :func:`count_ngrams`."""

    vocabulary_size: int
    unigram: np.ndarray         # (V,) add-one unigram probabilities; 0 for the indices in NEVER
    pairs: np.ndarray           # sorted codes previous * V + next of the pairs seen
    pair_counts: np.ndarray     # how often each of those pairs was seen
    context_counts: np.ndarray  # (V,) how often each token was followed by another
    triples: np.ndarray         # sorted codes (before * V + previous) * V + next of the triples seen
    triple_counts: np.ndarray   # how often each of those triples was seen
    pair_contexts: np.ndarray   # sorted codes before * V + previous of the pairs followed by a token
    pair_context_counts: np.ndarray  # how often each of those pairs was followed by a token

    def unigram_nll(self, targets) -> np.ndarray:
        """-log p(target) under the add-one unigram model, same shape as ``targets``."""
        targets = self._checked("targets", targets)
        return -np.log(self.unigram[targets])

    def bigram_probabilities(self, inputs, targets, weight: float) -> np.ndarray:
        """p(target | previous) = weight * c(previous, target) / c(previous)
        + (1 - weight) * p_unigram(target), the bigram interpolated with the
        unigram (Jelinek-Mercer smoothing); where the previous token was never
        followed by another in training, the unigram alone. ``inputs`` holds
        the previous tokens, same shape as ``targets``."""
        if not 0 <= weight <= 1:
            raise argument_error("weight", weight, "a number from 0 to 1")
        inputs, targets = self._checked("inputs", inputs), self._checked("targets", targets)
        if inputs.shape != targets.shape:
            raise argument_error("inputs", inputs.shape, f"the shape of targets, {targets.shape}")
        pair_counts = _look_up(inputs.astype("int64") * self.vocabulary_size + targets, self.pairs, self.pair_counts)
        contexts = self.context_counts[inputs]
        unigram = self.unigram[targets]
        bigram = np.where(contexts > 0, pair_counts / np.maximum(contexts, 1), unigram)
        return weight * bigram + (1 - weight) * unigram

    def bigram_nll(self, inputs, targets, weight: float) -> np.ndarray:
        """-log of :meth:`bigram_probabilities`, same shape as ``targets``."""
        return -np.log(self.bigram_probabilities(inputs, targets, weight))

    def trigram_probabilities(self, inputs, targets, weight: float, bigram_weight: float) -> np.ndarray:
        """p(target | before, previous) = weight * c(before, previous, target)
        / c(before, previous) + (1 - weight) * p_bigram(target | previous),
        the trigram interpolated with :meth:`bigram_probabilities` at
        ``bigram_weight``; where the two tokens of context never occurred
        together in training, the bigram alone. ``inputs`` and ``targets`` are
        consecutive chunks of one stream (:func:`next_token_chunks`), so the
        token before ``inputs[i, t]`` is the input read just before it; the
        stream's first target has none and gets the bigram."""
        if not 0 <= weight <= 1:
            raise argument_error("weight", weight, "a number from 0 to 1")
        bigram = self.bigram_probabilities(inputs, targets, bigram_weight)  # checks inputs and targets
        inputs, targets = np.asarray(inputs).astype("int64"), np.asarray(targets)
        contexts = _before(inputs) * self.vocabulary_size + inputs
        codes = contexts * self.vocabulary_size + targets
        triple_counts = _look_up(codes, self.triples, self.triple_counts)
        contexts_seen = _look_up(contexts, self.pair_contexts, self.pair_context_counts)
        trigram = np.where(contexts_seen > 0, triple_counts / np.maximum(contexts_seen, 1), bigram)
        return weight * trigram + (1 - weight) * bigram

    def trigram_nll(self, inputs, targets, weight: float, bigram_weight: float) -> np.ndarray:
        """-log of :meth:`trigram_probabilities`, same shape as ``targets``."""
        return -np.log(self.trigram_probabilities(inputs, targets, weight, bigram_weight))

    def _checked(self, name, tokens) -> np.ndarray:
        tokens = np.asarray(tokens)
        if not np.issubdtype(tokens.dtype, np.integer) or tokens.size == 0:
            raise argument_error(name, tokens.dtype, "a non-empty array of integer token indices")
        if tokens.min() < 1 or tokens.max() >= self.vocabulary_size:
            raise argument_error(name, f"tokens from {tokens.min()} to {tokens.max()}",
                                 f"token indices from 1 to {self.vocabulary_size - 1} (no padding)")
        return tokens


def count_ngrams(inputs, targets, vocabulary_size: int) -> NgramCounts:
    """Unigram, bigram and trigram counts of training next-token pairs.

    Args:
        inputs, targets: (n, length) arrays from :func:`next_token_chunks`
            (consecutive chunks of one stream); each target is counted once
            as a unigram, once as a pair with the input at the same position
            (its previous token) and once as a triple with the two tokens
            before it (the stream's first target has only one).
        vocabulary_size: V; the unigram is add-one smoothed over the V - 2
            indices that can occur (padding, 0, and the unused 3, see
            ``NEVER``, get no probability), so that a word of the vocabulary
            never seen in training keeps a small probability instead of zero.
    """
    vocabulary_size = check_integer("vocabulary_size", vocabulary_size, minimum=2)
    inputs, targets = np.asarray(inputs).ravel(), np.asarray(targets).ravel()
    if inputs.shape != targets.shape:
        raise argument_error("inputs", inputs.shape, f"as many tokens as targets ({targets.shape})")
    if min(inputs.min(), targets.min()) < 0 or max(inputs.max(), targets.max()) >= vocabulary_size:
        raise argument_error("vocabulary_size", vocabulary_size, "larger than every token index")
    counts = np.bincount(targets, minlength=vocabulary_size).astype(float)
    unigram = np.where(np.isin(np.arange(vocabulary_size), NEVER), 0.0, counts + 1)
    unigram /= unigram.sum()
    pairs, pair_counts = np.unique(inputs.astype("int64") * vocabulary_size + targets, return_counts=True)
    context_counts = np.bincount(inputs, minlength=vocabulary_size)
    before = _before(inputs.astype("int64"))
    has_before = before != PAD  # the stream's first target has no token before its previous one
    pair_contexts = before[has_before] * vocabulary_size + inputs[has_before]
    triples, triple_counts = np.unique(pair_contexts * vocabulary_size + targets[has_before], return_counts=True)
    pair_contexts, pair_context_counts = np.unique(pair_contexts, return_counts=True)
    return NgramCounts(vocabulary_size, unigram, pairs, pair_counts, context_counts,
                       triples, triple_counts, pair_contexts, pair_context_counts)


def model_nll(model, inputs, targets, batch_size: int = 64, rows_per_call: int = 64) -> np.ndarray:
    """-log p(target) under a Keras language ``model`` that maps (batch, length)
    token indices to (batch, length, V) logits: (n, length) nats, one per
    target. Predicts ``rows_per_call`` chunks at a time, so that the logits of
    the whole set never sit in memory at once."""
    batch_size = check_integer("batch_size", batch_size, minimum=1)
    rows_per_call = check_integer("rows_per_call", rows_per_call, minimum=1)
    inputs, targets = np.asarray(inputs), np.asarray(targets)
    if inputs.shape != targets.shape or inputs.ndim != 2:
        raise argument_error("targets", targets.shape, f"a 2-D array of the shape of inputs, {inputs.shape}")
    nll = np.empty(targets.shape)
    for start in range(0, len(inputs), rows_per_call):
        rows = slice(start, start + rows_per_call)
        logits = np.asarray(model.predict(inputs[rows], batch_size=batch_size, verbose=0), dtype="float64")
        top = logits.max(axis=-1)
        log_normaliser = top + np.log(np.exp(logits - top[..., None]).sum(axis=-1))
        nll[rows] = log_normaliser - np.take_along_axis(logits, targets[rows][..., None], axis=-1)[..., 0]
    return nll


def perplexity(nll) -> float:
    """exp(mean negative log-likelihood per token): the perplexity of
    per-token ``nll`` in nats (any shape)."""
    nll = np.asarray(nll, dtype=float)
    if nll.size == 0:
        raise argument_error("nll", nll, "a non-empty array of negative log-likelihoods")
    return float(np.exp(nll.mean()))


def distinct_share(tokens) -> float:
    """Distinct tokens / tokens of one text (the type-token ratio): 1 when no
    token repeats, small for a text that keeps using the same few words."""
    tokens = np.asarray(tokens).ravel()
    if tokens.size == 0:
        raise argument_error("tokens", tokens, "a non-empty sequence")
    return len(np.unique(tokens)) / tokens.size


def repeated_ngram_share(tokens, n: int = 3) -> float:
    """Share of the n-grams of one text that already occurred earlier in it:
    0 for a text without repeats, near 1 for a text stuck in a loop."""
    n = check_integer("n", n, minimum=1)
    tokens = [int(token) for token in np.asarray(tokens).ravel()]
    if len(tokens) < n:
        raise argument_error("tokens", f"{len(tokens)} tokens", f"at least n = {n} tokens")
    seen, repeats = set(), 0
    for start in range(len(tokens) - n + 1):
        gram = tuple(tokens[start:start + n])
        repeats += gram in seen
        seen.add(gram)
    return repeats / (len(tokens) - n + 1)
