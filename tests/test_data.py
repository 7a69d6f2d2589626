"""The loaders against Keras's own load_data on the same verified files,
every bad-input case, the explicit splits, and the downloads (with local fakes
in place of the network: nothing here touches it)."""

import hashlib
import json
import os
import pickle
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import keras
import numpy as np
import pytest

from helpers import data
from helpers.paths import PROJECT_ROOT

WORD_INDEX = "reuters_word_index.json"  # small, and its offline copy is Keras's download byte for byte

IMDB_CASES = [
    {},
    {"num_words": 10_000},
    {"num_words": 500, "skip_top": 10, "maxlen": 300, "seed": 7},
    {"start_char": None, "oov_char": None, "index_from": 0, "num_words": 2_000},
]
REUTERS_CASES = [
    {},
    {"num_words": 10_000},
    {"num_words": 1_000, "skip_top": 5, "maxlen": 100, "test_split": 0.3, "seed": 1},
    {"start_char": None, "oov_char": None, "index_from": 2, "num_words": 3_000},
]


def keras_load(dataset, monkeypatch, **arguments):
    """Keras's load_data, with its download step replaced by our verified file."""
    module = {"imdb": keras.src.datasets.imdb, "reuters": keras.src.datasets.reuters}[dataset]
    local = str(data.locate(f"{dataset}.npz"))
    monkeypatch.setattr(module, "get_file", lambda *args, **kwargs: local)
    return module.load_data(**arguments)


def assert_same_split(ours, theirs):
    (x_ours, y_ours), (x_theirs, y_theirs) = ours, theirs
    assert x_ours.dtype == x_theirs.dtype == object
    assert len(x_ours) == len(x_theirs)
    assert all(a == b for a, b in zip(x_ours, x_theirs))
    assert np.array_equal(y_ours, y_theirs) and y_ours.dtype == y_theirs.dtype


@pytest.mark.parametrize(
    ("dataset", "arguments"),
    [("imdb", case) for case in IMDB_CASES] + [("reuters", case) for case in REUTERS_CASES],
)
def test_loaders_match_keras(dataset, arguments, monkeypatch):
    loader = {"imdb": data.load_imdb, "reuters": data.load_reuters}[dataset]
    ours = loader(**arguments)
    theirs = keras_load(dataset, monkeypatch, **arguments)
    for split_ours, split_theirs in zip(ours, theirs):
        assert_same_split(split_ours, split_theirs)


def test_known_values_from_the_data_readme():
    (x_train, y_train), (x_test, _) = data.load_imdb(num_words=10_000)
    assert x_train[0][:10] == [1, 14, 22, 16, 43, 530, 973, 1622, 1385, 65]
    assert len(x_train[0]) == 218 and len(x_train[1]) == 189
    assert y_train[:10].tolist() == [1, 0, 0, 1, 0, 0, 1, 0, 1, 0]
    assert max(max(x) for x in x_test) == 9_999
    (x_train, y_train), (x_test, _) = data.load_reuters(num_words=10_000)
    assert x_train[0][:10] == [1, 2, 2, 8, 43, 10, 447, 5, 25, 207] and len(x_train[0]) == 87
    assert y_train[:3].tolist() == [3, 4, 3]
    assert (len(x_train), len(x_test)) == (8_982, 2_246)


def test_word_index_and_decoding():
    assert len(data.load_word_index("imdb")) == 88_584
    assert len(data.load_word_index("reuters")) == 30_979
    (x_train, _), _ = data.load_imdb(num_words=10_000)
    assert data.decode(x_train[0]).startswith("[START] this film was just brilliant casting")
    padded = keras.utils.pad_sequences([x_train[0][:5]], maxlen=8)[0]
    assert data.decode(padded) == "[START] this film was just"
    assert data.decode([1, 2, 4], "reuters") == "[START] [OOV] the"
    assert data.decode([5, 6], index_from=4, start_char=None, oov_char=None) == "the and"


def test_reuters_topic_names():
    names = data.reuters_topic_names()
    assert len(names) == len(set(names)) == 46
    assert (names[0], names[3], names[45]) == ("cocoa", "earn", "lead")


