"""The repository the "Open in Colab" badges point at, and the setup cell
every notebook starts with.

``REPOSITORY`` below is the one place the repository is named, and
``setup_cell()`` the one place the setup cell's text is kept. A fork rewrites
every badge (README and notebooks), every setup cell and this constant with::

    python -m helpers.colab OWNER/NAME

and ``python -m helpers.colab --setup-cells`` writes ``setup_cell()`` into
every notebook after the text below has changed.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from helpers.paths import PROJECT_ROOT

REPOSITORY = "rnn-course/rnn-notebooks"
BRANCH = "main"
BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"
SETUP_CELL_INDEX = 1  # the cell after the title
# The setup cell's code is collapsed in JupyterLab, a form in Colab and hidden on the website.
SETUP_CELL_METADATA = {"cellView": "form", "jupyter": {"source_hidden": True}, "tags": ["remove-input"]}

_SETUP_CELL = '''\
# @title Setup: run this cell first {{ display-mode: "form" }}
# Finds the course's code (in Colab, fetches it first), seeds, prints versions.
import pathlib
import subprocess
import sys

REPOSITORY = "{repository}"  # a fork: python -m helpers.colab OWNER/NAME
if "google.colab" in sys.modules:  # Colab has TensorFlow and Keras, not the course
    if pathlib.Path("course").exists():
        subprocess.run(["git", "-C", "course", "pull", "--ff-only"], check=True)
    else:
        url = f"https://github.com/{{REPOSITORY}}.git"
        subprocess.run(["git", "clone", "--depth", "1", url, "course"], check=True)
        pip = [sys.executable, "-m", "pip", "install", "-q"]
        subprocess.run([*pip, "pooch", "vega_datasets"], check=True)
here = pathlib.Path.cwd()
places = [here, *here.parents, here / "course"]
ROOT = next(p for p in places if (p / "helpers" / "colab.py").is_file())
sys.path.insert(0, str(ROOT))
import helpers

helpers.start_notebook(seed=42)'''


def setup_cell(repository: str = REPOSITORY) -> str:
    """The source of every notebook's setup cell (cell 1)."""
    return _SETUP_CELL.format(repository=repository)


def colab_url(notebook: str, repository: str = REPOSITORY) -> str:
    """The Colab address that opens ``notebook`` (a path such as
    ``notebooks/00_sequence_data.ipynb``) from the repository's main branch."""
    return f"https://colab.research.google.com/github/{repository}/blob/{BRANCH}/{notebook}"


def badge(notebook: str, repository: str = REPOSITORY) -> str:
    """Markdown for an "Open in Colab" badge linking to ``notebook``."""
    return f"[![Open in Colab]({BADGE_IMAGE})]({colab_url(notebook, repository)})"


def notebooks(root: Path = PROJECT_ROOT) -> list[Path]:
    """Every notebook of the course, in order."""
    return sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def files_to_rewrite(root: Path = PROJECT_ROOT) -> list[Path]:
    """Every file that names the repository: README, notebooks, this module."""
    return [root / "README.md", *notebooks(root), root / "helpers" / "colab.py"]


def rewrite_repository(new: str, root: Path = PROJECT_ROOT, old: str = REPOSITORY) -> list[Path]:
    """Replace ``old`` by ``new`` (``OWNER/NAME``) in every file of
    :func:`files_to_rewrite`; return the files that changed."""
    if not re.fullmatch(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", new):
        raise ValueError(f"repository={new!r} must look like OWNER/NAME, e.g. my-name/rnn-notebooks.")
    changed = []
    for path in files_to_rewrite(root):
        text = path.read_text(encoding="utf-8")
        if old in text:
            path.write_text(text.replace(old, new), encoding="utf-8")
            changed.append(path)
    return changed


def write_setup_cells(root: Path = PROJECT_ROOT, repository: str = REPOSITORY) -> list[Path]:
    """Make cell 1 of every notebook the setup cell, with its metadata (a
    collapsed form in Colab, hidden code on the website); return the notebooks
    that changed. Outputs are kept: re-run a changed notebook with the runner."""
    import nbformat

    changed = []
    for path in notebooks(root):
        notebook = nbformat.read(path, as_version=4)
        cell = notebook.cells[SETUP_CELL_INDEX]
        if cell.cell_type != "code":
            raise ValueError(f"{path.name}: cell {SETUP_CELL_INDEX} is a {cell.cell_type} cell; "
                             "the setup cell must come right after the title cell.")
        text = setup_cell(repository)
        metadata = {**cell.metadata, **SETUP_CELL_METADATA}
        if cell.source != text or cell.metadata != metadata:
            cell.source = text
            cell.metadata = metadata
            nbformat.write(notebook, path)
            changed.append(path)
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Point every Colab badge and setup cell at another repository, "
                                                 "or rewrite every notebook's setup cell.")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("repository", nargs="?", help="OWNER/NAME of the fork on GitHub")
    group.add_argument("--setup-cells", action="store_true", help="write the current setup cell into every notebook")
    args = parser.parse_args(argv)
    changed = write_setup_cells() if args.setup_cells else rewrite_repository(args.repository)
    for path in changed:
        print(f"rewrote {path.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
