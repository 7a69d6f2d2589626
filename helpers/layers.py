"""Layers Keras lacks: a global max pooling that respects the mask."""

from __future__ import annotations

from helpers.runmode import import_tensorflow

import_tensorflow()
import keras  # noqa: E402  (after TensorFlow has been loaded quietly)
from keras import ops  # noqa: E402


@keras.saving.register_keras_serializable(package="helpers")
class MaskedGlobalMaxPooling1D(keras.layers.Layer):
    """The maximum over time of each feature, taken over the real (unmasked)
    time steps only.

    ``keras.layers.GlobalMaxPooling1D`` ignores the mask, so padding steps
    take part in the maximum. What a recurrent layer outputs at a masked step
    depends on the code path: Keras's generic loop repeats the last real
    output (``zero_output_for_mask=False``, the default of ``SimpleRNN``,
    ``LSTM`` and ``GRU``), which leaves the maximum unchanged; the cuDNN
    kernel (on a GPU) and ``Bidirectional(return_sequences=True)`` output
    zeros there, so a feature negative at every real step would come out as
    0. Here masked steps are set to the lowest float before the maximum is
    taken, which gives the same answer on every path.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def call(self, inputs, mask=None):
        if mask is not None:
            lowest = ops.convert_to_tensor(-3.0e38 if inputs.dtype == "float32" else -6.0e4, inputs.dtype)
            inputs = ops.where(ops.expand_dims(mask, -1), inputs, lowest)
        return ops.max(inputs, axis=1)

    def compute_mask(self, inputs, mask=None):
        return None  # one vector per sequence: nothing left to mask

    def compute_output_shape(self, input_shape):
        return (input_shape[0], input_shape[2])
