"""The loaders against Keras's own load_data on the same verified files, and
every bad-input case."""

import json

import keras
import numpy as np
import pytest

from helpers import data

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
    ],
)
def test_invalid_arguments_name_the_argument(loader, arguments, named):
    with pytest.raises(ValueError, match=named):
        loader(**arguments)


def test_maxlen_that_keeps_nothing_is_an_error():
    with pytest.raises(ValueError, match="maxlen=2"):
        data.load_imdb(maxlen=2)


@pytest.mark.parametrize("call", [lambda: data.load_word_index("mnist"), lambda: data.decode([1], "mnist")])
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


def test_missing_file_without_network_names_both_ways(tmp_path, monkeypatch):
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(tmp_path / "empty"))
    monkeypatch.setattr(data, "PROJECT_DATA_DIR", tmp_path / "cache")

    def no_network(*args, **kwargs):
        raise OSError("network is unreachable")

    monkeypatch.setattr(keras.utils, "get_file", no_network)
    with pytest.raises(FileNotFoundError) as raised:
        data.load_reuters()
    message = str(raised.value)
    assert "reuters.npz" in message and data.DATA_DIR_VARIABLE in message
    assert str(tmp_path / "cache") in message and "network is unreachable" in message


def test_environment_folder_comes_first_then_project_folder(tmp_path, monkeypatch):
    verified = data.locate("reuters_word_index.json")
    first = tmp_path / "first"
    first.mkdir()
    (first / "reuters_word_index.json").write_bytes(verified.read_bytes())
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(first))
    assert data.locate("reuters_word_index.json") == first / "reuters_word_index.json"

    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "reuters_word_index.json").write_bytes(verified.read_bytes())
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(tmp_path / "nothing-here"))
    monkeypatch.setattr(data, "PROJECT_DATA_DIR", cache)
    assert data.locate("reuters_word_index.json") == cache / "reuters_word_index.json"


def test_a_download_is_verified_too(tmp_path, monkeypatch):
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(tmp_path / "empty"))
    monkeypatch.setattr(data, "PROJECT_DATA_DIR", tmp_path / "cache")

    def fake_download(fname, origin, cache_dir, cache_subdir):
        assert origin == data.KERAS_ORIGIN + fname
        path = tmp_path / "cache" / fname
        path.write_text(json.dumps({"tampered": 1}))
        return str(path)

    monkeypatch.setattr(keras.utils, "get_file", fake_download)
    with pytest.raises(data.UnverifiedFileError, match="reuters_word_index.json"):
        data.load_word_index("reuters")
    assert (tmp_path / "cache" / "reuters_word_index.json").exists()


def test_multi_hot_marks_each_word_once():
    encoded = data.multi_hot([[1, 3, 3], [], [0, 4]], num_words=5)
    assert encoded.dtype == np.float32
    assert encoded.tolist() == [[0, 1, 0, 1, 0], [0, 0, 0, 0, 0], [1, 0, 0, 0, 1]]
    with pytest.raises(ValueError, match=r"sequences\[0\]"):
        data.multi_hot([[7]], num_words=5)
    with pytest.raises(ValueError, match="num_words"):
        data.multi_hot([[1]], num_words=0)
