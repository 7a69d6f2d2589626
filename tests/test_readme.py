"""The README is for learners and fits one screen's reading; the maintainers'
material is in CONTRIBUTING.md."""

import json
import re

from helpers.paths import PROJECT_ROOT

README = PROJECT_ROOT / "README.md"
CONTRIBUTING = PROJECT_ROOT / "CONTRIBUTING.md"
MAX_WORDS = 1500
# CI (.ci/run) runs this very command; the README must show it as it is.
TEST_COMMAND = "RNN_COURSE_MODE=fast .venv/bin/python -m pytest"
SETUP = "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt && "


def test_readme_is_at_most_1500_words():
    words = len(README.read_text(encoding="utf-8").split())  # as `wc -w` counts
    assert words <= MAX_WORDS, f"README.md has {words} words; at most {MAX_WORDS}: move detail to CONTRIBUTING.md"


def test_readme_shows_both_commands_whole():
    text = README.read_text(encoding="utf-8")
    assert SETUP + TEST_COMMAND in text
    assert SETUP + ".venv/bin/jupyter lab notebooks/" in text and "--allow-root" in text


def test_ci_runs_the_readmes_test_command():
    ci = (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert TEST_COMMAND.replace(".venv/bin/python", '"$venv/bin/python"') in ci


def test_readme_links_the_maintainers_guide_which_names_the_runner():
    assert "](CONTRIBUTING.md)" in README.read_text(encoding="utf-8")
    guide = CONTRIBUTING.read_text(encoding="utf-8")
    assert "python -m helpers.runner" in guide
    for command in ("python -m benchmarks.references", "python -m helpers.report --write", "bash .ci/run",
                    "make -C docs html", "python -m helpers.colab OWNER/NAME"):
        assert command in guide, command


def test_readme_leaves_the_machinery_to_the_guide():
    text = README.read_text(encoding="utf-8")
    for machinery in ("python -m helpers.runner", "helpers.report", "benchmarks.", "results/full", "NBVAL"):
        assert machinery not in text, f"{machinery!r} belongs in CONTRIBUTING.md"


def test_readme_links_resolve_to_files():
    text = README.read_text(encoding="utf-8")
    targets = re.findall(r"\]\((?!https?://)([^)#]+)\)", text)
    assert targets, "the README links its notebooks and pages"
    missing = [target for target in targets if not (PROJECT_ROOT / target).exists()]
    assert not missing, missing


# A notebook's file stem, ``NN_topic``, wherever the text names one: a link, a badge, a toctree entry, a
# FAST_SETTINGS key, a record's file name, a NOTEBOOK constant.
STEM = re.compile(r"\b(\d\d)_([a-z][a-z0-9_]*[a-z0-9])")


def notebook_stems() -> set[str]:
    return {path.stem for path in (PROJECT_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}


def unknown_stems(text: str, stems: set[str], anywhere: bool = True) -> list[str]:
    """The stems ``text`` names that are not notebooks. With ``anywhere`` False (the tests, whose notebooks
    written to temporary folders have made-up names such as a two-digit prefix and ``a``), a stem counts as
    naming a notebook only where it follows ``notebooks/`` or where its topic is an existing notebook's."""
    topics = {stem[3:] for stem in stems}
    found = []
    for match in STEM.finditer(text):
        stem = match.group(0)
        names_a_notebook = (anywhere or text[max(0, match.start() - len("notebooks/")):match.start()] == "notebooks/"
                            or match.group(2) in topics)
        if names_a_notebook and stem not in stems:
            found.append(stem)
    return found


def texts_that_name_notebooks():
    """(file, text, anywhere) for every text that may name a notebook: the README, this guide, the website's
    pages, the helpers, benchmarks and tests, the notebooks' markdown cells, and the results records' file
    names and run-time keys."""
    for path in [README, CONTRIBUTING, PROJECT_ROOT / "conftest.py", *sorted((PROJECT_ROOT / "docs").glob("*.md")),
                 *sorted((PROJECT_ROOT / "helpers").glob("*.py")), *sorted((PROJECT_ROOT / "benchmarks").glob("*.py")),
                 *sorted((PROJECT_ROOT / "tests").glob("*.py"))]:
        yield path.relative_to(PROJECT_ROOT), path.read_text(encoding="utf-8"), path.parent.name != "tests"
    for path in sorted((PROJECT_ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        markdown = "\n".join("".join(cell["source"]) for cell in cells if cell["cell_type"] == "markdown")
        yield path.relative_to(PROJECT_ROOT), markdown, True
    full = PROJECT_ROOT / "results" / "full"
    yield full.relative_to(PROJECT_ROOT), "\n".join(path.name for path in sorted(full.glob("*--*.json"))), True
    runtimes = full / "notebook_runtimes.json"
    if runtimes.exists():
        yield runtimes.relative_to(PROJECT_ROOT), "\n".join(json.loads(runtimes.read_text(encoding="utf-8"))), True


def test_every_notebook_named_exists():
    """After a notebook is renumbered or renamed, no link, badge, list, setting, test or record may still
    name it by its old file name."""
    stems = notebook_stems()
    stale = {f"{file}: {stem}" for file, text, anywhere in texts_that_name_notebooks()
             for stem in unknown_stems(text, stems, anywhere)}
    assert not stale, (f"these name a notebook that is not in notebooks/ ({', '.join(sorted(stems))}):\n  "
                       + "\n  ".join(sorted(stale)))


def test_a_renumbered_notebook_s_old_name_is_found():
    stems = notebook_stems()
    number, topic = sorted(stems)[-1].split("_", 1)
    old = f"{int(number) + 1:02d}_{topic}"  # the last notebook, as if it had been moved one number down
    assert unknown_stems(f"see [it](notebooks/{old}.ipynb)", stems) == [old]
    assert unknown_stems(f'NOTEBOOK_DIR / "{old}.ipynb"', stems, anywhere=False) == [old]  # its topic exists
    assert unknown_stems('tmp_path / "00_made_up.ipynb", 10_000 words', stems, anywhere=False) == []
    assert unknown_stems(f"{sorted(stems)[0]}, {sorted(stems)[-1]}", stems) == []
