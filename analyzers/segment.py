"""Word segmentation with pyvi, used only when indexing.

Why a separate module: importing pyvi costs over a second (scikit-learn), so
nothing on the query path imports this file. pyvi joins the syllables of a
compound with "_" and its output is not the input text; only the compounds
are kept (single syllables are already in the syllable field).
"""

from __future__ import annotations

import string
from functools import lru_cache


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


# pyvi's CRF features of one syllable, of its neighbours and of its n-grams
# depend only on those syllables: Vietnamese has a few thousand syllables, so
# they are computed once each (bounded caches) instead of once per occurrence.
# The feature dicts are built with pyvi's keys in pyvi's order, so the model
# sees exactly what ``ViTokenizer.sent2features`` gives it.
_SYLLABLE_CACHE = 50_000
_NGRAM_CACHE = 400_000


@lru_cache(maxsize=_SYLLABLE_CACHE)
def _own(word: str) -> dict:
    return {
        "bias": 1.0,
        "word.lower()": word.lower(),
        "word.isupper()": word.isupper(),
        "word.istitle()": word.istitle(),
        "word.isdigit()": word.isdigit(),
    }


@lru_cache(maxsize=_SYLLABLE_CACHE)
def _side(word: str) -> tuple[str, bool, bool]:
    return word.lower(), word.istitle(), word.isupper()


@lru_cache(maxsize=_NGRAM_CACHE)
def _bigram(left: str, right: str) -> bool:
    return " ".join([left, right]).lower() in _tokenizer().ViTokenizer.bi_grams


@lru_cache(maxsize=_NGRAM_CACHE)
def _trigram(first: str, second: str, third: str) -> bool:
    return " ".join([first, second, third]).lower() in _tokenizer().ViTokenizer.tri_grams


def sentence_features(sent: list[str]) -> list[dict]:
    """``ViTokenizer.sent2features(sent, False)``, from memoised per-syllable pieces."""
    out = []
    last = len(sent) - 1
    for i, word in enumerate(sent):
        features = dict(_own(word))
        if i > 0:
            word1 = sent[i - 1]
            lower, title, upper = _side(word1)
            features["-1:word.lower()"] = lower
            features["-1:word.istitle()"] = title
            features["-1:word.isupper()"] = upper
            features["-1:word.bi_gram()"] = _bigram(word1, word)
            if i > 1:
                features["-2:word.tri_gram()"] = _trigram(sent[i - 2], word1, word)
        if i < last:
            word1 = sent[i + 1]
            lower, title, upper = _side(word1)
            features["+1:word.lower()"] = lower
            features["+1:word.istitle()"] = title
            features["+1:word.isupper()"] = upper
            features["+1:word.bi_gram()"] = _bigram(word, word1)
            if i < last - 1:
                features["+2:word.tri_gram()"] = _trigram(word, word1, sent[i + 2])
        out.append(features)
    return out


def tokenize(text: str) -> str:
    """``pyvi.ViTokenizer.tokenize(text)``, the same output, with memoised features.

    pyvi's own feature extraction recomputed every syllable's features at each
    occurrence and joined its output by repeated concatenation; profiled, that
    was half of pyvi's time. The CRF model and the joining rules are pyvi's.
    """
    vi = _tokenizer().ViTokenizer
    _, tmp = vi.sylabelize(text)
    if not tmp:
        return text
    labels = vi.model.predict([sentence_features(tmp)])[0]
    punctuation = string.punctuation
    parts = [tmp[0]]
    for i in range(1, len(labels)):
        here, before = tmp[i], tmp[i - 1]
        joined = (
            labels[i] == "I_W"
            and here not in punctuation
            and before not in punctuation
            and not here[0].isdigit()
            and not before[0].isdigit()
            and not (here[0].istitle() and not before[0].istitle())
        )
        parts.append("_" if joined else " ")
        parts.append(here)
    return "".join(parts)


@lru_cache(maxsize=100_000)
def compounds(text: str) -> str:
    """The compound words of ``text`` as one space-separated string.

    Repeated paragraphs are common in legal text, hence the cache.
    """
    if not text.strip():
        return ""
    segmented = tokenize(text)
    words = [w for w in segmented.split() if "_" in w and any(c.isalpha() for c in w)]
    return " ".join(w.lower() for w in words)
