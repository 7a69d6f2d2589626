"""Argument checks shared by the helpers, with errors that say what to pass.

Each check returns the value as a plain Python object, so that callers never
carry NumPy scalars further than the check. The checks accept what Keras
accepts: NumPy integers count as integers (``np.int64(100)`` like ``100``) and
NumPy floats as numbers (``np.float32(0.3)``). Booleans are refused even though
Python counts ``True`` as the integer 1: a flag passed where a count belongs is
a mistake. Strings are never converted.

Every failure is a :class:`ValueError` whose message names the argument, shows
the value it got and says what to pass, for example::

    num_words=0 is invalid: num_words must be an integer >= 1 or None.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np


def argument_error(name: str, value: Any, wanted: str) -> ValueError:
    """The error for argument ``name`` holding ``value`` where ``wanted``
    (a phrase such as ``"a positive integer"``) was needed; raise it.

    For checks that the functions below do not cover, so that every argument
    error reads the same."""
    return ValueError(f"{name}={value!r} is invalid: {name} must be {wanted}.")


def check_integer(name: str, value: Any, *, minimum: int | None = None, allow_none: bool = False) -> int | None:
    """Return ``value`` as an ``int`` if it is a Python or NumPy integer (not a
    bool) of at least ``minimum``; ``None`` passes only with ``allow_none``.

    Raises:
        ValueError: anything else, named by ``name``.
    """
    if value is None and allow_none:
        return None
    is_integer = isinstance(value, (int, np.integer)) and not isinstance(value, bool)
    if is_integer and (minimum is None or value >= minimum):
        return int(value)
    wanted = "an integer" if minimum is None else f"an integer >= {minimum}"
    raise argument_error(name, value, wanted + (" or None" if allow_none else ""))


def check_fraction(name: str, value: Any) -> float:
    """Return ``value`` as a ``float`` if it is a Python or NumPy number (not a
    bool, not a string) strictly between 0 and 1, such as a share of examples.

    Raises:
        ValueError: anything else (NaN included), named by ``name``.
    """
    is_number = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)
    if is_number and 0 < value < 1:
        return float(value)
    raise argument_error(name, value, "a number strictly between 0 and 1, such as 0.2")


def check_choice(name: str, value: Any, choices: Iterable[Any]) -> Any:
    """Return ``value`` if it equals one of ``choices`` (any iterable, such as
    a tuple of names or a dict's keys).

    Raises:
        ValueError: otherwise, listing the choices.
    """
    choices = tuple(choices)
    if value in choices:
        return value
    raise argument_error(name, value, "one of " + ", ".join(map(repr, choices)))
