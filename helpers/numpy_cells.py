"""LSTM and GRU cells in plain NumPy, laid out exactly like Keras's weights.

Notebooks 06 and 07 show this source and load these functions with the
weights of ``keras.layers.LSTM`` / ``keras.layers.GRU``; the tests check that
both give the same numbers. Shapes: a batch of ``B`` sequences, ``d`` input
features, ``D`` units. Keras stores the gates side by side in one matrix:

* LSTM: ``kernel (d, 4D)``, ``recurrent_kernel (D, 4D)``, ``bias (4D,)``, gate
  order input ``i``, forget ``f``, candidate ``g`` (Keras calls it ``c``), output ``o``.
* GRU: ``kernel (d, 3D)``, ``recurrent_kernel (D, 3D)``, gate order update
  ``z``, reset ``r``, candidate ``h̃``; ``bias (2, 3D)`` (input and recurrent
  bias) when ``reset_after=True`` (Keras's default), ``(3D,)`` otherwise.
"""

from __future__ import annotations

import numpy as np


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Logistic function 1 / (1 + e^-x), elementwise."""
    return 1.0 / (1.0 + np.exp(-x))


def lstm_step(x_t, h_prev, c_prev, kernel, recurrent_kernel, bias):
    """One LSTM step. ``x_t (B, d)``, ``h_prev, c_prev (B, D)`` ->
    ``h_t, c_t (B, D)`` and the gate activations ``{"i", "f", "g", "o"}`` (each ``(B, D)``)."""
    z = x_t @ kernel + h_prev @ recurrent_kernel + bias      # (B, 4D): all gates at once
    z_i, z_f, z_g, z_o = np.split(z, 4, axis=-1)
    i = sigmoid(z_i)                                          # input gate: how much new to write
    f = sigmoid(z_f)                                          # forget gate: how much old to keep
    g = np.tanh(z_g)                                          # candidate values
    o = sigmoid(z_o)                                          # output gate: how much to show
    c_t = f * c_prev + i * g                                  # the cell state, the "conveyor belt"
    h_t = o * np.tanh(c_t)
    return h_t, c_t, {"i": i, "f": f, "g": g, "o": o}


def lstm_forward(x, kernel, recurrent_kernel, bias):
    """Unroll :func:`lstm_step` over ``x (B, T, d)`` from zero states.

    Returns:
        ``h (B, T, D)``, ``c (B, T, D)`` and the gates, each ``(B, T, D)``.
    """
    batch, timesteps, _ = x.shape
    units = recurrent_kernel.shape[0]
    h = np.zeros((batch, units), dtype=x.dtype)
    c = np.zeros((batch, units), dtype=x.dtype)
    hs, cs, gates = [], [], {name: [] for name in "ifgo"}
    for t in range(timesteps):
        h, c, step_gates = lstm_step(x[:, t], h, c, kernel, recurrent_kernel, bias)
        hs.append(h)
        cs.append(c)
        for name, value in step_gates.items():
            gates[name].append(value)
    return np.stack(hs, 1), np.stack(cs, 1), {name: np.stack(v, 1) for name, v in gates.items()}


def gru_step(x_t, h_prev, kernel, recurrent_kernel, bias, reset_after: bool = True):
    """One GRU step in Keras's convention. ``x_t (B, d)``, ``h_prev (B, D)`` ->
    ``h_t (B, D)`` and the gates ``{"z", "r", "candidate"}``.

    Keras interpolates ``h_t = z * h_prev + (1 - z) * candidate``: its update
    gate ``z`` is the share of the *old* state kept (many textbooks write the
    same with ``z`` and ``1 - z`` swapped). With ``reset_after=True`` the reset
    gate multiplies ``h_prev @ U + b_recurrent`` after the matrix product (the
    cuDNN form); with ``False`` it multiplies ``h_prev`` before it (the 2014 paper).
    """
    units = recurrent_kernel.shape[0]
    if reset_after:
        input_bias, recurrent_bias = bias
    else:
        input_bias, recurrent_bias = bias, np.zeros_like(bias)
    x_z, x_r, x_h = np.split(x_t @ kernel + input_bias, 3, axis=-1)
    u_z, u_r = recurrent_kernel[:, :units], recurrent_kernel[:, units:2 * units]
    u_h = recurrent_kernel[:, 2 * units:]
    b_z, b_r, b_h = np.split(recurrent_bias, 3, axis=-1)
    z = sigmoid(x_z + h_prev @ u_z + b_z)                    # update gate
    r = sigmoid(x_r + h_prev @ u_r + b_r)                    # reset gate
    if reset_after:
        candidate = np.tanh(x_h + r * (h_prev @ u_h + b_h))
    else:
        candidate = np.tanh(x_h + (r * h_prev) @ u_h)
    h_t = z * h_prev + (1.0 - z) * candidate
    return h_t, {"z": z, "r": r, "candidate": candidate}


def gru_forward(x, kernel, recurrent_kernel, bias, reset_after: bool = True):
    """Unroll :func:`gru_step` over ``x (B, T, d)`` from a zero state.

    Returns:
        ``h (B, T, D)`` and the gates, each ``(B, T, D)``.
    """
    batch, timesteps, _ = x.shape
    h = np.zeros((batch, recurrent_kernel.shape[0]), dtype=x.dtype)
    hs, gates = [], {"z": [], "r": [], "candidate": []}
    for t in range(timesteps):
        h, step_gates = gru_step(x[:, t], h, kernel, recurrent_kernel, bias, reset_after)
        hs.append(h)
        for name, value in step_gates.items():
            gates[name].append(value)
    return np.stack(hs, 1), {name: np.stack(v, 1) for name, v in gates.items()}
