import json

import keras
import numpy as np
import pytest

from helpers import evaluation
from helpers.evaluation import ResultRecord


def test_confusion_matrix_counts_true_rows_predicted_columns():
    confusion = evaluation.confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3)
    assert confusion.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 2]]


def test_per_class_table_by_hand():
    table = evaluation.per_class_table(np.array([[1, 1, 0], [0, 1, 0], [1, 0, 2]]), ["a", "b", "c"])
    assert table.loc["a", "precision"] == pytest.approx(1 / 2)
    assert table.loc["b", "precision"] == pytest.approx(1 / 2)
    assert table.loc["c", "recall"] == pytest.approx(2 / 3)
    assert table.loc["c", "f1"] == pytest.approx(2 * 1 * (2 / 3) / (1 + 2 / 3))
    assert table["support"].tolist() == [2, 1, 3]


def test_a_class_never_predicted_gets_zero_not_nan():
    table = evaluation.per_class_table(np.array([[2, 0], [1, 0]]))
    assert table.loc["1", "precision"] == 0 and table.loc["1", "f1"] == 0


def test_binary_metrics_with_a_real_keras_model():
    keras.utils.set_random_seed(0)
    x = np.random.default_rng(0).normal(size=(200, 6, 1)).astype("float32")
    y = (x[:, -1, 0] > 0).astype(int)  # the label is the sign of the last step
    model = keras.Sequential([keras.Input((6, 1)), keras.layers.SimpleRNN(8), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy", metrics=["accuracy"])
    history, seconds = evaluation.timed_fit(model, x, y, epochs=15, batch_size=32, verbose=0)
    assert len(history.history["loss"]) == 15 and seconds > 0
    probabilities = model.predict(x, verbose=0)
    metrics = evaluation.binary_metrics(y, probabilities)
    _, keras_accuracy = model.evaluate(x, y, verbose=0)
    assert metrics["accuracy"] == pytest.approx(keras_accuracy, abs=1e-6)
    assert metrics["accuracy"] > 0.9
    assert metrics["confusion"].sum() == 200
    assert list(metrics["per_class"].index) == ["negative", "positive"]


def test_binary_metrics_rejects_logits():
    with pytest.raises(ValueError, match="y_prob"):
        evaluation.binary_metrics([0, 1], [-2.0, 3.0])


def test_multiclass_metrics_top_k():
    probabilities = np.array([[0.5, 0.3, 0.2], [0.1, 0.3, 0.6], [0.2, 0.5, 0.3], [0.6, 0.3, 0.1]])
    metrics = evaluation.multiclass_metrics([0, 1, 1, 2], probabilities, class_names=["x", "y", "z"], top_k=2)
    assert metrics["accuracy"] == pytest.approx(2 / 4)
    assert metrics["top_2_accuracy"] == pytest.approx(3 / 4)
    assert metrics["confusion"].tolist() == [[1, 0, 0], [0, 1, 1], [1, 0, 0]]
    assert metrics["macro_f1"] == pytest.approx(metrics["per_class"]["f1"].mean())


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda: evaluation.multiclass_metrics([0, 1], np.ones((2, 3)), top_k=4), "top_k"),
        (lambda: evaluation.multiclass_metrics([0, 1], np.ones(3)), "y_prob"),
        (lambda: evaluation.confusion_matrix([0, 1], [0], 2), "y_pred"),
        (lambda: evaluation.confusion_matrix([0, 5], [0, 1], 2), "num_classes"),
        (lambda: evaluation.confusion_matrix([0.5, 1], [0, 1], 2), "y_true"),
        (lambda: evaluation.per_class_table(np.eye(2), ["only one"]), "class_names"),
    ],
)
def test_bad_input_names_the_argument(call, named):
    with pytest.raises(ValueError, match=named):
        call()


def make_record(mode, accuracy):
    return ResultRecord(notebook="04_simple_rnn_imdb", model="SimpleRNN(32)", dataset="imdb", parameters=322_113,
                        epochs=5, train_seconds=12.5, validation={"accuracy": accuracy},
                        test={"accuracy": accuracy - 0.01}, mode=mode)


