"""Tests run the notebooks in fast mode unless RNN_COURSE_MODE says otherwise;
nbval's kernels inherit this environment.

In fast mode nbval runs each notebook as a learner would, with two additions:
the notebook's fast-mode settings (``helpers.fastmode``) run as one more cell
right after its settings cell, as the runner does in fast mode; and after the
notebook's last cell, in the same kernel, each exercise's hint runs as the
Exercises cell's metadata describes it (``helpers.exercises``), so that every
hint is shown to run without an error.
"""

import os
from collections import defaultdict

import nbval.plugin
import pytest

from helpers import exercises, fastmode
from helpers.runmode import run_mode

os.environ.setdefault("RNN_COURSE_MODE", "fast")


class NotebookWithFastSettings(nbval.plugin.IPyNbFile):
    """nbval's notebook collector, plus the fast-mode settings cell after the
    cell tagged ``parameters`` and the exercises' cells after the last cell."""

    def collect(self):
        fast = run_mode() == "fast"
        cell_num = 0
        for item in super().collect():
            yield item
            cell_num = item.cell_num + 1
            if fast and fastmode.PARAMETERS_TAG in item.cell.metadata.get("tags", []):
                yield self._cell(f"{item.name} (fast-mode settings)", item.cell_num,
                                 fastmode.fast_settings_cell(self.path.stem))
        if not fast:
            return
        for number, cells in exercises.exercise_runs(self.nb, self.path.stem):
            for index, cell in enumerate(cells, start=1):
                yield self._cell(f"Exercise {number}, cell {index} of {len(cells)}", cell_num, cell)
                cell_num += 1

    def _cell(self, name, cell_num, cell):
        """An nbval item for a cell the notebook does not store: run, its output not compared."""
        options = defaultdict(bool, nbval.plugin.find_metadata_tags(cell.metadata))
        options["check"] = False
        return nbval.plugin.IPyNbCell.from_parent(self, name=name, cell_num=cell_num, cell=cell, options=options)


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path, parent):
    """Replace each notebook collector nbval makes by :class:`NotebookWithFastSettings`."""
    collected = yield
    return [NotebookWithFastSettings.from_parent(parent, path=file_path)
            if type(node) is nbval.plugin.IPyNbFile else node for node in collected]
