"""Vietnamese text analysis for the index: normalisation, syllables, folding.

Nothing in this package reads files except the abbreviation table that ships
with it; pyvi is imported only by :mod:`analyzers.segment`.
"""

from analyzers.syllables import Syllable, load_abbreviations, roman_value, syllables
from analyzers.text import canonical, fold, has_accents, nfc

__all__ = [
    "Syllable",
    "canonical",
    "fold",
    "has_accents",
    "load_abbreviations",
    "nfc",
    "roman_value",
    "syllables",
]
