"""The training protocol with real small Keras models."""

import json

import keras
import numpy as np
import pytest

from helpers import training
from helpers.batching import LengthBuckets


def test_best_epoch_follows_the_monitor():
    history = {"loss": [0.9, 0.5, 0.4], "val_loss": [0.8, 0.6, 0.7], "val_accuracy": [0.5, 0.7, 0.72]}
    assert training.best_epoch(history) == {"epoch": 2, "loss": 0.6, "accuracy": 0.7}
    assert training.best_epoch(history, "val_accuracy")["epoch"] == 3
    history["val_mae"] = [0.3, 0.2, 0.25]  # an error: lowest is best
    assert training.best_epoch(history, "val_mae")["epoch"] == 2
    assert training.early_stopping("val_mae").mode == "min" and training.early_stopping().mode == "max"
    with pytest.raises(ValueError, match="val_loss"):
        training.best_epoch({"loss": [1.0]})


def toy_data(seed=1, n=96):
    x = np.random.default_rng(seed).normal(size=(n, 4, 2)).astype("float32")
    return x, (x[:, 0, 0] > 0).astype("float32")


def toy_model():
    model = keras.Sequential([keras.Input((4, 2)), keras.layers.GRU(4), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model


def test_train_records_validation_then_test_once(tmp_path, capsys):
    keras.utils.set_random_seed(1)
    x, y = toy_data()
    model = toy_model()
    trained = training.train(model, (x[:64], y[:64]), (x[64:80], y[64:80]), notebook="07_gru", name="GRU(4)",
                             dataset="toy", epochs=3, batch_size=16, results_dir=tmp_path)
    line = capsys.readouterr().out
    assert line.startswith("GRU(4): ") and "validation accuracy" in line and line.count("\n") == 1
    path = tmp_path / "fast" / "07_gru--GRU_4.json"
    stored = json.loads(path.read_text())
    assert stored["test"] == {} and stored["epochs"] == len(trained.history.history["loss"])
    assert stored["validation"] == training.best_epoch(trained.history, training.MONITOR)

    test = training.test_once(trained, (x[80:], y[80:]), macro_f1=0.5)
    loss, accuracy = model.evaluate(x[80:], y[80:], verbose=0)
    assert test == {"loss": pytest.approx(loss), "accuracy": pytest.approx(accuracy), "macro_f1": 0.5}
    assert json.loads(path.read_text())["test"]["accuracy"] == pytest.approx(accuracy)
    capsys.readouterr()
    model.set_weights([weights * 0 for weights in model.get_weights()])  # would score differently if evaluated
    assert training.test_once(trained, (x[80:], y[80:])) == test, "a second call shows the figures measured"
    assert "already measured" in capsys.readouterr().out


def test_a_retrained_model_is_tested_again_and_told_so_but_not_under_the_runner(tmp_path, capsys, monkeypatch):
    x, y = toy_data(4)

    def fit_and_test():
        run = training.RecordRun("07_gru", "GRU(4) retrained", "toy", results_dir=tmp_path)
        toy_model().fit(x[:64], y[:64], validation_data=(x[64:80], y[64:80]), epochs=1, verbose=0, callbacks=[run])
        return run.test_once((x[80:], y[80:]))

    monkeypatch.setattr(training, "_test_counts", {})
    fit_and_test()
    assert "used" not in capsys.readouterr().out
    fit_and_test()
    assert "the test set has now been used 2 times" in capsys.readouterr().out
    monkeypatch.setenv("RNN_COURSE_RUNNER", "1")
    with pytest.raises(RuntimeError, match="already been evaluated on the test set"):
        fit_and_test()


def test_early_stopping_restores_the_best_epoch(tmp_path):
    keras.utils.set_random_seed(2)
    x, y = toy_data(2)
    model = toy_model()
    trained = training.train(model, (x[:64], y[:64]), (x[64:], 1 - y[64:]), notebook="t", name="flipped",
                             dataset="toy", epochs=12, patience=1, batch_size=16, results_dir=tmp_path)
    # Validation labels are flipped, so accuracy there falls as the model learns: it stops early
    # and the restored weights are those of the best epoch.
    runs = len(trained.history.history["loss"])
    assert runs < 12
    _, accuracy = model.evaluate(x[64:], 1 - y[64:], verbose=0)
    assert accuracy == pytest.approx(trained.best["accuracy"], abs=1e-6)


def test_train_reports_the_monitored_figure_of_a_model_without_accuracy(tmp_path, capsys):
    keras.utils.set_random_seed(3)
    x, y = toy_data(3)
    model = keras.Sequential([keras.Input((4, 2)), keras.layers.GRU(4), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse", metrics=["mae"])
    trained = training.train(model, (x[:64], y[:64]), (x[64:], y[64:]), notebook="t", name="regressor",
                             dataset="toy", epochs=2, monitor="val_mae", batch_size=16, results_dir=tmp_path)
    line = capsys.readouterr().out
    assert f"validation mae {trained.best['mae']:.4f}, loss {trained.best['loss']:.4f}" in line
    assert "accuracy" not in line and trained.best["mae"] == min(trained.history.history["val_mae"])


def test_train_rejects_a_bad_epoch_count(tmp_path):
    with pytest.raises(ValueError, match="epochs"):
        training.train(toy_model(), toy_data(), toy_data(3), notebook="t", name="m", dataset="toy", epochs=0,
                       results_dir=tmp_path)


def test_epoch_seconds_times_one_whole_epoch_after_a_warm_up():
    keras.utils.set_random_seed(2)
    x, y = toy_data(n=64)
    model = toy_model()
    before = [w.copy() for w in model.get_weights()]
    batches = LengthBuckets(x.tolist(), y, batch_size=16)
    seconds = training.epoch_seconds(model, batches, warm_up_batches=10)  # more than the 4 batches there are
    assert seconds > 0
    assert model.optimizer.iterations.numpy() == 4 + 4  # the warm-up (capped at one epoch) and the epoch
    assert any(not np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
    with pytest.raises(ValueError, match="warm_up_batches"):
        training.epoch_seconds(model, batches, warm_up_batches=0)


def test_record_run_is_a_callback_for_fit(tmp_path, capsys):
    keras.utils.set_random_seed(3)
    x, y = toy_data(3)
    model = toy_model()
    run = training.RecordRun("06_lstm", "GRU(4) callback", "toy", results_dir=tmp_path)
    with pytest.raises(RuntimeError, match="model.fit"):
        _ = run.best
    history = model.fit(x[:64], y[:64], validation_data=(x[64:80], y[64:80]), epochs=3, batch_size=16, verbose=0,
                        callbacks=[training.early_stopping(), run])
    line = capsys.readouterr().out
    assert line.startswith("GRU(4) callback: ") and line.count("\n") == 1
    assert run.best == training.best_epoch(history, training.MONITOR)
    assert run.record.epochs == len(history.history["loss"]) and run.record.parameters == model.count_params()
    test = run.test_once((x[80:], y[80:]))
    assert set(test) == {"loss", "accuracy"}
    stored = json.loads((tmp_path / "fast" / "06_lstm--GRU_4_callback.json").read_text())
    assert stored["test"]["accuracy"] == pytest.approx(test["accuracy"])
    assert run.test_once((x[80:], y[80:])) == test
    with pytest.raises(ValueError, match="name"):
        training.RecordRun("06_lstm", "", "toy")
