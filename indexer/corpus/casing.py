"""How a document itself spells its words, for titles the standard sets in capitals.

Why: the trích yếu is printed in capitals ("VỀ PHÁT TRIỂN CHÈ ĐẶC SẢN TÂN CƯƠNG"),
so its proper names cannot be told from its common words by looking at the
title. Rules of thumb ("capitalise after tỉnh, xã …") misfire: "xã hội chủ nghĩa"
is not a commune. The body of the same document writes the same words in prose,
where a name keeps its capitals in the middle of a sentence and a common word
does not — so the body decides, word by word, in the title word's own context
(its neighbours), and only where it has seen the word.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Between two words, any of these means the second starts a sentence, a list item or a quotation.
_BREAK = re.compile(r"[.!?:…\"“”'(\[\n]")  # not ";": a clause after it goes on in lower case


class Casing:
    """The mid-sentence spellings a document's prose uses, by word and by neighbour."""

    def __init__(self, paragraphs: Iterable[str]) -> None:
        self._single: dict[str, Counter[str]] = defaultdict(Counter)
        self._pairs: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
        for text in paragraphs:
            if not _in_capitals(text):  # a heading set in capitals says nothing
                self._learn(text)

    def _learn(self, text: str) -> None:
        words: list[tuple[str, bool]] = []  # (spelling, starts a sentence)
        end = -1
        for m in _WORD.finditer(text):
            starts = end < 0 or bool(_BREAK.search(text, end, m.start()))
            words.append((m.group(0), starts))
            end = m.end()
        for i, (word, starts) in enumerate(words):
            if starts and not (len(word) > 1 and word.isupper()):  # "KCN" is capitals anywhere
                continue
            low = word.lower()
            self._single[low][word] += 1
            self._pairs[("<", words[i - 1][0].lower(), low)][word] += 1
            if i + 1 < len(words) and not words[i + 1][1]:
                self._pairs[(">", words[i + 1][0].lower(), low)][word] += 1

    def form(self, left: str, word: str, right: str) -> str | None:
        """The body's usual spelling of ``word`` between ``left`` and ``right`` (lower-case), or None.

        Beside the same neighbour the body's spelling decides. Alone, a word the
        body only ever writes in lower case is lower case ("và" after "xã" is no
        name); a word it also capitalises says nothing ("Nghị" of "Nghị quyết"
        does not make "hội nghị" a name).
        """
        seen = self._pairs.get(("<", left, word), Counter()) + self._pairs.get((">", right, word), Counter())
        if seen:
            return seen.most_common(1)[0][0]
        alone = self._single.get(word)
        return word if alone and set(alone) == {word} else None


def _in_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 3 and all(c.isupper() for c in letters)
