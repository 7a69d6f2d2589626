"""Run mode (full or fast), seeding, versions and the start of every notebook.

The mode is read from the environment variable ``RNN_COURSE_MODE``:

* ``full`` (the default): real data sizes and real epochs, the numbers a
  learner should see and the ones stored in the repository;
* ``fast``: small subsets, short sequences and one or two epochs, so that CI
  executes every notebook in seconds.

Notebooks never branch on the mode themselves: they show their full-mode
settings in one cell, and in fast mode the runner and the tests insert
smaller ones after it (``helpers.fastmode``).
"""

from __future__ import annotations

import contextlib
import importlib
import os
import platform
import re
import sys
import tempfile
import threading
import warnings
from pathlib import Path

from helpers.arguments import check_integer

MODE_VARIABLE = "RNN_COURSE_MODE"
MODES = ("full", "fast")
# Set to "1" by the project's runner (``python -m helpers.runner``) in the
# kernels it starts; a notebook opened in Jupyter or Colab, or run by nbval,
# runs without it.
RUNNER_VARIABLE = "RNN_COURSE_RUNNER"
# The TensorFlow and Keras releases (major.minor) the stored outputs came from.
STORED_OUTPUT_VERSIONS = {"tensorflow": "2.21", "keras": "3.15"}

# Lines TensorFlow's native code prints while it loads on any machine, GPU or
# not; they say nothing about this run. Everything else it prints is shown.
_TENSORFLOW_CHATTER = re.compile(
    r"All log messages before absl::InitializeLog|oneDNN custom operations are on|"
    r"Could not find cuda drivers on your machine|cpu_feature_guard|To enable the following instructions|"
    r"TF-TRT Warning|Unable to register cu(DNN|FFT|BLAS) factory|computation placer already registered|"
    r"NodeDef mentions attribute use_unbounded_threadpool"
)
# Without a GPU, the CUDA driver's start fails; that line is chatter only there.
_NO_GPU_CHATTER = re.compile(r"failed call to cuInit")

_filter_threads: list[threading.Thread] = []  # the one filter of a notebook's native standard error


def check_mode(mode: str, name: str = "mode") -> str:
    """Return ``mode`` if it is a run mode; otherwise raise a ValueError naming ``name``."""
    if mode not in MODES:
        raise ValueError(f"{name}={mode!r} must be one of {', '.join(MODES)}.")
    return mode


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


def run_by_runner() -> bool:
    """Whether this process is a notebook kernel started by the project's
    runner: only such a run writes the course's own results (``results/full/``)."""
    return os.environ.get(RUNNER_VARIABLE) == "1"


@contextlib.contextmanager
def _native_stderr_filtered():
    """Capture what native code writes to file descriptor 2 inside the block,
    then write every line that is not known chatter to standard error."""
    sys.stderr.flush()
    saved_stderr = os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as captured:
        try:
            os.dup2(captured.fileno(), 2)
            yield
        finally:
            os.dup2(saved_stderr, 2)
            os.close(saved_stderr)
            captured.seek(0)
            lines = captured.read().decode("utf-8", errors="replace").splitlines()
            sys.stderr.write("".join(f"{line}\n" for line in _worth_showing(lines, gpu_present=_gpu_present())))


def import_tensorflow():
    """Import TensorFlow with its start-up chatter filtered out, and return it.

    TensorFlow's native code writes lines such as "Could not find cuda
    drivers" straight to file descriptor 2 while it loads, before any logging
    setting applies, and Jupyter would store them in every notebook. They are
    captured while TensorFlow loads and looks for GPUs; lines known to be
    harmless everywhere are dropped and every other line (a failed CUDA or
    cuDNN load on Colab, say) is written to standard error. Later native
    messages below ERROR are hidden (``TF_CPP_MIN_LOG_LEVEL=2`` unless set).

    TensorFlow's oneDNN CPU kernels are switched off (``TF_ENABLE_ONEDNN_OPTS=0``
    unless set): with them, every masked recurrent layer makes TensorFlow log
    an error line about boolean tensors on CPUs without full AVX-512 support,
    and without them a masked LSTM epoch ran no slower on the 2-core machine.
    TensorFlow's notice that a function was traced again is dropped from its
    Python logger (:func:`_drop_retracing_notice` says why).
    """
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    if "tensorflow" not in sys.modules:
        with _native_stderr_filtered():
            import tensorflow

            tensorflow.config.list_physical_devices("GPU")  # starts CUDA, where there is one
    tf = sys.modules["tensorflow"]
    tf.get_logger().addFilter(_drop_retracing_notice)  # added once: a logger keeps no duplicate filters
    return tf


