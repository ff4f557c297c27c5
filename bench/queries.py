"""The benchmark's query workload: a seeded sample drawn from the indexed paragraphs themselves.

Three hand-picked queries per class are easy to fit and weak evidence, so
each class also gets ``per_class`` queries made from randomly chosen
paragraphs of the rung being measured (a ``random.Random(seed)``: the same
seed and corpus give the same queries on every run and machine):

- single word: one syllable of a paragraph (letters only, two or more);
- AND: two to four syllables of one paragraph, in text order, not adjacent;
- phrase: two to four consecutive syllables of a paragraph, quoted;
- accent-free: two to four consecutive syllables, accents and đ folded away;
- abbreviation: an abbreviation of ``analyzers/abbreviations.tsv`` where a
  paragraph writes it or what it stands for ("UBND" for "Ủy ban nhân dân"),
  with the one or two syllables that follow it there;
- long question: eight to twelve syllables of one paragraph and three of
  another, so full matches are rare and partial matches answer;
- no hit: a syllable of the corpus with two made-up consonant clusters that
  no Vietnamese syllable spells.

Tokens are taken with the product's own syllable splitter, skipping document
codes and numbers (their parts are not words a user types one by one).
"""

from __future__ import annotations

import random
import re

from analyzers.syllables import load_abbreviations
from analyzers.text import canonical, fold, nfc

HAND_PICKED = {
    "single word": ["thuế", "titan", "doanh nghiệp"],
    "AND": ["quyền sử dụng đất", "bảo hiểm xã hội bắt buộc", "khu công nghiệp Sơn Mỹ"],
    "phrase": ['"quyền sử dụng đất"', '"hợp đồng lao động"', '"phát triển công nghiệp"'],
    "accent-free": ["quyen su dung dat", "hop dong lao dong", "kcn son my"],
    "abbreviation": ["UBND tỉnh", "KCN Sơn Mỹ", "HĐND cấp tỉnh"],
    "long question": ["chính sách thu hút đầu tư vào khu công nghiệp cho doanh nghiệp nhỏ ở vùng sâu"],
    "no hit": ["xylanh khổng lồ qwzx"],
}
CLASSES = tuple(HAND_PICKED)
SEED = 17
PER_CLASS = 100

_SYLLABLE = re.compile(r"[^\W\d_]{2,}")  # letters only: no codes, numbers or single letters
_NONSENSE = "bcdfghjklmnpqrstvwxz"


def _words(text: str) -> list[str]:
    return [w for w in _SYLLABLE.findall(nfc(text)) if not w.isupper()]  # capitals: abbreviations, headings


def _run(rng: random.Random, words: list[str], low: int, high: int) -> list[str] | None:
    n = rng.randint(low, high)
    if len(words) < n:
        return None
    start = rng.randrange(len(words) - n + 1)
    return words[start : start + n]


def _abbreviated(texts: list[str]) -> list[tuple[str, str, int]]:
    """(abbreviation, paragraph, offset after it) wherever a paragraph writes an abbreviation
    of ``analyzers/abbreviations.tsv`` or what it stands for (a user types "UBND tỉnh" for
    "Ủy ban nhân dân tỉnh"); codes such as 51/2021/NĐ-CP are left out."""
    table = load_abbreviations()
    written = re.compile(
        r"(?<![^\W_]|[-/.])(" + "|".join(sorted(map(re.escape, table), key=len, reverse=True)) + r")(?![^\W_]|[-/.])"
    )
    by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for short, abbr in table.items():
        expansion = tuple(canonical(w) for w in abbr.expansion)
        by_first.setdefault(expansion[0], []).append((short, expansion))
    found = []
    for text in texts:
        found += [(m.group(), text, m.end()) for m in written.finditer(text)]
        words = list(_SYLLABLE.finditer(text))
        keys = [canonical(m.group()) for m in words]
        for i, key in enumerate(keys):
            for short, expansion in by_first.get(key, ()):
                if tuple(keys[i : i + len(expansion)]) == expansion:
                    found.append((short, text, words[i + len(expansion) - 1].end()))
    return found


def sample(texts: list[str], per_class: int = PER_CLASS, seed: int = SEED) -> dict[str, list[str]]:
    """``per_class`` queries per class drawn from ``texts`` with ``seed``, after the hand-picked ones.

    A class the corpus cannot feed (no abbreviation in a tiny corpus) keeps
    its hand-picked queries only. Duplicates are dropped.
    """
    rng = random.Random(seed)
    usable = [t for t in texts if len(_words(t)) >= 4]
    out = {cls: list(qs) for cls, qs in HAND_PICKED.items()}
    if not usable:
        return out
    abbreviated = _abbreviated(usable)

    def make(cls: str) -> str | None:
        words = _words(rng.choice(usable))
        if cls == "single word":
            return rng.choice(words).lower()
        if cls == "AND":
            n = min(len(words), rng.randint(2, 4))
            picks = sorted(rng.sample(range(0, len(words), 2), min(n, (len(words) + 1) // 2)))
            return " ".join(words[i] for i in picks) if len(picks) >= 2 else None
        if cls == "phrase":
            run = _run(rng, words, 2, 4)
            return '"' + " ".join(run) + '"' if run else None
        if cls == "accent-free":
            run = _run(rng, words, 2, 4)
            return " ".join(fold(w) for w in run) if run else None
        if cls == "abbreviation":
            if not abbreviated:
                return None
            short, text, at = rng.choice(abbreviated)
            tail = [w for w in _SYLLABLE.findall(text[at:]) if not w.isupper()]
            return " ".join([short, *tail[: rng.randint(1, 2)]]) if tail else None
        if cls == "long question":
            run = _run(rng, words, 8, 12)
            other = _run(rng, _words(rng.choice(usable)), 3, 3)
            return " ".join(w.lower() for w in run + other) if run and other else None
        # no hit
        made_up = ["".join(rng.choice(_NONSENSE) for _ in range(rng.randint(5, 7))) for _ in range(2)]
        return " ".join([rng.choice(words).lower(), *made_up])

    for cls in CLASSES:
        seen = set(out[cls])
        attempts = 0
        while len(out[cls]) < len(HAND_PICKED[cls]) + per_class and attempts < 20 * per_class:
            attempts += 1
            q = make(cls)
            if q and q not in seen:
                seen.add(q)
                out[cls].append(q)
    return out
