import json

import nbformat
import pytest

from helpers import runner


def write_notebook(path, *sources):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in sources])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)
    return path


def test_execute_writes_outputs_in_place_in_the_chosen_mode(tmp_path):
    path = write_notebook(tmp_path / "00_ok.ipynb", "import os\nprint(os.environ['RNN_COURSE_MODE'], 6 * 7)")
    seconds = runner.execute(path, "fast", timeout=120, results_dir=tmp_path / "results")
    outputs = nbformat.read(path, as_version=4).cells[0].outputs
    assert outputs[0]["text"] == "fast 42\n" and seconds > 0
    runtimes = json.loads((tmp_path / "results" / "fast" / "notebook_runtimes.json").read_text())
    assert runtimes["00_ok.ipynb"]["seconds"] == round(seconds, 1)
    assert not (tmp_path / "results" / "full").exists()


def test_a_failing_notebook_keeps_its_stored_outputs(tmp_path, capsys, monkeypatch):
    path = write_notebook(tmp_path / "01_bad.ipynb", "print('before')", "raise RuntimeError('boom')")
    original = path.read_bytes()
    monkeypatch.setattr(runner, "NOTEBOOK_DIR", tmp_path)
    monkeypatch.setattr(runner, "RESULTS_DIR", tmp_path / "results")
    assert runner.main(["--mode", "fast", str(path)]) == 1
    captured = capsys.readouterr()
    assert "FAILED" in captured.out and "0 passed, 1 failed" in captured.out
    assert "boom" in captured.err and "01_bad.ipynb" in captured.err
    assert path.read_bytes() == original
    assert not (tmp_path / "results").exists(), "a failed run records no run time"


def test_find_notebooks_by_prefix_and_unknown_names(tmp_path):
    for name in ("00_a.ipynb", "01_b.ipynb", "02_c.ipynb", "notes.ipynb"):
        write_notebook(tmp_path / name)
    assert [p.name for p in runner.find_notebooks([], tmp_path)] == ["00_a.ipynb", "01_b.ipynb", "02_c.ipynb"]
    assert [p.name for p in runner.find_notebooks(["02", "00"], tmp_path)] == ["02_c.ipynb", "00_a.ipynb"]
    with pytest.raises(ValueError, match="'07'"):
        runner.find_notebooks(["07"], tmp_path)


def test_execute_rejects_an_unknown_mode(tmp_path):
    with pytest.raises(ValueError, match="mode"):
        runner.execute(write_notebook(tmp_path / "00_a.ipynb"), "slow", timeout=10)
