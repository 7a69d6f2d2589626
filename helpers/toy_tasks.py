"""Small sequence tasks the course generates itself: intent classification
and noun/verb tagging (notebook 10), date-format conversion (notebook 11).

Every generator is deterministic from ``seed`` (``numpy.random.default_rng``)
and downloads nothing. It returns a :class:`Splits`: token lists for the
training, validation and test sets, their targets and the vocabularies, with
index 0 of every vocabulary kept for padding. No example appears in two
splits: questions and sentences are drawn without repetition before they are
dealt out, and date pairs are split by calendar date, so a test date never
occurs in training in any format.

``encode`` turns token lists into padded integer arrays, ``decode`` goes
back, and ``tagging_accuracy`` scores a tagger on real tokens only (padding
left out), overall and on the ambiguous words alone.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from helpers.arguments import argument_error, check_integer

PAD = "<pad>"  # index 0 of every vocabulary
START, END = "<s>", "</s>"  # the decoder's first input and the token that ends an output
SPLITS = ("train", "validation", "test")


@dataclass(frozen=True)
class Splits:
    """One generated data set, split three ways.

    Attributes:
        inputs: ``{"train" | "validation" | "test": [token list, ...]}``.
        targets: the same keys; per example a label (intents), a list of
            tags as long as the input (tagging) or a token list (dates).
        input_vocabulary, target_vocabulary: the tokens, ``PAD`` first.
        info: further per-example facts, ``{name: {split: [value, ...]}}``.
    """

    inputs: dict
    targets: dict
    input_vocabulary: list
    target_vocabulary: list
    info: dict = field(default_factory=dict)

    def sizes(self) -> dict:
        """Examples per split, ``{"train": n, "validation": n, "test": n}``."""
        return {name: len(self.inputs[name]) for name in SPLITS}


def _check_sizes(sizes) -> tuple[int, int, int]:
    if not isinstance(sizes, (tuple, list)) or len(sizes) != 3:
        raise argument_error("sizes", sizes, "a (train, validation, test) triple of example counts")
    return tuple(check_integer(f"sizes[{i}]", n, minimum=1) for i, n in enumerate(sizes))


def _draw_unique(make: Callable, total: int, rng: np.random.Generator, what: str) -> list:
    """``total`` examples from ``make(rng)`` whose token tuples (element 0) all differ."""
    examples, seen = [], set()
    for _ in range(20 * total):
        example = make(rng)
        key = tuple(example[0])
        if key not in seen:
            seen.add(key)
            examples.append(example)
            if len(examples) == total:
                return examples
    raise ValueError(f"sizes ask for {total} distinct {what}, more than the templates give easily "
                     f"({len(examples)} found); pass smaller sizes.")


def _deal(examples: list, sizes: tuple[int, int, int], rng: np.random.Generator) -> dict:
    """The examples shuffled, then sizes[0] of them to train, the next sizes[1]
    to validation, the rest to test. (Shuffled because kinds of example that
    the templates give few of run out early while drawing without repetition.)"""
    order = rng.permutation(len(examples))
    bounds = np.cumsum((0, *sizes))
    return {name: [examples[k] for k in order[bounds[i]:bounds[i + 1]]] for i, name in enumerate(SPLITS)}


def _vocabulary(token_lists) -> list:
    return [PAD, *sorted({token for tokens in token_lists for token in tokens})]


def _pick(rng: np.random.Generator, options: Sequence):
    return options[int(rng.integers(len(options)))]


# --- intent classification (many-to-one) -----------------------------------

INTENTS = ("time", "weather", "alarm", "music", "greeting")
_INTENT_TEMPLATES = {
    "time": ["{pre} what time is it {place}", "{pre} what is the time {place}", "{pre} tell me the time {place}",
             "{pre} do you know the time {place}", "{pre} is it {hour} yet", "{pre} what hour is it {place}",
             "{pre} can you tell me the time {place}", "{pre} what time is it {place} please"],
    "weather": ["{pre} what is the weather {place} {day}", "{pre} is it raining {place}", "{pre} will it rain {day}",
                "{pre} how cold is it {place}", "{pre} do i need an umbrella {day}",
                "{pre} what is the forecast for {day}"],
    "alarm": ["{pre} set an alarm for {hour}", "{pre} wake me up at {hour} {day}", "{pre} set my alarm for {hour}",
              "{pre} cancel my alarm {day}", "{pre} is my alarm set for {hour}", "{pre} turn off the alarm"],
    "music": ["{pre} play some {genre} {end}", "{pre} put on some {genre} {end}", "{pre} what song is this",
              "{pre} turn up the music {end}", "{pre} play the next song {end}", "{pre} i want to hear {genre}"],
    "greeting": ["{greet} {name}", "{greet} {name} how are you {day}", "{greet} {name} nice to meet you",
                 "{greet} {name} how is it going", "good {part} {name}", "how are you doing {day}"],
}
_INTENT_FILLERS = {
    "pre": ["", "", "", "hey", "please", "hi", "ok", "hello"],
    "place": ["", "", "now", "in london", "in paris", "in seoul", "in tokyo", "in berlin", "in madrid"],
    "day": ["", "today", "tomorrow", "tonight", "this morning", "this weekend"],
    "hour": ["six", "seven", "eight", "nine", "ten", "eleven", "six thirty", "seven thirty"],
    "genre": ["jazz", "rock", "pop", "classical music", "music", "songs", "blues"],
    "greet": ["hi", "hello", "hey", "hi there", "hello there", "good morning", "hey there"],
    "part": ["morning", "evening", "afternoon", "night"],
    "name": ["", "", "friend", "everyone", "buddy", "all", "again"],
    "end": ["", "", "please", "now", "for me", "again", "loud"],
}


def _intent_question(rng: np.random.Generator) -> tuple[list, str]:
    intent = _pick(rng, INTENTS)
    text = _pick(rng, _INTENT_TEMPLATES[intent])
    text = text.format(**{name: _pick(rng, options) for name, options in _INTENT_FILLERS.items()})
    return text.split(), intent


def intent_questions(sizes=(1_000, 250, 250), seed: int = 0) -> Splits:
    """Short questions to an assistant, each with one of five intents.

    Questions come from six to eight templates per intent (``_INTENT_TEMPLATES``) with
    fillers drawn at random: an optional opening ("hey", "hi", ...), a city,
    a day, an hour, a genre. The intent is drawn uniformly, then a template
    and its fillers; repeated questions are drawn again, so every question
    occurs once in all three splits together.

    Args:
        sizes: questions in the training, validation and test sets.
        seed: the generator's seed; the same seed gives the same questions.

    Returns:
        :class:`Splits` whose inputs are word lists and targets intent names
        (``target_vocabulary`` is ``INTENTS``, without padding).
    """
    sizes = _check_sizes(sizes)
    seed = check_integer("seed", seed, minimum=0)
    rng = np.random.default_rng(seed)
    examples = _draw_unique(_intent_question, sum(sizes), rng, "questions")
    dealt = _deal(examples, sizes, rng)
    inputs = {name: [words for words, _ in part] for name, part in dealt.items()}
    return Splits(inputs=inputs, targets={name: [intent for _, intent in part] for name, part in dealt.items()},
                  input_vocabulary=_vocabulary(words for words, _ in examples), target_vocabulary=list(INTENTS))


# --- noun or verb: tagging (many-to-many, aligned) ---------------------------

TAGS = ("NOUN", "VERB", "PRON", "DET", "AUX", "ADJ", "ADV", "ADP", "INTJ")
# Words that are a noun or a verb depending on context, with what may follow
# each reading. The first word after a reading always differs between the two
# readings, so the following word alone decides.
AMBIGUOUS = {
    "work": {"verb": ["hard ADV", "at ADP home NOUN", "late ADV", "with ADP us PRON", "more ADV"],
             "noun": ["is AUX done ADJ", "was AUX hard ADJ", "starts VERB today ADV", "can AUX wait VERB"]},
    "google": {"verb": ["it PRON", "them PRON", "that PRON", "for ADP me PRON"],
               "noun": ["is AUX big ADJ", "is AUX free ADJ", "was AUX slow ADJ", "knows VERB everything PRON"]},
    "email": {"verb": ["me PRON", "them PRON", "her PRON", "us PRON"],
              "noun": ["is AUX long ADJ", "was AUX short ADJ", "can AUX wait VERB", "arrived VERB today ADV"]},
    "help": {"verb": ["me PRON", "us PRON", "them PRON", "her PRON"],
             "noun": ["is AUX welcome ADJ", "was AUX slow ADJ", "is AUX coming VERB", "arrived VERB today ADV"]},
    "text": {"verb": ["me PRON", "her PRON", "them PRON", "us PRON"],
             "noun": ["is AUX short ADJ", "was AUX long ADJ", "can AUX wait VERB", "arrived VERB today ADV"]},
}
_SUBJECTS = ["i PRON", "we PRON", "you PRON", "they PRON"]
_MODALS = ["can AUX", "will AUX", "must AUX", "should AUX"]
_DETERMINERS = ["my DET", "your DET", "our DET", "the DET", "this DET"]  # "google" takes none
_TRANSITIVE = ["like VERB", "need VERB", "use VERB", "check VERB", "want VERB"]
# Openings that decide nothing:
_OPENINGS = ["so ADV", "ok INTJ", "well INTJ", "now ADV", "and ADV", "then ADV", "yes INTJ", "but ADV"]
_ENDINGS = ["", "", "now ADV", "please INTJ", "again ADV"]


def _tagged(*phrases: str) -> list[tuple[str, str]]:
    pairs = " ".join(phrase for phrase in phrases if phrase).split()
    return list(zip(pairs[::2], pairs[1::2]))


def _tagging_sentence(rng: np.random.Generator) -> tuple[list, list, int, str]:
    """One sentence: (words, tags, position of the ambiguous word, "left" or "right")."""
    word = _pick(rng, list(AMBIGUOUS))
    kind = _pick(rng, ["subject verb", "subject modal verb", "determiner noun", "object noun",
                       "opening verb", "opening noun"])
    reading = "noun" if kind.endswith("noun") else "verb"
    ambiguous = f"{word} {reading.upper()}"
    after = _pick(rng, AMBIGUOUS[word][reading])
    if kind == "subject verb":
        before = [_pick(rng, _SUBJECTS)]
    elif kind == "subject modal verb":
        before = [_pick(rng, _SUBJECTS), _pick(rng, _MODALS)]
    elif kind == "determiner noun" and word != "google":
        before = [_pick(rng, _DETERMINERS)]
    elif kind in ("determiner noun", "object noun"):
        before = [_pick(rng, _SUBJECTS), _pick(rng, _TRANSITIVE)] + ([] if word == "google" else
                                                                    [_pick(rng, _DETERMINERS)])
        after = ""  # the noun ends the clause
    else:  # an opening that decides nothing, or none: only the following words decide
        before = [_pick(rng, ["", *_OPENINGS])]
    ending = _pick(rng, _ENDINGS)
    pairs = _tagged(*before, ambiguous, after)
    if ending and ending.split()[0] != pairs[-1][0]:
        pairs += _tagged(ending)
    position = len(_tagged(*before))
    decided_by = "right" if kind.startswith("opening") else "left"
    return [w for w, _ in pairs], [t for _, t in pairs], position, decided_by


def tagged_sentences(sizes=(2_000, 400, 600), seed: int = 0) -> Splits:
    """Short sentences tagged word by word, each with one word from
    ``AMBIGUOUS`` ("work", "google", "email", "help", "text") that is a noun
    in some sentences and a verb in others.

    Six sentence kinds, drawn uniformly (the ambiguous word ``A`` in caps):

    * decided by the words before ``A``: "i WORK hard" and "we can GOOGLE it"
      (a subject, or a subject and a modal, make it a verb), "my WORK is
      done" (a determiner makes it a noun), "they use GOOGLE" and "i like
      the EMAIL" (the object of a verb is a noun);
    * decided only by the words after ``A``: ``A`` opens the sentence, or
      follows an opening word that decides nothing ("so", "ok", "well",
      "now", "and", "then", "yes", "but"): "WORK is done" / "WORK hard", "so GOOGLE is big" / "so
      GOOGLE it". The word right after ``A`` decides.

    An optional ending ("now", "please", "again") follows. Tags come from
    ``TAGS`` (a small universal tag set). Repeated sentences are drawn again.

    Returns:
        :class:`Splits` whose inputs are word lists and targets tag lists of
        the same length; ``info["ambiguous_at"]`` gives the position of the
        ambiguous word in each sentence and ``info["decided_by"]`` says
        which context decides it, ``"left"`` or ``"right"``.
    """
    sizes = _check_sizes(sizes)
    seed = check_integer("seed", seed, minimum=0)
    rng = np.random.default_rng(seed)
    examples = _draw_unique(_tagging_sentence, sum(sizes), rng, "sentences")
    dealt = _deal(examples, sizes, rng)
    column = lambda k: {name: [example[k] for example in part] for name, part in dealt.items()}  # noqa: E731
    return Splits(inputs=column(0), targets=column(1), input_vocabulary=_vocabulary(e[0] for e in examples),
                  target_vocabulary=[PAD, *TAGS], info={"ambiguous_at": column(2), "decided_by": column(3)})


def tagging_accuracy(tags, predicted, ambiguous_at, decided_by) -> dict:
    """Per-token accuracy of a tagger on real tokens only.

    Args:
        tags: true tag ids, shape ``(n, timesteps)``, 0 where padding.
        predicted: predicted tag ids of the same shape (or probabilities of
            shape ``(n, timesteps, tags)``, reduced by ``argmax``).
        ambiguous_at: position of the ambiguous word in each sentence, ``(n,)``.
        decided_by: ``"left"`` or ``"right"`` per sentence, ``(n,)``.

    Returns:
        ``accuracy`` over every real token; ``accuracy_ambiguous`` over the
        ambiguous words alone, and the same split by ``decided_by``
        (``accuracy_ambiguous_left``, ``accuracy_ambiguous_right``), as floats.
    """
    tags = np.asarray(tags)
    predicted = np.asarray(predicted)
    if predicted.ndim == tags.ndim + 1:
        predicted = predicted.argmax(axis=-1)
    if tags.ndim != 2 or predicted.shape != tags.shape:
        raise ValueError(f"tags {tags.shape} and predicted {predicted.shape} must both be (n, timesteps); "
                         "pass one predicted tag per token.")
    ambiguous_at = np.asarray(ambiguous_at)
    decided_by = np.asarray(decided_by)
    if ambiguous_at.shape != (len(tags),) or decided_by.shape != (len(tags),):
        raise ValueError(f"ambiguous_at {ambiguous_at.shape} and decided_by {decided_by.shape} must hold one "
                         f"value per sentence ({len(tags)}).")
    if not set(decided_by.tolist()) <= {"left", "right"}:
        raise argument_error("decided_by", sorted(set(decided_by.tolist())), 'a list of "left" and "right"')
    right = predicted == tags
    rows = np.arange(len(tags))
    if (tags[rows, ambiguous_at] == 0).any():
        raise ValueError("ambiguous_at points at padding in some sentences; pass the positions of real tokens.")
    hits = right[rows, ambiguous_at]
    return {"accuracy": float(right[tags > 0].mean()), "accuracy_ambiguous": float(hits.mean()),
            **{f"accuracy_ambiguous_{side}": float(hits[decided_by == side].mean())
               for side in ("left", "right") if (decided_by == side).any()}}


# --- dates (encoder-decoder) ---------------------------------------------------

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
DATE_FORMATS = {  # how a day appears in the input; the output is always ISO 8601, "2026-11-23"
    "23 november 2026": lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    "nov 23, 2026": lambda d: f"{MONTHS[d.month - 1][:3]} {d.day}, {d.year}",
    "11/23/2026": lambda d: f"{d.month:02d}/{d.day:02d}/{d.year}",
    "23.11.2026": lambda d: f"{d.day:02d}.{d.month:02d}.{d.year}",
}
FIRST_DAY, LAST_DAY = datetime.date(1900, 1, 1), datetime.date(2099, 12, 31)


def date_pairs(sizes=(20_000, 2_000, 2_000), seed: int = 0) -> Splits:
    """Dates written four ways (``DATE_FORMATS``) paired with ISO 8601.

    Distinct calendar days between 1900-01-01 and 2099-12-31 are drawn
    without replacement and dealt out to the splits, each with one format
    drawn uniformly, so no day of the validation or test set appears in
    training, in any format.

    Returns:
        :class:`Splits` whose inputs and targets are character lists, e.g.
        ``list("nov 3, 2026")`` and ``list("2026-11-03")``;
        ``target_vocabulary`` holds ``PAD``, ``START``, ``END``, the digits
        and "-"; ``info["date"]`` holds the ``datetime.date`` of each pair and
        ``info["format"]`` the name of its input format.
    """
    sizes = _check_sizes(sizes)
    seed = check_integer("seed", seed, minimum=0)
    rng = np.random.default_rng(seed)
    span = (LAST_DAY - FIRST_DAY).days + 1
    if sum(sizes) > span:
        raise ValueError(f"sizes ask for {sum(sizes)} distinct days; there are {span}. Pass smaller sizes.")
    days = [FIRST_DAY + datetime.timedelta(days=int(k)) for k in rng.choice(span, sum(sizes), replace=False)]
    formats = [_pick(rng, list(DATE_FORMATS)) for _ in days]
    examples = [(list(DATE_FORMATS[f](d)), list(d.isoformat()), d, f) for d, f in zip(days, formats)]
    dealt = _deal(examples, sizes, rng)
    column = lambda k: {name: [example[k] for example in part] for name, part in dealt.items()}  # noqa: E731
    return Splits(inputs=column(0), targets=column(1), input_vocabulary=_vocabulary(e[0] for e in examples),
                  target_vocabulary=[PAD, START, END, *"-0123456789"],
                  info={"date": column(2), "format": column(3)})


# --- encoding -------------------------------------------------------------------

def encode(sequences, vocabulary: Sequence[str], length: int | None = None) -> np.ndarray:
    """Token lists as integer ids, padded with 0 (``PAD``) at the end.

    Args:
        sequences: lists of tokens, every token in ``vocabulary``.
        length: the number of columns; by default the longest sequence.
            Longer sequences are an error (nothing is cut silently).

    Returns:
        ``int32`` array of shape ``(len(sequences), length)``.
    """
    import keras

    index = {token: i for i, token in enumerate(vocabulary)}
    sequences = [list(tokens) for tokens in sequences]
    unknown = sorted({token for tokens in sequences for token in tokens if token not in index})
    if unknown:
        raise ValueError(f"tokens {unknown[:5]} are not in the vocabulary; build it from these sequences.")
    longest = max((len(tokens) for tokens in sequences), default=0)
    length = check_integer("length", length, minimum=1, allow_none=True) or max(longest, 1)
    if longest > length:
        raise ValueError(f"length={length} is shorter than the longest sequence ({longest}); pass a larger length.")
    ids = [[index[token] for token in tokens] for tokens in sequences]
    return keras.utils.pad_sequences(ids, maxlen=length, padding="post", value=0, dtype="int32")


def decode(ids, vocabulary: Sequence[str], stop: str = END) -> list[str]:
    """Token ids of one sequence back to tokens, leaving out padding and
    stopping before the first ``stop`` token."""
    tokens = []
    for i in np.asarray(ids).reshape(-1):
        token = vocabulary[int(i)]
        if token == stop:
            break
        if token != PAD:
            tokens.append(token)
    return tokens
