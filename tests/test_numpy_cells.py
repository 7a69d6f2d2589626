"""The NumPy LSTM and GRU cells against Keras's layers with random weights."""

import keras
import numpy as np
import pytest

from helpers import numpy_cells

SHAPES = [(1, 1, 1, 1), (3, 7, 5, 4), (8, 20, 3, 16)]  # (batch, timesteps, features, units)


def random_weights(layer, rng):
    """Replace every weight by a random one, biases included, so that no
    zero-initialised part hides a mistake."""
    layer.set_weights([rng.normal(0, 0.6, w.shape).astype("float32") for w in layer.get_weights()])
    return layer.get_weights()


@pytest.mark.parametrize(("batch", "timesteps", "features", "units"), SHAPES)
def test_lstm_matches_keras(batch, timesteps, features, units):
    rng = np.random.default_rng(units)
    x = rng.normal(size=(batch, timesteps, features)).astype("float32")
    layer = keras.layers.LSTM(units, return_sequences=True, return_state=True)
    layer.build((None, None, features))
    kernel, recurrent_kernel, bias = random_weights(layer, rng)
    keras_h, keras_last_h, keras_last_c = (keras.ops.convert_to_numpy(t) for t in layer(x))

    h, c, gates = numpy_cells.lstm_forward(x, kernel, recurrent_kernel, bias)
    assert h.shape == c.shape == (batch, timesteps, units)
    assert np.abs(h - keras_h).max() < 1e-5
    assert np.abs(c[:, -1] - keras_last_c).max() < 1e-5
    assert np.abs(h[:, -1] - keras_last_h).max() < 1e-5
    assert set(gates) == {"i", "f", "g", "o"} and gates["f"].shape == (batch, timesteps, units)
    assert 0 < gates["i"].min() and gates["o"].max() < 1


def test_lstm_step_and_forward_agree_in_float64():
    """lstm_forward is lstm_step from zero states, and keeps float64 (notebook 06's Jacobian needs it)."""
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2, 4, 3))
    kernel, recurrent_kernel, bias = rng.normal(size=(3, 20)), rng.normal(size=(5, 20)), rng.normal(size=20)
    h, c, gates = numpy_cells.lstm_forward(x, kernel, recurrent_kernel, bias)
    zeros = np.zeros((2, 5))
    h_1, c_1, gates_1 = numpy_cells.lstm_step(x[:, 0], zeros, zeros, kernel, recurrent_kernel, bias)
    assert h.dtype == c.dtype == np.float64
    assert np.array_equal(h[:, 0], h_1) and np.array_equal(c[:, 0], c_1)
    assert all(np.array_equal(gates[name][:, 0], gates_1[name]) for name in "ifgo")
    assert np.allclose(c_1, gates_1["i"] * gates_1["g"])  # c_0 = 0: the first cell state is all written


@pytest.mark.parametrize("reset_after", [True, False])
@pytest.mark.parametrize(("batch", "timesteps", "features", "units"), SHAPES)
def test_gru_matches_keras(batch, timesteps, features, units, reset_after):
    rng = np.random.default_rng(units + 100)
    x = rng.normal(size=(batch, timesteps, features)).astype("float32")
    layer = keras.layers.GRU(units, return_sequences=True, reset_after=reset_after)
    layer.build((None, None, features))
    kernel, recurrent_kernel, bias = random_weights(layer, rng)
    assert bias.shape == ((2, 3 * units) if reset_after else (3 * units,))

    h, gates = numpy_cells.gru_forward(x, kernel, recurrent_kernel, bias, reset_after=reset_after)
    assert h.shape == (batch, timesteps, units)
    assert np.abs(h - keras.ops.convert_to_numpy(layer(x))).max() < 1e-5
    assert set(gates) == {"z", "r", "candidate"}


def test_gru_forms_differ_when_the_reset_gate_matters():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(2, 5, 3))
    kernel, recurrent_kernel = rng.normal(size=(3, 12)), rng.normal(size=(4, 12))
    after, _ = numpy_cells.gru_forward(x, kernel, recurrent_kernel, np.zeros((2, 12)), reset_after=True)
    before, _ = numpy_cells.gru_forward(x, kernel, recurrent_kernel, np.zeros(12), reset_after=False)
    assert not np.allclose(after, before)
