"""Plots the notebooks share. Every function returns its matplotlib Figure
and shows nothing itself: Jupyter displays a returned Figure once, when it is
the last expression of a cell, and scripts can save it."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from helpers.arguments import check_integer
from helpers.metrics import checked_confusion
from helpers.training import best_epoch


def _new_figure(size, rows=1, columns=1):
    # Created through pyplot, so that Jupyter's inline backend is active and
    # knows how to draw a returned Figure, then closed at once, so that pyplot
    # does not show it a second time at the end of the cell.
    figure = plt.figure(figsize=size)
    plt.close(figure)
    return figure, figure.subplots(rows, columns)


def plot_history(history, metric: str = "accuracy", monitor: str = "val_loss", title: str | None = None) -> Figure:
    """Loss and ``metric`` per epoch, training vs validation, with the best
    epoch by ``monitor`` marked (see ``training.best_epoch``).

    Args:
        history: a Keras ``History`` or its ``.history`` dict (lists per key).
        monitor: the validation curve that chose the epoch, e.g. ``"val_accuracy"``.
    """
    curves = getattr(history, "history", history)
    for key in ("loss", metric):
        if key not in curves:
            raise ValueError(f"history has no {key!r} curve (keys: {sorted(curves)}); pass metric= one of them.")
    epochs = np.arange(1, len(curves["loss"]) + 1)
    figure, axes = _new_figure((10, 3.5), 1, 2)
    best = best_epoch(curves, monitor)["epoch"] if monitor in curves else None
    for axis, key in zip(axes, ("loss", metric)):
        axis.plot(epochs, curves[key], "o-", label="training")
        if f"val_{key}" in curves:
            axis.plot(epochs, curves[f"val_{key}"], "s-", label="validation")
        if best is not None:
            axis.axvline(best, color="grey", linestyle="--", label=f"best epoch ({best})")
        axis.set_xlabel("epoch")
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))  # epochs are whole numbers
        axis.set_ylabel(key)
        axis.legend()
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure


def plot_histories(histories: dict, metric: str = "accuracy", title: str | None = None) -> Figure:
    """Loss and ``metric`` per epoch for several runs on shared axes: one
    colour per run, training solid with circles, validation dashed with
    squares, so that each run's gap between training and validation can be
    read off and compared with the others'.

    Args:
        histories: ``{label: history}``, each a Keras ``History`` or its
            ``.history`` dict (for example a ``training.RecordRun``'s
            ``curves``), holding the training and the validation curves.
    """
    if not histories:
        raise ValueError("histories is empty; pass {label: history}.")
    runs = {label: getattr(history, "history", history) for label, history in histories.items()}
    for label, curves in runs.items():
        missing = [key for key in ("loss", "val_loss", metric, f"val_{metric}") if key not in curves]
        if missing:
            raise ValueError(f"history {label!r} lacks the curves {missing} (keys: {sorted(curves)}); "
                             "train with validation data, or pass metric= one of its keys.")
    figure, axes = _new_figure((11, 4), 1, 2)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    longest = max(len(curves["loss"]) for curves in runs.values())
    for axis, key in zip(axes, ("loss", metric)):
        for k, (label, curves) in enumerate(runs.items()):
            colour = colours[k % len(colours)]
            epochs = np.arange(1, len(curves[key]) + 1)
            axis.plot(epochs, curves[key], "o-", color=colour, label=f"{label}, training")
            axis.plot(epochs, curves[f"val_{key}"], "s--", color=colour, label=f"{label}, validation")
        axis.set_xlabel("epoch")
        axis.set_xlim(0.5, longest + 0.5)
        axis.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))  # epochs are whole numbers
        axis.set_ylabel(key)
        axis.grid(alpha=0.3)
    axes[1].legend(fontsize=8, loc="center left", bbox_to_anchor=(1.02, 0.5))  # beside the curves, not on them
    if title:
        figure.suptitle(title)
    figure.tight_layout()
    return figure


def _row_rates(confusion: np.ndarray) -> np.ndarray:
    """Each row of a confusion matrix divided by its total (rows without examples stay 0)."""
    totals = confusion.sum(axis=1, keepdims=True)
    return np.divide(confusion, totals, out=np.zeros(confusion.shape), where=totals > 0)


def plot_confusion_by_frequency(confusion, class_names=None, frequencies=None, labelled: int = 10,
                                title: str | None = None) -> Figure:
    """One row-normalised confusion matrix (each row sums to 1; rows: true,
    columns: predicted class) readable with many classes: the classes are
    ordered from the most to the least frequent and only the ``labelled``
    most frequent ones get a tick label (the others are thin unlabelled rows
    and columns at the bottom and right).

    Args:
        confusion: counts, shape ``(num_classes, num_classes)``.
        frequencies: one count per class that sets the order, for example the
            training set's class counts; by default the row totals.
        labelled: how many of the most frequent classes to label on each axis.
    """
    confusion, names = checked_confusion(confusion, class_names)
    if frequencies is None:
        frequencies = confusion.sum(axis=1)
    frequencies = np.asarray(frequencies)
    if frequencies.shape != (len(names),):
        raise ValueError(f"frequencies has shape {frequencies.shape} for {len(names)} classes; "
                         "pass one count per class.")
    labelled = check_integer("labelled", labelled, minimum=0)
    order = np.argsort(-frequencies, kind="stable")
    ordered = confusion[np.ix_(order, order)]
    rates = _row_rates(ordered)
    figure, axis = _new_figure((9, 7.5))
    image = axis.imshow(rates, cmap="Blues", vmin=0, vmax=1)
    figure.colorbar(image, ax=axis, fraction=0.046, label="share of true class")
    shown = range(min(labelled, len(names)))
    axis.set_xticks(list(shown), [names[order[i]] for i in shown], rotation=90)
    axis.set_yticks(list(shown), [names[order[i]] for i in shown])
    if labelled < len(names):
        axis.axhline(labelled - 0.5, color="grey", linewidth=0.5)
        axis.axvline(labelled - 0.5, color="grey", linewidth=0.5)
    axis.set_xlabel(f"predicted (classes by frequency; the {len(shown)} most frequent labelled)")
    axis.set_ylabel("true")
    if title:
        axis.set_title(title)
    figure.tight_layout()
    return figure


def plot_class_counts(counts: dict, class_names=None, log: bool = True, title: str | None = None) -> Figure:
    """Examples per class in one or more sets, as side-by-side bars, the
    classes ordered by their count in the first set (largest first).

    Args:
        counts: ``{set name: counts per class}``, every array of the same
            length, e.g. ``{"train": np.bincount(y_train, minlength=46), ...}``.
        log: a logarithmic count axis, so that classes with a handful of
            examples stay visible next to ones with thousands.
    """
    if not counts:
        raise ValueError("counts is empty; pass {set name: counts per class}.")
    arrays = {name: np.asarray(values) for name, values in counts.items()}
    lengths = {name: values.shape for name, values in arrays.items()}
    first = next(iter(arrays.values()))
    if first.ndim != 1 or any(shape != first.shape for shape in lengths.values()):
        raise ValueError(f"counts must hold 1-D arrays of one length, got shapes {lengths}.")
    names = list(class_names) if class_names is not None else [str(i) for i in range(len(first))]
    if len(names) != len(first):
        raise ValueError(f"class_names has {len(names)} names for {len(first)} classes; pass one name per class.")
    order = np.argsort(-first, kind="stable")
    figure, axis = _new_figure((min(4 + 0.28 * len(names), 18), 4))
    width = 0.8 / len(arrays)
    for k, (name, values) in enumerate(arrays.items()):
        axis.bar(np.arange(len(names)) + (k - (len(arrays) - 1) / 2) * width, values[order], width, label=name)
    axis.set_xticks(range(len(names)), [names[i] for i in order], rotation=90)
    axis.set_xlim(-0.6, len(names) - 0.4)
    if log:
        axis.set_yscale("log")
    axis.set_ylabel("examples")
    axis.legend()
    if title:
        axis.set_title(title)
    figure.tight_layout()
    return figure


def plot_heatmap(values, x_labels=None, y_label: str = "unit", title: str | None = None,
                 value_range: tuple[float, float] | None = None) -> Figure:
    """A heatmap of activations over time: ``values`` has shape
    ``(timesteps, units)``; time runs left to right, one row per unit.

    Args:
        x_labels: optional label per time step (for example the tokens read).
        value_range: ``(low, high)`` for values not centred on zero, such as
            gate activations in ``(0, 1)``, drawn with a sequential colour map.
            By default the colours are symmetric around zero (for states).
    """
    values = np.asarray(values)
    if values.ndim != 2:
        raise ValueError(f"values must have shape (timesteps, units), got {values.shape}.")
    timesteps, units = values.shape
    if x_labels is not None and len(x_labels) != timesteps:
        raise ValueError(f"x_labels has {len(x_labels)} labels for {timesteps} time steps.")
    figure, axis = _new_figure((min(2 + 0.35 * timesteps, 18), min(1.5 + 0.25 * units, 10)))
    if value_range is None:
        limit = np.abs(values).max() or 1.0
        colours = {"cmap": "RdBu_r", "vmin": -limit, "vmax": limit}
    else:
        low, high = value_range
        if not low < high:
            raise ValueError(f"value_range={value_range!r} must be (low, high) with low < high.")
        colours = {"cmap": "viridis", "vmin": low, "vmax": high}
    image = axis.imshow(values.T, aspect="auto", **colours)
    figure.colorbar(image, ax=axis)
    if x_labels is not None:
        axis.set_xticks(range(timesteps), x_labels, rotation=90)
    else:
        axis.set_xlabel("time step")
    axis.set_ylabel(y_label)
    if title:
        axis.set_title(title)
    figure.tight_layout()
    return figure


def plot_length_histogram(lengths, marks=(), title: str | None = None) -> Figure:
    """Histogram of sequence lengths, with vertical lines at the lengths in
    ``marks`` labelled by the share of sequences no longer than each."""
    lengths = np.asarray(lengths)
    if lengths.ndim != 1 or lengths.size == 0:
        raise ValueError("lengths must be a non-empty 1-D array of sequence lengths.")
    figure, axis = _new_figure((8, 3.5))
    axis.hist(lengths, bins=60, color="tab:blue", alpha=0.8)
    for mark in marks:
        share = (lengths <= mark).mean()
        axis.axvline(mark, color="tab:red", linestyle="--")
        axis.text(mark, axis.get_ylim()[1] * 0.9, f" {mark}: {share:.0%} fit", color="tab:red")
    axis.set_xlabel("length (tokens)")
    axis.set_ylabel("sequences")
    if title:
        axis.set_title(title)
    figure.tight_layout()
    return figure


def plot_accuracy_and_cost(points, cost: str, cost_label: str, title: str | None = None) -> Figure:
    """Test accuracy and a cost (training seconds, parameters) side by side,
    one row per model, named on the left, one group of rows per panel (a data
    set, or the part of it the models were trained on): the accuracy at the
    mean over seeds with a bar from the lowest to the highest seed (a hollow
    marker: one run, no range), the cost on a logarithmic axis shared by all
    panels. The colour says where a model was trained (``kind``). Rows keep
    the table's order within each panel, so sort it first (best on top).

    Args:
        points: a table (``pandas.DataFrame``) with the columns ``panel``,
            ``label`` (the name shown), ``kind``, ``runs`` (seeds), ``accuracy``,
            ``low`` and ``high`` (the range over seeds) and the ``cost`` column,
            as ``report.accuracy_points`` makes it.
        cost_label: the label of the cost axis.
    """
    needed = {"panel", "label", "kind", "runs", "accuracy", "low", "high", cost}
    if missing := needed - set(points.columns):
        raise ValueError(f"points lacks the columns {sorted(missing)}; see the docstring for the table it needs.")
    if points.empty:
        raise ValueError("points is empty; pass at least one model.")
    if not (points[cost] > 0).all():
        raise ValueError(f"every {cost!r} must be positive for the logarithmic axis; drop the rows with none.")
    panels = list(dict.fromkeys(points["panel"]))
    sizes = [int((points["panel"] == panel).sum()) for panel in panels]
    # 9 inches wide, so that a page about 750 pixels wide shows it at nearly full size; about 0.25 inch a row,
    # plus room for each panel's title and tick labels
    figure = plt.figure(figsize=(9, 0.25 * sum(sizes) + 0.75 * len(panels) + 1.0), layout="constrained")
    plt.close(figure)  # as in _new_figure: shown once, as the cell's value
    grid = figure.add_gridspec(len(panels), 2, height_ratios=[size + 1.2 for size in sizes], width_ratios=[3, 1.6])
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    kinds = {kind: colours[k % len(colours)] for k, kind in enumerate(dict.fromkeys(points["kind"]))}
    cost_axes = []
    for row, panel in enumerate(panels):
        chosen = points[points["panel"] == panel]
        accuracy_axis = figure.add_subplot(grid[row, 0])
        cost_axis = figure.add_subplot(grid[row, 1], sharey=accuracy_axis,
                                       sharex=cost_axes[0] if cost_axes else None)
        cost_axes.append(cost_axis)
        rows = np.arange(len(chosen))[::-1]  # the first row of the table on top
        for position, point in zip(rows, chosen.itertuples()):
            colour = kinds[point.kind]
            face = colour if point.runs > 1 else "white"
            accuracy_axis.errorbar(point.accuracy, position, xerr=[[point.accuracy - point.low],
                                                                    [point.high - point.accuracy]],
                                   fmt="o", color=colour, markerfacecolor=face, capsize=3)
            cost_axis.plot(getattr(point, cost), position, "o", color=colour, markerfacecolor=face)
        accuracy_axis.set_yticks(rows, list(chosen["label"]), fontsize=10)
        accuracy_axis.set_ylim(-0.7, len(chosen) - 0.3)
        accuracy_axis.set_title(panel, loc="left", fontsize=11, fontweight="bold")
        cost_axis.tick_params(axis="y", labelleft=False)
        cost_axis.set_xscale("log")
        for axis in (accuracy_axis, cost_axis):
            axis.grid(alpha=0.3)
            axis.tick_params(axis="x", labelsize=9)
        if row == len(panels) - 1:
            accuracy_axis.set_xlabel("test accuracy (bar: range over seeds)")
            cost_axis.set_xlabel(cost_label)
    handles = [plt.Line2D([], [], marker="o", linestyle="", color=colour, label=kind) for kind, colour in kinds.items()]
    handles.append(plt.Line2D([], [], marker="o", linestyle="", color="grey", markerfacecolor="white",
                              label="hollow: one run"))
    figure.legend(handles=handles, loc="outside lower center", ncol=len(handles), fontsize=9, frameon=False)
    if title:
        figure.suptitle(title)
    return figure