@pytest.mark.parametrize(
    ("loader", "arguments", "named"),
    [
        (data.load_imdb, {"num_words": 0}, "num_words"),
        (data.load_imdb, {"num_words": -5}, "num_words"),
        (data.load_imdb, {"maxlen": 0}, "maxlen"),
        (data.load_imdb, {"maxlen": -1}, "maxlen"),
        (data.load_imdb, {"skip_top": -1}, "skip_top"),
        (data.load_imdb, {"seed": -1}, "seed"),
        (data.load_reuters, {"test_split": 0}, "test_split"),
        (data.load_reuters, {"test_split": 1}, "test_split"),
        (data.load_reuters, {"test_split": 1.5}, "test_split"),
        (data.load_reuters, {"test_split": "0.2"}, "test_split"),
        (data.load_reuters, {"num_words": 0}, "num_words"),
        (data.load_reuters, {"test_split": True}, "test_split"),
        (data.load_imdb, {"num_words": True}, "num_words"),
        (data.load_imdb, {"num_words": "100"}, "num_words"),
        (data.load_imdb, {"maxlen": 100.0}, "maxlen"),
        (data.load_imdb, {"seed": np.float64(1)}, "seed"),
        (data.load_reuters, {"skip_top": False}, "skip_top"),
        (data.load_reuters, {"index_from": "3"}, "index_from"),
        (data.load_reuters, {"start_char": 1.0}, "start_char"),
        (data.load_reuters, {"oov_char": -1}, "oov_char"),
    ],
)
def test_invalid_arguments_name_the_argument(loader, arguments, named):
    with pytest.raises(ValueError, match=named):
        loader(**arguments)


def test_numpy_numbers_are_accepted_as_keras_accepts_them(monkeypatch):
    arguments = {
        "num_words": np.int64(1_000),
        "skip_top": np.int32(2),
        "maxlen": np.int64(200),
        "test_split": np.float32(0.3),
        "seed": np.int64(5),
        "index_from": np.int64(3),
    }
    ours = data.load_reuters(**arguments)
    theirs = keras_load("reuters", monkeypatch, **arguments)
    for split_ours, split_theirs in zip(ours, theirs):
        assert_same_split(split_ours, split_theirs)
    assert data.multi_hot([[1]], num_words=np.int64(2)).tolist() == [[0, 1]]


def test_maxlen_that_keeps_nothing_is_an_error():
    with pytest.raises(ValueError, match="maxlen=2"):
        data.load_imdb(maxlen=2)


@pytest.mark.parametrize(
    "call",
    [lambda: data.load_word_index("mnist"), lambda: data.decode([1], "mnist"), lambda: data.load_splits("mnist")],
)
def test_unknown_dataset_is_an_error(call):
    with pytest.raises(ValueError, match="dataset='mnist'"):
        call()


def test_unknown_file_name_is_an_error():
    with pytest.raises(ValueError, match="filename='mnist.npz'"):
        data.locate("mnist.npz")


class _Marker:
    """Unpickling this object creates a file: proof that a file was unpickled."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (str(self.path), "w"))


def test_unknown_hash_is_never_unpickled_and_never_deleted(tmp_path, monkeypatch):
    marker = tmp_path / "unpickled"
    payload = np.empty(1, dtype=object)
    payload[0] = _Marker(marker)
    bad_file = tmp_path / "imdb.npz"
    np.savez(bad_file, x_train=payload, y_train=np.zeros(1), x_test=payload, y_test=np.zeros(1))
    original = bad_file.read_bytes()
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(tmp_path))

    with pytest.raises(data.UnverifiedFileError) as raised:
        data.load_imdb()
    message = str(raised.value)
    assert str(bad_file) in message
    assert all(expected in message for expected in data.ACCEPTED_SHA256["imdb.npz"])
    assert "not been deleted" in message
    assert not marker.exists(), "the unverified file was unpickled"
    assert bad_file.read_bytes() == original


def test_the_unpickler_refuses_anything_but_numpy_arrays(tmp_path, monkeypatch):
    marker = tmp_path / "unpickled"
    payload = np.empty(1, dtype=object)
    payload[0] = _Marker(marker)
    folder = tmp_path / "data"
    folder.mkdir()
    np.savez(folder / "imdb.npz", x_train=payload, y_train=np.zeros(1), x_test=payload, y_test=np.zeros(1))
    digest = hashlib.sha256((folder / "imdb.npz").read_bytes()).hexdigest()
    # Accept the file's hash, so that only the unpickler stands in the way.
    monkeypatch.setitem(data.ACCEPTED_SHA256, "imdb.npz", {digest: "a test's malicious file"})
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(folder))

    with pytest.raises(pickle.UnpicklingError, match="Refusing to unpickle .*open.*corrupt or malicious"):
        data.load_imdb()
    assert not marker.exists(), "the malicious object was unpickled"


def test_a_missing_environment_folder_is_an_error(tmp_path, monkeypatch):
    missing = tmp_path / "no-such-folder"
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(missing))
    monkeypatch.setattr(data, "PROJECT_DATA_DIR", tmp_path / "cache")
    monkeypatch.setattr(data, "_fetch", _no_download)
    with pytest.raises(FileNotFoundError) as raised:
        data.load_word_index("reuters")
    message = str(raised.value)
    assert data.DATA_DIR_VARIABLE in message and f"{missing} is not a folder" in message


@pytest.fixture
def download_folder(tmp_path, monkeypatch):
    """An empty project data folder and no RNN_COURSE_DATA: every load downloads."""
    monkeypatch.delenv(data.DATA_DIR_VARIABLE, raising=False)
    monkeypatch.setattr(data, "PROJECT_DATA_DIR", tmp_path / "cache")
    return tmp_path / "cache"


@pytest.fixture(scope="module")
def word_index_bytes():
    """The bytes Keras's storage serves for WORD_INDEX (read before any test changes the folders)."""
    return data.locate(WORD_INDEX).read_bytes()


