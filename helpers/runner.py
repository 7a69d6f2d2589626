"""Execute notebooks headless, in a chosen run mode.

    python -m helpers.runner                       # every notebook, full mode, in place
    python -m helpers.runner --mode fast 00 01     # chosen ones, checked in fast mode

Notebooks run in order. While one runs, the runner prints a line for every
model it finishes training (the one-line report of ``training.train``) with
the time elapsed since the run began, and a line when the notebook is done.
Full mode writes a notebook back only when every cell ran, and stamps it with
a hash of its code (``code_hash``): a test then catches code edited after the
last full run. Fast mode runs a copy with the fast-mode settings inserted
after the settings cell (``helpers.fastmode``) and never writes the stored
notebook. Only kernels started by the runner (``RNN_COURSE_RUNNER=1`` in their
environment) write the course's results records in ``results/<mode>/``.
At the first failing notebook the run stops: that notebook keeps its stored
outputs, and the report names the failing cell, the error and the
notebooks left unrun. Run times go to ``results/<mode>/notebook_runtimes.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
import time
from pathlib import Path

from helpers.colab import SETUP_CELL_INDEX
from helpers.fastmode import inject_fast_settings
from helpers.paths import NOTEBOOK_DIR, RESULTS_DIR
from helpers.records import record_notebook_runtime
from helpers.runmode import MODE_VARIABLE, MODES, RUNNER_VARIABLE, check_mode

METADATA_KEY = "rnn_course"  # notebook metadata written by the runner
# The one-line report ``training.train`` prints for every trained model.
TRAINING_REPORT = re.compile(r"^.+: \d+ epochs in \d+ s \(.*$", re.MULTILINE)


def code_hash(cells) -> str:
    """SHA-256 of a notebook's code cells (sources, in order), the setup cell
    left out (a fork rewrites it, and a test checks it on its own)."""
    sources = [cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
               for index, cell in enumerate(cells) if cell["cell_type"] == "code" and index != SETUP_CELL_INDEX]
    return hashlib.sha256(json.dumps(sources).encode("utf-8")).hexdigest()


def find_notebooks(selection: list[str], notebook_dir: Path = NOTEBOOK_DIR) -> list[Path]:
    """All notebooks in order, or those named by path or by number prefix."""
    every = sorted(notebook_dir.glob("[0-9][0-9]_*.ipynb"))
    if not selection:
        return every
    chosen = []
    for item in selection:
        if Path(item).is_file():
            chosen.append(Path(item).resolve())
            continue
        matches = [path for path in every if path.name.startswith(item)]
        if not matches:
            names = ", ".join(path.name for path in every)
            raise ValueError(f"notebook {item!r} matches no file in {notebook_dir}; "
                             f"use a path or a prefix of: {names}.")
        chosen.extend(matches)
    return chosen


def training_reports(cell) -> list[str]:
    """The ``training.train`` report lines among a code cell's printed output."""
    text = "".join(output.get("text", "") for output in cell.get("outputs", []) if output.get("name") == "stdout")
    return TRAINING_REPORT.findall(text)


def execute(path: Path, mode: str, timeout: int, results_dir: Path = RESULTS_DIR, on_report=None) -> float:
    """Run every cell of ``path`` in a fresh kernel started in ``mode`` (given
    to the kernel through its environment, with ``RNN_COURSE_RUNNER=1``). In
    full mode write the outputs and the code hash back if all cells succeed;
    in fast mode insert the fast-mode settings and leave the file alone.
    Record the run time; return the seconds taken.

    ``on_report``, if given, is called with each training report line (see
    :func:`training_reports`) as soon as the cell that printed it has run."""
    import nbformat
    from nbclient import NotebookClient

    check_mode(mode)
    notebook = nbformat.read(path, as_version=4)
    if mode == "fast":
        inject_fast_settings(notebook, path.stem)

    def relay(cell, **_):
        for line in training_reports(cell):
            on_report(line)

    start = time.perf_counter()
    NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name="python3",
        record_timing=False,
        resources={"metadata": {"path": str(path.parent)}},
        on_cell_executed=relay if on_report else None,
    ).execute(env={**os.environ, MODE_VARIABLE: mode, RUNNER_VARIABLE: "1"})
    seconds = time.perf_counter() - start
    if mode == "full":
        notebook.metadata[METADATA_KEY] = {"code_sha256": code_hash(notebook.cells)}
        nbformat.write(notebook, path)
    record_notebook_runtime(path.name, mode, seconds, results_dir)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Execute notebooks (full mode: in place; fast mode: a check only).")
    parser.add_argument("notebooks", nargs="*", help="paths or number prefixes (default: all)")
    parser.add_argument("--mode", choices=MODES, default="full", help="run mode (default: full)")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds allowed per cell (default: 3600)")
    args = parser.parse_args(argv)
    try:
        paths = find_notebooks(args.notebooks)
    except ValueError as error:
        parser.error(str(error))
    started = time.perf_counter()

    def elapsed() -> str:
        return _minutes(time.perf_counter() - started)

    for number, path in enumerate(paths, start=1):
        print(f"[{number}/{len(paths)}] {path.name} ({args.mode}), started at {elapsed()}", flush=True)
        try:
            seconds = execute(path, args.mode, args.timeout, RESULTS_DIR,
                              on_report=lambda line: print(f"    trained {line}  [{elapsed()}]", flush=True))
        except Exception as error:
            unrun = ", ".join(later.name for later in paths[number:]) or "none"
            print(f"    FAILED after {elapsed()}; stopping", flush=True)
            print(f"\n=== {path.name} failed; its stored outputs were left unchanged ===\n{_describe(error)}\n"
                  f"Not run: {unrun}", file=sys.stderr)
            print(f"\n{number - 1} passed, 1 failed, {len(paths) - number} not run")
            return 1
        print(f"    ok in {_minutes(seconds)} [{elapsed()}]", flush=True)
    print(f"\n{len(paths)} passed in {elapsed()}")
    return 0


def _minutes(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"


def _describe(error: Exception) -> str:
    """nbclient's CellExecutionError carries the failing cell and traceback."""
    lines = str(error).strip().splitlines()
    return "\n".join(lines[-40:]) if lines else repr(error)


if __name__ == "__main__":
    sys.exit(main())
