"""The results tables of notebook 14 and the website's results page, from records and a benchmark file."""

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
    assert "memory task the accuracy at its longest gap (`accuracy_L80`: 80 steps)" in text
    assert report.main(["--check", *arguments]) == 0


def test_plot_points_hold_notebook_runs_and_benchmark_means_once_each(results):
    models = report.model_table(results_dir=results)
    benchmark = report.load_benchmark(results)
    benchmark["imdb_y"] = _task([0.80, 0.84], [0.87, 0.89], [100, 120], [70, 80])  # the same anchor, a second task
    points = report.accuracy_points(models, benchmark)
    # the anchor once; no memory net; by falling accuracy within the panel
    assert list(points["model"]) == ["suite net", "anchor net", "tested net"]
    assert list(points["label"]) == list(points["model"]) and set(points["panel"]) == {"IMDB, full training set"}
    anchor = points.iloc[1]
    assert (anchor["accuracy"], anchor["low"], anchor["high"]) == pytest.approx((0.82, 0.80, 0.84))
    assert anchor["kind"] == "published setting, re-run" and anchor["runs"] == 2
    assert anchor["train_seconds"] == pytest.approx(110)
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
    assert len(net) == 1 and net["kind"].item() == "run in its notebook" and net["runs"].item() == 3
    assert (net["accuracy"].item(), net["low"].item(), net["high"].item()) == pytest.approx((0.82, 0.80, 0.84))
    assert net["train_seconds"].item() == pytest.approx(2.0)


def test_plot_points_put_models_trained_on_a_subset_in_a_panel_of_their_own(results):
    models = pd.DataFrame({
        "data": ["imdb", "imdb", "imdb", "reuters", "imdb"],
        "model": ["GRU(64) pooled", "GRU(64) pooled, 5,000 reviews, 200 tokens",
                  "GRU(64) pooled, 5,000 reviews, 200 tokens, seed 1", "GRU 1 x 64", "majority class"],
        "parameters": [10, 10, 10, 20, 0], "train_seconds": [9.0, 3.0, 5.0, 7.0, 0.0],
        "test": [0.87, 0.82, 0.84, 0.80, 0.5]})
    points = report.accuracy_points(models, {})
    assert list(points["panel"]) == ["IMDB, full training set", "IMDB, 5,000 reviews, 200 tokens",
                                     "Reuters, full training set"]  # full data first; no majority class
    assert list(points["label"]) == ["GRU(64) pooled", "GRU(64) pooled", "GRU 1 x 64"]
    quarter = points.iloc[1]
    assert quarter["runs"] == 2 and (quarter["low"], quarter["high"]) == pytest.approx((0.82, 0.84))


def test_short_names_apply_every_replacement_in_order():
    assert report.short_name("Dense 64-64, square-root class weights, suite protocol (chosen in 08)") == (
        "Dense 64-64, square-root class weights, re-run")
    assert report.short_name("LSTM(32), published setting") == "LSTM(32) as published"
    assert report.short_name("a b c", {"a": "x", "x b": "y"}) == "y c"


def test_check_fails_when_one_figure_of_the_results_page_is_changed(tmp_path):
    page = tmp_path / "results.md"
    text = report.RESULTS_PAGE.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| 04 | SimpleRNN(64) pooled |"))
    page.write_text(text.replace(row, row[:-len(" 0.0000 |")] + " 0.9999 |"), encoding="utf-8")
    assert report.main(["--check", "--page", str(page)]) == 1  # against the stored records in results/full/
    assert report.main(["--write", "--page", str(page)]) == 0
    assert page.read_text(encoding="utf-8") == text


# notebook 14's lessons table: each side chosen on validation, a verdict only where the ranges are apart on both


def _runs(rows):
    """A ``lesson_runs`` table from (model, seed, exact, validation, test) rows on one data set."""
    return pd.DataFrame([{"data": "d", "model": model, "seed": seed, "exact": exact, "metric": "accuracy",
                          "validation": validation, "test": test, "source": "notebook"}
                         for model, seed, exact, validation, test in rows])


def _lesson(runs, baselines, recurrent, lower=False, **more):
    table = report.lessons_table({"task": {"data": "d", "baselines": baselines, "recurrent": recurrent,
                                           "lower": lower, **more}}, runs)
    return table.loc["task"]


BAG = [("bag", None, False, 0.90, 0.89), ("bag", 1, False, 0.91, 0.90), ("bag", 2, False, 0.92, 0.91)]


def test_each_side_is_chosen_on_validation_among_the_models_with_a_measured_range():
    runs = _runs([*BAG, ("lucky", None, False, 0.99, 0.70),  # one run: not chosen while a range exists
                  ("rnn", None, False, 0.85, 0.84), ("rnn", 1, False, 0.86, 0.85),
                  ("gru", None, False, 0.87, 0.95), ("gru", 1, False, 0.88, 0.96)])
    row = _lesson(runs, ["lucky", "bag"], ["rnn", "gru"])
    assert (row["baseline"], row["recurrent"]) == ("bag (3 seeds)", "gru (2 seeds)")  # gru: on validation
    assert row["baseline validation"] == "0.9000–0.9200" and row["recurrent test"] == "0.9500–0.9600"
    assert row["verdict"] == "no clear difference"  # baseline ahead on validation, recurrent ahead on test
    single = _lesson(runs, ["lucky"], ["rnn"])
    assert single["baseline"] == "lucky (1 run)" and single["baseline test"] == "0.7000"


