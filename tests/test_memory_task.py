"""Notebook 05's memory task and its models (helpers/memory_task.py, from 05's # @save cells)."""

import numpy as np
import pytest

from helpers.memory_task import KEYS, memory_model, memory_task


def test_the_marker_is_the_only_difference_between_the_two_versions():
    marked, labels = memory_task(50, max_gap=12, seed=3)
    unmarked, same_labels = memory_task(50, max_gap=12, seed=3, marked=False)
    np.testing.assert_array_equal(labels, same_labels)
    assert (marked[:, 0, KEYS] == 1).all() and not marked[:, 1:, KEYS].any()
    assert not unmarked[..., KEYS].any()
    np.testing.assert_array_equal(marked[..., :KEYS], unmarked[..., :KEYS])
    np.testing.assert_array_equal(labels, marked[:, 0, :KEYS].argmax(axis=1))


def test_a_fixed_gap_and_its_bounds():
    x, _ = memory_task(20, max_gap=9, seed=0, gap=9)
    assert x.any(axis=2).all()  # gap 9 fills all 10 steps: no padding
    with pytest.raises(ValueError, match="gap=10"):
        memory_task(20, max_gap=9, seed=0, gap=10)


def test_the_order_free_model_cannot_tell_the_order():
    model = memory_model("order-free", seed=4)
    x, _ = memory_task(8, max_gap=10, seed=1, gap=10)
    shuffled = x[:, np.random.default_rng(0).permutation(x.shape[1])]
    np.testing.assert_allclose(model.predict(x, verbose=0), model.predict(shuffled, verbose=0), rtol=1e-6)
    recurrent = memory_model("GRU", seed=4)
    assert not np.allclose(recurrent.predict(x, verbose=0), recurrent.predict(shuffled, verbose=0))


def test_the_seed_sets_the_starting_weights():
    first, again, other = (memory_model("SimpleRNN", seed=s).get_weights() for s in (1, 1, 2))
    assert all(np.array_equal(a, b) for a, b in zip(first, again))
    assert not all(np.array_equal(a, b) for a, b in zip(first, other))
    with pytest.raises(ValueError, match="cell_name='RNN'"):
        memory_model("RNN")
