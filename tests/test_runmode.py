import keras
import numpy as np
import pytest

import helpers
from helpers import runmode


def test_full_is_the_default(monkeypatch):
    monkeypatch.delenv(runmode.MODE_VARIABLE, raising=False)
    assert helpers.run_mode() == "full"
    assert helpers.pick(full=10, fast=1) == 10


def test_fast_mode_picks_the_fast_value(monkeypatch):
    monkeypatch.setenv(runmode.MODE_VARIABLE, " FAST ")
    assert helpers.run_mode() == "fast"
    assert helpers.pick(full=10, fast=1) == 1


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


@pytest.mark.parametrize("seed", [-1, 1.5, "42", True])
def test_set_seed_rejects_bad_seeds(seed):
    with pytest.raises(ValueError, match="seed"):
        helpers.set_seed(seed)


def test_environment_report_names_versions_and_mode(monkeypatch):
    monkeypatch.setenv(runmode.MODE_VARIABLE, "fast")
    report = helpers.environment_report()
    assert f"keras {keras.__version__}" in report and f"numpy {np.__version__}" in report
    assert report.endswith("mode: fast")