def _no_download(url, output_file):
    pytest.fail(f"nothing should be downloaded, but {url} was")


def _serve(content):
    """A fake download that writes ``content``, after checking the URL and
    that it is not asked to write under the real name."""

    def fetch(url, output_file):
        assert url == data.KERAS_ORIGIN + WORD_INDEX
        assert Path(output_file).name != WORD_INDEX, "the download writes under the real name"
        Path(output_file).write_bytes(content)

    return fetch


def test_missing_file_without_network_names_both_ways(download_folder, monkeypatch):
    def no_network(url, output_file):
        raise OSError("network is unreachable")

    monkeypatch.setattr(data, "_fetch", no_network)
    with pytest.raises(FileNotFoundError) as raised:
        data.load_reuters()
    message = str(raised.value)
    assert "reuters.npz" in message and data.DATA_DIR_VARIABLE in message
    assert str(download_folder) in message and "network is unreachable" in message


@pytest.mark.parametrize("case", ["cannot be created", "read-only"])
def test_an_unwritable_data_folder_is_named_and_nothing_else_is_tried(tmp_path, download_folder, monkeypatch, case):
    if case == "cannot be created":
        (tmp_path / "a-file").write_text("")
        blocked = tmp_path / "a-file" / "data"
    else:
        blocked = tmp_path / "read-only"
        blocked.mkdir(mode=0o555)
        if os.access(blocked, os.W_OK):
            pytest.skip("this user (root?) may write into read-only folders")
    monkeypatch.setattr(data, "PROJECT_DATA_DIR", blocked)
    monkeypatch.setattr(data, "_fetch", _no_download)
    with pytest.raises(PermissionError) as raised:
        data.load_word_index("reuters")
    message = str(raised.value)
    assert f"the data folder {blocked} is not writable" in message and data.DATA_DIR_VARIABLE in message


def test_environment_folder_comes_first_then_project_folder(tmp_path, monkeypatch, word_index_bytes):
    first = tmp_path / "first"
    first.mkdir()
    (first / WORD_INDEX).write_bytes(word_index_bytes)
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(first))
    assert data.locate(WORD_INDEX) == first / WORD_INDEX

    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / WORD_INDEX).write_bytes(word_index_bytes)
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, "")  # set but empty: as if unset, not the working folder
    monkeypatch.chdir(first)
    monkeypatch.setattr(data, "PROJECT_DATA_DIR", cache)
    assert data.locate(WORD_INDEX) == cache / WORD_INDEX


def test_a_download_lands_under_its_name(download_folder, monkeypatch, word_index_bytes):
    monkeypatch.setattr(data, "_fetch", _serve(word_index_bytes))
    assert len(data.load_word_index("reuters")) == 30_979
    assert [path.name for path in download_folder.iterdir()] == [WORD_INDEX]
    assert (download_folder / WORD_INDEX).read_bytes() == word_index_bytes


