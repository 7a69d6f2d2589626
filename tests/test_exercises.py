"""Every exercise's hint, applied as written, runs (in fast mode).

Each notebook's Exercises cell carries, in its metadata, how to apply each
exercise's hint to the notebook's code::

    "rnn_course": {"exercises": [
        {"exercise": 1,
         "edits": [{"find": "HORIZON = 1", "replace": "HORIZON = 3"}],
         "run_until": "naive_forecasts(",      # optional: the last code cell to run
         "add": ["print(errors)"]},             # optional: new cells after it
        {"exercise": 4, "not_run": "a derivation on paper"}]}

``find`` must occur in exactly one code cell. An exercise runs, edited, the
code cells from the first one it edits through the first one containing
``run_until`` (default: the last), then the added cells, after the notebook
has run as far (fast-mode settings after the settings cell). Another test
runs one exercise as a learner does, from the top in the default (full) mode
outside the runner, and checks that no tracked file changed.
"""

import json
import os
import re
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from helpers import fastmode
from helpers.paths import NOTEBOOK_DIR, PROJECT_ROOT
from helpers.runmode import MODE_VARIABLE, RUNNER_VARIABLE

NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
TIMEOUT = 600  # seconds per cell


def exercise_table(notebook) -> list[dict]:
    """The exercises' entries, from the metadata of the notebook's last cell (the Exercises cell)."""
    return notebook.cells[-1].metadata.get("rnn_course", {}).get("exercises", [])


def numbered_exercises(notebook) -> list[int]:
    """The exercise numbers listed under the notebook's "## Exercises" heading."""
    text = notebook.cells[-1].source.split("## Exercises", 1)[-1].split("<details>", 1)[0]
    return [int(number) for number in re.findall(r"^(\d+)\. ", text, re.MULTILINE)]


def code_cells(notebook, name: str, fast: bool = True) -> list:
    """Copies of notebook ``name``'s code cells (each with an id of its own), with its fast-mode
    settings after its settings cell when ``fast``."""
    cells = [nbformat.v4.new_code_cell(cell.source, metadata=json.loads(json.dumps(cell.metadata)))
             for cell in notebook.cells if cell.cell_type == "code"]
    return fastmode.inject_fast_settings(nbformat.v4.new_notebook(cells=cells), name).cells if fast else cells


def exercise_plan(notebook, name: str, entry: dict, fast: bool = True) -> tuple[int, int, list]:
    """How an exercise runs: ``(start, stop, cells)``. ``cells`` are the code cells from the
    first one the exercise edits (index ``start`` in :func:`code_cells`) through its
    ``run_until`` cell (index ``stop``), edited, then its added cells."""
    code = code_cells(notebook, name, fast)
    edited = set()
    for edit in entry.get("edits", []):
        hits = [index for index, cell in enumerate(code) if edit["find"] in cell.source]
        assert len(hits) == 1, f"exercise {entry['exercise']}: {edit['find']!r} is in {len(hits)} code cells, not 1"
        code[hits[0]].source = code[hits[0]].source.replace(edit["find"], edit["replace"])
        edited.add(hits[0])
    stop = len(code) - 1
    if "run_until" in entry:
        last = [index for index, cell in enumerate(code) if entry["run_until"] in cell.source]
        assert last, f"exercise {entry['exercise']}: no code cell contains {entry['run_until']!r}"
        stop = last[0]
    start = min(edited, default=stop + 1)
    assert start <= stop + 1, f"exercise {entry['exercise']}: it edits a cell after its run_until cell"
    return start, stop, code[start: stop + 1] + [nbformat.v4.new_code_cell(source) for source in entry.get("add", [])]


def exercise_cells(notebook, name: str, entry: dict, fast: bool = True) -> list:
    """Everything an exercise runs from the top: the code cells before its first edit, then its plan."""
    start, _, cells = exercise_plan(notebook, name, entry, fast)
    return code_cells(notebook, name, fast)[:start] + cells


