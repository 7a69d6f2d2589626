"""Tests run the notebooks in fast mode unless RNN_COURSE_MODE says otherwise;
nbval's kernels inherit this environment. In fast mode each notebook's
fast-mode settings (``helpers.fastmode``) run as one more cell right after its
settings cell, as the runner does in fast mode."""

import os
from collections import defaultdict

import nbval.plugin
import pytest

from helpers import fastmode
from helpers.runmode import run_mode

os.environ.setdefault("RNN_COURSE_MODE", "fast")


class NotebookWithFastSettings(nbval.plugin.IPyNbFile):
    """nbval's notebook collector, plus the fast-mode settings cell after the
    cell tagged ``parameters``."""

    def collect(self):
        for item in super().collect():
            yield item
            if run_mode() == "fast" and fastmode.PARAMETERS_TAG in item.cell.metadata.get("tags", []):
                yield nbval.plugin.IPyNbCell.from_parent(
                    self, name=f"{item.name} (fast-mode settings)", cell_num=item.cell_num,
                    cell=fastmode.fast_settings_cell(self.path.stem), options=defaultdict(bool, check=False))


@pytest.hookimpl(wrapper=True)
def pytest_collect_file(file_path, parent):
    """Replace each notebook collector nbval makes by :class:`NotebookWithFastSettings`."""
    collected = yield
    return [NotebookWithFastSettings.from_parent(parent, path=file_path)
            if type(node) is nbval.plugin.IPyNbFile else node for node in collected]
