"""The results tables of notebook 13 and the website's results page, from records and a benchmark file."""

import json

import pandas as pd
import pytest

from helpers import report
from helpers.paths import PROJECT_ROOT
from helpers.records import ResultRecord, record_result


def _task(anchor_accuracies, suite_accuracies, anchor_seconds, suite_seconds):
    from benchmarks.references import summary

    def side(name, accuracies, seconds):
        runs = [{"seed": seed, "test_accuracy": accuracy, "train_seconds": time, "parameters": len(name)}
                for seed, accuracy, time in zip((42, 1), accuracies, seconds, strict=True)]
        return {"name": name, "runs": runs, "test_accuracy": summary(accuracies), "train_seconds": summary(seconds)}

    anchor = side("anchor net", anchor_accuracies, anchor_seconds)
    suite = side("suite net", suite_accuracies, suite_seconds)
    return {"published": {"figure": 0.85, "what": "test accuracy"}, "anchor": anchor, "suite": suite,
            "accuracy_ratio": suite["test_accuracy"]["mean"] / anchor["test_accuracy"]["mean"],
            "time_ratio": suite["train_seconds"]["mean"] / anchor["train_seconds"]["mean"],
            "seeds": [42, 1], "finished_at": "2026-11-20T10:00:00+00:00", "machine": "a test machine",
            "versions": {"keras": "3"}}


@pytest.fixture
def results(tmp_path):
    record = {"dataset": "imdb", "epochs": 3, "mode": "full"}
    record_result(ResultRecord("04_x", "tested net", parameters=1234, train_seconds=5.0,
                               validation={"accuracy": 0.9, "epoch": 2}, test={"accuracy": 0.8, "loss": 0.4},
                               **record), tmp_path)
    record_result(ResultRecord("04_x", "seed 1 net", parameters=1234, train_seconds=6.0,
                               validation={"accuracy": 0.91, "epoch": 3}, **record), tmp_path)  # never tested
    record_result(ResultRecord("12_y", "language model", parameters=10, train_seconds=1.0, dataset="text",
                               epochs=1, mode="full", validation={"perplexity": 190.04}, test={"perplexity": 185.96,
                                                                                              "accuracy": 0.17}),
                  tmp_path)
    record_result(ResultRecord("05_z", "memory net", parameters=7, train_seconds=1.0, dataset="memory", epochs=1,
                               mode="full", validation={"accuracy_L5": 1.0, "accuracy_L80": 0.25},
                               test={"accuracy_L5": 1.0, "accuracy_L80": 0.27}), tmp_path)
    tasks = {"imdb_x": _task([0.80, 0.84], [0.86, 0.88], [100, 120], [50, 60])}
    (tmp_path / "full" / report.BENCHMARK_FILE).write_text(json.dumps({"tasks": tasks}))
    return tmp_path


def test_model_table_holds_tested_models_with_their_headline_metric(results):
    table = report.model_table(results_dir=results)
    assert list(table["model"]) == ["tested net", "memory net", "language model"]  # in notebook order
    assert list(table["metric"]) == ["accuracy", "accuracy_L80", "perplexity"]  # perplexity outranks accuracy
    assert table.loc[2, "test"] == pytest.approx(185.96) and table.loc[0, "parameters"] == 1234


def test_benchmark_table_gives_means_spreads_and_ratios(results):
    row = report.benchmark_table(report.load_benchmark(results)).iloc[0]
    assert row["anchor_accuracy"] == pytest.approx(0.82) and row["suite_spread"] == pytest.approx(0.02)
    assert row["accuracy_ratio"] == pytest.approx(0.87 / 0.82) and row["time_ratio"] == pytest.approx(0.5)
    assert row["ranges"] == "apart, suite ahead"  # 0.86 above 0.84


@pytest.mark.parametrize(("anchor", "suite", "ranges"), [
    ([0.80, 0.84], [0.84, 0.88], "overlap"),  # touching
    ([0.80, 0.84], [0.82, 0.83], "overlap"),
    ([0.86, 0.88], [0.80, 0.85], "apart, anchor ahead"),
])
def test_benchmark_table_says_whether_the_seed_ranges_are_apart(results, anchor, suite, ranges):
    tasks = {"imdb_x": _task(anchor, suite, [100, 120], [50, 60])}
    (results / "full" / report.BENCHMARK_FILE).write_text(json.dumps({"tasks": tasks}))
    assert report.benchmark_table(report.load_benchmark(results)).loc[0, "ranges"] == ranges


