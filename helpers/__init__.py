"""Helpers shared by the notebooks of the RNN course.

Modules: ``runmode`` (full/fast mode, seeds, versions, the notebooks' start),
``paths``, ``arguments`` (argument checks), ``data`` (verified IMDB and
Reuters loaders, splits), ``batching`` (truncation and length-bucketed
batches), ``layers`` (masked max pooling), ``sentiment`` (the IMDB
protocol's classifier), ``training`` (the training protocol), ``metrics``, ``records``
(results records), ``plotting``, ``numpy_cells`` (LSTM and GRU in NumPy),
``reuters`` (notebook 08's Reuters models and batches), ``toy_tasks``
(notebook 10's generated data sets), ``forecasting`` (notebook 11's
series, windows and naive forecasts), ``language_model``
(temperature sampling, next-token pairs, n-gram baselines, perplexity),
``colab`` (the repository the Colab badges point at, the setup cell) and
``runner`` (executes notebooks headless).

Importing ``helpers`` imports neither TensorFlow nor Keras: the command-line
tools start fast, and the notebooks load TensorFlow in their setup cell
through :func:`start_notebook`.
"""

from helpers.runmode import environment_report, pick, run_mode, set_seed, start_notebook

__all__ = ["environment_report", "pick", "run_mode", "set_seed", "start_notebook"]