def run_cells(cells, env: dict):
    """Execute ``cells`` in order in a fresh kernel started in notebooks/, with environment
    ``env``; return the executed notebook."""
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    NotebookClient(notebook, timeout=TIMEOUT, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK_DIR)}}).execute(env=env)
    return notebook


def fast_env() -> dict:
    """This process's environment in fast mode, outside the runner."""
    env = {key: value for key, value in os.environ.items() if key != RUNNER_VARIABLE}
    return {**env, MODE_VARIABLE: "fast"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_exercise_has_an_entry(path):
    notebook = nbformat.read(path, as_version=4)
    entries = exercise_table(notebook)
    assert [entry["exercise"] for entry in entries] == numbered_exercises(notebook), (
        f"{path.name}: give every exercise an entry in the Exercises cell's metadata (rnn_course.exercises)")
    for entry in entries:
        assert ("not_run" in entry) != bool(entry.get("edits") or entry.get("add")), (
            f"{path.name}, exercise {entry['exercise']}: give edits or added cells, or say why it is not run")


@pytest.mark.parametrize("path", [path for path in NOTEBOOKS
                                  if any("not_run" not in entry
                                         for entry in exercise_table(nbformat.read(path, as_version=4)))],
                         ids=lambda p: p.name)
def test_every_exercise_hint_runs(path):
    """One kernel runs the notebook once, as far as the exercises reach, then each exercise's
    edited cells and those after them that it names. Exercises run from the latest-starting
    to the earliest, so each one re-runs every cell an exercise before it changed."""
    notebook = nbformat.read(path, as_version=4)
    plans = sorted((exercise_plan(notebook, path.stem, entry) + (entry["exercise"],)
                    for entry in exercise_table(notebook) if "not_run" not in entry),
                   key=lambda plan: plan[0], reverse=True)
    cells = code_cells(notebook, path.stem)[: max(stop for _, stop, _, _ in plans) + 1]
    for _, _, exercise, number in plans:
        cells += [nbformat.v4.new_code_cell(f"print('--- exercise {number}')"), *exercise]
    run_cells(cells, fast_env())


def tracked_changes() -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, check=True).stdout


def test_a_learner_s_exercise_changes_no_tracked_file():
    """Notebook 11's first exercise (a three-day horizon), run as a learner runs it: default
    (full) mode, outside the runner. Its records go to results/local/, and the course's own
    results, which the report checks, stay as they were."""
    if not (PROJECT_ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    before = tracked_changes()
    path = NOTEBOOK_DIR / "11_time_series.ipynb"
    notebook = nbformat.read(path, as_version=4)
    entry = next(entry for entry in exercise_table(notebook) if entry["exercise"] == 1)
    env = {key: value for key, value in os.environ.items() if key not in (RUNNER_VARIABLE, MODE_VARIABLE)}
    local = PROJECT_ROOT / "results" / "local" / "full"
    started = {file: file.stat().st_mtime for file in local.glob("11_time_series--*.json")}
    run_cells(exercise_cells(notebook, path.stem, entry, fast=False), env)
    written = [file for file in local.glob("11_time_series--*.json") if started.get(file) != file.stat().st_mtime]
    assert written, "the exercise wrote no record: this test would not notice a record written elsewhere"
    assert tracked_changes() == before, "a learner's run changed a tracked file"
    check = subprocess.run([sys.executable, "-m", "helpers.report", "--check"], cwd=PROJECT_ROOT,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_test_cell_runs_twice():
    """Notebook 11's first cell that tests a model, run twice in a row (fast mode): the second
    run shows the same figures and says they were already measured, instead of raising."""
    path = NOTEBOOK_DIR / "11_time_series.ipynb"
    notebook = nbformat.read(path, as_version=4)
    cells = exercise_cells(notebook, path.stem, {"exercise": 0, "run_until": "test_once("})
    notebook = run_cells([*cells, nbformat.v4.new_code_cell(cells[-1].source)], fast_env())
    first, second = (
        "".join(output.get("text", "") for output in cell.outputs) for cell in notebook.cells[-2:])
    assert "already measured" in second and "already measured" not in first