def _drop_retracing_notice(record) -> bool:
    """A ``logging`` filter for TensorFlow's Python logger: drops only the
    notice that a ``tf.function`` was traced again. The notebooks build
    several models in a row, each with its own freshly traced training step,
    and length-bucketed batches make the first batches of every fit differ in
    length, so the notice would appear in stored outputs without pointing at
    a problem. Every other message passes."""
    return "triggered tf.function retracing" not in record.getMessage()


def filter_native_stderr() -> None:
    """From now on, pass what native code writes to file descriptor 2 through
    the chatter filter of :func:`import_tensorflow`.

    During training TensorFlow 2.21 logs harmless ERROR lines (for example
    about a ``use_unbounded_threadpool`` dataset attribute when deterministic
    ops are on), which Jupyter would store in the notebook; real errors must
    still be seen. File descriptor 2 becomes a pipe read by a background
    thread that forwards every line worth showing. For notebook kernels only:
    a script's last lines could be lost at exit while the thread holds them.
    """
    if _filter_threads:
        return
    read_end, write_end = os.pipe()
    forward_to = os.dup(2)
    sys.stderr.flush()
    os.dup2(write_end, 2)
    os.close(write_end)
    gpu_present = _gpu_present()

    def pump():
        with os.fdopen(read_end, "rb", buffering=0) as source:
            for raw in iter(source.readline, b""):
                if _worth_showing([raw.decode("utf-8", errors="replace")], gpu_present):
                    os.write(forward_to, raw)

    thread = threading.Thread(target=pump, name="native-stderr-filter", daemon=True)
    thread.start()
    _filter_threads.append(thread)


def _gpu_present() -> bool:
    return Path("/dev/nvidiactl").exists() or Path("/dev/nvidia0").exists()


def _worth_showing(lines: list[str], gpu_present: bool) -> list[str]:
    """The native start-up lines that are not chatter."""
    return [line for line in lines if line.strip() and not _TENSORFLOW_CHATTER.search(line)
            and (gpu_present or not _NO_GPU_CHATTER.search(line))]


def set_seed(seed: int = 42) -> None:
    """Make runs repeatable: seed Python, NumPy and the backend, and ask
    TensorFlow for deterministic kernels.

    Raises:
        ValueError: if ``seed`` is not a non-negative integer.
    """
    seed = check_integer("seed", seed, minimum=0)
    tf = import_tensorflow()
    import keras

    keras.utils.set_random_seed(seed)
    tf.config.experimental.enable_op_determinism()
    keras.utils.set_random_seed(seed)


def library_versions() -> dict[str, str]:
    """Versions of Python and the libraries whose numbers the suite reports.

    Under a Keras backend other than TensorFlow (``KERAS_BACKEND=jax``, say),
    ``"keras_backend"`` names it and its version: the stored outputs and the
    records of a TensorFlow run carry no such entry."""
    tf = import_tensorflow()
    import keras
    import numpy as np

    versions = {
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
        "numpy": np.__version__,
    }
    backend = keras.backend.backend()
    if backend != "tensorflow":
        module = importlib.import_module(backend)
        versions["keras_backend"] = f"{backend} {getattr(module, '__version__', '')}".strip()
    return versions


def version_warnings(versions: dict[str, str]) -> list[str]:
    """One sentence for each library whose major.minor differs from the
    release the stored outputs came from (``STORED_OUTPUT_VERSIONS``)."""
    messages = []
    for name, stored in STORED_OUTPUT_VERSIONS.items():
        installed = ".".join(versions[name].split(".")[:2])
        if installed != stored:
            messages.append(f"{name} {versions[name]} is installed but the stored outputs came from {name} {stored}; "
                            "your numbers may differ from the ones shown.")
    return messages


def environment_report() -> str:
    """One line with the library versions and the run mode, for a setup cell."""
    parts = [f"{name} {version}" for name, version in library_versions().items()]
    return " | ".join(parts) + f" | mode: {run_mode()}"


def start_notebook(seed: int = 42) -> None:
    """What every notebook's setup cell does once the repository is on the
    path: filter TensorFlow's native chatter, load TensorFlow, seed everything, print the versions and the
    mode, and warn when the installed TensorFlow or Keras differs from the
    release the stored outputs came from."""
    filter_native_stderr()
    set_seed(seed)
    print(environment_report())
    for message in version_warnings(library_versions()):
        warnings.warn(message, stacklevel=2)