def test_fast_records_never_overwrite_full_ones(tmp_path):
    full_path = evaluation.record_result(make_record("full", 0.87), tmp_path)
    fast_path = evaluation.record_result(make_record("fast", 0.55), tmp_path)
    assert full_path.parent.name == "full" and fast_path.parent.name == "fast"
    assert json.loads(full_path.read_text())["validation"]["accuracy"] == 0.87
    table = evaluation.load_results("full", tmp_path)
    assert table.loc[0, "model"] == "SimpleRNN(32)"
    assert table.loc[0, "test_accuracy"] == pytest.approx(0.86)
    assert evaluation.load_results("fast", tmp_path).loc[0, "val_accuracy"] == 0.55


def test_record_carries_mode_and_versions_by_default(tmp_path, monkeypatch):
    monkeypatch.setenv("RNN_COURSE_MODE", "fast")
    record = ResultRecord(notebook="x", model="m", dataset="d", parameters=1, epochs=1, train_seconds=0.1,
                          validation={}, test={"accuracy": 0.5})
    stored = json.loads(evaluation.record_result(record, tmp_path).read_text())
    assert stored["mode"] == "fast" and stored["versions"]["keras"] == keras.__version__


def test_record_rejects_non_numbers_and_unknown_modes(tmp_path):
    record = make_record("full", 0.8)
    record.test = {"accuracy": np.array([0.8])}
    with pytest.raises(ValueError, match="record.test"):
        evaluation.record_result(record, tmp_path)
    with pytest.raises(ValueError, match="mode"):
        evaluation.record_result(make_record("slow", 0.8), tmp_path)
    with pytest.raises(ValueError, match="mode"):
        evaluation.load_results("slow", tmp_path)
    assert not any(tmp_path.iterdir()), "nothing may be written for a rejected record"


def test_best_epoch_is_the_lowest_validation_loss():
    history = {"loss": [0.9, 0.5, 0.4], "val_loss": [0.8, 0.6, 0.7], "val_accuracy": [0.5, 0.7, 0.72]}
    assert evaluation.best_epoch(history) == {"epoch": 2, "loss": 0.6, "accuracy": 0.7}
    with pytest.raises(ValueError, match="val_loss"):
        evaluation.best_epoch({"loss": [1.0]})


def test_record_model_evaluates_a_real_model_on_the_test_set(tmp_path, monkeypatch):
    monkeypatch.setenv("RNN_COURSE_MODE", "fast")
    keras.utils.set_random_seed(1)
    x = np.random.default_rng(1).normal(size=(64, 4, 2)).astype("float32")
    y = (x[:, 0, 0] > 0).astype("float32")
    model = keras.Sequential([keras.Input((4, 2)), keras.layers.GRU(4), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    history, seconds = evaluation.timed_fit(model, x[:48], y[:48], validation_data=(x[48:56], y[48:56]),
                                            epochs=3, verbose=0)
    record = evaluation.record_model("07_gru", "GRU(4)", "toy", model, history, seconds, x[56:], y[56:], tmp_path)
    loss, accuracy = model.evaluate(x[56:], y[56:], verbose=0)
    assert record.test == {"loss": pytest.approx(loss), "accuracy": pytest.approx(accuracy)}
    assert record.epochs == 3 and record.parameters == model.count_params()
    assert record.validation["epoch"] == evaluation.best_epoch(history)["epoch"]
    assert (tmp_path / "fast" / "07_gru--GRU_4.json").is_file()


def test_notebook_runtimes_are_kept_per_mode_and_not_read_as_records(tmp_path):
    evaluation.record_result(make_record("full", 0.87), tmp_path)
    evaluation.record_notebook_runtime("04_simple_rnn_imdb.ipynb", "full", 181.94, tmp_path)
    path = evaluation.record_notebook_runtime("06_lstm.ipynb", "full", 340.5, tmp_path)
    runtimes = json.loads(path.read_text())
    assert {name: entry["seconds"] for name, entry in runtimes.items()} == {
        "04_simple_rnn_imdb.ipynb": 181.9, "06_lstm.ipynb": 340.5}
    assert len(evaluation.load_results("full", tmp_path)) == 1
    with pytest.raises(ValueError, match="mode"):
        evaluation.record_notebook_runtime("x.ipynb", "slow", 1.0, tmp_path)
