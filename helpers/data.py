"""IMDB and Reuters, loaded from verified files.

``load_imdb`` and ``load_reuters`` return exactly what
``keras.datasets.imdb.load_data`` and ``keras.datasets.reuters.load_data``
return for the same arguments, but they find their files themselves and check
every file's SHA-256 *before* reading it. Files are looked up in this order:

1. the folder named by the environment variable ``RNN_COURSE_DATA``;
2. the project's ``data/`` folder (the download cache, ignored by git);
3. otherwise the file is downloaded from Keras's own storage into ``data/``.

Accepted hashes are Keras's own downloads and the verified offline copies kept
beside the project (``../shared/data/keras``): the offline ``.npz`` files hold
the same arrays as Keras's but differ by a few bytes of zip and pickle detail.
A file with any other hash is never unpickled and never deleted.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

import numpy as np

DATA_DIR_VARIABLE = "RNN_COURSE_DATA"
PROJECT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
KERAS_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"

# file name -> {accepted SHA-256: where a file with that hash comes from}
ACCEPTED_SHA256: dict[str, dict[str, str]] = {
    "imdb.npz": {
        "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f": "Keras download",
        "cb0f04713b3fadff4173af2c5b3426ced0640a4c68df60f07fea6f8494db01ec": "verified offline copy",
    },
    "imdb_word_index.json": {
        "027313fe9a320280f3bf0fac5baf58c4a683cf39a7ed9c3d3d3912bde4284cf6": "Keras download and offline copy",
    },
    "reuters.npz": {
        "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916": "Keras download",
        "c69039145e32de9265d1cff928910c86db852a983ec68b9b668ffc6d73b4cee8": "verified offline copy",
    },
    "reuters_word_index.json": {
        "9b56000edc4b34a32e89fd5a23b2605594682c74efcf7d8f4e2a5514b771e633": "Keras download and offline copy",
    },
}

DATASETS = ("imdb", "reuters")

# Reserved indices in Keras's encoding (with the default arguments).
PAD, START, OOV = 0, 1, 2


class UnverifiedFileError(RuntimeError):
    """A data file exists but its SHA-256 is not one of the accepted hashes."""


def sha256_of(path: Path) -> str:
    """SHA-256 of a file, as 64 hexadecimal characters."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(path: Path) -> Path:
    """Return ``path`` if its SHA-256 is accepted for its file name.

    Raises:
        ValueError: if the file name is not one of the known data files.
        UnverifiedFileError: if the hash is unknown. The file is left in place.
    """
    path = Path(path)
    accepted = _accepted_hashes(path.name)
    actual = sha256_of(path)
    if actual not in accepted:
        expected = "\n".join(f"  {h}  ({origin})" for h, origin in accepted.items())
        raise UnverifiedFileError(
            f"{path} has SHA-256 {actual}, which is not an accepted hash for "
            f"{path.name}. Accepted:\n{expected}\n"
            "The file was not read and has not been deleted. It may be "
            "truncated or a different file under the same name: replace it "
            f"with Keras's file from {KERAS_ORIGIN}{path.name} or with the "
            "verified offline copy, then try again."
        )
    return path


def locate(filename: str) -> Path:
    """Find (or download) a verified copy of one of Keras's data files.

    Args:
        filename: one of ``imdb.npz``, ``imdb_word_index.json``,
            ``reuters.npz``, ``reuters_word_index.json``.

    Returns:
        The path of a file whose SHA-256 is accepted.

    Raises:
        ValueError: unknown file name.
        UnverifiedFileError: a file was found but its hash is unknown.
        FileNotFoundError: no copy was found and the download failed.
    """
    _accepted_hashes(filename)
    folders = []
    if os.environ.get(DATA_DIR_VARIABLE):
        folders.append(Path(os.environ[DATA_DIR_VARIABLE]).expanduser())
    folders.append(PROJECT_DATA_DIR)
    for folder in folders:
        if (folder / filename).is_file():
            return verify(folder / filename)
    return verify(_download(filename))


def _accepted_hashes(filename: str) -> dict[str, str]:
    if filename not in ACCEPTED_SHA256:
        raise ValueError(
            f"filename={filename!r} is not a data file this project knows; "
            f"use one of {', '.join(ACCEPTED_SHA256)}."
        )
    return ACCEPTED_SHA256[filename]


