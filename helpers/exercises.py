"""The exercises' hints as changes to a notebook's code, so that tests can run them.

Each notebook's Exercises cell (its last) carries, in its metadata, how to
apply each exercise's hint to the notebook's code::

    "rnn_course": {"exercises": [
        {"exercise": 1,
         "edits": [{"find": "HORIZON = 1", "replace": "HORIZON = 3"}],
         "run_until": "def simple_forecasts(",  # optional: the last code cell to run
         "add": ["print(errors)"]},              # optional: new cells after it
        {"exercise": 4, "not_run": "a derivation on paper"}]}

``find`` must occur in exactly one code cell. An exercise runs, edited, the
code cells from the first one it edits through the first one containing
``run_until`` (default: the last), then its added cells. In fast mode the
fast settings follow the settings cell, as everywhere (``helpers.fastmode``).

The test suite (``conftest.py``) runs every notebook and then, in the same
kernel, each exercise's cells, the latest-starting exercise first, so that
each one re-runs every cell an earlier-run exercise changed.
"""

from __future__ import annotations

import copy
import re

import nbformat

from helpers import fastmode


def exercise_table(notebook) -> list[dict]:
    """The exercises' entries, from the metadata of the notebook's last cell (the Exercises cell)."""
    return notebook.cells[-1].metadata.get("rnn_course", {}).get("exercises", [])


def numbered_exercises(notebook) -> list[int]:
    """The exercise numbers listed under the notebook's "## Exercises" heading."""
    text = notebook.cells[-1].source.split("## Exercises", 1)[-1].split("<details>", 1)[0]
    return [int(number) for number in re.findall(r"^(\d+)\. ", text, re.MULTILINE)]


def code_cells(notebook, name: str, fast: bool = True) -> list:
    """Copies of notebook ``name``'s code cells (each with an id of its own, no outputs),
    with its fast-mode settings after its settings cell when ``fast``."""
    cells = [nbformat.v4.new_code_cell(cell.source, metadata=copy.deepcopy(cell.metadata))
             for cell in notebook.cells if cell.cell_type == "code"]
    if fast:
        cells = fastmode.inject_fast_settings(nbformat.v4.new_notebook(cells=cells), name).cells
    return cells


def exercise_plan(notebook, name: str, entry: dict, fast: bool = True) -> tuple[int, int, list]:
    """How an exercise runs: ``(start, stop, cells)``. ``cells`` are the code cells from the
    first one the exercise edits (index ``start`` in :func:`code_cells`) through its
    ``run_until`` cell (index ``stop``), edited, then its added cells.

    Raises:
        ValueError: if an edit's ``find`` is not in exactly one code cell, no cell holds
            ``run_until``, or an edit lies after the ``run_until`` cell.
    """
    number = entry.get("exercise")
    code = code_cells(notebook, name, fast)
    edited = set()
    for edit in entry.get("edits", []):
        hits = [index for index, cell in enumerate(code) if edit["find"] in cell.source]
        if len(hits) != 1:
            raise ValueError(f"{name}, exercise {number}: {edit['find']!r} is in {len(hits)} code cells; "
                             "make it match exactly one.")
        code[hits[0]].source = code[hits[0]].source.replace(edit["find"], edit["replace"])
        edited.add(hits[0])
    stop = len(code) - 1
    if "run_until" in entry:
        last = [index for index, cell in enumerate(code) if entry["run_until"] in cell.source]
        if not last:
            raise ValueError(f"{name}, exercise {number}: no code cell contains {entry['run_until']!r}.")
        stop = last[0]
    start = min(edited, default=stop + 1)
    if start > stop + 1:
        raise ValueError(f"{name}, exercise {number}: it edits a cell after its run_until cell.")
    added = [nbformat.v4.new_code_cell(source) for source in entry.get("add", [])]
    return start, stop, code[start: stop + 1] + added


def exercise_cells(notebook, name: str, entry: dict, fast: bool = True) -> list:
    """Everything an exercise runs from the top: the code cells before its first edit, then its plan."""
    start, _, cells = exercise_plan(notebook, name, entry, fast)
    return code_cells(notebook, name, fast)[:start] + cells


def exercise_runs(notebook, name: str) -> list[tuple[int, list]]:
    """``(exercise number, cells)`` for every exercise that runs, the latest-starting first:
    what to run after the whole notebook has run, in the same kernel."""
    plans = [(exercise_plan(notebook, name, entry), entry["exercise"])
             for entry in exercise_table(notebook) if "not_run" not in entry]
    return [(number, cells) for (start, _, cells), number in sorted(plans, key=lambda plan: -plan[0][0])]
