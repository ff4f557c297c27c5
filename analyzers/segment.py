"""Word segmentation with pyvi, used only when indexing.

Why a separate module: importing pyvi costs over a second (scikit-learn), so
nothing on the query path imports this file. pyvi joins the syllables of a
compound with "_" and its output is not the input text; only the compounds
are kept (single syllables are already in the syllable field).
"""

from __future__ import annotations

from functools import lru_cache


def _tokenizer():
    from pyvi import ViTokenizer  # noqa: PLC0415 - deliberate lazy import

    return ViTokenizer


@lru_cache(maxsize=100_000)
def compounds(text: str) -> str:
    """The compound words of ``text`` as one space-separated string.

    Repeated paragraphs are common in legal text, hence the cache.
    """
    if not text.strip():
        return ""
    segmented = _tokenizer().tokenize(text)
    words = [w for w in segmented.split() if "_" in w and any(c.isalpha() for c in w)]
    return " ".join(w.lower() for w in words)
