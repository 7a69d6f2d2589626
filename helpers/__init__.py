"""Helpers shared by the notebooks of the RNN course.

Modules: ``runmode`` (full/fast mode, seeds, versions), ``data`` (verified IMDB
and Reuters loaders), ``plotting``, ``evaluation`` (metrics and results
records), ``numpy_cells`` (LSTM and GRU in NumPy), ``colab`` (the repository
the Colab badges point at) and ``runner`` (executes notebooks headless).
"""

import os
import sys


def _import_tensorflow_quietly() -> None:
    """Import TensorFlow once with its C++ start-up chatter silenced.

    TensorFlow's native code writes lines such as "Could not find cuda
    drivers" straight to file descriptor 2 while it loads, before any logging
    setting applies, and Jupyter would store them in every notebook. Errors
    still surface: a failed import raises a Python exception as usual, and
    ``TF_CPP_MIN_LOG_LEVEL`` (set here to 3 unless the user chose a level)
    only hides native log lines below fatal.
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    if "tensorflow" in sys.modules:
        return
    sys.stderr.flush()
    saved_stderr = os.dup(2)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 2)
            import tensorflow  # noqa: F401
    finally:
        os.dup2(saved_stderr, 2)
        os.close(saved_stderr)


_import_tensorflow_quietly()

from helpers.runmode import environment_report, pick, run_mode, set_seed  # noqa: E402

__all__ = ["environment_report", "pick", "run_mode", "set_seed"]
