import pytest

from helpers import colab


def test_badge_points_at_the_notebook_on_main():
    assert colab.badge("notebooks/00_sequence_data.ipynb", "me/fork") == (
        "[![Open in Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
        "(https://colab.research.google.com/github/me/fork/blob/main/notebooks/00_sequence_data.ipynb)"
    )


def test_rewrite_changes_every_file_that_names_the_repository(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "helpers").mkdir()
    old = colab.REPOSITORY
    (tmp_path / "README.md").write_text(colab.badge("notebooks/00_a.ipynb"))
    (tmp_path / "notebooks" / "00_a.ipynb").write_text(f'{{"source": "git clone https://github.com/{old}.git"}}')
    (tmp_path / "helpers" / "colab.py").write_text(f'REPOSITORY = "{old}"\n')
    changed = colab.rewrite_repository("me/fork", root=tmp_path)
    assert len(changed) == 3
    for path in changed:
        text = path.read_text()
        assert "me/fork" in text and old not in text


@pytest.mark.parametrize("bad", ["fork", "me/fork/extra", "https://github.com/me/fork", ""])
def test_rewrite_rejects_what_is_not_owner_slash_name(bad, tmp_path):
    with pytest.raises(ValueError, match="OWNER/NAME"):
        colab.rewrite_repository(bad, root=tmp_path)
