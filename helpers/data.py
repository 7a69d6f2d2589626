"""IMDB and Reuters, loaded from verified files.

``load_imdb`` and ``load_reuters`` return exactly what
``keras.datasets.imdb.load_data`` and ``keras.datasets.reuters.load_data``
return for the same arguments, but they find their files themselves and check
every file's SHA-256 *before* reading it. ``load_splits`` adds the course's
validation set, carved from the training set with a fixed seed. Files are
looked up in this order:

1. the folder named by the environment variable ``RNN_COURSE_DATA`` (when it
   is set and not empty, the folder must exist);
2. the project's ``data/`` folder (the download cache, ignored by git);
3. otherwise the file is downloaded from Keras's own storage into ``data/``.

Accepted hashes are Keras's own downloads and the verified offline copies kept
beside the project (``../shared/data/keras``): the offline ``.npz`` files hold
the same arrays as Keras's but differ by a few bytes of zip and pickle detail.
A file with any other hash is never unpickled and never deleted.

Safety and robustness, in short:

* a file is read into memory once, and the arrays come from the very bytes
  whose hash was checked, so a file replaced in between cannot slip through;
* the ragged sequences are pickled object arrays, and they are unpickled by
  an unpickler that rebuilds NumPy arrays and nothing else;
* a download goes to a temporary file beside its final name and takes that
  name, by one rename, only once its hash is Keras's. An interrupted download
  never leaves a truncated file under the real name, two processes
  downloading at once each write their own temporary file, and a download
  with another hash is kept aside as ``<name>.mismatched-<hash prefix>``.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import pickle
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from helpers.arguments import argument_error, check_choice, check_fraction, check_integer
from helpers.paths import DATA_DIR

DATA_DIR_VARIABLE = "RNN_COURSE_DATA"
PROJECT_DATA_DIR = DATA_DIR
KERAS_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"

# file name -> {accepted SHA-256: where a file with that hash comes from}.
# A download must have the hash whose origin starts with "Keras download".
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
SPLITS = ("train", "validation", "test")

# Reserved indices in Keras's encoding (with the default arguments).
PAD, START, OOV = 0, 1, 2

# The globals a pickled NumPy object array names, in NumPy 1 and NumPy 2 spelling.
_NUMPY_ARRAY_GLOBALS = frozenset(
    {
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
    }
)


class UnverifiedFileError(RuntimeError):
    """A data file, found or downloaded, whose SHA-256 is not an accepted hash."""


def locate(filename: str) -> Path:
    """Find (or download) a verified copy of one of Keras's data files.

    Args:
        filename: one of ``imdb.npz``, ``imdb_word_index.json``,
            ``reuters.npz``, ``reuters_word_index.json``.

    Returns:
        The path of a file whose SHA-256 is accepted.

    Raises:
        ValueError: unknown file name.
        FileNotFoundError: ``RNN_COURSE_DATA`` names no folder, or no copy was
            found and the download failed.
        PermissionError: no copy was found and the data folder is not writable.
        UnverifiedFileError: a file was found or downloaded but its hash is
            unknown.
    """
    return _read_verified(filename)[0]


def _read_verified(filename: str) -> tuple[Path, bytes]:
    """Find (or download) ``filename``; return its path and its content, read
    once, so that the bytes returned are the bytes whose hash was checked."""
    accepted = ACCEPTED_SHA256[check_choice("filename", filename, ACCEPTED_SHA256)]
    found = [folder / filename for folder in _folders() if (folder / filename).is_file()]
    path = found[0] if found else _download(filename)
    content = path.read_bytes()
    actual = hashlib.sha256(content).hexdigest()
    if actual not in accepted:
        expected = "\n".join(f"  {h}  ({origin})" for h, origin in accepted.items())
        raise UnverifiedFileError(
            f"{path} has SHA-256 {actual}, which is not an accepted hash for "
            f"{filename}. Accepted:\n{expected}\n"
            "The file was not unpickled and has not been deleted. It may be "
            "truncated or a different file under the same name: replace it "
            f"with Keras's file from {KERAS_ORIGIN}{filename} or with the "
            "verified offline copy, then try again."
        )
    return path, content


def _folders() -> list[Path]:
    """The folders searched, in order: ``RNN_COURSE_DATA``'s, when the variable
    is set and not empty, then ``PROJECT_DATA_DIR``."""
    setting = os.environ.get(DATA_DIR_VARIABLE, "")
    if not setting:
        return [PROJECT_DATA_DIR]
    folder = Path(setting).expanduser()
    if not folder.is_dir():
        raise FileNotFoundError(
            f"The environment variable {DATA_DIR_VARIABLE} is set to {setting!r}, but {folder} is not a "
            "folder. Point it at the folder that holds the data files (such as ../shared/data/keras), "
            f"or unset it to use {PROJECT_DATA_DIR}."
        )
    return [folder, PROJECT_DATA_DIR]


def _missing(filename: str, reason: str) -> str:
    """The message for a file that is nowhere and could not be downloaded."""
    return (
        f"{filename} was not found, and {reason}. Provide it in one of two ways: "
        f"set the environment variable {DATA_DIR_VARIABLE} to a folder that holds {filename} "
        f"(for example the offline copies in ../shared/data/keras), or copy the file into {PROJECT_DATA_DIR}."
    )


def _fetch(url: str, output_file: str) -> None:
    """Write what ``url`` serves into ``output_file`` with pooch's HTTP
    downloader: the only code that touches the network (tests replace it)."""
    import pooch

    pooch.HTTPDownloader()(url, output_file, None)


def _download(filename: str) -> Path:
    """Download Keras's ``filename`` into ``PROJECT_DATA_DIR``; return its path.

    ``pooch.retrieve`` has ``_fetch`` write into a temporary file in that
    folder and renames it to ``filename`` only once its hash is Keras's, so the
    real name never holds a partial file and processes downloading at once
    never share one (the last rename wins, with the same bytes). pooch would
    delete a download with another hash; it is moved aside instead, so that it
    can be inspected.
    """
    import pooch  # needed only to download; Colab does not ship it

    folder = PROJECT_DATA_DIR
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tempfile.TemporaryFile(dir=folder).close()
    except OSError as error:
        reason = f"the data folder {folder} is not writable ({error}), so it cannot be downloaded there"
        raise PermissionError(_missing(filename, reason)) from error
    url = KERAS_ORIGIN + filename
    known = next(h for h, origin in ACCEPTED_SHA256[filename].items() if origin.startswith("Keras download"))

    def fetch_and_check(url: str, output_file: str, _pooch) -> None:
        _fetch(url, output_file)
        actual = pooch.file_hash(output_file)
        if actual != known:
            aside = folder / f"{filename}.mismatched-{actual[:12]}"
            os.replace(output_file, aside)
            raise UnverifiedFileError(
                _missing(
                    filename,
                    f"the download from {url} has SHA-256 {actual} instead of Keras's {known}. "
                    f"It was not stored as {folder / filename}; its bytes are kept aside in {aside} "
                    "for inspection (delete that file when done). Try the download again later",
                )
            )

    try:
        return Path(pooch.retrieve(url, known_hash=known, fname=filename, path=folder, downloader=fetch_and_check))
    except UnverifiedFileError:
        raise
    except Exception as error:
        reason = f"the download from {url} failed ({type(error).__name__}: {error})"
        raise FileNotFoundError(_missing(filename, reason)) from error


class _NumpyArrayUnpickler(pickle.Unpickler):
    """Rebuilds NumPy arrays of plain Python objects (lists, ints) and refuses
    every other global, so that a tampered file cannot run code the way
    ``np.load(allow_pickle=True)`` would let it."""

    def find_class(self, module: str, name: str):
        if (module, name) in _NUMPY_ARRAY_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(
            f"Refusing to unpickle {module}.{name}: the data files hold only NumPy arrays "
            "of lists, so this file is corrupt or malicious. Replace it with a verified copy."
        )


def _read_npz(filename: str) -> dict[str, np.ndarray]:
    """The arrays of a verified ``.npz`` file, read from the bytes that were hashed."""
    _, content = _read_verified(filename)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name.removesuffix(".npy"): _read_npy(io.BytesIO(archive.read(name))) for name in archive.namelist()}


def _read_npy(stream: io.BytesIO) -> np.ndarray:
    """One ``.npy`` member: numeric arrays without pickle, object arrays (the
    ragged sequences) through ``_NumpyArrayUnpickler``."""
    version = np.lib.format.read_magic(stream)
    read_header = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}
    if version not in read_header:
        raise ValueError(f"Unsupported .npy format version {version} in a data file.")
    _, _, dtype = read_header[version](stream)
    if dtype.hasobject:
        return _NumpyArrayUnpickler(stream).load()
    stream.seek(0)
    return np.lib.format.read_array(stream, allow_pickle=False)


def _check_common(num_words, skip_top, maxlen, seed, start_char, oov_char, index_from) -> tuple:
    """The loaders' shared arguments, checked and turned into plain ints
    (NumPy integers are accepted, as Keras accepts them)."""
    return (
        check_integer("num_words", num_words, minimum=1, allow_none=True),
        check_integer("skip_top", skip_top, minimum=0),
        check_integer("maxlen", maxlen, minimum=1, allow_none=True),
        check_integer("seed", seed, minimum=0),
        check_integer("start_char", start_char, minimum=0, allow_none=True),
        check_integer("oov_char", oov_char, minimum=0, allow_none=True),
        check_integer("index_from", index_from, minimum=0),
    )


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
    num_words, skip_top, maxlen, seed, start_char, oov_char, index_from = _check_common(
        num_words, skip_top, maxlen, seed, start_char, oov_char, index_from
    )
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
    num_words, skip_top, maxlen, seed, start_char, oov_char, index_from = _check_common(
        num_words, skip_top, maxlen, seed, start_char, oov_char, index_from
    )
    check_fraction("test_split", test_split)  # the value itself is used as Keras uses it, float32 or not
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


@dataclass(frozen=True, eq=False)
class Splits:
    """Training, validation and test data of one data set.

    ``x_*`` are object arrays of Python lists of word indices, as the loaders
    return them (neither truncated nor padded); ``y_*`` are the labels in the
    same order. Made by :func:`load_splits`.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_validation: np.ndarray
    y_validation: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray

    def lengths(self, split: str) -> np.ndarray:
        """The number of tokens of each sequence of ``split`` (``"train"``,
        ``"validation"`` or ``"test"``), start marker included, as loaded:
        before any truncation or padding."""
        split = check_choice("split", split, SPLITS)
        return np.array([len(x) for x in getattr(self, f"x_{split}")], dtype=np.int64)