def _download(filename: str) -> Path:
    import keras

    PROJECT_DATA_DIR.mkdir(parents=True, exist_ok=True)
    try:
        path = keras.utils.get_file(
            fname=filename,
            origin=KERAS_ORIGIN + filename,
            cache_dir=str(PROJECT_DATA_DIR),
            cache_subdir="",
        )
    except Exception as error:
        raise FileNotFoundError(
            f"{filename} was not found and could not be downloaded from "
            f"{KERAS_ORIGIN}{filename} ({type(error).__name__}: {error}). "
            "Provide it in one of two ways: set the environment variable "
            f"{DATA_DIR_VARIABLE} to a folder that holds {filename} (for "
            "example the offline copies in ../shared/data/keras), or copy the "
            f"file into {PROJECT_DATA_DIR}."
        ) from error
    return Path(path)


def _check_arguments(num_words, skip_top, maxlen, seed, test_split=None) -> None:
    if num_words is not None and (isinstance(num_words, bool) or not isinstance(num_words, int) or num_words < 1):
        raise ValueError(f"num_words must be a positive integer or None, got {num_words!r}.")
    if isinstance(skip_top, bool) or not isinstance(skip_top, int) or skip_top < 0:
        raise ValueError(f"skip_top must be a non-negative integer, got {skip_top!r}.")
    if maxlen is not None and (isinstance(maxlen, bool) or not isinstance(maxlen, int) or maxlen <= 0):
        raise ValueError(f"maxlen must be a positive integer or None, got {maxlen!r}.")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}.")
    if test_split is not None and (isinstance(test_split, bool) or not isinstance(test_split, (int, float))
                                   or not 0 < test_split < 1):
        raise ValueError(f"test_split must lie strictly between 0 and 1, got {test_split!r}.")


def _read_npz(filename: str) -> dict[str, np.ndarray]:
    # Only files whose SHA-256 was just verified reach np.load, so unpickling
    # their ragged object arrays is safe.
    with np.load(locate(filename), allow_pickle=True) as archive:
        return {key: archive[key] for key in archive.files}


def _encode(sequences, start_char, index_from):
    """Keras's step 3: prepend ``start_char`` and shift indices by ``index_from``."""
    if start_char is not None:
        return [[start_char] + [w + index_from for w in x] for x in sequences]
    if index_from:
        return [[w + index_from for w in x] for x in sequences]
    return [[w for w in x] for x in sequences]


def _drop_long(maxlen, sequences, labels):
    """Keras's step 4: keep only sequences shorter than ``maxlen``."""
    kept = [(x, y) for x, y in zip(sequences, labels) if len(x) < maxlen]
    return [x for x, _ in kept], [y for _, y in kept]


def _limit_vocabulary(sequences, num_words, skip_top, oov_char):
    """Keras's step 5: indices outside ``[skip_top, num_words)`` become ``oov_char``
    (or are dropped when ``oov_char`` is None)."""
    if not num_words:
        num_words = max(max(x) for x in sequences)
    if oov_char is not None:
        return [[w if skip_top <= w < num_words else oov_char for w in x] for x in sequences]
    return [[w for w in x if skip_top <= w < num_words] for x in sequences]


def load_imdb(
    num_words: int | None = None,
    skip_top: int = 0,
    maxlen: int | None = None,
    seed: int = 113,
    start_char: int | None = 1,
    oov_char: int | None = 2,
    index_from: int = 3,
):
    """IMDB reviews as integer sequences, exactly as
    ``keras.datasets.imdb.load_data`` returns them for the same arguments.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: ``x_*`` are object arrays of
        Python lists of word indices (25,000 each without ``maxlen``),
        ``y_*`` integer arrays of labels (0 negative, 1 positive).
    """
    _check_arguments(num_words, skip_top, maxlen, seed)
    arrays = _read_npz("imdb.npz")
    rng = np.random.RandomState(seed)
    shuffled = []
    for split in ("train", "test"):
        order = np.arange(len(arrays[f"x_{split}"]))
        rng.shuffle(order)
        shuffled.append((arrays[f"x_{split}"][order], arrays[f"y_{split}"][order]))
    (x_train, labels_train), (x_test, labels_test) = shuffled

    x_train = _encode(x_train, start_char, index_from)
    x_test = _encode(x_test, start_char, index_from)
    if maxlen:
        x_train, labels_train = _drop_long(maxlen, x_train, labels_train)
        x_test, labels_test = _drop_long(maxlen, x_test, labels_test)
        if not x_train or not x_test:
            raise ValueError(f"maxlen={maxlen} keeps no review in one of the splits; use a larger maxlen.")

    sequences = _limit_vocabulary(x_train + x_test, num_words, skip_top, oov_char)
    labels = np.concatenate([labels_train, labels_test])
    split = len(x_train)
    return (
        (np.array(sequences[:split], dtype="object"), labels[:split]),
        (np.array(sequences[split:], dtype="object"), labels[split:]),
    )


