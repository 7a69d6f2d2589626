import json

import nbformat
import pytest

from helpers import fastmode, runner


def write_notebook(path, *sources):
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in sources])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, path)
    return path


def test_full_mode_writes_outputs_and_the_code_hash_in_place(tmp_path):
    path = write_notebook(tmp_path / "00_ok.ipynb", "# title stand-in", "print('setup')",
                          "import os\nprint(os.environ['RNN_COURSE_MODE'], 6 * 7)")
    seconds = runner.execute(path, "full", timeout=120, results_dir=tmp_path / "results")
    notebook = nbformat.read(path, as_version=4)
    assert notebook.cells[2].outputs[0]["text"] == "full 42\n" and seconds > 0
    assert notebook.metadata[runner.METADATA_KEY]["code_sha256"] == runner.code_hash(notebook.cells)
    runtimes = json.loads((tmp_path / "results" / "full" / "notebook_runtimes.json").read_text())
    assert runtimes["00_ok.ipynb"]["seconds"] == round(seconds, 1)


def test_fast_mode_never_writes_the_stored_notebook(tmp_path, monkeypatch):
    path = write_notebook(tmp_path / "00_ok.ipynb", "import os\nprint(os.environ['RNN_COURSE_MODE'])")
    original = path.read_bytes()
    monkeypatch.delenv("RNN_COURSE_MODE", raising=False)
    runner.execute(path, "fast", timeout=120, results_dir=tmp_path / "results")
    assert path.read_bytes() == original
    assert "RNN_COURSE_MODE" not in __import__("os").environ, "the runner's own environment is left alone"
    assert (tmp_path / "results" / "fast" / "notebook_runtimes.json").is_file()
    assert not (tmp_path / "results" / "full").exists()


def test_code_hash_ignores_outputs_and_the_setup_cell_but_not_code():
    cells = [nbformat.v4.new_markdown_cell("# t"), nbformat.v4.new_code_cell("setup"),
             nbformat.v4.new_code_cell("a = 1")]
    before = runner.code_hash(cells)
    cells[1].source = "another setup"
    cells[2].outputs = [nbformat.v4.new_output("stream", text="x")]
    cells[0].source = "# another title"
    assert runner.code_hash(cells) == before
    cells[2].source = "a = 2"
    assert runner.code_hash(cells) != before


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


def test_the_run_stops_at_the_first_failure_and_names_what_did_not_run(tmp_path, capsys, monkeypatch):
    bad = write_notebook(tmp_path / "01_bad.ipynb", "raise RuntimeError('boom')")
    later = write_notebook(tmp_path / "02_later.ipynb", "print('never')")
    untouched = later.read_bytes()
    monkeypatch.setattr(runner, "NOTEBOOK_DIR", tmp_path)
    monkeypatch.setattr(runner, "RESULTS_DIR", tmp_path / "results")
    assert runner.main(["--mode", "full", str(bad), str(later)]) == 1
    captured = capsys.readouterr()
    assert "0 passed, 1 failed, 1 not run" in captured.out and "02_later.ipynb" not in captured.out
    assert "Not run: 02_later.ipynb" in captured.err
    assert later.read_bytes() == untouched


def test_progress_names_each_model_as_its_training_ends(tmp_path, capsys, monkeypatch):
    report = "GRU(8): 3 epochs in 12 s (4.0 s/epoch); best epoch 2: validation accuracy 0.9000, loss 0.3000"
    path = write_notebook(tmp_path / "03_train.ipynb", "print('setup')", f"print('data ready')\nprint({report!r})",
                          "print('figures')")
    monkeypatch.setattr(runner, "NOTEBOOK_DIR", tmp_path)
    monkeypatch.setattr(runner, "RESULTS_DIR", tmp_path / "results")
    assert runner.main(["--mode", "fast", str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("[1/1] 03_train.ipynb (fast), started at 0 s")
    assert lines[1].startswith(f"    trained {report}  [") and lines[2].startswith("    ok in ")
    assert lines[-1].startswith("1 passed in ")
    assert not any("data ready" in line or "figures" in line for line in lines)


def test_fast_mode_inserts_the_fast_settings_and_the_kernel_knows_the_runner(tmp_path, monkeypatch):
    path = write_notebook(tmp_path / "99_settings.ipynb", "EPOCHS = 10",
                          "import os\nopen('seen.txt', 'w').write(f\"{EPOCHS} {os.environ['RNN_COURSE_RUNNER']}\")")
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[0].metadata["tags"] = ["parameters"]
    nbformat.write(notebook, path)
    monkeypatch.setitem(fastmode.FAST_SETTINGS, "99_settings", {"EPOCHS": 1})
    runner.execute(path, "fast", timeout=120, results_dir=tmp_path / "results")
    assert (tmp_path / "seen.txt").read_text() == "1 1"
