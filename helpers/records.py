"""Results records: what each trained model achieved, as JSON files.

Only the project's runner (``python -m helpers.runner``) writes the course's
own records, under ``results/<mode>/``: full-mode ones are kept in the
repository and read by notebook 14, the website and the report; fast-mode ones
go to ``results/fast/``, which git ignores. A notebook run any other way (in
Jupyter, in Colab, by nbval) writes its records under ``results/local/<mode>/``,
which git ignores too, so a learner's exercise never changes what the course
reports. The runner also keeps each notebook's run time, in
``results/<mode>/notebook_runtimes.json``.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from helpers.paths import RESULTS_DIR
from helpers.runmode import check_mode, library_versions, run_by_runner, run_mode


def _now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


@dataclass
class ResultRecord:
    """What one trained model achieved, and under which conditions.

    ``validation`` holds the metrics of the epoch the model was chosen at (and
    that epoch's number); ``test`` stays empty until the model meets the test
    set, once, at the end of its notebook.
    """

    notebook: str
    model: str
    dataset: str
    parameters: int
    epochs: int
    train_seconds: float
    validation: dict
    test: dict = field(default_factory=dict)
    mode: str = field(default_factory=run_mode)
    versions: dict = field(default_factory=library_versions)
    recorded_at: str = field(default_factory=_now)


LOCAL_RESULTS_DIR = RESULTS_DIR / "local"


def records_dir() -> Path:
    """Where this process writes records: ``results/`` in a kernel started by
    the runner, ``results/local/`` (git-ignored) everywhere else."""
    return RESULTS_DIR if run_by_runner() else LOCAL_RESULTS_DIR


def record_path(record: ResultRecord, results_dir: Path | None = None) -> Path:
    """``results_dir/<mode>/<notebook>--<model>.json``; ``results_dir``
    defaults to :func:`records_dir`."""
    folder = records_dir() if results_dir is None else Path(results_dir)
    return folder / record.mode / f"{_slug(record.notebook)}--{_slug(record.model)}.json"


def record_result(record: ResultRecord, results_dir: Path | None = None) -> Path:
    """Write ``record`` (replacing an earlier one of the same notebook and
    model) under ``results_dir`` (default :func:`records_dir`) and return its
    path. Metric values must be plain numbers."""
    check_mode(record.mode, "record.mode")
    for part in ("validation", "test"):
        for key, value in getattr(record, part).items():
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                raise ValueError(f"record.{part}[{key!r}] must be a number, got {type(value).__name__}; "
                                 "convert it with float().")
    path = record_path(record, results_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(asdict(record), indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def load_results(mode: str = "full", results_dir: Path = RESULTS_DIR) -> pd.DataFrame:
    """All records of one mode as one table, a row per model, with the
    validation and test metrics spread into ``val_*`` and ``test_*`` columns.
    With no records the table is empty but has the fixed columns."""
    check_mode(mode)
    fixed = ["notebook", "model", "dataset", "parameters", "epochs", "train_seconds"]
    rows = []
    for path in sorted((Path(results_dir) / mode).glob("*--*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        row = {key: record[key] for key in fixed}
        row.update({f"val_{k}": v for k, v in record["validation"].items()})
        row.update({f"test_{k}": v for k, v in record["test"].items()})
        rows.append(row)
    return pd.DataFrame(rows, columns=None if rows else fixed)


def record_notebook_runtime(notebook: str, mode: str, seconds: float, results_dir: Path = RESULTS_DIR) -> Path:
    """Add (or replace) one notebook's wall-clock run time in
    ``results_dir/<mode>/notebook_runtimes.json`` and return that path."""
    check_mode(mode)
    path = Path(results_dir) / mode / "notebook_runtimes.json"
    runtimes = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    runtimes[notebook] = {"seconds": round(float(seconds), 1), "recorded_at": _now(), "versions": library_versions()}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(runtimes, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def _slug(text: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_.]+", "_", text).strip("_")
    if not slug:
        raise ValueError(f"{text!r} gives an empty file name; use letters or digits.")
    return slug
