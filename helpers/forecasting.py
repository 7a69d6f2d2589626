"""Plumbing for forecasting a series from its own past (notebook 12).

Loading the offline series that ``vega_datasets`` ships (hourly Seattle
temperatures of 2010, daily Seattle weather 2012-2015), making the hourly
series regular, cutting a series chronologically into training, validation
and test periods, records for forecasts that are not trained, and a plot.
The windowing code, the simple forecasts and the models stay in the notebook.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from matplotlib.figure import Figure

from helpers.arguments import argument_error, check_integer
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


def record_naive(notebook: str, name: str, dataset: str, validation: dict, test: dict,
                 results_dir=None, parameters: int = 0) -> ResultRecord:
    """Write the results record of a forecast that is not trained by gradient
    descent (no epochs, no training time) and return it.

    Args:
        validation, test: figures on each period, e.g. ``{"mae": 0.09}``.
        parameters: numbers fitted to the training period in closed form
            (e.g. a climatology's coefficients); 0 for a rule such as the last value.
        results_dir: where to write (default: ``records.records_dir()``).
    """
    parameters = check_integer("parameters", parameters, minimum=0)
    record = ResultRecord(notebook=notebook, model=name, dataset=dataset, parameters=parameters, epochs=0,
                          train_seconds=0.0,
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
