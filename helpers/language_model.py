"""Plumbing for language models (notebooks 02 and 13): the softmax, and
measures of generated text. Log-likelihoods are natural logarithms (nats).
"""

from __future__ import annotations

import numpy as np

from helpers.arguments import argument_error, check_integer


def softmax(logits) -> np.ndarray:
    """Softmax over the last axis, shifted by the maximum for numerical safety.
    Any shape ``(..., V)`` -> the same shape, each row summing to 1."""
    logits = np.asarray(logits)
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


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
