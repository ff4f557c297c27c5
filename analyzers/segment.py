"""Word segmentation with pyvi, used only when indexing.

Why a separate module: importing pyvi costs over a second (scikit-learn), so
nothing on the query path imports this file. pyvi joins the syllables of a
compound with "_" and its output is not the input text; only the compounds
are kept (single syllables are already in the syllable field).
"""

from __future__ import annotations

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
