"""Character-level Vietnamese normalisation: NFC, tone-mark placement, accent folding.

Why: the same syllable arrives spelled several ways. Some files carry decomposed
accents (NFD), and two conventions place the tone mark differently (hoá/hóa,
thuỷ/thủy, uỷ/ủy). Matching must treat those as one word, while the text a user
reads keeps the document's own spelling. Everything here works on a single
token and is pure, cached and idempotent.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# The five Vietnamese tone marks as combining characters. The other marks
# (circumflex U+0302, breve U+0306, horn U+031B) belong to the vowel itself.
TONE_MARKS = {
    "\u0300": "2",  # huyền  (grave)
    "\u0301": "1",  # sắc    (acute)
    "\u0303": "4",  # ngã    (tilde)
    "\u0309": "3",  # hỏi    (hook above)
    "\u0323": "5",  # nặng   (dot below)
}


# A syllable that is only a consonant and i or y: the two spellings are both
# standard (kĩ/kỹ, lí/lý, mĩ/mỹ, quí/quý, hi/hy sinh, tỉ/tỷ, sĩ/sỹ). Only these
# initials: after others one spelling is used ("thi", "chi", "khi", "vi").
_IY = re.compile(r"^(h|k|l|m|t|s|qu)i$")


def _iy(base: str) -> str:
    """Spell the i/y variant of a toneless lower-case syllable with y."""
    return base[:-1] + "y" if _IY.match(base) else base


def nfc(text: str) -> str:
    """Compose decomposed accents so every later step sees one spelling."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=200_000)
def canonical(token: str) -> str:
    """Lower-case a token and move its tone mark to one canonical place.

    The tone is taken off whichever vowel carries it and written as a digit at
    the end ("hóa" and "hoá" both become "hoa1"), so the two placement
    conventions meet; the i/y variants after a consonant are spelled with y
    ("kĩ" and "kỹ" both become "ky4"). Tokens without a tone mark are only
    lower-cased (and i/y unified).
    """
    decomposed = unicodedata.normalize("NFD", token.lower())
    tone = ""
    kept = []
    for ch in decomposed:
        digit = TONE_MARKS.get(ch)
        if digit is not None:
            tone = tone or digit
        else:
            kept.append(ch)
    base = _iy(unicodedata.normalize("NFC", "".join(kept)))
    if tone and not base.isdigit():
        return base + tone
    return base


@lru_cache(maxsize=200_000)
def strip_accents(token: str) -> str:
    """Lower-case and strip every diacritic (đ→d): what a phone keyboard types."""
    decomposed = unicodedata.normalize("NFD", token.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


@lru_cache(maxsize=200_000)
def fold(token: str) -> str:
    """The accent-free form a term is matched on: stripped, i/y variants unified ("ki" = "ky")."""
    return _iy(strip_accents(token))


def has_accents(token: str) -> bool:
    """True when the token carries any Vietnamese diacritic (including đ)."""
    return strip_accents(token) != token.lower()


_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")  # huyền, sắc, ngã, hỏi, nặng


def has_tone(token: str) -> bool:
    """True when the token carries a tone mark (not only the marks of its vowels or đ)."""
    return any(ch in _TONE_MARKS for ch in unicodedata.normalize("NFD", token))


def fold_text(text: str) -> str:
    """Fold a whole string, keeping its length when the input is NFC.

    Used for case- and accent-insensitive comparisons of display text.
    """
    return "".join(strip_accents(ch) or ch for ch in nfc(text))
