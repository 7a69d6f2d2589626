"""Plumbing for forecasting a series from its own past (notebook 11).

Loading the offline series that ``vega_datasets`` ships (hourly Seattle
temperatures of 2010, monthly stock prices 2000-2010), making the hourly
series regular, cutting a series chronologically into training, validation
and test periods, cutting windows with ``keras.utils.timeseries_dataset_from_array``,
the naive forecasts, errors per horizon, records for models that are not
trained, and the plots. The forecasting models themselves stay in the notebook.

Conventions: a series is a 1-D or 2-D array of shape ``(time,)`` or
``(time, features)``; a window ending at position ``t`` holds the inputs of
positions ``t - input_steps + 1 .. t`` and its targets are the values at
``t + h`` for each horizon ``h`` (in time steps, ``h >= 1``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from sklearn.metrics import mean_absolute_error

from helpers.arguments import argument_error, check_integer
from helpers.paths import RESULTS_DIR
from helpers.plotting import _new_figure
from helpers.records import ResultRecord, record_result

SPLIT_NAMES = ("train", "validation", "test")


def load_seattle_temperatures() -> pd.Series:
    """The hourly Seattle temperatures of 2010 that ship with ``vega_datasets``
    (read from the package's own file, no network), in degrees Fahrenheit,
    indexed by time: 8,759 values, as stored."""
    from vega_datasets import local_data

    frame = local_data.seattle_temps()
    return pd.Series(frame["temp"].to_numpy(dtype=float), index=pd.DatetimeIndex(frame["date"]),
                     name="temperature (°F)")


def load_seattle_weather() -> pd.DataFrame:
    """The daily Seattle weather observations 2012-2015 that ship with
    ``vega_datasets`` (offline), indexed by date: ``temp_max`` and ``temp_min``
    in degrees Celsius, ``precipitation`` in mm, ``wind`` in m/s, ``weather``."""
    from vega_datasets import local_data

    return local_data.seattle_weather().set_index("date")


def load_stock_prices() -> pd.DataFrame:
    """Monthly stock prices that ship with ``vega_datasets`` (offline), in US
    dollars: one column per symbol (AAPL, AMZN, GOOG, IBM, MSFT), one row per
    month from January 2000 to March 2010; NaN before a symbol's first month
    (GOOG starts in August 2004)."""
    from vega_datasets import local_data

    frame = local_data.stocks()
    prices = frame.pivot(index="date", columns="symbol", values="price")
    prices.columns.name = None
    return prices


def missing_hours(index: pd.DatetimeIndex) -> pd.DatetimeIndex:
    """The hours between the first and last time of ``index`` that ``index`` lacks."""
    index = pd.DatetimeIndex(index)
    return pd.date_range(index.min(), index.max(), freq="h").difference(index)


def fill_missing_hours(series: pd.Series) -> pd.Series:
    """``series`` on a regular hourly grid from its first to its last time,
    each missing hour filled by linear interpolation in time between its
    neighbours (values already present are unchanged).

    Raises:
        ValueError: if a time occurs twice or does not fall on the hour.
    """
    index = pd.DatetimeIndex(series.index)
    if index.has_duplicates:
        raise ValueError(f"series has duplicated times ({index[index.duplicated()][:3].tolist()}); "
                         "decide which value to keep (for example series.groupby(level=0).mean()) first.")
    if not (index == index.floor("h")).all():
        raise ValueError("series has times that are not on the hour; resample it to hours first.")
    regular = series.sort_index().asfreq("h")
    return regular.interpolate(method="time")


def split_positions(times: pd.DatetimeIndex, boundaries: Sequence) -> dict[str, tuple[int, int]]:
    """Chronological training, validation and test periods of a series.

    Args:
        times: the series' times, sorted.
        boundaries: the first time of the validation period and the first
            time of the test period, e.g. ``("2010-09-01", "2010-11-01")``.

    Returns:
        ``{"train": (0, a), "validation": (a, b), "test": (b, len(times))}``:
        the positions ``start <= i < stop`` of each period.
    """
    times = pd.DatetimeIndex(times)
    if len(boundaries) != 2:
        raise argument_error("boundaries", boundaries, "two times: the start of validation and the start of test")
    first, second = (int(times.searchsorted(pd.Timestamp(b))) for b in boundaries)
    if not 0 < first < second < len(times):
        raise argument_error("boundaries", boundaries,
                             f"two increasing times strictly inside {times[0]} .. {times[-1]}")
    return dict(zip(SPLIT_NAMES, ((0, first), (first, second), (second, len(times)))))


def _horizons(horizons) -> np.ndarray:
    steps = np.atleast_1d(np.asarray(horizons))
    if steps.ndim != 1 or steps.size == 0 or not np.issubdtype(steps.dtype, np.integer) or steps.min() < 1:
        raise argument_error("horizons", horizons, "one or more integers >= 1, e.g. [1] or range(1, 25)")
    return steps.astype(int)


@dataclass
class Windows:
    """Windows of one period, in time order.

    Attributes:
        inputs: shape ``(windows, input_steps, features)``.
        targets: shape ``(windows, len(horizons))``; ``targets[i, k]`` is the
            target series at ``ends[i] + horizons[k]``.
        ends: shape ``(windows,)``, the position ``t`` of each window's last input step.
        horizons: the steps ahead, shape ``(len(horizons),)``.
        labels: for windows pooled from several series (:func:`pooled_windows`),
            the name of each window's series, shape ``(windows,)``; else None.
    """

    inputs: np.ndarray
    targets: np.ndarray
    ends: np.ndarray
    horizons: np.ndarray
    labels: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.ends)

    @property
    def xy(self) -> tuple[np.ndarray, np.ndarray]:
        """``(inputs, targets)``, as ``model.fit`` and ``training.train`` take them."""
        return self.inputs, self.targets


def make_windows(inputs, targets, *, start: int, stop: int, input_steps: int, horizons) -> Windows:
    """Every window whose targets all fall in positions ``start <= i < stop``
    of the series, cut by ``keras.utils.timeseries_dataset_from_array``.

    A window ending at ``t`` reads ``inputs[t - input_steps + 1 .. t]`` (which
    may reach back before ``start``: the past is known) and predicts
    ``targets[t + h]`` for every ``h`` in ``horizons``.

    Args:
        inputs: shape ``(time,)`` or ``(time, features)``, e.g. scaled values.
        targets: shape ``(time,)``, e.g. the same series in real units.
        start, stop: the period the targets must lie in (:func:`split_positions`).
        input_steps: the window length ``L``.
        horizons: the steps ahead, e.g. ``[1]`` or ``range(1, 25)``.
    """
    import keras

    inputs = np.asarray(inputs, dtype="float32")
    inputs = inputs[:, None] if inputs.ndim == 1 else inputs
    targets = np.asarray(targets, dtype="float32")
    if inputs.ndim != 2 or targets.ndim != 1 or len(targets) != len(inputs):
        raise ValueError(f"inputs has shape {inputs.shape} and targets {targets.shape}; pass inputs of shape "
                         "(time,) or (time, features) and targets of shape (time,), of the same length.")
    input_steps = check_integer("input_steps", input_steps, minimum=1)
    steps = _horizons(horizons)
    start = check_integer("start", start, minimum=0)
    stop = check_integer("stop", stop, minimum=start + 1)
    if stop > len(targets):
        raise argument_error("stop", stop, f"at most the series length {len(targets)}")
    first_end = max(input_steps - 1, start - steps.min())
    last_end = stop - 1 - steps.max()
    if last_end < first_end:
        raise ValueError(f"no window fits in positions {start}..{stop - 1} with input_steps={input_steps} and "
                         f"horizons up to {steps.max()}; use a longer period or shorter windows.")
    ends = np.arange(first_end, last_end + 1)
    # Row i of `ahead` holds the targets of the window that starts at data position i.
    ahead = np.stack([targets[ends + h] for h in steps], axis=1)
    data = inputs[first_end - input_steps + 1: last_end + 1]
    dataset = keras.utils.timeseries_dataset_from_array(data, ahead, sequence_length=input_steps,
                                                        batch_size=4096, shuffle=False)
    batches = list(dataset.as_numpy_iterator())
    x = np.concatenate([b[0] for b in batches])
    y = np.concatenate([b[1] for b in batches])
    return Windows(inputs=x, targets=y, ends=ends, horizons=steps)


def period_windows(inputs, targets, periods: dict, *, input_steps: int, horizons) -> dict[str, Windows]:
    """:func:`make_windows` for every period of ``periods`` (from
    :func:`split_positions`): ``{period name: Windows}``."""
    return {name: make_windows(inputs, targets, start=start, stop=stop, input_steps=input_steps, horizons=horizons)
            for name, (start, stop) in periods.items()}


def pooled_windows(inputs: pd.DataFrame, targets: pd.DataFrame, boundaries: Sequence, *, input_steps: int,
                   horizons) -> dict[str, Windows]:
    """Windows from several series at once (one column each, e.g. one per
    stock), each series split at the same ``boundaries`` by the time of its
    targets, pooled per period in column order.

    Args:
        inputs, targets: frames with the same index (times) and columns;
            leading rows of NaN in a column (a series that starts later) are
            dropped for that column.
        boundaries: as in :func:`split_positions`.

    Returns:
        ``{period name: Windows}`` whose ``labels`` name each window's column.
    """
    if not inputs.index.equals(targets.index) or list(inputs.columns) != list(targets.columns):
        raise ValueError("inputs and targets must have the same index and columns.")
    parts: dict[str, list[Windows]] = {name: [] for name in SPLIT_NAMES}
    for column in inputs.columns:
        known = inputs[column].notna() & targets[column].notna()
        first = int(np.argmax(known.to_numpy()))
        if not known.iloc[first:].all():
            raise ValueError(f"column {column!r} has gaps after its first value; fill or drop them first.")
        x, y = inputs[column].iloc[first:], targets[column].iloc[first:]
        periods = split_positions(x.index, boundaries)
        for name, windows in period_windows(x.to_numpy(), y.to_numpy(), periods, input_steps=input_steps,
                                            horizons=horizons).items():
            windows.labels = np.full(len(windows), column, dtype=object)
            parts[name].append(windows)
    return {name: Windows(inputs=np.concatenate([w.inputs for w in pieces]),
                          targets=np.concatenate([w.targets for w in pieces]),
                          ends=np.concatenate([w.ends for w in pieces]), horizons=pieces[0].horizons,
                          labels=np.concatenate([w.labels for w in pieces]))
            for name, pieces in parts.items()}


def last_value_forecast(history, horizons) -> np.ndarray:
    """The naive forecast "as now": every horizon gets the last value of the window.

    Args:
        history: windows in the units of the forecast, shape ``(windows, input_steps)``.
    Returns:
        shape ``(windows, len(horizons))``.
    """
    history = _history(history)
    return np.repeat(history[:, -1:], len(_horizons(horizons)), axis=1)


def seasonal_forecast(history, horizons, period: int) -> np.ndarray:
    """The seasonal naive forecast: the value one ``period`` before the target
    (for hourly data with ``period=24``, the same hour yesterday), read from the window.

    Args:
        history: windows in the units of the forecast, shape ``(windows, input_steps)``.
        period: steps per season; every horizon must be at most ``period`` and
            the window must reach back to ``t + h - period``.
    Returns:
        shape ``(windows, len(horizons))``.
    """
    history = _history(history)
    steps = _horizons(horizons)
    period = check_integer("period", period, minimum=1)
    if steps.max() > period:
        raise argument_error("period", period, f"at least the longest horizon ({steps.max()})")
    columns = history.shape[1] - 1 + steps - period
    if columns.min() < 0:
        raise ValueError(f"windows of {history.shape[1]} steps do not reach back to one period ({period}) before "
                         f"horizon {steps[columns.argmin()]}; "
                         f"use windows of at least {period - steps.min() + 1} steps.")
    return history[:, columns]


def _history(history) -> np.ndarray:
    history = np.asarray(history, dtype=float)
    if history.ndim == 3 and history.shape[2] == 1:
        history = history[:, :, 0]
    if history.ndim != 2:
        raise ValueError(f"history has shape {history.shape}; "
                         "pass windows of one series, shape (windows, input_steps).")
    return history


def mae_by_horizon(targets, forecasts) -> np.ndarray:
    """Mean absolute error for each horizon (column), shape ``(horizons,)``,
    in the units of the inputs (scikit-learn's ``mean_absolute_error``)."""
    targets, forecasts = np.asarray(targets, dtype=float), np.asarray(forecasts, dtype=float)
    if targets.shape != forecasts.shape or targets.ndim != 2:
        raise ValueError(f"targets {targets.shape} and forecasts {forecasts.shape} must have the same shape "
                         "(windows, horizons).")
    return mean_absolute_error(targets, forecasts, multioutput="raw_values")


def record_naive(notebook: str, name: str, dataset: str, validation: dict, test: dict,
                 results_dir=RESULTS_DIR) -> ResultRecord:
    """Write the results record of a forecast that is not trained (no
    parameters, no epochs, no training time) and return it.

    Args:
        validation, test: figures on each period, e.g. ``{"mae": 0.09}``.
    """
    record = ResultRecord(notebook=notebook, model=name, dataset=dataset, parameters=0, epochs=0, train_seconds=0.0,
                          validation={key: float(value) for key, value in validation.items()},
                          test={key: float(value) for key, value in test.items()})
    record_result(record, results_dir)
    return record


def plot_series(series: dict, ylabel: str, title: str | None = None, styles: dict | None = None) -> Figure:
    """Several series over one time axis, e.g. truth and forecasts.

    Args:
        series: ``{label: pandas Series indexed by time}``.
        styles: optional ``{label: matplotlib format string}``, e.g. ``{"truth": "k-"}``.
    """
    if not series:
        raise ValueError("series is empty; pass {label: pandas Series}.")
    figure, axis = _new_figure((11, 3.5))
    for label, values in series.items():
        axis.plot(values.index, values.to_numpy(), (styles or {}).get(label, "-"), label=label, linewidth=1.2)
    axis.set_ylabel(ylabel)
    axis.legend()
    if title:
        axis.set_title(title)
    figure.autofmt_xdate()
    figure.tight_layout()
    return figure


def plot_error_by_horizon(horizons, errors: dict, ylabel: str, title: str | None = None) -> Figure:
    """One curve of error against horizon per forecast.

    Args:
        horizons: the steps ahead, shape ``(H,)``.
        errors: ``{label: errors of shape (H,)}``, e.g. from :func:`mae_by_horizon`.
    """
    steps = _horizons(horizons)
    figure, axis = _new_figure((8, 3.5))
    for label, values in errors.items():
        values = np.asarray(values)
        if values.shape != steps.shape:
            raise ValueError(f"errors[{label!r}] has shape {values.shape} for {len(steps)} horizons.")
        axis.plot(steps, values, "o-", label=label, markersize=3)
    axis.set_xlabel("horizon (steps ahead)")
    axis.set_ylabel(ylabel)
    axis.set_ylim(bottom=0)
    axis.legend()
    if title:
        axis.set_title(title)
    figure.tight_layout()
    return figure
