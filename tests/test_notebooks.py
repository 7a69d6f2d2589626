"""Hygiene of every notebook as stored in the repository."""

import json
import re

import pytest

from helpers import colab, runner
from helpers.paths import NOTEBOOK_DIR, PROJECT_ROOT

NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
OUTPUT_SIZE_CAP = 1_500_000  # characters of stored outputs per notebook
LOCAL_PATH = re.compile(r"(/root/|/home/[A-Za-z]|/Users/[A-Za-z]|/work/|/tmp/|[A-Z]:\\\\Users|site-packages)")


def cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def source(cell):
    return "".join(cell["source"])


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 2


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_file_name_is_numbered_lower_case(path):
    assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name)


def test_numbers_are_unique():
    numbers = [path.name[:2] for path in NOTEBOOKS]
    assert len(numbers) == len(set(numbers))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_title_cell_has_a_badge_for_this_notebook(path):
    first = cells(path)[0]
    assert first["cell_type"] == "markdown" and source(first).startswith(f"# {path.name[:2]} · ")
    assert colab.badge(f"notebooks/{path.name}") in source(first)
    assert "Prerequisites" in source(first)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_second_cell_is_the_setup_cell(path):
    setup = cells(path)[colab.SETUP_CELL_INDEX]
    assert setup["cell_type"] == "code"
    assert source(setup) == colab.setup_cell(), (
        f"{path.name}: the setup cell differs from helpers.colab.setup_cell(); "
        "run `python -m helpers.colab --setup-cells`")
    assert all(setup["metadata"].get(key) == value for key, value in colab.SETUP_CELL_METADATA.items()), (
        f"{path.name}: the setup cell lacks its metadata; run `python -m helpers.colab --setup-cells`")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_the_test_harness_stays_out_of_the_code(path):
    code = [source(cell) for cell in cells(path) if cell["cell_type"] == "code"]
    assert not [line for text in code for line in text.splitlines() if "NBVAL" in line], (
        f"{path.name}: use nbval's cell tags (nbval-check-output, ...), not # NBVAL comments")
    assert not [text for text in code if "pick(" in text], (
        f"{path.name}: settings are plain values; fast mode's go in helpers.fastmode.FAST_SETTINGS")
    settings = [cell for cell in cells(path) if "parameters" in cell["metadata"].get("tags", [])]
    assert len(settings) <= 1, f"{path.name}: at most one settings cell"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_outputs_are_not_stale(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    stamp = notebook["metadata"].get(runner.METADATA_KEY, {}).get("code_sha256")
    assert stamp == runner.code_hash(notebook["cells"]), (
        f"{path.name}: its code changed after its last full-mode run; "
        f"re-run it with `python -m helpers.runner {path.name[:2]}`")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_stored_outputs_come_from_a_clean_full_run(path):
    code = [cell for cell in cells(path) if cell["cell_type"] == "code"]
    assert all(cell["execution_count"] is not None for cell in code), "run the notebook with the runner"
    assert [cell["execution_count"] for cell in code] == list(range(1, len(code) + 1)), "run top to bottom"
    setup_output = "".join("".join(o.get("text", "")) for o in code[0]["outputs"])
    assert "mode: full" in setup_output, "stored outputs must come from a full-mode run"
    outputs = [output for cell in code for output in cell["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert not [o for o in outputs if o.get("name") == "stderr"], "stderr (warnings) stored in outputs"
    text = json.dumps(outputs)
    assert not LOCAL_PATH.search(text), f"local path in stored outputs: {LOCAL_PATH.search(text).group(0)}"
    assert len(text) < OUTPUT_SIZE_CAP


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_ends_with_summary_and_exercises(path):
    headings = [line for cell in cells(path) if cell["cell_type"] == "markdown"
                for line in source(cell).splitlines() if line.startswith("## ")]
    assert headings[-2:] == ["## Summary", "## Exercises"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_readme_lists_the_notebook_with_its_badge(path):
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert colab.badge(f"notebooks/{path.name}") in readme
    assert f"](notebooks/{path.name})" in readme
