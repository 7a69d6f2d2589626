import nbformat
import pytest

from helpers import colab


def test_badge_points_at_the_notebook_on_main():
    assert colab.badge("notebooks/00_sequence_data.ipynb", "me/fork") == (
        "[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
        "(https://colab.research.google.com/github/me/fork/blob/main/notebooks/00_sequence_data.ipynb)"
    )


def make_project(root, setup_source):
    (root / "notebooks").mkdir()
    (root / "helpers").mkdir()
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 00 · A"),
                                               nbformat.v4.new_code_cell(setup_source),
                                               nbformat.v4.new_code_cell("print(1)")])
    nbformat.write(notebook, root / "notebooks" / "00_a.ipynb")
    (root / "README.md").write_text(colab.badge("notebooks/00_a.ipynb"))
    (root / "helpers" / "colab.py").write_text(f'REPOSITORY = "{colab.REPOSITORY}"\n')


def test_rewrite_changes_every_file_that_names_the_repository(tmp_path):
    make_project(tmp_path, colab.setup_cell())
    changed = colab.rewrite_repository("me/fork", root=tmp_path)
    assert len(changed) == 3
    for path in changed:
        text = path.read_text()
        assert "me/fork" in text and colab.REPOSITORY not in text
    notebook = nbformat.read(tmp_path / "notebooks" / "00_a.ipynb", as_version=4)
    assert notebook.cells[1].source == colab.setup_cell("me/fork")


def test_setup_cells_are_rewritten_from_the_one_text(tmp_path):
    make_project(tmp_path, "import helpers  # an old setup cell")
    assert colab.write_setup_cells(tmp_path) == [tmp_path / "notebooks" / "00_a.ipynb"]
    notebook = nbformat.read(tmp_path / "notebooks" / "00_a.ipynb", as_version=4)
    assert notebook.cells[1].source == colab.setup_cell()
    assert notebook.cells[1].metadata["cellView"] == "form"  # collapsed in Colab
    assert notebook.cells[1].metadata["tags"] == ["remove-input"]  # its code hidden on the website (MyST-NB)
    assert notebook.cells[2].source == "print(1)"
    assert colab.write_setup_cells(tmp_path) == [], "a second run changes nothing"


def test_setup_cell_updates_an_earlier_clone_on_colab():
    text = colab.setup_cell("me/fork")
    assert 'REPOSITORY = "me/fork"' in text and '"pull", "--ff-only"' in text
    assert "helpers.start_notebook(" in text
    compile(text, "setup", "exec")


@pytest.mark.parametrize("bad", ["fork", "me/fork/extra", "https://github.com/me/fork", ""])
def test_rewrite_rejects_what_is_not_owner_slash_name(bad, tmp_path):
    with pytest.raises(ValueError, match="OWNER/NAME"):
        colab.rewrite_repository(bad, root=tmp_path)
