"""Execute notebooks headless, in place, in a chosen run mode.

    python -m helpers.runner                       # every notebook, full mode
    python -m helpers.runner --mode fast 00 01     # chosen ones, by prefix or path

A notebook is written back only when every cell ran; a failing notebook keeps
its previous stored outputs and the failure is reported (cell, error, message).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from helpers.evaluation import RESULTS_DIR, record_notebook_runtime
from helpers.runmode import MODE_VARIABLE, MODES

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"


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
            raise ValueError(f"notebook {item!r} matches no file in {notebook_dir}; use a path or a prefix of: {names}.")
        chosen.extend(matches)
    return chosen


def execute(path: Path, mode: str, timeout: int, results_dir: Path = RESULTS_DIR) -> float:
    """Run every cell of ``path`` in a fresh kernel started in ``mode``; write the
    outputs back only if all cells succeed, and record the run time in
    ``results/<mode>/notebook_runtimes.json``. Returns the seconds taken."""
    import nbformat
    from nbclient import NotebookClient

    if mode not in MODES:
        raise ValueError(f"mode={mode!r} must be one of {', '.join(MODES)}.")
    notebook = nbformat.read(path, as_version=4)
    previous_mode = os.environ.get(MODE_VARIABLE)
    os.environ[MODE_VARIABLE] = mode  # the kernel inherits this process's environment
    start = time.perf_counter()
    try:
        NotebookClient(
            notebook,
            timeout=timeout,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
    finally:
        if previous_mode is None:
            os.environ.pop(MODE_VARIABLE)
        else:
            os.environ[MODE_VARIABLE] = previous_mode
    seconds = time.perf_counter() - start
    nbformat.write(notebook, path)
    record_notebook_runtime(path.name, mode, seconds, results_dir)
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Execute notebooks in place.")
    parser.add_argument("notebooks", nargs="*", help="paths or number prefixes (default: all)")
    parser.add_argument("--mode", choices=MODES, default="full", help="run mode (default: full)")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds allowed per cell (default: 3600)")
    args = parser.parse_args(argv)
    try:
        paths = find_notebooks(args.notebooks)
    except ValueError as error:
        parser.error(str(error))
    failures = []
    for number, path in enumerate(paths, start=1):
        print(f"[{number}/{len(paths)}] {path.name} ({args.mode}) ...", end=" ", flush=True)
        try:
            seconds = execute(path, args.mode, args.timeout, RESULTS_DIR)
        except Exception as error:  # report every failure, then go on
            print("FAILED", flush=True)
            failures.append((path.name, error))
        else:
            print(f"ok in {seconds:.1f} s", flush=True)
    for name, error in failures:
        print(f"\n=== {name} failed; its stored outputs were left unchanged ===\n{_describe(error)}", file=sys.stderr)
    print(f"\n{len(paths) - len(failures)} passed, {len(failures)} failed")
    return 1 if failures else 0


def _describe(error: Exception) -> str:
    """nbclient's CellExecutionError carries the failing cell and traceback."""
    lines = str(error).strip().splitlines()
    return "\n".join(lines[-40:]) if lines else repr(error)


if __name__ == "__main__":
    sys.exit(main())
