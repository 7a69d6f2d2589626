"""Fast mode's settings: the small sizes and epoch counts that let the tests
execute every notebook in seconds.

A notebook shows the settings a learner edits as plain values in one cell,
tagged ``parameters`` (papermill's convention), e.g. ``EPOCHS = 10``. In fast
mode the runner (``python -m helpers.runner --mode fast``) and the test suite
(``conftest.py``, for nbval) insert a cell right after it, tagged
``injected-parameters``, that sets the values below instead. The learner never
sees them; ``tests/test_fastmode.py`` checks that every name set here is a
setting of its notebook.
"""

from __future__ import annotations

import ast

import nbformat

PARAMETERS_TAG = "parameters"
INJECTED_TAG = "injected-parameters"

# Per notebook (file name without ``.ipynb``): setting name -> fast-mode value.
FAST_SETTINGS: dict[str, dict[str, object]] = {
    "02_hello_char_model": {"TEXT_UPDATES": 500},
    "04_simple_rnn_imdb": {"TRAIN_SIZE": 2_000, "TEST_SIZE": 1_000, "EPOCHS": 1, "MAX_TOKENS": 100, "HEAD": 25},
    "05_long_term_dependencies": {"GAPS": [5], "POSITION_GAPS": [5], "SEEDS": (1,), "TRAIN_SAMPLES": 500,
                                  "VALIDATION_SAMPLES": 200, "TEST_SAMPLES": 200, "EPOCHS": 2},
    "06_lstm": {"MEMORY_TRAIN": 1_000, "MEMORY_VALIDATION": 300, "MEMORY_EPOCHS": 2, "IMDB_TRAIN": 2_000,
                "IMDB_TEST": 1_000, "EPOCHS": 1, "MAX_TOKENS": 100, "HEAD": 25},
    "07_gru": {"MEMORY_SAMPLES": (1_000, 300), "MEMORY_EPOCHS": 2, "KEY_SEEDS": (1,), "IMDB_SIZES": (2_000, 1_000),
               "EPOCHS": 1, "TIMING_REVIEWS": 256, "TIMING_REPEATS": 1, "MAX_TOKENS": 100, "HEAD": 25},
    "08_reuters_topics": {"TRAIN_SIZE": 1_500, "TEST_SIZE": 500, "EPOCHS": 1, "RNN_EPOCHS": 1, "TOKENS_READ": 60,
                          "SEEDS": (42,)},
    "09_deep_bidirectional": {
        "EPOCHS": 1, "SPLIT_SIZES": (1_000, 500), "SUBSET": 200, "CUT": 40, "HEAD": 10, "SEEDS": (42, 1),
    },
    "10_sequence_tasks": {"INTENT_SIZES": (300, 100, 100), "TAGGING_SIZES": (400, 100, 200), "TAGGER_SEEDS": (42,),
                          "INTENT_EPOCHS": 1, "TAGGING_EPOCHS": 1},
    "11_encoder_decoder_attention": {"DATE_SIZES": (300, 100, 100), "SEEDS": (42,), "EPOCHS": 1},
    "12_time_series": {"EPOCHS": 2, "GRU_SEEDS": (0,)},
    "13_text_generation": {"TRAIN_CHARS": 30_000, "VALIDATION_CHARS": 10_000, "TEST_CHARS": 10_000, "MAX_ORDER": 5,
                           "STREAMS": 8, "WINDOW": 8, "READ_WINDOW": 32, "UNITS": 32, "EPOCHS": 1,
                           "SPREAD_SEEDS": (1, 2), "SPREAD_EPOCHS": 1, "SAMPLES": 3, "SAMPLE_CHARS": 40},
}


def settings_assigned(source: str) -> set[str]:
    """The names a cell's code assigns at its top level (``A = 1``, ``A, B = 1, 2``)."""
    names = set()
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, ast.AnnAssign) else []
        for target in targets:
            names.update(name.id for name in ast.walk(target) if isinstance(name, ast.Name))
    return names


def parameters_cell_index(notebook) -> int | None:
    """The index of the cell tagged ``parameters``, or None; more than one is an error."""
    found = [index for index, cell in enumerate(notebook.cells)
             if PARAMETERS_TAG in cell.get("metadata", {}).get("tags", [])]
    if len(found) > 1:
        raise ValueError(f"cells {found} are all tagged {PARAMETERS_TAG!r}; a notebook has one settings cell.")
    return found[0] if found else None


def fast_settings_cell(name: str):
    """The cell fast mode inserts after notebook ``name``'s settings cell."""
    settings = FAST_SETTINGS[name]
    lines = ["# Fast mode (tests only): smaller settings", *(f"{key} = {value!r}" for key, value in settings.items())]
    return nbformat.v4.new_code_cell("\n".join(lines), metadata={"tags": [INJECTED_TAG]})


def inject_fast_settings(notebook, name: str):
    """Insert :func:`fast_settings_cell` after the ``parameters`` cell of
    ``notebook`` (an nbformat notebook, changed in place and returned). A
    notebook without fast settings is returned unchanged.

    Raises:
        ValueError: if ``name`` has fast settings but the notebook has no
            settings cell, or the cell does not set every one of them.
    """
    if name not in FAST_SETTINGS:
        return notebook
    index = parameters_cell_index(notebook)
    if index is None:
        raise ValueError(f"{name}: no cell is tagged {PARAMETERS_TAG!r}, but helpers.fastmode.FAST_SETTINGS "
                         "has settings for it; tag the settings cell.")
    unknown = set(FAST_SETTINGS[name]) - settings_assigned(notebook.cells[index].source)
    if unknown:
        raise ValueError(f"{name}: FAST_SETTINGS names {sorted(unknown)}, which its settings cell does not set; "
                         "set them there or remove them from FAST_SETTINGS.")
    notebook.cells.insert(index + 1, fast_settings_cell(name))
    return notebook