def test_an_interrupted_download_leaves_nothing_under_the_real_name(download_folder, monkeypatch, word_index_bytes):
    def interrupted(url, output_file):
        assert Path(output_file).name != WORD_INDEX, "the download writes under the real name"
        Path(output_file).write_bytes(word_index_bytes[: len(word_index_bytes) // 2])
        raise ConnectionError("connection reset by peer")

    monkeypatch.setattr(data, "_fetch", interrupted)
    with pytest.raises(FileNotFoundError, match="connection reset by peer"):
        data.load_word_index("reuters")
    assert list(download_folder.iterdir()) == [], "a partial download was left behind"

    monkeypatch.setattr(data, "_fetch", _serve(word_index_bytes))
    assert len(data.load_word_index("reuters")) == 30_979


def test_a_mismatched_download_is_kept_aside_and_never_takes_the_name(download_folder, monkeypatch):
    tampered = json.dumps({"tampered": 1}).encode()
    monkeypatch.setattr(data, "_fetch", _serve(tampered))
    with pytest.raises(data.UnverifiedFileError) as raised:
        data.load_word_index("reuters")
    aside = download_folder / f"{WORD_INDEX}.mismatched-{hashlib.sha256(tampered).hexdigest()[:12]}"
    assert [path.name for path in download_folder.iterdir()] == [aside.name]
    assert aside.read_bytes() == tampered
    message = str(raised.value)
    assert f"kept aside in {aside}" in message and data.DATA_DIR_VARIABLE in message


# Run by two processes at once: each downloads WORD_INDEX into the same empty
# folder with a fake that waits until both have started, then writes slowly.
_CONCURRENT_LOAD = """
import os, sys, time
from pathlib import Path
from helpers import data

folder, started, source = map(Path, sys.argv[1:])

def slow_fetch(url, output_file):
    (started / str(os.getpid())).write_text(output_file)
    deadline = time.monotonic() + 60
    while len(list(started.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    content = source.read_bytes()
    with open(output_file, "wb") as handle:
        for start in range(0, len(content), 50_000):
            handle.write(content[start : start + 50_000])
            handle.flush()
            time.sleep(0.01)

os.environ.pop(data.DATA_DIR_VARIABLE, None)
data.PROJECT_DATA_DIR = folder
data._fetch = slow_fetch
print(len(data.load_word_index("reuters")))
"""


def test_two_processes_downloading_at_once_both_get_a_verified_file(tmp_path):
    folder, started = tmp_path / "cache", tmp_path / "started"
    started.mkdir()
    command = [sys.executable, "-c", _CONCURRENT_LOAD, str(folder), str(started), str(data.locate(WORD_INDEX))]
    processes = [subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(2)]
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        assert out.split() == ["30979"]
    temporary = {path.read_text() for path in started.iterdir()}
    assert len(temporary) == 2, "the two downloads did not overlap, or shared one file"
    assert str(folder / WORD_INDEX) not in temporary
    assert [path.name for path in folder.iterdir()] == [WORD_INDEX]
    assert hashlib.sha256((folder / WORD_INDEX).read_bytes()).hexdigest() in data.ACCEPTED_SHA256[WORD_INDEX]


def _pairs(x, y):
    """The examples of a set as a multiset of (sequence, label) pairs."""
    return Counter((tuple(sequence), int(label)) for sequence, label in zip(x, y))


@pytest.mark.parametrize(("dataset", "sizes"), [("imdb", {"train_size": 2_000, "test_size": 300}), ("reuters", {})])
def test_splits_of_the_real_data_sets(dataset, sizes):
    splits = data.load_splits(dataset, num_words=1_000, **sizes)
    loader = {"imdb": data.load_imdb, "reuters": data.load_reuters}[dataset]
    (x_train, y_train), (x_test, y_test) = loader(num_words=1_000)
    n = sizes.get("train_size", len(x_train))
    n_test = sizes.get("test_size", len(x_test))

    assert len(splits.x_validation) == len(splits.y_validation) == round(0.2 * n)
    assert len(splits.x_train) == len(splits.y_train) == n - round(0.2 * n)
    # Together, each label still beside its sequence, they are the kept training set.
    together = _pairs(splits.x_train, splits.y_train) + _pairs(splits.x_validation, splits.y_validation)
    assert together == _pairs(x_train[:n], y_train[:n])
    assert splits.x_test.tolist() == x_test[:n_test].tolist() and np.array_equal(splits.y_test, y_test[:n_test])
    for split in data.SPLITS:
        sequences = getattr(splits, f"x_{split}")
        assert sequences.dtype == object and max(max(x) for x in sequences) < 1_000
        assert splits.lengths(split).tolist() == [len(x) for x in sequences]
        assert all(x[0] == data.START for x in sequences)


@pytest.fixture
def numbered(monkeypatch):
    """Replace load_reuters by 100 training and 30 test examples that can be
    traced: example ``i`` is ``[START] + [i] * (1 + i % 4)`` with label
    ``i % 7``. Returns the list of the num_words each call received."""
    calls = []

    def load_reuters(num_words=None):
        calls.append(num_words)
        x = np.empty(130, dtype=object)
        x[:] = [[data.START] + [i] * (1 + i % 4) for i in range(130)]
        y = np.arange(130) % 7
        return (x[:100], y[:100]), (x[100:], y[100:])

    monkeypatch.setattr(data, "load_reuters", load_reuters)
    return calls


def _positions(splits, split):
    """The positions of a split's examples, after checking that every label is still its example's."""
    positions = [x[1] for x in getattr(splits, f"x_{split}")]
    assert getattr(splits, f"y_{split}").tolist() == [i % 7 for i in positions]
    return positions


def test_validation_is_carved_from_the_kept_training_set(numbered):
    splits = data.load_splits("reuters", num_words=np.int64(50), validation_share=0.25, train_size=80, test_size=10)
    assert numbered == [50]
    train, validation = _positions(splits, "train"), _positions(splits, "validation")
    assert (len(train), len(validation)) == (60, 20)
    assert not set(train) & set(validation) and sorted(train + validation) == list(range(80))
    assert _positions(splits, "test") == list(range(100, 110))
    for split in data.SPLITS:
        lengths = splits.lengths(split)
        assert lengths.tolist() == [2 + i % 4 for i in _positions(splits, split)]


def test_the_validation_set_depends_on_the_seed_only(numbered):
    first = data.load_splits("reuters", seed=1)
    assert _positions(first, "validation") == _positions(data.load_splits("reuters", seed=1), "validation")
    assert _positions(first, "validation") != _positions(data.load_splits("reuters", seed=2), "validation")
    assert len(first.x_validation) == 20 and len(data.load_splits("reuters", validation_share=0.125).x_validation) == 12


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"dataset": "mnist"}, "dataset='mnist'"),
        ({"validation_share": 0}, "validation_share=0"),
        ({"validation_share": 1.0}, "validation_share=1.0"),
        ({"validation_share": True}, "validation_share=True"),
        ({"validation_share": "0.2"}, "validation_share='0.2'"),
        ({"validation_share": 0.001}, "validation_share=0.001"),  # rounds to no validation example
        ({"validation_share": 0.999}, "validation_share=0.999"),  # rounds to no training example
        ({"seed": -1}, "seed=-1"),
        ({"seed": 1.5}, "seed=1.5"),
        ({"train_size": 0}, "train_size=0"),
        ({"train_size": 101}, "train_size=101 is invalid: train_size must be at most 100"),
        ({"test_size": 31}, "test_size=31 is invalid: test_size must be at most 30"),
        ({"test_size": "10"}, "test_size='10'"),
        ({"train_size": 2}, "validation_share=0.2"),  # 0.2 of 2 examples rounds to none
    ],
)
def test_bad_split_arguments_are_named(numbered, arguments, named):
    with pytest.raises(ValueError, match=re.escape(named)):
        data.load_splits(**{"dataset": "reuters", **arguments})


def test_splits_lengths_names_a_bad_split(numbered):
    with pytest.raises(ValueError, match="split='valid'"):
        data.load_splits("reuters").lengths("valid")


def test_multi_hot_marks_each_word_once():
    encoded = data.multi_hot([[1, 3, 3], [], [0, 4]], num_words=5)
    assert encoded.dtype == np.float32
    assert encoded.tolist() == [[0, 1, 0, 1, 0], [0, 0, 0, 0, 0], [1, 0, 0, 0, 1]]
    with pytest.raises(ValueError, match=r"sequences\[0\]"):
        data.multi_hot([[7]], num_words=5)
    with pytest.raises(ValueError, match="num_words"):
        data.multi_hot([[1]], num_words=0)