@pytest.mark.parametrize(("recurrent", "verdict"), [
    ([(0.80, 0.79), (0.81, 0.80), (0.82, 0.81)], "baseline ahead"),  # apart on both
    ([(0.95, 0.94), (0.96, 0.95)], "recurrent ahead"),
    ([(0.92, 0.90), (0.93, 0.92)], "no clear difference"),  # touching counts as overlap
    ([(0.93, 0.91), (0.94, 0.93)], "no clear difference"),  # apart on validation, touching on test
])
def test_a_verdict_needs_the_ranges_apart_on_validation_and_on_test(recurrent, verdict):
    runs = _runs([*BAG, *(("rnn", seed, False, *figures) for seed, figures in enumerate(recurrent))])
    assert _lesson(runs, ["bag"], ["rnn"])["verdict"] == verdict


def test_lower_is_better_and_a_model_without_a_seed_is_its_one_figure():
    runs = _runs([("climatology", None, True, 2.10, 2.20), ("gru", None, False, 2.16, 2.08),
                  ("gru", 1, False, 2.19, 2.12), ("gru", 2, False, 2.17, 2.10)])
    row = _lesson(runs, ["climatology"], ["gru"], lower=True)
    assert row["baseline"] == "climatology (no seed)" and row["baseline validation"] == "2.1000"
    assert row["verdict"] == "no clear difference"  # the baseline lower on validation, the GRU on test
    runs.loc[0, "validation"] = 2.25
    assert _lesson(runs, ["climatology"], ["gru"], lower=True)["verdict"] == "recurrent ahead"


def test_one_run_stands_for_its_run_widened_by_the_widest_seed_range_on_its_data():
    # bag's range is 0.02 wide on both splits: one run counts only when further than that from the other side
    far = _runs([*BAG, ("rnn", None, False, 0.97, 0.96)])
    assert _lesson(far, ["bag"], ["rnn"])["verdict"] == "recurrent ahead"
    near = _runs([*BAG, ("rnn", None, False, 0.935, 0.96)])
    assert _lesson(near, ["bag"], ["rnn"])["verdict"] == "no clear difference"
    nothing_measured = _runs([("ngram", None, True, 178.4, 178.6), ("lm", None, False, 185.8, 185.9)])
    assert _lesson(nothing_measured, ["ngram"], ["lm"], lower=True)["verdict"] == "one run, no verdict"
    assert report.widest_spreads(far, "d") == pytest.approx({"validation": 0.02, "test": 0.02})


def test_constants_missing_names_missing_sides_and_the_notebook_s_words():
    runs = _runs([("gru", None, False, 1.0, 1.0), ("gru", 1, False, 1.0, 0.99)])
    row = _lesson(runs, [("chance", 0.25), "order-free net"], ["gru", "lstm"], words="the gates remember")
    assert row["baseline"] == "chance (no seed)" and row["baseline test"] == "0.2500"
    assert row["verdict"] == "recurrent ahead" and row["in its notebook"] == "the gates remember"
    assert row["recurrent validation"] == "1.0000" and row["recurrent test"] == "0.9900–1.0000"  # seeds that agree
    table = report.lessons_table({"t": {"data": "d", "baselines": ["order-free net"], "recurrent": ["lstm"]}}, runs)
    assert table.attrs["missing"] == ["t: order-free net", "t: lstm"]
    assert table.loc["t", "verdict"] == "no recurrent model measured"
    runs.loc[1, "test"] = float("nan")  # the second seed never met the test set
    assert _lesson(runs, [], ["gru"])["recurrent"] == "gru (2 seeds, 1 tested)"
    no_baseline = _lesson(runs, [], ["gru"])
    assert no_baseline["verdict"] == "no baseline measured" and no_baseline["in its notebook"] == "–"


def test_lesson_runs_hold_untested_seeds_exact_models_and_the_benchmark_s_runs_once(results):
    benchmark = report.load_benchmark(results)
    benchmark["imdb_y"] = _task([0.80, 0.84], [0.87, 0.89], [100, 120], [70, 80])  # the same anchor again
    for task in benchmark.values():
        for side in ("anchor", "suite"):
            for run in task[side]["runs"]:
                run["validation_accuracy"] = run["test_accuracy"] + 0.01
    record_result(ResultRecord("11_w", "climatology", parameters=5, train_seconds=0.0, dataset="weather", epochs=0,
                               mode="full", validation={"mae": 2.1}, test={"mae": 2.2}), results)
    record_result(ResultRecord("04_x", "tested net, seed 1", parameters=1234, train_seconds=6.0, dataset="imdb",
                               epochs=3, mode="full", validation={"accuracy": 0.92, "epoch": 3}), results)  # untested
    runs = report.lesson_runs(benchmark, results_dir=results)
    net = runs[runs["model"] == "tested net"]
    assert list(net["seed"].fillna(42)) == [42, 1] and list(net["validation"]) == pytest.approx([0.9, 0.92])
    assert net["test"].iloc[0] == pytest.approx(0.8) and pd.isna(net["test"].iloc[1])
    assert runs[runs["model"] == "seed 1 net"]["seed"].isna().all()  # a name, not a seed suffix
    assert runs[runs["model"] == "climatology"]["exact"].item()
    assert not runs[runs["model"] == "tested net"]["exact"].any()
    assert len(runs[runs["model"] == "anchor net"]) == 2  # two seeds, though two tasks hold them
    memory = runs[runs["model"] == "memory net"].iloc[0]
    assert memory["metric"] == "accuracy_L80" and memory["test"] == pytest.approx(0.27)
