import numpy as np
import pytest
from matplotlib.figure import Figure

from helpers import plotting

HISTORY = {"loss": [0.7, 0.5, 0.4, 0.3], "val_loss": [0.6, 0.45, 0.5, 0.55],
           "accuracy": [0.5, 0.7, 0.8, 0.9], "val_accuracy": [0.6, 0.75, 0.74, 0.73]}


def test_history_marks_the_epoch_of_lowest_validation_loss():
    figure = plotting.plot_history(HISTORY, title="demo")
    assert isinstance(figure, Figure) and len(figure.axes) == 2
    loss_axis = figure.axes[0]
    marker = [line for line in loss_axis.get_lines() if line.get_linestyle() == "--"]
    assert marker and marker[0].get_xdata()[0] == 2  # epochs are counted from 1
    assert [line.get_label() for line in loss_axis.get_lines()][:2] == ["training", "validation"]
    figure.canvas.draw()
    ticks = [tick for tick in loss_axis.get_xticks() if 1 <= tick <= len(HISTORY["loss"])]
    assert ticks and all(float(tick).is_integer() for tick in ticks), "epoch ticks must be whole numbers"


def test_history_needs_the_metric():
    with pytest.raises(ValueError, match="auc"):
        plotting.plot_history(HISTORY, metric="auc")


def test_histories_draw_each_run_in_one_colour_training_solid_validation_dashed():
    shorter = {key: values[:3] for key, values in HISTORY.items()}
    figure = plotting.plot_histories({"plain": HISTORY, "dropout": shorter}, title="demo")
    assert len(figure.axes) == 2
    for axis, key in zip(figure.axes, ("loss", "accuracy")):
        lines = axis.get_lines()
        assert [line.get_label() for line in lines] == ["plain, training", "plain, validation",
                                                        "dropout, training", "dropout, validation"]
        assert [line.get_linestyle() for line in lines] == ["-", "--", "-", "--"]
        assert lines[0].get_color() == lines[1].get_color() != lines[2].get_color() == lines[3].get_color()
        assert list(lines[1].get_xdata()) == [1, 2, 3, 4] and list(lines[3].get_xdata()) == [1, 2, 3]
        assert list(lines[1].get_ydata()) == HISTORY[f"val_{key}"]
        assert axis.get_ylabel() == key


def test_histories_need_validation_curves_and_at_least_one_run():
    with pytest.raises(ValueError, match="val_accuracy"):
        plotting.plot_histories({"no validation": {"loss": [1.0], "accuracy": [0.5], "val_loss": [1.0]}})
    with pytest.raises(ValueError, match="empty"):
        plotting.plot_histories({})


def test_confusion_by_frequency_orders_normalises_and_labels_the_frequent():
    # True supports 2, 10, 5: the order by frequency is b, c, a.
    confusion = np.array([[1, 1, 0], [2, 8, 0], [0, 1, 4]])
    figure = plotting.plot_confusion_by_frequency(confusion, ["a", "b", "c"], labelled=2)
    axis = figure.axes[0]
    rates = axis.images[0].get_array()
    assert np.allclose(rates, [[0.8, 0.0, 0.2], [0.2, 0.8, 0.0], [0.5, 0.0, 0.5]])
    assert [t.get_text() for t in axis.get_xticklabels()] == ["b", "c"]
    assert [t.get_text() for t in axis.get_yticklabels()] == ["b", "c"]
    by_training = plotting.plot_confusion_by_frequency(confusion, ["a", "b", "c"], frequencies=[9, 1, 5], labelled=3)
    assert [t.get_text() for t in by_training.axes[0].get_xticklabels()] == ["a", "c", "b"]


def test_confusion_by_frequency_with_reuters_sized_counts():
    rng = np.random.default_rng(0)
    labels = rng.choice(46, 2000, p=np.arange(46, 0, -1) / np.arange(46, 0, -1).sum())
    predicted = np.where(rng.random(2000) < 0.7, labels, rng.integers(0, 46, 2000))
    confusion = np.zeros((46, 46), dtype=int)
    np.add.at(confusion, (labels, predicted), 1)
    rates = plotting.plot_confusion_by_frequency(confusion, labelled=12).axes[0].images[0].get_array()
    present = confusion.sum(axis=1) > 0
    assert np.allclose(np.asarray(rates).sum(axis=1)[:present.sum()], 1.0)
    assert len(plotting.plot_confusion_by_frequency(confusion, labelled=12).axes[0].get_xticklabels()) == 12


def test_confusion_by_frequency_rejects_bad_frequencies():
    with pytest.raises(ValueError, match="frequencies"):
        plotting.plot_confusion_by_frequency(np.eye(3), frequencies=[1, 2])
    with pytest.raises(ValueError, match="labelled"):
        plotting.plot_confusion_by_frequency(np.eye(3), labelled=-1)
    with pytest.raises(ValueError, match="square"):
        plotting.plot_confusion_by_frequency(np.ones((2, 3)))


