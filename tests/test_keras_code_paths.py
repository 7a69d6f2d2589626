"""What Keras's recurrent layers do on each code path, as notebook 03 states it.

Notebook 03 teaches these facts with public APIs; the checks that need Keras's
private functions (``keras.src``) live here, so that a Keras upgrade that moves
or changes them fails a test instead of leaving the notebook's prose stale.
"""

import importlib

import keras
import numpy as np
import pytest

from helpers.runmode import import_tensorflow

tf = import_tensorflow()

import keras.src.backend as keras_backend  # noqa: E402
from keras import layers  # noqa: E402

tensorflow_rnn = importlib.import_module("keras.src.backend.tensorflow.rnn")  # the module, not its rnn()
GPU = bool(tf.config.list_logical_devices("GPU"))
TOKENS = [[5, 8, 2], [7, 3], [4, 9, 6, 1, 2]]


def embedded(padding="post", maxlen=6):
    """A padded batch of TOKENS through a masking Embedding: (vectors (3, maxlen, 3), mask (3, maxlen))."""
    tokens = keras.utils.pad_sequences(TOKENS, maxlen=maxlen, padding=padding)
    embedding = layers.Embedding(10, 3, mask_zero=True,
                                 embeddings_initializer=keras.initializers.RandomNormal(stddev=1.0, seed=0))
    return embedding(tokens), embedding.compute_mask(tokens)


def padded_steps(mask):
    return ~keras.ops.convert_to_numpy(mask).astype(bool)


@pytest.mark.parametrize("recurrent", [layers.SimpleRNN, layers.LSTM, layers.GRU])
def test_generic_loop_repeats_the_previous_output_at_masked_steps(recurrent):
    vectors, mask = embedded("post")
    layer = recurrent(4, return_sequences=True, **({} if recurrent is layers.SimpleRNN else {"use_cudnn": False}))
    assert layer.zero_output_for_mask is False  # the default of SimpleRNN, LSTM and GRU
    outputs = keras.ops.convert_to_numpy(layer(vectors, mask=mask))
    lengths = [len(row) for row in TOKENS]
    for row, length in enumerate(lengths):
        last_real = outputs[row, length - 1]
        assert np.abs(last_real).max() > 1e-3  # a real output, not zeros
        np.testing.assert_array_equal(outputs[row, length:], np.broadcast_to(last_real, outputs[row, length:].shape))


def test_generic_loop_with_pre_padding_repeats_the_zero_initial_state():
    vectors, mask = embedded("pre")
    outputs = keras.ops.convert_to_numpy(layers.LSTM(4, return_sequences=True, use_cudnn=False)(vectors, mask=mask))
    assert np.all(outputs[padded_steps(mask)] == 0)


@pytest.mark.parametrize("recurrent", [layers.SimpleRNN, layers.LSTM, layers.GRU])
def test_bidirectional_with_return_sequences_outputs_zeros_at_padded_steps(recurrent):
    vectors, mask = embedded("post")
    both_ways = layers.Bidirectional(recurrent(4, return_sequences=True))
    outputs = keras.ops.convert_to_numpy(both_ways(vectors, mask=mask))
    assert outputs.shape == (3, 6, 8)
    assert both_ways.forward_layer.zero_output_for_mask and both_ways.backward_layer.zero_output_for_mask
    assert np.all(outputs[padded_steps(mask)] == 0)
    assert np.all(np.abs(outputs[~padded_steps(mask)]).max(axis=-1) > 1e-3)  # real steps are not zeroed


def test_bidirectional_without_return_sequences_leaves_zero_output_for_mask_off():
    both_ways = layers.Bidirectional(layers.LSTM(4))
    assert not both_ways.forward_layer.zero_output_for_mask and not both_ways.backward_layer.zero_output_for_mask


