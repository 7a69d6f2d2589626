"""The README is for learners and fits one screen's reading; the maintainers'
material is in CONTRIBUTING.md."""

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