def load_splits(
    dataset: str,
    num_words: int | None = None,
    validation_share: float = 0.2,
    seed: int = 1337,
    train_size: int | None = None,
    test_size: int | None = None,
) -> Splits:
    """Training, validation and test sets of ``"imdb"`` or ``"reuters"``: the
    one way the notebooks split their data.

    1. Load with ``load_imdb(num_words=num_words)`` or
       ``load_reuters(num_words=num_words)``, Keras's defaults otherwise
       (so Keras's own training and test sets).
    2. Keep only the first ``train_size`` training and the first ``test_size``
       test examples, when given (the small runs of the fast mode).
    3. Set aside ``round(validation_share * n)`` of the ``n`` training examples
       as the validation set, picked by the permutation
       ``np.random.default_rng(seed).permutation(n)``; the rest, in that
       permuted order, is the training set. The two are disjoint and together
       are the whole (kept) training set; the test set is left as it is.

    The same arguments always give the same splits.

    Raises:
        ValueError: naming the argument, for a bad argument, a size larger
            than the set, or a ``validation_share`` that leaves the validation
            or the training set empty.
    """
    dataset = check_choice("dataset", dataset, DATASETS)
    validation_share = check_fraction("validation_share", validation_share)
    seed = check_integer("seed", seed, minimum=0)
    train_size = check_integer("train_size", train_size, minimum=1, allow_none=True)
    test_size = check_integer("test_size", test_size, minimum=1, allow_none=True)
    loader = load_imdb if dataset == "imdb" else load_reuters
    (x_train, y_train), (x_test, y_test) = loader(num_words=num_words)
    x_train, y_train = _first(x_train, y_train, train_size, "train_size", f"{dataset}'s training set")
    x_test, y_test = _first(x_test, y_test, test_size, "test_size", f"{dataset}'s test set")

    n_validation = round(validation_share * len(x_train))
    if not 0 < n_validation < len(x_train):
        raise argument_error(
            "validation_share",
            validation_share,
            f"a share that leaves both sets non-empty: {n_validation} of {len(x_train)} training examples is not",
        )
    order = np.random.default_rng(seed).permutation(len(x_train))
    validation, train = order[:n_validation], order[n_validation:]
    return Splits(x_train[train], y_train[train], x_train[validation], y_train[validation], x_test, y_test)


def _first(x: np.ndarray, y: np.ndarray, size: int | None, name: str, what: str) -> tuple[np.ndarray, np.ndarray]:
    """The first ``size`` examples (all when ``size`` is None); ``name`` and
    ``what`` name the argument and the set in the error for a too large size."""
    if size is None:
        return x, y
    if size > len(x):
        raise argument_error(name, size, f"at most {len(x)}, the size of {what}")
    return x[:size], y[:size]


def load_word_index(dataset: str) -> dict[str, int]:
    """The word -> frequency rank dictionary of ``"imdb"`` or ``"reuters"``
    (rank 1 is the most frequent word; add ``index_from`` to get the index
    used in the sequences)."""
    dataset = check_choice("dataset", dataset, DATASETS)
    return json.loads(_read_verified(f"{dataset}_word_index.json")[1])


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
    dataset = check_choice("dataset", dataset, DATASETS)
    words = _index_to_word(dataset, check_integer("index_from", index_from, minimum=0))
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
    num_words = check_integer("num_words", num_words, minimum=1)
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