@pytest.mark.parametrize("recurrent", [layers.LSTM, layers.GRU])
def test_use_cudnn_auto_falls_back_to_the_generic_loop(recurrent):
    vectors, mask = embedded("post")
    auto = recurrent(4, return_sequences=True)
    generic = recurrent(4, return_sequences=True, use_cudnn=False)
    auto.build(vectors.shape)
    generic.build(vectors.shape)
    generic.set_weights(auto.get_weights())
    if GPU:  # cuDNN: zeros at padded steps, the same real steps
        auto_outputs = keras.ops.convert_to_numpy(auto(vectors, mask=mask))
        assert np.all(auto_outputs[padded_steps(mask)] == 0)
    else:  # no cuDNN here: "auto" is the generic loop, to the last bit
        np.testing.assert_array_equal(keras.ops.convert_to_numpy(auto(vectors, mask=mask)),
                                      keras.ops.convert_to_numpy(generic(vectors, mask=mask)))


@pytest.mark.skipif(GPU, reason="on a GPU cuDNN can be used, so use_cudnn=True does not raise")
@pytest.mark.parametrize("recurrent", [layers.LSTM, layers.GRU])
def test_use_cudnn_true_raises_on_a_machine_without_gpu(recurrent):
    vectors, _ = embedded("post")
    with pytest.raises(ValueError, match="use_cudnn=True was specified"):
        recurrent(4, use_cudnn=True)(vectors)


@pytest.mark.parametrize("recurrent", [layers.LSTM, layers.GRU])
def test_use_cudnn_true_with_recurrent_dropout_raises_everywhere(recurrent):
    vectors, _ = embedded("post")
    with pytest.raises(ValueError, match="use_cudnn=True was specified"):
        recurrent(4, use_cudnn=True, recurrent_dropout=0.2)(vectors)
    recurrent(4, recurrent_dropout=0.2)(vectors)  # "auto" falls back without a word


def test_simple_rnn_has_no_cudnn_switch():
    with pytest.raises((TypeError, ValueError), match="use_cudnn"):
        layers.SimpleRNN(4, use_cudnn=True)


def layer_asks_for_cudnn(layer, inputs, monkeypatch):
    """Call the layer; report whether it asked the backend for the cuDNN kernel (keras.src.backend.lstm/gru)."""
    name = "gru" if isinstance(layer, layers.GRU) else "lstm"
    original, calls = getattr(keras_backend, name), []

    def recording(*args, **kwargs):
        calls.append(name)
        return original(*args, **kwargs)  # without a GPU this raises NotImplementedError and the layer falls back

    monkeypatch.setattr(keras_backend, name, recording)
    layer(inputs)
    monkeypatch.undo()
    return bool(calls)


@pytest.mark.parametrize(("make", "asks"), [
    (lambda: layers.LSTM(4), True),
    (lambda: layers.GRU(4), True),
    (lambda: layers.LSTM(4, dropout=0.2), True),  # dropout on the inputs keeps cuDNN
    (lambda: layers.LSTM(4, use_bias=False), True),  # argument checks come later, in the backend
    (lambda: layers.LSTM(4, recurrent_dropout=0.2), False),
    (lambda: layers.GRU(4, recurrent_dropout=0.2), False),
    (lambda: layers.GRU(4, use_cudnn=False), False),
    (lambda: layers.LSTM(4, use_cudnn=False), False),
], ids=["LSTM", "GRU", "dropout", "use_bias=False", "LSTM recurrent_dropout", "GRU recurrent_dropout",
        "GRU use_cudnn=False", "LSTM use_cudnn=False"])
def test_layer_asks_for_cudnn_only_with_use_cudnn_on_and_no_recurrent_dropout(make, asks, monkeypatch):
    vectors, _ = embedded("post")
    assert layer_asks_for_cudnn(make(), vectors, monkeypatch) is asks


