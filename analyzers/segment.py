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
score): the labels, hence the output, are pyvi's (``tests/test_segment.py``
holds them equal on real and on arbitrary text).
"""

from __future__ import annotations

import re
import string
from functools import lru_cache

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


def _features(tokens: list[str], bi_grams: set[str], tri_grams: set[str]) -> list[list[str]]:
    """pyvi's ``sent2features`` for ``tokens``, as lists of the features that weigh 1."""
    parts = [_parts(t) for t in tokens]
    lows = [p[0] for p in parts]
    n = len(tokens)
    # bigram[i]: tokens i-1, i form one of pyvi's words; trigram[i]: tokens i-2, i-1, i do.
    bigram = [False] + [f"{lows[i - 1]} {lows[i]}" in bi_grams for i in range(1, n)]
    trigram = [False, False] + [f"{lows[i - 2]} {lows[i - 1]} {lows[i]}" in tri_grams for i in range(2, n)]
    out = []
    for i in range(n):
        feats = list(parts[i][1])
        if i > 0:
            feats.extend(parts[i - 1][2])
            if bigram[i]:
                feats.append("-1:word.bi_gram()")
            if i > 1 and trigram[i]:
                feats.append("-2:word.tri_gram()")
        if i < n - 1:
            feats.extend(parts[i + 1][3])
            if bigram[i + 1]:
                feats.append("+1:word.bi_gram()")
            if i < n - 2 and trigram[i + 2]:
                feats.append("+2:word.tri_gram()")
        out.append(feats)
    return out


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