def test_results_section_is_written_between_the_markers_and_checked(results, tmp_path):
    page = tmp_path / "results.md"
    page.write_text(f"# Title\n\nbefore\n\n{report.START}\nold table\n{report.END}\n\nafter\n")
    arguments = ["--page", str(page), "--results-dir", str(results)]
    assert report.main(["--check", *arguments]) == 1  # the old table disagrees
    assert report.main(["--write", *arguments]) == 0
    text = page.read_text()
    assert text.startswith("# Title\n\nbefore\n\n") and text.endswith(f"{report.END}\n\nafter\n")
    assert "old table" not in text and "| 04 | tested net | imdb | 1,234 | 5.0 | accuracy | 0.9000 | 0.8000 |" in text
    assert "| 12 | language model | text | 10 | 1.0 | perplexity | 190.0 | 186.0 |" in text
    assert "0.8200 (0.8000–0.8400, 2 seeds)" in text and "| apart, suite ahead | 1.061 | 110 | 55 | 0.50 |" in text
    assert "a test machine" in text and "seed 1 net" not in text
    assert report.main(["--check", *arguments]) == 0


def test_plot_points_hold_notebook_runs_and_benchmark_means_once_each(results):
    models = report.model_table(results_dir=results)
    benchmark = report.load_benchmark(results)
    benchmark["imdb_y"] = _task([0.80, 0.84], [0.87, 0.89], [100, 120], [70, 80])  # the same anchor, a second task
    points = report.accuracy_points(models, benchmark)
    assert list(points["model"]) == ["tested net", "anchor net", "suite net"]  # the anchor once; no memory net
    assert list(points["label"]) == ["1", "2", "3"] and set(points["panel"]) == {"imdb"}
    anchor = points.iloc[1]
    assert (anchor["accuracy"], anchor["low"], anchor["high"]) == pytest.approx((0.82, 0.80, 0.84))
    assert anchor["kind"] == "published setting, re-run (2 seeds)" and anchor["train_seconds"] == pytest.approx(110)
    runs = report.benchmark_runs(benchmark)
    assert len(runs) == 8 and list(runs.loc[:3, "side"]) == ["anchor", "anchor", "suite", "suite"]
    assert list(runs.loc[:1, "seed"]) == [42, 1] and runs.loc[2, "test_accuracy"] == pytest.approx(0.86)


def test_page_without_markers_and_missing_results_are_named(results, tmp_path):
    with pytest.raises(ValueError, match="must hold the line"):
        report.replace_section("no markers here", "section")
    (results / "full" / report.BENCHMARK_FILE).unlink()
    with pytest.raises(FileNotFoundError, match="python -m benchmarks.references"):
        report.results_section(results)
    with pytest.raises(FileNotFoundError, match="no tested models"):
        report.model_table(results_dir=tmp_path / "empty")


def test_the_results_page_agrees_with_the_stored_records():
    assert report.RESULTS_PAGE == PROJECT_ROOT / "docs" / "results.md"
    assert report.main(["--check"]) == 0, "docs/results.md's tables are stale: run python -m helpers.report --write"


def test_the_tables_live_on_the_results_page_and_not_in_the_readme():
    page = report.RESULTS_PAGE.read_text(encoding="utf-8")
    assert page.count(report.START) == 1 and page.count(report.END) == 1
    assert "{include}" not in page, "the results page holds its tables itself"
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert report.START not in readme and "| notebook | model | data |" not in readme


def test_plot_points_merge_a_models_seeds_into_one_point_with_their_range(results):
    models = pd.DataFrame({"data": ["imdb"] * 3, "model": ["net", "net, seed 1", "net, seed 2"],
                           "parameters": [10] * 3, "train_seconds": [1.0, 2.0, 3.0], "test": [0.80, 0.84, 0.82]})
    points = report.accuracy_points(models, report.load_benchmark(results))
    net = points[points["model"] == "net"]
    assert len(net) == 1 and net["kind"].item() == "notebook run (seeds' mean)"
    assert (net["accuracy"].item(), net["low"].item(), net["high"].item()) == pytest.approx((0.82, 0.80, 0.84))
    assert net["train_seconds"].item() == pytest.approx(2.0)


def test_separate_labels_moves_labels_of_coinciding_points_apart():
    from helpers import plotting

    points = pd.DataFrame({"panel": ["imdb"] * 2, "label": ["1", "2"], "kind": ["run"] * 2, "accuracy": [0.8] * 2,
                           "low": [0.8] * 2, "high": [0.8] * 2, "parameters": [100] * 2})
    figure = plotting.plot_accuracy_against(points, "parameters", "parameters")
    figure.canvas.draw()
    before = [text.get_window_extent() for text in figure.axes[0].texts]
    assert before[0].overlaps(before[1]), "the two labels start on top of each other"
    report.separate_labels(figure)
    figure.canvas.draw()
    after = [text.get_window_extent() for text in figure.axes[0].texts]
    assert not after[0].overlaps(after[1])


def test_check_fails_when_one_figure_of_the_results_page_is_changed(tmp_path):
    page = tmp_path / "results.md"
    text = report.RESULTS_PAGE.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| 04 | SimpleRNN(64) pooled |"))
    page.write_text(text.replace(row, row[:-len(" 0.0000 |")] + " 0.9999 |"), encoding="utf-8")
    assert report.main(["--check", "--page", str(page)]) == 1  # against the stored records in results/full/
    assert report.main(["--write", "--page", str(page)]) == 0
    assert page.read_text(encoding="utf-8") == text
