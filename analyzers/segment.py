"""Word segmentation with pyvi, used only when indexing.

Why a separate module: importing pyvi costs over a second (scikit-learn), so
nothing on the query path imports this file. pyvi joins the syllables of a
compound with "_" and its output is not the input text; only the compounds
are kept (single syllables are already in the syllable field).

Why not ``pyvi.ViTokenizer.tokenize`` itself: for every syllable of every
sentence it builds a feature dict in pure Python (the syllable lower-cased,
its case flags, its neighbours', the bigrams and trigrams it closes), which
cost more than the CRF that reads them. A syllable's own features do not
depend on where it stands, so :func:`tokenize` computes them once per
distinct syllable and assembles each position from its neighbours' parts,
then asks pyvi's own CRF tagger. The features are the ones pyvi sends, in
its order, less those of weight 0 (a false flag, which adds nothing to a
score): the labels, hence the output, are pyvi's (``tests/test_fast_analysis.py``
holds them equal on real and on arbitrary text).
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from itertools import pairwise

# A sentence ends at ". ", "; ", "! " or "? " (the reader's own cut points for long paragraphs).
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+")
_PUNCTUATION = frozenset(string.punctuation)


@lru_cache(maxsize=1)
def _tokenizer():
    """pyvi's tokenizer, with its model's temporary file removed.

    Unpickling pyvi's CRF model writes the model to a new file in the temp
    folder, deleted only when the model object is collected, which never
    happens in a process that exits (or a worker that is ended): each indexing
    run would leave 600 KB behind. The tagger reads the file whole when it
    opens, so the file can go at once.
    """
    from pyvi import ViTokenizer  # noqa: PLC0415 - deliberate lazy import

    model = ViTokenizer.ViTokenizer.model  # the module holds a class of the same name
    model.tagger_  # noqa: B018 - opening the tagger loads the model into memory
    model.modelfile.cleanup()
    return ViTokenizer


@lru_cache(maxsize=1 << 16)
def _parts(word: str) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """A syllable's lower case and its features as pyvi names them: at its own place,
    as the left neighbour ("-1:") and as the right neighbour ("+1:"); true flags only."""
    low = word.lower()
    upper, title = word.isupper(), word.istitle()
    own = ["bias", f"word.lower():{low}"]
    if upper:
        own.append("word.isupper()")
    if title:
        own.append("word.istitle()")
    if word.isdigit():
        own.append("word.isdigit()")
    sides = []
    for side in ("-1:", "+1:"):
        feats = [f"{side}word.lower():{low}"]
        if title:
            feats.append(f"{side}word.istitle()")
        if upper:
            feats.append(f"{side}word.isupper()")
        sides.append(tuple(feats))
    return low, tuple(own), sides[0], sides[1]


# The neighbour flags pyvi adds after a neighbour's own features, by (bigram, trigram) found.
_LEFT_FLAGS = {
    (False, False): (),
    (True, False): ("-1:word.bi_gram()",),
    (False, True): ("-2:word.tri_gram()",),
    (True, True): ("-1:word.bi_gram()", "-2:word.tri_gram()"),
}
_RIGHT_FLAGS = {
    (False, False): (),
    (True, False): ("+1:word.bi_gram()",),
    (False, True): ("+2:word.tri_gram()",),
    (True, True): ("+1:word.bi_gram()", "+2:word.tri_gram()"),
}


def _features(tokens: list[str], bi_grams: set[str], tri_grams: set[str]) -> list[tuple[str, ...]]:
    """pyvi's ``sent2features`` for ``tokens``, as tuples of the features that weigh 1.

    Each position is its own features, then its left neighbour's ("-1:") and the
    bigram and trigram it closes, then its right neighbour's ("+1:") and the
    bigram and trigram it opens: pyvi's order.
    """
    parts = [_parts(t) for t in tokens]
    lows = [p[0] for p in parts]
    n = len(tokens)
    # bigram[i]: tokens i-1, i form one of pyvi's words; trigram[i]: tokens i-2, i-1, i do (False past the ends).
    bigram = [False, *(f"{a} {b}" in bi_grams for a, b in pairwise(lows)), False]
    trigram = [False, False, *(f"{a} {b} {c}" in tri_grams for a, b, c in zip(lows, lows[1:], lows[2:], strict=False))]
    trigram += [False] * (n + 2 - len(trigram))
    owns = [p[1] for p in parts]
    lefts = [(), *(p[2] for p in parts[:-1])]
    rights = [*(p[3] for p in parts[1:]), ()]
    left_flags = [_LEFT_FLAGS[bigram[i], trigram[i]] for i in range(n)]
    right_flags = [_RIGHT_FLAGS[bigram[i + 1], trigram[i + 2]] for i in range(n)]
    return [
        own + left + closes + right + opens
        for own, left, closes, right, opens in zip(owns, lefts, left_flags, rights, right_flags, strict=True)
    ]


def _words(text: str) -> list[str]:
    """pyvi's words of ``text``: syllables, with those of a compound joined by "_"."""
    vi = _tokenizer().ViTokenizer
    _, tokens = vi.sylabelize(text)
    if not tokens:
        return []
    labels = vi.model.tagger_.tag(_features(tokens, vi.bi_grams, vi.tri_grams))
    words = [tokens[0]]
    for i in range(1, len(tokens)):
        here, before = tokens[i], tokens[i - 1]
        if (
            labels[i] == "I_W"
            and here not in _PUNCTUATION
            and before not in _PUNCTUATION
            and not here[0].isdigit()
            and not before[0].isdigit()
            and not (here[0].istitle() and not before[0].istitle())
        ):
            words[-1] = f"{words[-1]}_{here}"
        else:
            words.append(here)
    return words


def tokenize(text: str) -> str:
    """Exactly ``pyvi.ViTokenizer.tokenize(text)``, faster."""
    words = _words(text)
    return " ".join(words) if words else text


@lru_cache(maxsize=50_000)
def _sentence_compounds(sentence: str) -> str:
    words = _words(sentence)
    return " ".join(w.lower() for w in words if "_" in w and any(c.isalpha() for c in w))


def compounds(text: str) -> str:
    """The compound words of ``text`` as one space-separated string.

    Segmented sentence by sentence: pyvi's labels depend on the syllables
    around within two places, so a sentence's compounds hardly depend on its
    neighbours (0.02 % of compounds differ from segmenting a paragraph whole),
    while the time of one sentence stays bounded however long the paragraph,
    and a sentence seen before costs a cache look-up (legal text repeats its
    sentences: 12.8 % of them).
    """
    if not text.strip():
        return ""
    found = (_sentence_compounds(s) for s in _SENTENCE_END.split(text))
    return " ".join(c for c in found if c)
