"""The generated data sets of notebooks 10 and 11: determinism, disjoint splits, the
documented properties, encoding, the tagging score, bad input."""

import datetime

import keras
import numpy as np
import pytest

from helpers import toy_tasks
from helpers.toy_tasks import SPLITS

SMALL = (60, 20, 20)


def as_strings(splits, split):
    return [" ".join(tokens) for tokens in splits.inputs[split]]


@pytest.mark.parametrize("make", [toy_tasks.intent_questions, toy_tasks.tagged_sentences, toy_tasks.date_pairs])
def test_same_seed_same_data_other_seed_other_data(make):
    first, again, other = make(SMALL, seed=3), make(SMALL, seed=3), make(SMALL, seed=4)
    assert first.inputs == again.inputs and first.targets == again.targets and first.info == again.info
    assert first.inputs["train"] != other.inputs["train"]
    assert first.sizes() == {"train": 60, "validation": 20, "test": 20}


@pytest.mark.parametrize("make", [toy_tasks.intent_questions, toy_tasks.tagged_sentences, toy_tasks.date_pairs])
def test_splits_share_no_example_and_vocabularies_cover_them(make):
    data = make((300, 100, 100), seed=0)
    sets = {split: set(as_strings(data, split)) for split in SPLITS}
    assert sum(map(len, sets.values())) == 500  # distinct inside each split too
    assert not sets["train"] & sets["validation"] and not sets["train"] & sets["test"]
    assert not sets["validation"] & sets["test"]
    assert data.input_vocabulary[0] == toy_tasks.PAD
    for split in SPLITS:
        assert {t for tokens in data.inputs[split] for t in tokens} <= set(data.input_vocabulary[1:])


def test_intents_are_the_five_and_all_occur():
    data = toy_tasks.intent_questions((500, 100, 100), seed=1)
    assert data.target_vocabulary == list(toy_tasks.INTENTS)
    counts = {intent: data.targets["train"].count(intent) for intent in toy_tasks.INTENTS}
    assert min(counts.values()) > 60  # drawn uniformly: about 100 each
    assert all(1 <= len(words) <= 10 for words in data.inputs["train"])


def test_tagging_targets_align_and_the_ambiguous_word_is_where_info_says():
    data = toy_tasks.tagged_sentences((400, 100, 100), seed=2)
    for split in SPLITS:
        for words, tags, at, side in zip(data.inputs[split], data.targets[split], data.info["ambiguous_at"][split],
                                         data.info["decided_by"][split]):
            assert len(words) == len(tags) and set(tags) <= set(toy_tasks.TAGS)
            assert words[at] in toy_tasks.AMBIGUOUS and tags[at] in ("NOUN", "VERB")
            assert sum(w in toy_tasks.AMBIGUOUS for w in words) == 1
            if side == "right":  # nothing before it but an opening word that decides nothing
                assert at == 0 or (at == 1 and words[0] in {o.split()[0] for o in toy_tasks._OPENINGS})
    sides = data.info["decided_by"]["train"]
    assert 0.2 < sides.count("right") / len(sides) < 0.5


def test_the_word_after_decides_and_left_context_does_not_for_right_decided_words():
    data = toy_tasks.tagged_sentences((1_500, 200, 200), seed=0)
    after_to_tag, prefix_to_tags = {}, {}
    for words, tags, at, side in zip(data.inputs["train"], data.targets["train"], data.info["ambiguous_at"]["train"],
                                     data.info["decided_by"]["train"]):
        key = (words[at], words[at + 1]) if at + 1 < len(words) else (words[at], None)
        assert after_to_tag.setdefault(key, tags[at]) == tags[at]  # the next word decides every sentence
        if side == "right":
            prefix_to_tags.setdefault(tuple(words[:at + 1]), set()).add(tags[at])
    # With only the words up to the ambiguous one, both readings occur: a left-to-right tagger cannot know.
    assert sum(tags == {"NOUN", "VERB"} for tags in prefix_to_tags.values()) >= 10


def test_same_sentence_always_gets_the_same_tags():
    data = toy_tasks.tagged_sentences((1_000, 100, 100), seed=5)
    seen = {}
    for split in SPLITS:
        for words, tags in zip(data.inputs[split], data.targets[split]):
            assert seen.setdefault(tuple(words), tuple(tags)) == tuple(tags)


