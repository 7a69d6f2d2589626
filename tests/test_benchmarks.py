"""The benchmarks run end to end on a few real reviews (their timings and
accuracies here mean nothing; the website's results page quotes full runs)."""

import json

import pytest

from benchmarks import bucketing, references


def test_bucketing_benchmark_writes_both_timings_and_the_speedup(tmp_path):
    output = tmp_path / "benchmark.json"
    assert bucketing.main(["--train-size", "300", "--output", str(output)]) == 0
    result = json.loads(output.read_text())
    assert result["reviews"] == 240  # 300 reviews less the validation share
    for variant in ("fixed_length", "length_bucketed"):
        assert result[variant]["seconds_per_epoch"] > 0 and result[variant]["tokens_per_second"] > 0
    assert result["fixed_length"]["padded_time_steps"] == 240 * bucketing.MAXLEN
    assert result["length_bucketed"]["padded_time_steps"] < result["fixed_length"]["padded_time_steps"]
    assert result["speedup"] == round(result["fixed_length"]["seconds_per_epoch"]
                                      / result["length_bucketed"]["seconds_per_epoch"], 2)


def test_references_benchmark_trains_anchor_and_suite_per_seed_on_real_reviews(tmp_path):
    output = tmp_path / "references.json"
    arguments = ["--tasks", "imdb_simple_rnn", "--seeds", "42", "1", "--train-size", "150", "--test-size", "60",
                 "--epochs", "1", "--output", str(output)]
    assert references.main(arguments) == 0
    result = json.loads(output.read_text())
    task = result["tasks"]["imdb_simple_rnn"]
    for side in ("anchor", "suite"):
        runs = task[side]["runs"]
        assert [run["seed"] for run in runs] == [42, 1] and all(run["epochs"] == 1 for run in runs)
        accuracies = [run["test_accuracy"] for run in runs]
        assert task[side]["test_accuracy"]["mean"] == pytest.approx(sum(accuracies) / 2)
        assert task[side]["test_accuracy"]["spread"] == pytest.approx(max(accuracies) - min(accuracies))
    assert task["anchor"]["runs"][0]["parameters"] == 10_000 * 32 + 32 * (32 + 32 + 1) + 33
    assert task["accuracy_ratio"] == pytest.approx(task["suite"]["test_accuracy"]["mean"]
                                                   / task["anchor"]["test_accuracy"]["mean"])
    assert task["time_ratio"] == pytest.approx(task["suite"]["train_seconds"]["mean"]
                                               / task["anchor"]["train_seconds"]["mean"])


def test_references_summary_and_unknown_tasks():
    assert references.summary([0.8, 0.9, 0.85]) == pytest.approx(
        {"mean": 0.85, "std": 0.05, "min": 0.8, "max": 0.9, "spread": 0.1})
    assert references.summary([0.8])["std"] == 0.0
    with pytest.raises(ValueError, match="imdb_gru"):
        references.run(["imdb_gru"])


def test_references_reuters_tasks_share_one_file_task_by_task(tmp_path):
    output = tmp_path / "references.json"
    small = ["--seeds", "42", "--train-size", "200", "--test-size", "80", "--epochs", "1", "--output", str(output)]
    assert references.main(["--tasks", "reuters_dense", *small]) == 0
    first = json.loads(output.read_text())["tasks"]["reuters_dense"]
    assert references.main(["--tasks", "reuters_recurrent", *small]) == 0
    stored = json.loads(output.read_text())["tasks"]
    assert set(stored) == {"reuters_dense", "reuters_recurrent"} and stored["reuters_dense"] == first  # kept as it was
    dense, recurrent = stored["reuters_dense"], stored["reuters_recurrent"]
    assert dense["anchor"]["runs"][0]["parameters"] == dense["suite"]["runs"][0]["parameters"]  # one network
    assert recurrent["suite"]["runs"][0]["parameters"] > recurrent["anchor"]["runs"][0]["parameters"]
    for task in stored.values():
        assert task["published"]["figure"] == 0.797 and task["seeds"] == [42] and task["train_size"] == 200
        assert 0 <= task["suite"]["test_accuracy"]["mean"] <= 1 and task["suite"]["runs"][0]["epochs"] == 1
