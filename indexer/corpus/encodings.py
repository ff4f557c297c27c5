"""Old Vietnamese font encodings (TCVN3/ABC, VNI) turned into Unicode.

Why: resolutions typed before Unicode took hold were written in the ``.VnTime``
(TCVN3, "ABC") or ``VNI-Times`` fonts. Their bytes are Latin-1 letters that
only those fonts draw as Vietnamese, so a .txt, .doc or .docx of that era
reads "NghÞ quyÕt" (TCVN3) or "Nghò quyeát" (VNI). No maintained converter is
on PyPI, so the two tables are here: TCVN3 gives every accented letter one
byte; VNI writes a base letter followed by one or two mark bytes.

Which encoding a text is in is decided by scoring: the candidate readings are
converted and the one with the most Vietnamese letters and the fewest letters
that Vietnamese never uses wins; a text already in Unicode is left alone.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# TCVN3 (TCVN 5712:1993, VN3): one byte, read as Latin-1, per lower-case letter;
# the capitals ă â đ ê ô ơ ư have their own bytes, the other capitals come from
# the upper-case font (.VnTimeH) drawing the lower-case bytes.
_TCVN3_SOURCE = "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ¡¢§£¤¥¦"
_TCVN3_TARGET = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ"
TCVN3 = dict(zip(_TCVN3_SOURCE, _TCVN3_TARGET, strict=True))

# VNI: base letter + mark bytes (Latin-1 letters). Lower-case marks follow
# lower-case letters, upper-case marks upper-case letters.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HAT = {"â": "\u0302", "á": "\u0302\u0301", "à": "\u0302\u0300", "å": "\u0302\u0309", "ã": "\u0302\u0303"}
_VNI_HAT["ä"] = "\u0302\u0323"
_VNI_BREVE = {"ê": "\u0306", "é": "\u0306\u0301", "è": "\u0306\u0300", "ú": "\u0306\u0309", "ü": "\u0306\u0303"}
_VNI_BREVE["ë"] = "\u0306\u0323"
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị"}


def _vni_table() -> dict[str, str]:
    """Sequences (longest first in the regex) of VNI bytes → Unicode letters."""
    table: dict[str, str] = {}
    for base in "aAeEoOuUyYiI":
        for mark, comb in _VNI_TONES.items():
            m = mark.upper() if base.isupper() else mark
            table[base + m] = unicodedata.normalize("NFC", base + comb)
    for base in "aAeEoO":
        for mark, comb in _VNI_HAT.items():
            m = mark.upper() if base.isupper() else mark
            table[base + m] = unicodedata.normalize("NFC", base + comb)
    for base in "aA":
        for mark, comb in _VNI_BREVE.items():
            m = mark.upper() if base.isupper() else mark
            table[base + m] = unicodedata.normalize("NFC", base + comb)
    for src, dst in _VNI_SINGLE.items():
        table[src] = dst
        table[src.upper()] = dst.upper()
    # ơ and ư take tones too: "ôù" → ớ, "öø" → ừ.
    for src, dst in (("ô", "ơ"), ("ö", "ư")):
        for mark, comb in _VNI_TONES.items():
            table[src + mark] = unicodedata.normalize("NFC", dst + comb)
            table[src.upper() + mark.upper()] = unicodedata.normalize("NFC", dst.upper() + comb)
    return table


VNI = _vni_table()
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(VNI, key=len, reverse=True)))

_VIET_ONLY = set("ăâđêôơưĩũĂÂĐÊÔƠƯĨŨ") | {chr(c) for c in range(0x1EA0, 0x1EFA)}
# Letters outside Latin-1: a text holding them is Unicode already.
_BEYOND_LATIN1 = set("ăđơưĩũĂĐƠƯĨŨ") | {chr(c) for c in range(0x1EA0, 0x1EFA)}
_VIET = _VIET_ONLY | set("àáãèéìíòóõùúýÀÁÃÈÉÌÍÒÓÕÙÚÝ")
# Latin-1 letters and signs that Vietnamese text never holds: the trace of a legacy font.
FOREIGN = set("µ¸¶·¹¨»¾¼½Æ©ÇËÐÎÏÑªÖ×ØÜÞßäåæçëîïñöøûüþ¡¢§£¤¥¦«¬\xad÷ÄÅÛÿ")


def _score(text: str) -> int:
    """Vietnamese letters gained minus letters Vietnamese never uses (and stray combining marks)."""
    viet = sum(1 for c in text if c in _VIET)
    foreign = sum(1 for c in text if c in FOREIGN or unicodedata.combining(c))
    return viet - 3 * foreign


# A Vietnamese syllable, tone marks removed (vowel hats kept): onset, then either an open rhyme
# or a nucleus with its final consonant. Wrong decodings make clusters the language never has
# ("bieỏn", "baứn"), which is how the right encoding is told from the wrong one.
_OPEN = (
    "iêu|yêu|oai|oay|oao|oeo|uây|uôi|ươi|ươu|uya|uyu|ai|ao|au|ay|âu|ây|eo|êu|ia|iu|oi|ôi|ơi|ui|ưa|ưi|ưu|"
    "ua|oa|oe|uê|uy|uơ|a|e|ê|i|y|o|ô|ơ|u|ư"
)
# Which finals follow which nuclei: "nh"/"ch" only after a, ê, i, y (anh, ênh, ich, oanh, uych);
# "ng"/"c" never after i, ê, y alone (iêng, not *ing); m, n, p, t after any nucleus that takes a final.
_NUCLEI_NH = "oa|uê|uy|a|ê|i|y"
_NUCLEI_NG = "uyê|iê|yê|uô|ươ|oa|oă|uâ|oo|oe|a|ă|â|e|o|ô|u|ư"
_NUCLEI_MT = "uyê|iê|yê|uô|ươ|oa|oă|oe|uâ|uê|uy|a|ă|â|e|ê|i|y|o|ô|ơ|u|ư"
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnpqrstvx])?"
    rf"(?:(?:{_NUCLEI_NH})(?:nh|ch)|(?:{_NUCLEI_NG})(?:ng|c)|(?:{_NUCLEI_MT})[mnpt]|(?:{_OPEN}))"
)
_TONES = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))


def _toneless(word: str) -> str:
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", word.lower()).translate(_TONES))


def syllable_share(text: str) -> float:
    """The share of words that are well-formed Vietnamese syllables."""
    words = re.findall(r"[^\W\d_]+", text)
    if not words:
        return 0.0
    good = sum(1 for w in words if _well_formed(w))
    return good / len(words)


def _well_formed(word: str) -> bool:
    """One Vietnamese syllable: cased as a word is (lower, Capitalised, CAPITALS), one tone at most."""
    if not (word.islower() or word.isupper() or (word[:1].isupper() and word[1:].islower())):
        return False
    if sum(1 for c in unicodedata.normalize("NFD", word) if ord(c) in _TONES) > 1:
        return False
    return bool(_SYLLABLE.fullmatch(_toneless(word)))


def _rank(text: str) -> tuple[float, int, int]:
    """How Vietnamese a reading looks: well-formed syllables, then letters, then fewer tone marks.

    The last key breaks ties between two well-formed readings: a wrong table turns plain vowels
    into toned ones ("chí lưu" read as TCVN3 is "chớ lửu"), while a quarter of real syllables
    carry no tone at all.
    """
    tones = sum(1 for c in unicodedata.normalize("NFD", text) if ord(c) in _TONES)
    return syllable_share(text), _score(text), -tones


def tcvn3_to_unicode(text: str) -> str:
    """Convert TCVN3 text (bytes read as Latin-1) to Unicode, capitals kept where the word is in capitals."""
    out = "".join(TCVN3.get(c, c) for c in text)
    out = re.sub(r"\b\w*[A-ZĐ]\w*\b", _upper_if_capital_word, out)
    return "\n".join(_caps_line_words(line) for line in out.split("\n"))


def _caps_line_words(line: str) -> str:
    """In a line set in capitals, a short word whose accented letter came out in lower case
    ("ĐẢNG Bộ TỈNH", "HUYỆN ủY", "Bí THƯ": TCVN3 has no capital for it) is in capitals too."""
    words = [w for w in re.findall(r"\w+", line) if any(c.isalpha() for c in w)]
    typed_in_capitals = all(
        all(c.isupper() for c in w if c.isascii() and c.isalpha()) and any(c.isascii() and c.isalpha() for c in w)
        for w in words
    )
    if len(words) < 2 or not typed_in_capitals or not any(w.isupper() for w in words):
        return line
    return re.sub(r"\w+", _upper_if_capitals_typed, line)


def _upper_if_capitals_typed(m: re.Match) -> str:
    word = m.group(0)
    ascii_letters = [c for c in word if c.isascii() and c.isalpha()]
    return word.upper() if ascii_letters and all(c.isupper() for c in ascii_letters) else word


def _upper_if_capital_word(m: re.Match) -> str:
    word = m.group(0)
    ascii_letters = [c for c in word if c.isascii() and c.isalpha()]
    return word.upper() if len(ascii_letters) >= 2 and all(c.isupper() for c in ascii_letters) else word


def vni_to_unicode(text: str) -> str:
    """Convert VNI text (bytes read as Latin-1) to Unicode."""
    return _VNI_RE.sub(lambda m: VNI[m.group(0)], text)


def legacy_to_unicode(text: str, min_letters: int = 3) -> str | None:
    """The Unicode reading of a text in TCVN3 or VNI, or None when it is in neither.

    ``text`` holds the file's bytes read as Latin-1 (or a Word file's runs,
    which carry the same Latin-1 letters).
    """
    if any(c in _BEYOND_LATIN1 for c in text[:200_000]):
        return None  # already Unicode Vietnamese
    sample = text[:200_000]
    base = _rank(sample)
    # TCVN3 spells the commonest letters (à á ả ã ạ ă â đ ê ô ơ ư) with bytes A0–BF, which VNI
    # never uses: their presence decides between two equally well-formed readings.
    tcvn3_first = any("\xa0" <= c <= "\xbf" for c in sample)
    best, best_key = None, None
    for convert in (tcvn3_to_unicode, vni_to_unicode):
        candidate = unicodedata.normalize("NFC", convert(sample))
        rank = _rank(candidate)
        if rank <= base or rank[0] < 0.75 or sum(1 for c in candidate if c in _VIET) < min_letters:
            continue
        key = (rank[0], (convert is tcvn3_to_unicode) == tcvn3_first, *rank[1:])
        if best_key is None or key > best_key:
            best, best_key = convert, key
    if best is None:
        return None
    return unicodedata.normalize("NFC", best(text))


def fix_legacy(text: str) -> str:
    """Convert paragraphs typed in a legacy font, leave Unicode ones alone (a file may mix both)."""
    if not any(c in FOREIGN for c in text[:200_000]):
        return text
    out = []
    for para in text.split("\n"):
        if any(c in FOREIGN for c in para):
            converted = legacy_to_unicode(para, min_letters=1)
            para = restore_header_capitals(converted) if converted and len(out) < _HEAD_LINES else converted or para
        out.append(para)
    return "\n".join(out)


# TCVN3 has no capital letters of its own: a header set in capitals used the capitals font
# (.VnTimeH) over the lower-case codes, so converted, "TỈNH ỦY PHÚ YÊN" reads "tỉnh ủy phú yên"
# (E10 in party-documents.md). The lines the standard sets in capitals get them back.
_HEAD_LINES = 30  # the header and title block come first
_BODY_NAMES = (
    r"(?:tỉnh|thành|huyện|quận|thị|đảng|xã|phường) (?:ủy|uỷ)|đảng bộ|đảng đoàn|chi bộ|văn phòng|ủy ban kiểm tra"
    r"|ban (?:chấp hành|thường vụ|cán sự|tổ chức|tuyên giáo|dân vận|nội chính|kinh tế|bí thư)|bộ chính trị"
)


@lru_cache(maxsize=1)
def _caps_line() -> re.Pattern[str]:
    from indexer.corpus.metadata import DOC_TYPES  # noqa: PLC0415 - the type names live with the header rules

    types = "|".join(t.lower() for t in DOC_TYPES)
    body = rf"(?:của )?(?:{_BODY_NAMES})\b.{{0,60}}"
    return re.compile(rf"^(?:đảng cộng sản việt nam|{body}|(?:{types}))$")


def restore_header_capitals(text: str) -> str:
    """The capitals of the header and title lines of a converted TCVN3 text.

    Only lines with no capital letter at all among the first ones are touched:
    the party title, an issuer, "của Ban …" and a bare type line are set in
    capitals; "số 21-NQ/TU" and a place before its date begin with one.
    """
    lines = text.split("\n")
    caps = _caps_line()
    seen = 0
    for i, line in enumerate(lines):
        t = line.strip()
        if not t:
            continue
        seen += 1
        if seen > _HEAD_LINES:
            break
        if re.match(r"số\s*:?\s*[\d\s]*-", t):  # its symbol (NQ/TU) was typed in capitals
            lines[i] = line.replace("số", "Số", 1)
        elif any(c.isupper() for c in t) or len(t) > 90:
            continue
        elif caps.match(t):
            lines[i] = line.upper()
        else:
            m = re.match(r"([^\d,]{2,40}),\s*ngày\s", t)
            if m:
                lines[i] = line.replace(m.group(1), m.group(1).title(), 1)
    return "\n".join(lines)
