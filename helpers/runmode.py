"""Run mode (full or fast), seeding and a short report of the environment.

The mode is read from the environment variable ``RNN_COURSE_MODE``:

* ``full`` (the default): real data sizes and real epochs, the numbers a
  learner should see and the ones stored in the repository;
* ``fast``: small subsets, short sequences and one or two epochs, so that CI
  executes every notebook in seconds.

Notebooks never branch on the mode themselves; they ask :func:`pick` for a
size or an epoch count, so the same code runs in both modes.
"""

from __future__ import annotations

import os
import platform
from typing import TypeVar

MODE_VARIABLE = "RNN_COURSE_MODE"
MODES = ("full", "fast")

T = TypeVar("T")


def run_mode() -> str:
    """Return the current run mode, ``"full"`` or ``"fast"``.

    Raises:
        ValueError: if ``RNN_COURSE_MODE`` holds anything else.
    """
    mode = os.environ.get(MODE_VARIABLE, "full").strip().lower() or "full"
    if mode not in MODES:
        raise ValueError(
            f"Environment variable {MODE_VARIABLE}={mode!r} is not a run mode; "
            f"set it to one of {', '.join(MODES)} (or unset it for full)."
        )
    return mode


def pick(*, full: T, fast: T) -> T:
    """Return ``full`` in full mode and ``fast`` in fast mode.

    Example: ``EPOCHS = pick(full=10, fast=1)``.
    """
    return full if run_mode() == "full" else fast


def set_seed(seed: int = 42) -> None:
    """Make runs repeatable: seed Python, NumPy and the backend, and ask
    TensorFlow for deterministic kernels.

    Raises:
        ValueError: if ``seed`` is not a non-negative integer.
    """
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}.")
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()


def library_versions() -> dict[str, str]:
    """Versions of Python and the libraries whose numbers the suite reports."""
    import keras
    import numpy as np
    import tensorflow as tf

    return {
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "numpy": np.__version__,
    }


def environment_report() -> str:
    """One line with the library versions and the run mode, for a setup cell."""
    parts = [f"{name} {version}" for name, version in library_versions().items()]
    return " | ".join(parts) + f" | mode: {run_mode()}"
