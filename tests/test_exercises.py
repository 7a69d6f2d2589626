"""The exercises' hints as data (``helpers.exercises``), and a learner's runs.

Every hint itself runs in the notebook tests: after each notebook, nbval runs
its exercises in the same kernel (``conftest.py``). Here: every exercise has
an entry, the entries are well formed, a learner's exercise run in the default
(full) mode outside the runner changes no tracked file, and a cell that tests
a model can be run twice.
"""

import os
import subprocess
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from helpers import exercises, records
from helpers.paths import NOTEBOOK_DIR, PROJECT_ROOT
from helpers.runmode import MODE_VARIABLE, RUNNER_VARIABLE

NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))
TIMEOUT = 600  # seconds per cell


def run_cells(cells, env: dict):
    """Execute ``cells`` in order in a fresh kernel started in notebooks/, with environment
    ``env``; return the executed notebook."""
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    NotebookClient(notebook, timeout=TIMEOUT, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK_DIR)}}).execute(env=env)
    return notebook


def outside_the_runner(mode: str | None) -> dict:
    """This process's environment without the runner's mark, in ``mode`` (None: the default)."""
    env = {key: value for key, value in os.environ.items() if key not in (RUNNER_VARIABLE, MODE_VARIABLE)}
    return env if mode is None else {**env, MODE_VARIABLE: mode}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_exercise_has_a_well_formed_entry(path):
    notebook = nbformat.read(path, as_version=4)
    entries = exercises.exercise_table(notebook)
    assert [entry["exercise"] for entry in entries] == exercises.numbered_exercises(notebook), (
        f"{path.name}: give every exercise an entry in the Exercises cell's metadata (rnn_course.exercises)")
    for entry in entries:
        assert ("not_run" in entry) != bool(entry.get("edits") or entry.get("add")), (
            f"{path.name}, exercise {entry['exercise']}: give edits or added cells, or say why it is not run")
        if "not_run" not in entry:
            exercises.exercise_plan(notebook, path.stem, entry)  # raises on an edit that matches no cell


def test_a_bad_entry_is_named():
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("A = 1"), nbformat.v4.new_code_cell("A = 1"),
                                               nbformat.v4.new_markdown_cell("## Exercises\n\n1. Change A.")])
    with pytest.raises(ValueError, match="exercise 1: 'A = 1' is in 2 code cells"):
        exercises.exercise_plan(notebook, "99_x", {"exercise": 1, "edits": [{"find": "A = 1", "replace": "A = 2"}]})
    with pytest.raises(ValueError, match="no code cell contains 'B'"):
        exercises.exercise_plan(notebook, "99_x", {"exercise": 1, "add": ["print(A)"], "run_until": "B"})
    assert exercises.numbered_exercises(notebook) == [1]


def test_exercises_run_latest_starting_first():
    cells = [nbformat.v4.new_code_cell(f"A{index} = {index}") for index in range(4)]
    notebook = nbformat.v4.new_notebook(cells=[*cells, nbformat.v4.new_markdown_cell("## Exercises")])
    notebook.cells[-1].metadata["rnn_course"] = {"exercises": [
        {"exercise": 1, "edits": [{"find": "A1 = 1", "replace": "A1 = 10"}], "run_until": "A2 ="},
        {"exercise": 2, "edits": [{"find": "A3 = 3", "replace": "A3 = 30"}]},
        {"exercise": 3, "not_run": "on paper"}]}
    runs = exercises.exercise_runs(notebook, "99_x")
    assert [number for number, _ in runs] == [2, 1]
    assert [cell.source for cell in runs[1][1]] == ["A1 = 10", "A2 = 2"]


def tracked_changes() -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=PROJECT_ROOT,
                          capture_output=True, text=True, check=True).stdout


def test_a_learner_s_exercise_changes_no_tracked_file():
    """Notebook 12's first exercise (a three-day horizon), run as a learner runs it: default
    (full) mode, outside the runner. Its records go to results/local/, and the course's own
    results, which the report checks, stay as they were."""
    if not (PROJECT_ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    before = tracked_changes()
    path = NOTEBOOK_DIR / "12_time_series.ipynb"
    notebook = nbformat.read(path, as_version=4)
    entry = next(entry for entry in exercises.exercise_table(notebook) if entry["exercise"] == 1)
    local = records.LOCAL_RESULTS_DIR / "full"
    started = {file: file.stat().st_mtime for file in local.glob("12_time_series--*.json")}
    run_cells(exercises.exercise_cells(notebook, path.stem, entry, fast=False), outside_the_runner(None))
    written = [file for file in local.glob("12_time_series--*.json") if started.get(file) != file.stat().st_mtime]
    assert written, "the exercise wrote no record: this test would not notice a record written elsewhere"
    assert tracked_changes() == before, "a learner's run changed a tracked file"
    check = subprocess.run([sys.executable, "-m", "helpers.report", "--check"], cwd=PROJECT_ROOT,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_test_cell_runs_twice():
    """Notebook 12's first cell that tests a model, run twice in a row (fast mode): the second
    run shows the same figures and says they were already measured, instead of raising."""
    path = NOTEBOOK_DIR / "12_time_series.ipynb"
    notebook = nbformat.read(path, as_version=4)
    cells = exercises.exercise_cells(notebook, path.stem, {"exercise": 0, "run_until": "test_once("})
    notebook = run_cells([*cells, nbformat.v4.new_code_cell(cells[-1].source)], outside_the_runner("fast"))
    first, second = (
        "".join(output.get("text", "") for output in cell.outputs) for cell in notebook.cells[-2:])
    assert "already measured" in second and "already measured" not in first