def arguments_allow_cudnn(layer):
    """Keras's own argument check: the part of cudnn_ok that does not look for a GPU."""
    cell = layer.cell
    if isinstance(layer, layers.GRU):
        return tensorflow_rnn._do_gru_arguments_support_cudnn(
            cell.activation, cell.recurrent_activation, layer.unroll, cell.use_bias, cell.reset_after)
    return tensorflow_rnn._do_lstm_arguments_support_cudnn(
        cell.activation, cell.recurrent_activation, layer.unroll, cell.use_bias)


@pytest.mark.parametrize(("layer", "allowed"), [
    (layers.LSTM(4), True),
    (layers.GRU(4), True),
    (layers.LSTM(4, dropout=0.2, recurrent_dropout=0.2), True),  # dropout is the layer's check, not this one
    (layers.LSTM(4, activation="relu"), False),
    (layers.GRU(4, recurrent_activation="hard_sigmoid"), False),
    (layers.LSTM(4, unroll=True), False),
    (layers.LSTM(4, use_bias=False), False),
    (layers.GRU(4, use_bias=False), False),
    (layers.GRU(4, reset_after=False), False),
], ids=["LSTM", "GRU", "dropouts", "activation=relu", "hard_sigmoid", "unroll", "LSTM no bias", "GRU no bias",
        "reset_after=False"])
def test_cudnn_needs_default_activations_no_unroll_a_bias_and_reset_after(layer, allowed):
    assert bool(arguments_allow_cudnn(layer)) is allowed


def test_cudnn_ok_also_needs_a_gpu():
    lstm = layers.LSTM(4)
    assert tensorflow_rnn._is_gpu_available() is GPU
    assert tensorflow_rnn.cudnn_ok(lstm.activation, lstm.recurrent_activation, lstm.unroll, lstm.use_bias) is GPU


@pytest.mark.parametrize(("rows", "right_padded", "empty_row"), [
    ([[1, 1, 1, 0], [1, 1, 0, 0]], True, False),  # "post" padding
    ([[0, 1, 1, 1], [0, 0, 1, 1]], False, False),  # "pre" padding
    ([[1, 0, 1, 0], [1, 1, 1, 1]], False, False),  # a hole in the middle
    ([[1, 1, 0, 0], [0, 0, 0, 0]], True, True),  # right-padded, but one sequence is only padding
])
def test_cudnn_mask_check_wants_right_padding_and_no_empty_sequence(rows, right_padded, empty_row):
    mask = tf.constant(np.array(rows, dtype=bool))
    assert bool(tensorflow_rnn._is_sequence_right_padded(mask)) is right_padded
    assert bool(tensorflow_rnn._has_fully_masked_sequence(mask)) is empty_row


def test_embedding_masks_of_the_two_padding_sides():
    _, post = embedded("post")
    _, pre = embedded("pre")
    assert bool(tensorflow_rnn._is_sequence_right_padded(post))
    assert not bool(tensorflow_rnn._is_sequence_right_padded(pre))


@pytest.mark.skipif(not GPU, reason="the cuDNN kernel needs a GPU")
@pytest.mark.parametrize("recurrent", [layers.LSTM, layers.GRU])
def test_cudnn_outputs_zeros_at_padded_steps_and_the_last_real_output_as_output(recurrent):
    vectors, mask = embedded("post")
    cudnn = recurrent(4, return_sequences=True, return_state=True)
    generic = recurrent(4, return_sequences=True, return_state=True, use_cudnn=False)
    cudnn.build(vectors.shape)
    generic.build(vectors.shape)
    generic.set_weights(cudnn.get_weights())
    cudnn_sequence, cudnn_h, *_ = (keras.ops.convert_to_numpy(t) for t in cudnn(vectors, mask=mask))
    generic_sequence, generic_h, *_ = (keras.ops.convert_to_numpy(t) for t in generic(vectors, mask=mask))
    real = ~padded_steps(mask)
    assert np.all(cudnn_sequence[~real] == 0)
    np.testing.assert_allclose(cudnn_sequence[real], generic_sequence[real], atol=1e-5)
    np.testing.assert_allclose(cudnn_h, generic_h, atol=1e-5)
