"""The argument checks: what they accept, what they return, how they refuse."""

import math

import numpy as np
import pytest

from helpers.arguments import argument_error, check_choice, check_fraction, check_integer


@pytest.mark.parametrize("value", [3, np.int64(3), np.int32(3), np.uint8(3)])
def test_python_and_numpy_integers_come_back_as_int(value):
    checked = check_integer("n", value, minimum=1)
    assert checked == 3 and type(checked) is int


@pytest.mark.parametrize("value", [True, False, np.bool_(True), 3.0, np.float64(3), "3", [3]])
def test_anything_but_an_integer_is_refused(value):
    with pytest.raises(ValueError, match=r"^n=.* is invalid: n must be an integer\.$"):
        check_integer("n", value)


def test_the_minimum_is_inclusive_and_named():
    assert check_integer("n", 0, minimum=0) == 0
    assert check_integer("n", -7) == -7
    with pytest.raises(ValueError, match=r"^seed=-1 is invalid: seed must be an integer >= 0\.$"):
        check_integer("seed", -1, minimum=0)
    with pytest.raises(ValueError, match=r"^top_k=np\.int64\(0\) is invalid: top_k must be an integer >= 1\.$"):
        check_integer("top_k", np.int64(0), minimum=1)


def test_none_passes_only_when_allowed():
    assert check_integer("maxlen", None, allow_none=True) is None
    with pytest.raises(ValueError, match=r"^maxlen=None is invalid: maxlen must be an integer >= 1\.$"):
        check_integer("maxlen", None, minimum=1)
    with pytest.raises(ValueError, match=r"must be an integer >= 1 or None\.$"):
        check_integer("maxlen", 0, minimum=1, allow_none=True)


@pytest.mark.parametrize("value", [0.3, np.float32(0.3), np.float64(0.3), 1e-9, 0.999])
def test_fractions_come_back_as_float(value):
    checked = check_fraction("share", value)
    assert checked == pytest.approx(float(value)) and type(checked) is float


@pytest.mark.parametrize("value", [0, 1, 0.0, 1.0, -0.1, 1.5, np.int64(0), math.nan, True, "0.2", None])
def test_anything_but_a_number_strictly_between_0_and_1_is_refused(value):
    with pytest.raises(ValueError, match=r"^share=.* is invalid: share must be a number strictly between 0 and 1"):
        check_fraction("share", value)


def test_choices_accept_any_iterable_and_list_themselves():
    assert check_choice("dataset", "imdb", ("imdb", "reuters")) == "imdb"
    assert check_choice("name", "b", {"a": 1, "b": 2}) == "b"
    with pytest.raises(ValueError, match=r"^dataset='mnist' is invalid: dataset must be one of 'imdb', 'reuters'\.$"):
        check_choice("dataset", "mnist", iter(["imdb", "reuters"]))


def test_argument_error_reads_like_the_checks():
    error = argument_error("maxlen", 2, "large enough to keep one review")
    assert isinstance(error, ValueError)
    assert str(error) == "maxlen=2 is invalid: maxlen must be large enough to keep one review."
