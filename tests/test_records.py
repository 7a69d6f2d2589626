import json

import keras
import pytest

from helpers import records
from helpers.records import ResultRecord


def make_record(mode, accuracy):
    return ResultRecord(notebook="04_simple_rnn_imdb", model="SimpleRNN(32)", dataset="imdb", parameters=322_113,
                        epochs=5, train_seconds=12.5, validation={"accuracy": accuracy},
                        test={"accuracy": accuracy - 0.01}, mode=mode)


def test_fast_records_never_overwrite_full_ones(tmp_path):
    full_path = records.record_result(make_record("full", 0.87), tmp_path)
    fast_path = records.record_result(make_record("fast", 0.55), tmp_path)
    assert full_path.parent.name == "full" and fast_path.parent.name == "fast"
    assert json.loads(full_path.read_text())["validation"]["accuracy"] == 0.87
    table = records.load_results("full", tmp_path)
    assert table.loc[0, "model"] == "SimpleRNN(32)"
    assert table.loc[0, "test_accuracy"] == pytest.approx(0.86)
    assert records.load_results("fast", tmp_path).loc[0, "val_accuracy"] == 0.55


def test_no_records_give_an_empty_table_with_the_fixed_columns(tmp_path):
    table = records.load_results("full", tmp_path)
    assert table.empty and "model" in table.columns and "train_seconds" in table.columns


def test_record_carries_mode_and_versions_by_default(tmp_path, monkeypatch):
    monkeypatch.setenv("RNN_COURSE_MODE", "fast")
    record = ResultRecord(notebook="x", model="m", dataset="d", parameters=1, epochs=1, train_seconds=0.1,
                          validation={"accuracy": 0.5})
    stored = json.loads(records.record_result(record, tmp_path).read_text())
    assert stored["mode"] == "fast" and stored["versions"]["keras"] == keras.__version__
    assert stored["test"] == {}


def test_record_rejects_non_numbers_and_unknown_modes(tmp_path):
    record = make_record("full", 0.8)
    record.test = {"accuracy": [0.8]}
    with pytest.raises(ValueError, match="record.test"):
        records.record_result(record, tmp_path)
    with pytest.raises(ValueError, match="record.mode"):
        records.record_result(make_record("slow", 0.8), tmp_path)
    with pytest.raises(ValueError, match="mode"):
        records.load_results("slow", tmp_path)
    assert not any(tmp_path.iterdir()), "nothing may be written for a rejected record"


def test_notebook_runtimes_are_kept_per_mode_and_not_read_as_records(tmp_path):
    records.record_result(make_record("full", 0.87), tmp_path)
    records.record_notebook_runtime("04_simple_rnn_imdb.ipynb", "full", 181.94, tmp_path)
    path = records.record_notebook_runtime("06_lstm.ipynb", "full", 340.5, tmp_path)
    runtimes = json.loads(path.read_text())
    assert {name: entry["seconds"] for name, entry in runtimes.items()} == {
        "04_simple_rnn_imdb.ipynb": 181.9, "06_lstm.ipynb": 340.5}
    assert len(records.load_results("full", tmp_path)) == 1
    with pytest.raises(ValueError, match="mode"):
        records.record_notebook_runtime("x.ipynb", "slow", 1.0, tmp_path)


def test_only_the_runner_writes_the_course_records(monkeypatch):
    monkeypatch.delenv("RNN_COURSE_RUNNER", raising=False)
    learner = records.record_path(make_record("full", 0.8))
    assert learner.parent == records.RESULTS_DIR / "local" / "full"
    monkeypatch.setenv("RNN_COURSE_RUNNER", "1")
    assert records.record_path(make_record("full", 0.8)).parent == records.RESULTS_DIR / "full"
