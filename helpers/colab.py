"""The repository the "Open in Colab" badges and the Colab setup cells point at.

``REPOSITORY`` below is the one place it is defined. A fork rewrites every
badge (README and notebooks), every setup cell and this constant with::

    python -m helpers.colab OWNER/NAME
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPOSITORY = "rnn-course/rnn-notebooks"
BRANCH = "main"

PROJECT_ROOT = Path(__file__).resolve().parent.parent
BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"


def colab_url(notebook: str, repository: str = REPOSITORY) -> str:
    """The Colab address that opens ``notebook`` (a path such as
    ``notebooks/00_sequence_data.ipynb``) from the repository's main branch."""
    return f"https://colab.research.google.com/github/{repository}/blob/{BRANCH}/{notebook}"


def badge(notebook: str, repository: str = REPOSITORY) -> str:
    """Markdown for an "Open in Colab" badge linking to ``notebook``."""
    return f"[![Open in Colab]({BADGE_IMAGE})]({colab_url(notebook, repository)})"


def files_to_rewrite(root: Path = PROJECT_ROOT) -> list[Path]:
    """Every file that names the repository: README, notebooks, this module."""
    return [root / "README.md", *sorted((root / "notebooks").glob("*.ipynb")), root / "helpers" / "colab.py"]


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Point every Colab badge and setup cell at another repository.")
    parser.add_argument("repository", help="OWNER/NAME of the fork on GitHub")
    args = parser.parse_args(argv)
    for path in rewrite_repository(args.repository):
        print(f"rewrote {path.relative_to(PROJECT_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