def test_class_counts_orders_by_the_first_set():
    counts = {"train": np.array([3, 10, 1]), "test": np.array([1, 4, 2])}
    figure = plotting.plot_class_counts(counts, ["a", "b", "c"])
    axis = figure.axes[0]
    assert [t.get_text() for t in axis.get_xticklabels()] == ["b", "a", "c"]
    heights = [patch.get_height() for patch in axis.patches]
    assert heights == [10, 3, 1, 4, 1, 2] and axis.get_yscale() == "log"
    with pytest.raises(ValueError, match="counts"):
        plotting.plot_class_counts({"train": [1, 2], "test": [1, 2, 3]})
    with pytest.raises(ValueError, match="class_names"):
        plotting.plot_class_counts({"train": [1, 2]}, ["a"])
    with pytest.raises(ValueError, match="counts"):
        plotting.plot_class_counts({})


def test_heatmap_puts_time_on_the_x_axis():
    values = np.arange(12.0).reshape(4, 3)  # 4 time steps, 3 units
    figure = plotting.plot_heatmap(values, x_labels=list("abcd"))
    assert figure.axes[0].images[0].get_array().shape == (3, 4)
    with pytest.raises(ValueError, match="x_labels"):
        plotting.plot_heatmap(values, x_labels=["a"])
    with pytest.raises(ValueError, match="timesteps, units"):
        plotting.plot_heatmap(np.zeros(5))


def test_heatmap_colour_scale():
    values = np.array([[0.2, 0.9], [0.5, 0.1]])
    symmetric = plotting.plot_heatmap(values).axes[0].images[0]
    assert symmetric.get_clim() == (-0.9, 0.9)
    gates = plotting.plot_heatmap(values, value_range=(0, 1)).axes[0].images[0]
    assert gates.get_clim() == (0, 1) and gates.get_cmap().name == "viridis"
    with pytest.raises(ValueError, match="value_range"):
        plotting.plot_heatmap(values, value_range=(1, 0))


def test_length_histogram_labels_the_share_that_fits():
    figure = plotting.plot_length_histogram(np.array([10, 20, 30, 40]), marks=(20,))
    assert any("50% fit" in text.get_text() for text in figure.axes[0].texts)
    with pytest.raises(ValueError, match="lengths"):
        plotting.plot_length_histogram(np.array([]))


def test_accuracy_and_cost_names_every_model_on_its_row_panel_by_panel():
    import pandas as pd

    points = pd.DataFrame({"panel": ["imdb", "imdb", "imdb, 5,000 reviews", "reuters"],
                           "label": ["bag of bigrams", "GRU(64) pooled", "GRU(64) pooled", "GRU 1 x 64"],
                           "kind": ["notebook", "re-run", "notebook", "notebook"], "runs": [3, 3, 1, 1],
                           "accuracy": [0.9, 0.85, 0.83, 0.8], "low": [0.89, 0.84, 0.83, 0.8],
                           "high": [0.91, 0.87, 0.83, 0.8], "train_seconds": [8.0, 300.0, 50.0, 60.0]})
    figure = plotting.plot_accuracy_and_cost(points, "train_seconds", "training seconds", title="demo")
    accuracy_axes, cost_axes = figure.axes[0::2], figure.axes[1::2]
    assert [axis.get_title(loc="left") for axis in accuracy_axes] == ["imdb", "imdb, 5,000 reviews", "reuters"]
    rows = {tick.get_text(): y for tick, y in zip(accuracy_axes[0].get_yticklabels(), accuracy_axes[0].get_yticks())}
    assert rows.keys() == {"GRU(64) pooled", "bag of bigrams"}
    assert rows["bag of bigrams"] > rows["GRU(64) pooled"]  # the table's first row on top
    assert all(axis.get_xscale() == "log" for axis in cost_axes)
    assert cost_axes[0].get_shared_x_axes().joined(cost_axes[0], cost_axes[2])  # one time scale for all panels
    figure.canvas.draw()
    labels = [tick.get_window_extent() for axis in accuracy_axes for tick in axis.get_yticklabels()]
    assert not any(a.overlaps(b) for k, a in enumerate(labels) for b in labels[k + 1:])
    legend = [text.get_text() for text in figure.legends[0].get_texts()]
    assert legend == ["notebook", "re-run", "hollow: one run"]
    single = accuracy_axes[1].lines[0]
    assert single.get_markerfacecolor() == "white"  # one run: hollow
    with pytest.raises(ValueError, match=r"\['high', 'low'\]"):
        plotting.plot_accuracy_and_cost(points.drop(columns=["low", "high"]), "train_seconds", "s")
    with pytest.raises(ValueError, match="positive"):
        plotting.plot_accuracy_and_cost(points.assign(train_seconds=[0, 1, 2, 3]), "train_seconds", "s")
