"""Fast mode's settings, inserted after each notebook's settings cell."""

import nbformat
import pytest

from helpers import fastmode
from helpers.paths import NOTEBOOK_DIR

NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_fast_setting_replaces_a_setting_of_its_notebook(path):
    notebook = nbformat.read(path, as_version=4)
    index = fastmode.parameters_cell_index(notebook)
    if path.stem not in fastmode.FAST_SETTINGS:
        assert index is None, f"{path.name}: a settings cell without fast settings; add them to FAST_SETTINGS"
        return
    cells = len(notebook.cells)
    injected = fastmode.inject_fast_settings(notebook, path.stem)
    assert len(injected.cells) == cells + 1
    cell = injected.cells[index + 1]
    assert fastmode.INJECTED_TAG in cell.metadata["tags"]
    namespace = {}
    exec(cell.source, namespace)  # noqa: S102 (the cell this module writes)
    assert {key: namespace[key] for key in fastmode.FAST_SETTINGS[path.stem]} == fastmode.FAST_SETTINGS[path.stem]


def test_a_setting_the_notebook_lacks_is_named(monkeypatch):
    settings = nbformat.v4.new_code_cell("EPOCHS = 10", metadata={"tags": ["parameters"]})
    notebook = nbformat.v4.new_notebook(cells=[settings])
    monkeypatch.setitem(fastmode.FAST_SETTINGS, "99_test", {"EPOCHS": 1, "SEEDS": (1,)})
    with pytest.raises(ValueError, match="SEEDS"):
        fastmode.inject_fast_settings(notebook, "99_test")
    settings.metadata = {}
    with pytest.raises(ValueError, match="no cell is tagged 'parameters'"):
        fastmode.inject_fast_settings(notebook, "99_test")


def test_tuple_settings_count_each_name():
    assert fastmode.settings_assigned("A, B = 1, 2\nC: int = 3\nprint(D)") == {"A", "B", "C"}
