"""The course's website: Sphinx, MyST-NB and sphinx-book-theme.

    make -C docs html      # into docs/_build/html/

The source folder is the repository's root, so that the pages read the
notebooks in ``notebooks/`` themselves (with their stored outputs: nothing is
executed) next to this folder's own pages; ``include_patterns`` keeps
everything else out. The landing page is ``docs/index.md``, and the site's
``index.html`` sends the browser there.
"""

from __future__ import annotations

import ast
from pathlib import Path

from docutils import nodes

ROOT = Path(__file__).resolve().parent.parent


def colab_settings(names=("REPOSITORY", "BRANCH", "BADGE_IMAGE")) -> dict:
    """The constants of ``helpers/colab.py``, the one place the repository is
    named, read without importing ``helpers`` (which needs NumPy): building the
    site needs nothing but ``docs/requirements.txt``."""
    tree = ast.parse((ROOT / "helpers" / "colab.py").read_text(encoding="utf-8"))
    return {target.id: ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
            for target in node.targets if isinstance(target, ast.Name) and target.id in names}


REPOSITORY, BRANCH, BADGE_IMAGE = (colab_settings()[name] for name in ("REPOSITORY", "BRANCH", "BADGE_IMAGE"))

project = "Recurrent neural networks, hands on"
author = "the RNN course"
copyright = "the RNN course"

extensions = ["myst_nb", "sphinx.ext.mathjax", "sphinx-mathjax-offline"]

root_doc = "docs/index"
include_patterns = ["docs/*.md", "notebooks/[0-9][0-9]_*.ipynb"]
# Folders that hold no page are not even walked (.venv above all).
exclude_patterns = ["docs/_build", ".*", "data", "results", "benchmarks", "helpers", "tests", "**/.ipynb_checkpoints"]
templates_path = ["_templates"]
html_static_path = ["_static"]
html_css_files = ["course.css"]
html_additional_pages = {"index": "redirect.html"}  # the site's root page sends the browser to the landing page

# Every warning fails the build (the Makefile passes -W), and every internal
# reference and link between pages must resolve.
nitpicky = True
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_heading_anchors = 3
smartquotes = False  # titles and prose read exactly as in the notebooks

# The notebooks' stored full-mode outputs, as they are.
nb_execution_mode = "off"
nb_merge_streams = True

html_theme = "sphinx_book_theme"
html_title = project
html_favicon = "_static/favicon.svg"  # so that browsers ask for no /favicon.ico
html_context = {"default_mode": "auto"}  # light or dark, as the reader's system prefers
html_last_updated_fmt = None
html_show_sourcelink = False
html_use_index = False  # no index entries: an empty page
html_theme_options = {
    "repository_url": f"https://github.com/{REPOSITORY}",
    "repository_branch": BRANCH,
    "path_to_docs": "",  # the source folder is the repository's root
    "use_repository_button": True,
    "launch_buttons": {"colab_url": "https://colab.research.google.com"},
    "home_page_in_toc": False,
    "show_toc_level": 2,
}


def replace_colab_badges(app, doctree) -> None:
    """Each notebook's title cell links an external "Open in Colab" badge
    image; on the site the link stays as a text link (styled as a button),
    next to the theme's own launch button, and no image is fetched from
    outside."""
    for image in list(doctree.findall(nodes.image)):
        if image.get("uri") != BADGE_IMAGE:
            continue
        parent = image.parent
        if isinstance(parent, nodes.reference):
            parent["classes"].append("colab-link")
            parent.replace(image, nodes.Text(image.get("alt") or "Open in Colab"))
        else:
            parent.remove(image)


def setup(app):
    app.connect("doctree-read", replace_colab_badges)
