import json

import numpy as np
import pandas as pd
import pytest

from helpers import forecasting as fc


def test_seattle_temperatures_as_shipped():
    raw = fc.load_seattle_temperatures()
    assert len(raw) == 8_759 and raw.index.is_monotonic_increasing
    assert raw.index[0] == pd.Timestamp("2010-01-01 00:00") and raw.index[-1] == pd.Timestamp("2010-12-31 23:00")
    assert 30 < raw.min() < raw.max() < 80  # degrees Fahrenheit
    assert list(fc.missing_hours(raw.index)) == [pd.Timestamp("2010-03-14 03:00")]


def test_fill_missing_hours_interpolates_and_keeps_known_values():
    times = pd.to_datetime(["2010-01-01 00:00", "2010-01-01 01:00", "2010-01-01 04:00"])
    series = pd.Series([1.0, 2.0, 8.0], index=times)
    filled = fc.fill_missing_hours(series)
    assert list(filled.index) == list(pd.date_range("2010-01-01 00:00", periods=5, freq="h"))
    assert np.allclose(filled.to_numpy(), [1.0, 2.0, 4.0, 6.0, 8.0])
    assert fc.missing_hours(filled.index).empty


def test_fill_missing_hours_refuses_duplicates_and_odd_times():
    times = pd.to_datetime(["2010-01-01 00:00", "2010-01-01 00:00", "2010-01-01 01:00"])
    with pytest.raises(ValueError, match="duplicated"):
        fc.fill_missing_hours(pd.Series([1.0, 2.0, 3.0], index=times))
    with pytest.raises(ValueError, match="on the hour"):
        fc.fill_missing_hours(pd.Series([1.0, 2.0], index=pd.to_datetime(["2010-01-01 00:00", "2010-01-01 00:30"])))


def test_split_positions_are_chronological_and_cover_the_series():
    times = pd.date_range("2010-01-01", periods=100, freq="D")
    periods = fc.split_positions(times, ("2010-02-01", "2010-03-01"))
    assert periods == {"train": (0, 31), "validation": (31, 59), "test": (59, 100)}
    for bad in (("2010-03-01", "2010-02-01"), ("2009-01-01", "2010-02-01"), ("2010-02-01",)):
        with pytest.raises(ValueError, match="boundaries"):
            fc.split_positions(times, bad)


def test_record_naive_writes_a_record_without_training(tmp_path):
    record = fc.record_naive("11_test", "naive last value", "temperature", {"mae": np.float32(0.5)}, {"mae": 0.4},
                             results_dir=tmp_path)
    written = json.loads(next(tmp_path.rglob("*.json")).read_text())
    assert written["parameters"] == 0 and written["epochs"] == 0 and written["test"] == {"mae": 0.4}
    assert record.validation == {"mae": 0.5}
    fitted = fc.record_naive("11_test", "climatology", "temperature", {"mae": 0.3}, {"mae": 0.3},
                             results_dir=tmp_path, parameters=5)
    assert fitted.parameters == 5
    with pytest.raises(ValueError, match="parameters"):
        fc.record_naive("11_test", "bad", "temperature", {"mae": 0.3}, {"mae": 0.3}, results_dir=tmp_path,
                        parameters=-1)


def test_plot_series_returns_a_figure():
    times = pd.date_range("2010-01-01", periods=5, freq="h")
    figure = fc.plot_series({"truth": pd.Series(np.arange(5.0), index=times)}, "°C", styles={"truth": "k-"})
    assert figure.axes[0].get_lines()[0].get_label() == "truth"
    with pytest.raises(ValueError, match="empty"):
        fc.plot_series({}, "°C")


def test_seattle_weather_as_shipped():
    weather = fc.load_seattle_weather()
    assert len(weather) == 4 * 365 + 1 and weather.index.is_monotonic_increasing
    assert {"temp_max", "temp_min", "precipitation", "wind"} <= set(weather.columns)
    assert (weather["temp_max"] >= weather["temp_min"]).all() and not weather.isna().any().any()