def load_reuters(
    num_words: int | None = None,
    skip_top: int = 0,
    maxlen: int | None = None,
    test_split: float = 0.2,
    seed: int = 113,
    start_char: int | None = 1,
    oov_char: int | None = 2,
    index_from: int = 3,
):
    """Reuters newswires as integer sequences with 46 topic labels, exactly as
    ``keras.datasets.reuters.load_data`` returns them for the same arguments.

    Returns:
        ``(x_train, y_train), (x_test, y_test)``: object arrays of lists of
        word indices and integer topic arrays (8,982 / 2,246 with the defaults).
    """
    _check_arguments(num_words, skip_top, maxlen, seed, test_split)
    arrays = _read_npz("reuters.npz")
    order = np.arange(len(arrays["x"]))
    np.random.RandomState(seed).shuffle(order)
    sequences, labels = arrays["x"][order], arrays["y"][order]

    sequences = _encode(sequences, start_char, index_from)
    if maxlen:
        sequences, labels = _drop_long(maxlen, sequences, labels)
        if not sequences:
            raise ValueError(f"maxlen={maxlen} keeps no newswire; use a larger maxlen.")
    sequences = _limit_vocabulary(sequences, num_words, skip_top, oov_char)

    split = int(len(sequences) * (1 - test_split))
    return (
        (np.array(sequences[:split], dtype="object"), np.array(labels[:split])),
        (np.array(sequences[split:], dtype="object"), np.array(labels[split:])),
    )


def _check_dataset(dataset: str) -> None:
    if dataset not in DATASETS:
        raise ValueError(f"dataset={dataset!r} is unknown; use one of {', '.join(DATASETS)}.")


def load_word_index(dataset: str) -> dict[str, int]:
    """The word -> frequency rank dictionary of ``"imdb"`` or ``"reuters"``
    (rank 1 is the most frequent word; add ``index_from`` to get the index
    used in the sequences)."""
    _check_dataset(dataset)
    with open(locate(f"{dataset}_word_index.json"), encoding="utf-8") as handle:
        return json.load(handle)


@functools.lru_cache(maxsize=4)
def _index_to_word(dataset: str, index_from: int) -> dict[int, str]:
    return {rank + index_from: word for word, rank in load_word_index(dataset).items()}


def decode(
    sequence,
    dataset: str = "imdb",
    index_from: int = 3,
    start_char: int | None = START,
    oov_char: int | None = OOV,
) -> str:
    """Turn a sequence of word indices back into text.

    Padding (0) is left out; ``start_char`` shows as ``[START]``, ``oov_char``
    and any index without a word as ``[OOV]``. Pass the same ``index_from``,
    ``start_char`` and ``oov_char`` that the data was loaded with.
    """
    _check_dataset(dataset)
    words = _index_to_word(dataset, index_from)
    tokens = []
    for index in np.asarray(sequence).tolist():
        if index == PAD:
            continue
        if start_char is not None and index == start_char:
            tokens.append("[START]")
        elif oov_char is not None and index == oov_char:
            tokens.append("[OOV]")
        else:
            tokens.append(words.get(index, "[OOV]"))
    return " ".join(tokens)


def multi_hot(sequences, num_words: int) -> np.ndarray:
    """Bag-of-words encoding: row *i* has 1.0 at every word index that occurs
    in ``sequences[i]`` (order and counts are lost).

    Returns:
        float32 array of shape ``(len(sequences), num_words)``.

    Raises:
        ValueError: if ``num_words`` is not positive or an index is out of range.
    """
    if isinstance(num_words, bool) or not isinstance(num_words, int) or num_words < 1:
        raise ValueError(f"num_words must be a positive integer, got {num_words!r}.")
    encoded = np.zeros((len(sequences), num_words), dtype="float32")
    for row, sequence in enumerate(sequences):
        indices = np.asarray(sequence, dtype=np.int64)
        if indices.size and (indices.min() < 0 or indices.max() >= num_words):
            raise ValueError(
                f"sequences[{row}] holds index {indices.max()} (or a negative one), outside [0, {num_words}); "
                "load the data with the same num_words."
            )
        encoded[row, indices] = 1.0
    return encoded


def reuters_topic_names() -> list[str]:
    """The 46 Reuters topic names in label order (0 = ``cocoa`` ... 45 = ``lead``)."""
    import keras

    return list(keras.datasets.reuters.get_label_names())