def test_date_pairs_are_true_iso_dates_split_by_day():
    data = toy_tasks.date_pairs((200, 50, 50), seed=1)
    days = {split: set(data.info["date"][split]) for split in SPLITS}
    assert not days["train"] & days["test"] and not days["train"] & days["validation"]
    for text, iso, day, name in zip(data.inputs["train"], data.targets["train"], data.info["date"]["train"],
                                    data.info["format"]["train"]):
        assert "".join(iso) == day.isoformat() and toy_tasks.FIRST_DAY <= day <= toy_tasks.LAST_DAY
        assert "".join(text) == toy_tasks.DATE_FORMATS[name](day)
    assert set(data.info["format"]["train"]) == set(toy_tasks.DATE_FORMATS)
    assert toy_tasks.DATE_FORMATS["23 november 2026"](datetime.date(2026, 11, 23)) == "23 november 2026"
    assert toy_tasks.DATE_FORMATS["nov 23, 2026"](datetime.date(2026, 11, 3)) == "nov 3, 2026"
    assert toy_tasks.DATE_FORMATS["11/23/2026"](datetime.date(2026, 1, 3)) == "01/03/2026"
    assert toy_tasks.DATE_FORMATS["23.11.2026"](datetime.date(2026, 1, 3)) == "03.01.2026"
    assert set(data.target_vocabulary) >= {toy_tasks.PAD, toy_tasks.START, toy_tasks.END, "-", *"0123456789"}


def test_encode_pads_at_the_end_and_decode_goes_back():
    vocabulary = [toy_tasks.PAD, toy_tasks.END, "a", "b"]
    ids = toy_tasks.encode([["a", "b", "a"], ["b"]], vocabulary)
    assert ids.dtype == np.int32 and ids.tolist() == [[2, 3, 2], [3, 0, 0]]
    assert toy_tasks.encode([["a"]], vocabulary, 4).shape == (1, 4)
    assert toy_tasks.decode([2, 3, 1, 2, 0], vocabulary) == ["a", "b"]
    assert toy_tasks.decode(np.array([[3, 0, 2]]), vocabulary) == ["b", "a"]
    with pytest.raises(ValueError, match="not in the vocabulary"):
        toy_tasks.encode([["a", "z"]], vocabulary)
    with pytest.raises(ValueError, match="length=2"):
        toy_tasks.encode([["a", "b", "a"]], vocabulary, 2)


def test_tagging_accuracy_counts_real_tokens_only():
    tags = np.array([[1, 2, 3, 0], [2, 1, 0, 0]])
    predicted = np.array([[1, 1, 3, 3], [2, 1, 5, 5]])  # one mistake on a real token; padding "wrong" everywhere
    scores = toy_tasks.tagging_accuracy(tags, predicted, ambiguous_at=[1, 0], decided_by=["right", "left"])
    assert scores == {"accuracy": pytest.approx(4 / 5), "accuracy_ambiguous": 0.5,
                      "accuracy_ambiguous_left": 1.0, "accuracy_ambiguous_right": 0.0}
    probabilities = np.eye(6)[predicted]  # (n, timesteps, tags) is reduced by argmax
    assert toy_tasks.tagging_accuracy(tags, probabilities, [1, 0], ["right", "left"]) == scores


def test_tagging_accuracy_agrees_with_keras_masked_accuracy_on_a_real_tagger():
    data = toy_tasks.tagged_sentences((200, 50, 50), seed=0)
    x = toy_tasks.encode(data.inputs["validation"], data.input_vocabulary, 8)
    y = toy_tasks.encode(data.targets["validation"], data.target_vocabulary, 8)
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((None,), dtype="int32"),
                              keras.layers.Embedding(len(data.input_vocabulary), 4, mask_zero=True),
                              keras.layers.GRU(4, return_sequences=True),
                              keras.layers.Dense(len(data.target_vocabulary), activation="softmax")])
    model.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    ours = toy_tasks.tagging_accuracy(y, model.predict(x, verbose=0), data.info["ambiguous_at"]["validation"],
                                      data.info["decided_by"]["validation"])
    assert ours["accuracy"] == pytest.approx(model.evaluate(x, y, verbose=0, return_dict=True)["accuracy"], abs=1e-6)


def test_bad_input_is_refused_with_the_argument_named():
    with pytest.raises(ValueError, match="sizes"):
        toy_tasks.intent_questions((10, 10))
    with pytest.raises(ValueError, match=r"sizes\[1\]"):
        toy_tasks.tagged_sentences((10, 0, 10))
    with pytest.raises(ValueError, match="seed"):
        toy_tasks.date_pairs(SMALL, seed=-1)
    with pytest.raises(ValueError, match="smaller sizes"):
        toy_tasks.intent_questions((2_500, 1, 1))  # about 2,400 distinct questions exist
    with pytest.raises(ValueError, match="smaller sizes"):
        toy_tasks.date_pairs((70_000, 2_000, 2_000))
    tags = np.array([[1, 2, 0]])
    with pytest.raises(ValueError, match="predicted"):
        toy_tasks.tagging_accuracy(tags, np.array([[1, 2]]), [0], ["left"])
    with pytest.raises(ValueError, match="decided_by"):
        toy_tasks.tagging_accuracy(tags, tags, [0], ["up"])
    with pytest.raises(ValueError, match="padding"):
        toy_tasks.tagging_accuracy(tags, tags, [2], ["left"])
    with pytest.raises(ValueError, match="one value per sentence"):
        toy_tasks.tagging_accuracy(tags, tags, [0, 1], ["left"])
