"""The notebooks that teach no TensorFlow API also run on Keras's JAX backend.

Two notebooks run here in fast mode with ``KERAS_BACKEND=jax`` in the kernel's
environment: 00 (data pipelines, ``TextVectorization``) and 02 (the cheapest one
that trains a model with ``fit``). The README says which notebooks are
TensorFlow-only and why. Without JAX (``pip install "jax[cpu]"``) the tests
skip.
"""

import os

import pytest

from helpers import fastmode
from helpers.paths import NOTEBOOK_DIR
from helpers.runmode import MODE_VARIABLE

pytest.importorskip("jax", reason="JAX is not installed; pip install 'jax[cpu]' to run the notebooks on it")

NOTEBOOKS = ["00_sequence_data.ipynb", "02_hello_char_model.ipynb"]
CELL_TIMEOUT_S = 600
BACKEND_CHECK = "import keras\nprint('keras backend:', keras.backend.backend())"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_on_jax_in_fast_mode(name):
    import nbformat
    from nbclient import NotebookClient

    path = NOTEBOOK_DIR / name
    notebook = fastmode.inject_fast_settings(nbformat.read(path, as_version=4), path.stem)
    notebook.cells.append(nbformat.v4.new_code_cell(BACKEND_CHECK))  # the run is checked, not the file
    environment = {**os.environ, "KERAS_BACKEND": "jax", MODE_VARIABLE: "fast"}
    NotebookClient(notebook, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute(env=environment)

    # A failing cell raises CellExecutionError above; this checks the kernel really ran JAX.
    printed = "".join(output.get("text", "") for output in notebook.cells[-1].outputs)
    assert printed.strip() == "keras backend: jax"


def test_library_versions_name_a_backend_other_than_tensorflow(monkeypatch):
    import jax
    import keras

    from helpers.runmode import library_versions

    monkeypatch.setattr(keras.backend, "backend", lambda: "jax")
    assert library_versions()["keras_backend"] == f"jax {jax.__version__}"
