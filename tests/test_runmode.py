import json
import subprocess
import sys

import keras
import numpy as np
import pytest

import helpers
from helpers import runmode
from helpers.paths import PROJECT_ROOT, RESULTS_DIR


def test_full_is_the_default(monkeypatch):
    monkeypatch.delenv(runmode.MODE_VARIABLE, raising=False)
    assert helpers.run_mode() == "full"


def test_fast_mode_is_read_loosely(monkeypatch):
    monkeypatch.setenv(runmode.MODE_VARIABLE, " FAST ")
    assert helpers.run_mode() == "fast"


def test_unknown_mode_names_the_variable(monkeypatch):
    monkeypatch.setenv(runmode.MODE_VARIABLE, "quick")
    with pytest.raises(ValueError, match="RNN_COURSE_MODE='quick'"):
        helpers.run_mode()


def test_set_seed_makes_a_keras_model_repeatable():
    def train_once():
        helpers.set_seed(3)
        model = keras.Sequential([keras.Input((5, 2)), keras.layers.SimpleRNN(4), keras.layers.Dense(1)])
        model.compile(optimizer="adam", loss="mse")
        x = np.random.default_rng(0).normal(size=(16, 5, 2)).astype("float32")
        model.fit(x, x[:, -1, :1], epochs=2, batch_size=4, verbose=0)
        return model.predict(x, verbose=0)

    assert np.array_equal(train_once(), train_once())


@pytest.mark.parametrize("seed", [-1, 1.5, "42", True, np.float64(3)])
def test_set_seed_rejects_bad_seeds(seed):
    with pytest.raises(ValueError, match="seed"):
        helpers.set_seed(seed)


def test_environment_report_names_versions_and_mode(monkeypatch):
    monkeypatch.setenv(runmode.MODE_VARIABLE, "fast")
    report = helpers.environment_report()
    assert f"keras {keras.__version__}" in report and f"numpy {np.__version__}" in report
    assert report.endswith("mode: fast")
    assert "keras_backend" not in runmode.library_versions()  # TensorFlow's runs, stored outputs and records


def test_importing_the_command_line_helpers_loads_no_tensorflow():
    code = "import sys, helpers.colab, helpers.runner; print('tensorflow' in sys.modules, 'keras' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=PROJECT_ROOT)
    assert result.stdout.strip() == "False False"


def test_start_up_chatter_is_dropped_and_real_errors_are_kept():
    lines = [
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
        "I0000 00:00:1.0 1 port.cc:153] oneDNN custom operations are on. You may see slightly different numbers.",
        "I0000 00:00:1.0 1 cudart_stub.cc:31] Could not find cuda drivers on your machine, GPU will not be used.",
        "E0000 00:00:1.0 1 cuda_platform.cc:52] failed call to cuInit: INTERNAL: CUDA error",
        "E0000 00:00:1.0 1 cuda_dnn.cc:522] Loaded runtime CuDNN library: 8.9.4 but source was compiled with: 9.3.0.",
    ]
    assert runmode._worth_showing(lines, gpu_present=False) == lines[4:]
    assert runmode._worth_showing(lines, gpu_present=True) == lines[3:]


def test_version_warnings_name_the_library_that_differs():
    same = {"tensorflow": "2.21.3", "keras": "3.15.0"}
    assert runmode.version_warnings(same) == []
    messages = runmode.version_warnings({"tensorflow": "2.22.0", "keras": "3.15.1"})
    assert len(messages) == 1 and "tensorflow 2.22.0" in messages[0] and "2.21" in messages[0]


def test_stored_output_versions_are_those_of_the_stored_runs():
    runtimes = json.loads((RESULTS_DIR / "full" / "notebook_runtimes.json").read_text())
    for entry in runtimes.values():
        assert runmode.version_warnings(entry["versions"]) == [], "update STORED_OUTPUT_VERSIONS after a re-run"


def test_only_the_retracing_notice_is_dropped_from_tensorflows_logger():
    import logging

    tf = runmode.import_tensorflow()
    logger = tf.get_logger()
    kept = []
    handler = logging.Handler()
    handler.emit = kept.append
    logger.addHandler(handler)
    try:
        logger.warning("5 out of the last 13 calls to <function f> triggered tf.function retracing. Tracing is ...")
        logger.warning("a warning that matters")
    finally:
        logger.removeHandler(handler)
    assert [record.getMessage() for record in kept] == ["a warning that matters"]
