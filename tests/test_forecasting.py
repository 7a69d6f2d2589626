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


def test_windows_align_inputs_and_targets():
    series = np.arange(50, dtype=float)  # value = position, so alignment can be read off
    windows = fc.make_windows(series / 10, series, start=20, stop=30, input_steps=5, horizons=[1, 3])
    assert windows.inputs.shape == (len(windows), 5, 1) and windows.targets.shape == (len(windows), 2)
    # every target in 20..29: ends from 19 (19 + 1 = 20) to 26 (26 + 3 = 29)
    assert list(windows.ends) == list(range(19, 27))
    for i, t in enumerate(windows.ends):
        assert np.allclose(windows.inputs[i, :, 0] * 10, np.arange(t - 4, t + 1))
        assert list(windows.targets[i]) == [t + 1, t + 3]


def test_windows_start_where_enough_history_exists_and_refuse_bad_input():
    series = np.arange(30, dtype=float)
    windows = fc.make_windows(series, series, start=0, stop=30, input_steps=10, horizons=[1])
    assert windows.ends[0] == 9 and windows.ends[-1] == 28
    with pytest.raises(ValueError, match="horizons"):
        fc.make_windows(series, series, start=0, stop=30, input_steps=10, horizons=[0])
    with pytest.raises(ValueError, match="input_steps"):
        fc.make_windows(series, series, start=0, stop=30, input_steps=0, horizons=[1])
    with pytest.raises(ValueError, match="no window fits"):
        fc.make_windows(series, series, start=25, stop=28, input_steps=10, horizons=[1, 5])
    with pytest.raises(ValueError, match="same length"):
        fc.make_windows(series, series[:-1], start=0, stop=20, input_steps=5, horizons=[1])


def test_naive_forecasts_read_the_right_columns():
    history = np.arange(2 * 48, dtype=float).reshape(2, 48)
    last = fc.last_value_forecast(history, [1, 2])
    assert last.shape == (2, 2) and (last[:, 0] == history[:, -1]).all() and (last[:, 1] == history[:, -1]).all()
    seasonal = fc.seasonal_forecast(history, [1, 24], period=24)
    # target at t + h, one period earlier: t + h - 24, which is column 47 + h - 24
    assert (seasonal[:, 0] == history[:, 24]).all() and (seasonal[:, 1] == history[:, 47]).all()
    with pytest.raises(ValueError, match="period"):
        fc.seasonal_forecast(history, [25], period=24)
    with pytest.raises(ValueError, match="reach back"):
        fc.seasonal_forecast(history[:, -10:], [1], period=24)


def test_seasonal_forecast_is_exact_on_a_periodic_series():
    series = np.sin(np.arange(200) * 2 * np.pi / 24)
    windows = fc.make_windows(series, series, start=60, stop=200, input_steps=30, horizons=range(1, 25))
    seasonal = fc.seasonal_forecast(windows.inputs, windows.horizons, period=24)
    assert np.abs(fc.mae_by_horizon(windows.targets, seasonal)).max() < 1e-6
    last = fc.mae_by_horizon(windows.targets, fc.last_value_forecast(windows.inputs, windows.horizons))
    assert last[:23].min() > 0.1 and last[23] < 1e-6  # 24 hours ahead, "as now" is "one period ago"


def test_mae_by_horizon_and_its_shape_check():
    assert np.allclose(fc.mae_by_horizon([[0, 0], [2, 4]], [[1, 0], [2, 0]]), [0.5, 2.0])
    with pytest.raises(ValueError, match="same shape"):
        fc.mae_by_horizon([[0, 0]], [[0]])


def test_pooled_windows_skip_leading_gaps_and_label_each_window():
    times = pd.date_range("2000-01-01", periods=40, freq="MS")
    frame = pd.DataFrame({"A": np.arange(40.0), "B": np.r_[np.full(10, np.nan), np.arange(30.0)]}, index=times)
    pooled = fc.pooled_windows(frame, frame, ("2002-01-01", "2002-07-01"), input_steps=3, horizons=[1])
    train = pooled["train"]
    assert set(train.labels) == {"A", "B"}
    assert (train.labels == "A").sum() == 24 - 3 and (train.labels == "B").sum() == 14 - 3
    assert not np.isnan(train.inputs).any()
    assert sum(len(part) for part in pooled.values()) == (40 - 3) + (30 - 3)


def test_stock_prices_shape():
    prices = fc.load_stock_prices()
    assert list(prices.columns) == ["AAPL", "AMZN", "GOOG", "IBM", "MSFT"] and len(prices) == 123
    assert prices["GOOG"].first_valid_index() == pd.Timestamp("2004-08-01") and prices["MSFT"].notna().all()


def test_record_naive_writes_a_record_without_training(tmp_path):
    record = fc.record_naive("11_test", "naive last value", "temperature", {"mae": np.float32(0.5)}, {"mae": 0.4},
                             results_dir=tmp_path)
    written = json.loads(next(tmp_path.rglob("*.json")).read_text())
    assert written["parameters"] == 0 and written["epochs"] == 0 and written["test"] == {"mae": 0.4}
    assert record.validation == {"mae": 0.5}


def test_a_keras_forecaster_trains_on_the_windows():
    import keras

    keras.utils.set_random_seed(0)
    series = np.sin(np.arange(300) * 2 * np.pi / 24)
    windows = fc.make_windows(series, series, start=0, stop=300, input_steps=24, horizons=[1])
    model = keras.Sequential([keras.Input((24, 1)), keras.layers.GRU(4), keras.layers.Dense(1)])
    model.compile("adam", "mse")
    history = model.fit(*windows.xy, epochs=3, verbose=0, shuffle=False)
    assert model.predict(windows.inputs[:2], verbose=0).shape == (2, 1)
    assert history.history["loss"][-1] < history.history["loss"][0]


def test_plots_return_figures_and_check_shapes():
    times = pd.date_range("2010-01-01", periods=5, freq="h")
    figure = fc.plot_series({"truth": pd.Series(np.arange(5.0), index=times)}, "°C", styles={"truth": "k-"})
    assert figure.axes[0].get_lines()[0].get_label() == "truth"
    curves = fc.plot_error_by_horizon([1, 2, 3], {"a": [0.1, 0.2, 0.3]}, "MAE")
    assert list(curves.axes[0].get_lines()[0].get_ydata()) == [0.1, 0.2, 0.3]
    with pytest.raises(ValueError, match="horizons"):
        fc.plot_error_by_horizon([1, 2, 3], {"a": [0.1, 0.2]}, "MAE")
    with pytest.raises(ValueError, match="empty"):
        fc.plot_series({}, "°C")
