"""The # @save exporter: modules generated from notebook cells, and the check that catches drift."""

import json

import pytest

from helpers import export


def test_every_exported_module_matches_its_notebook_cells():
    assert export.stale_modules() == [], "run `python -m helpers.export` after editing a # @save cell"


def fake_project(tmp_path, cells):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "helpers").mkdir()
    notebook = {"cells": [{"cell_type": kind, "source": text, "metadata": {}} for kind, text in cells],
                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    (tmp_path / "notebooks" / "04_simple_rnn_imdb.ipynb").write_text(json.dumps(notebook), encoding="utf-8")
    return tmp_path


def test_only_marked_code_cells_are_exported_in_order(tmp_path):
    root = fake_project(tmp_path, [("code", "# @save\nA = 1\n"), ("code", "B = 2"),
                                   ("markdown", "# @save\nnot code"), ("code", "# @save\ndef f():\n    return A")])
    text = export.module_text("helpers/sentiment.py", root)
    assert "A = 1" in text and "def f():\n    return A" in text and text.index("A = 1") < text.index("def f")
    assert "B = 2" not in text and "not code" not in text and "# @save" not in text.split('"""', 2)[2]
    compile(text, "sentiment.py", "exec")  # a valid module


def test_an_edited_cell_makes_its_module_stale_until_exported(tmp_path):
    root = fake_project(tmp_path, [("code", "# @save\nA = 1\n")])
    assert "helpers/sentiment.py" in export.stale_modules(root, ["helpers/sentiment.py"])
    assert export.write_modules(root, ["helpers/sentiment.py"]) == ["helpers/sentiment.py"]
    assert export.stale_modules(root, ["helpers/sentiment.py"]) == []
    fake_project_cells = json.loads((root / "notebooks" / "04_simple_rnn_imdb.ipynb").read_text())
    fake_project_cells["cells"][0]["source"] = "# @save\nA = 2\n"
    (root / "notebooks" / "04_simple_rnn_imdb.ipynb").write_text(json.dumps(fake_project_cells))
    assert export.stale_modules(root, ["helpers/sentiment.py"]) == ["helpers/sentiment.py"]


def test_bad_arguments_name_what_is_wrong(tmp_path):
    with pytest.raises(ValueError, match="not exported"):
        export.module_text("helpers/nothing.py")
    root = fake_project(tmp_path, [("code", "A = 1")])
    with pytest.raises(ValueError, match="has no # @save cell"):
        export.module_text("helpers/sentiment.py", root)
    (root / "notebooks" / "04_simple_rnn_imdb.ipynb").write_text("not json")
    with pytest.raises(ValueError, match="cannot read its cells"):
        export.saved_cells(root / "notebooks" / "04_simple_rnn_imdb.ipynb")
