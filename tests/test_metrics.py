"""Metrics against cases computed by hand."""

import numpy as np
import pytest

from helpers import metrics


def test_confusion_matrix_counts_true_rows_predicted_columns():
    confusion = metrics.confusion_matrix([0, 0, 1, 2, 2, 2], [0, 1, 1, 2, 0, 2], 3)
    assert confusion.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 2]]
    assert metrics.confusion_matrix(np.array([1]), np.array([1]), np.int64(4)).shape == (4, 4)


def test_per_class_table_by_hand():
    table = metrics.per_class_table(np.array([[1, 1, 0], [0, 1, 0], [1, 0, 2]]), ["a", "b", "c"])
    assert table.loc["a", "precision"] == pytest.approx(1 / 2)
    assert table.loc["b", "precision"] == pytest.approx(1 / 2)
    assert table.loc["c", "recall"] == pytest.approx(2 / 3)
    assert table.loc["c", "f1"] == pytest.approx(2 * 1 * (2 / 3) / (1 + 2 / 3))
    assert table["support"].tolist() == [2, 1, 3]


def test_a_class_never_predicted_or_absent_gets_zero_not_nan():
    table = metrics.per_class_table(np.array([[2, 0, 0], [1, 0, 0], [0, 0, 0]]))
    assert table.loc["1", "precision"] == 0 and table.loc["1", "f1"] == 0
    assert table.loc["2", "recall"] == 0 and table.loc["2", "support"] == 0
    assert not table.isna().any().any()


def test_multiclass_metrics_by_hand():
    probabilities = np.array([[0.5, 0.3, 0.2], [0.1, 0.3, 0.6], [0.2, 0.5, 0.3], [0.6, 0.3, 0.1]])
    result = metrics.multiclass_metrics([0, 1, 1, 2], probabilities, class_names=["x", "y", "z"], top_k=2)
    assert result["accuracy"] == pytest.approx(2 / 4)
    assert result["top_2_accuracy"] == pytest.approx(3 / 4)
    assert result["confusion"].tolist() == [[1, 0, 0], [0, 1, 1], [1, 0, 0]]
    # F1 by hand: x: p=1/2, r=1 -> 2/3; y: p=1, r=1/2 -> 2/3; z: never right -> 0.
    assert result["macro_f1"] == pytest.approx((2 / 3 + 2 / 3 + 0) / 3)


def test_most_confused_by_hand():
    confusion = np.array([[5, 3, 0], [1, 4, 1], [0, 3, 2]])
    table = metrics.most_confused(confusion, ["a", "b", "c"], top=3)
    # Off-diagonal cells: a->b 3, c->b 3, b->a 1, b->c 1; ties go to the smaller true index.
    assert table[["true", "predicted"]].values.tolist() == [["a", "b"], ["c", "b"], ["b", "a"]]
    assert table["count"].tolist() == [3, 3, 1]
    assert table["share of true"].tolist() == pytest.approx([3 / 8, 3 / 5, 1 / 6])
    assert len(metrics.most_confused(np.eye(3, dtype=int))) == 0  # no errors, no rows


def test_most_confused_on_a_real_multiclass_result():
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 5, 300)
    y_prob = rng.random((300, 5))
    confusion = metrics.multiclass_metrics(y_true, y_prob)["confusion"]
    table = metrics.most_confused(confusion, top=50)
    off_diagonal = confusion.sum() - np.trace(confusion)
    assert table["count"].sum() == off_diagonal and (table["true"] != table["predicted"]).all()
    assert table["count"].is_monotonic_decreasing


@pytest.mark.parametrize(
    ("call", "named"),
    [
        (lambda: metrics.multiclass_metrics([0, 1], np.ones((2, 3)), top_k=4), "top_k"),
        (lambda: metrics.multiclass_metrics([0, 1], np.ones((2, 3)), top_k=True), "top_k"),
        (lambda: metrics.multiclass_metrics([0, 1], np.ones(3)), "y_prob"),
        (lambda: metrics.multiclass_metrics([0, 1, 2], np.ones((2, 3))), "y_true"),
        (lambda: metrics.confusion_matrix([0, 1], [0], 2), "y_pred"),
        (lambda: metrics.confusion_matrix([0, 5], [0, 1], 2), "num_classes"),
        (lambda: metrics.confusion_matrix([0.5, 1], [0, 1], 2), "y_true"),
        (lambda: metrics.per_class_table(np.eye(2), ["only one"]), "class_names"),
        (lambda: metrics.per_class_table(np.ones((2, 3))), "square"),
        (lambda: metrics.most_confused(np.eye(2), top=0), "top"),
        (lambda: metrics.most_confused(np.eye(2), ["a", "b", "c"]), "class_names"),
    ],
)
def test_bad_input_names_the_argument(call, named):
    with pytest.raises(ValueError, match=named):
        call()
