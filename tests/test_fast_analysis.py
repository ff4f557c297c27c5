"""The index writer's fast analysis gives exactly what Whoosh's token protocol gives, on real text.

The writer analyses with :func:`analyzers.whoosh_analysis.term_positions`
(one pass over a paragraph's syllables for the exact, accent-free and pair
fields) instead of Whoosh's ``Token`` protocol: only faster, never
different. Checked on thousands of real paragraphs: the seeds, the extra
resolutions and the first files of the legal corpus archive. pyvi's
segmentation is held equal to pyvi's own in the same way (and on arbitrary
text).
"""

from __future__ import annotations

import tarfile
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzers.whoosh_analysis import (
    folded_analyzer,
    pair_analyzer,
    syllable_analyzer,
    term_positions,
    word_analyzer,
)
from indexer.corpus.reader import corpus_files, read_document
from indexer.errors import UnreadableFile

ROOT = Path(__file__).resolve().parent.parent
ARCHIVE = ROOT.parent / "shared" / "bench" / "legal-md.tar.xz"
LEGAL_PARAGRAPHS = 3000


@lru_cache(maxsize=1)
def real_paragraphs() -> tuple[str, ...]:
    """Paragraphs as the reader gives them: the seeds, the extra resolutions, then legal text from the archive."""
    if not ARCHIVE.exists():
        pytest.fail(f"{ARCHIVE} is missing: the benchmark corpus lives in ../shared/bench/")
    out: list[str] = []
    for folder in (ROOT / "corpus", ROOT / "tests" / "fixtures" / "extra-resolutions"):
        for path in corpus_files(folder):
            try:
                out.extend(c.text for c in read_document(path, folder).chunks)
            except UnreadableFile:
                continue
    legal = 0
    with tarfile.open(ARCHIVE, "r:xz") as tar:
        for member in tar:
            if legal >= LEGAL_PARAGRAPHS:
                break
            if not member.isfile() or not member.name.endswith(".md"):
                continue
            text = tar.extractfile(member).read().decode("utf-8", errors="replace")
            lines = [" ".join(line.split()) for line in text.splitlines()]
            lines = [line for line in lines if len(line) > 20]
            out.extend(lines)
            legal += len(lines)
    return tuple(out)


def _whoosh_tokens(analyzer, text: str) -> list[tuple[str, int]]:
    return [(t.text, t.pos) for t in analyzer(text, positions=True, mode="index") if not t.stopped]


@pytest.mark.parametrize("make", [syllable_analyzer, folded_analyzer, pair_analyzer, word_analyzer])
def test_term_positions_equal_whooshs_token_protocol_on_real_text(make):
    analyzer = make()
    fast = term_positions(analyzer)
    assert fast is not None
    paragraphs = real_paragraphs()
    assert len(paragraphs) > LEGAL_PARAGRAPHS
    tokens = 0
    for text in paragraphs:
        expected = _whoosh_tokens(analyzer, text)
        assert list(fast(text)) == expected, text[:200]
        tokens += len(expected)
    assert tokens > 20_000


def test_an_analyzer_of_another_kind_has_no_fast_path():
    from whoosh.analysis import StandardAnalyzer

    assert term_positions(StandardAnalyzer()) is None


def test_segment_tokenize_equals_pyvi_on_real_text():
    from pyvi import ViTokenizer

    from analyzers.segment import tokenize

    paragraphs = real_paragraphs()
    differ = [text[:200] for text in paragraphs if tokenize(text) != ViTokenizer.tokenize(text)]
    assert differ == []


_SYLLABLES = (
    "công nghiệp phát triển kinh tế xã hội Nghị quyết Tỉnh ủy BAN CHẤP HÀNH ĐẢNG BỘ khóa XIII "
    "hỗ trợ doanh nghiệp nhỏ và vừa đầu tư hạ tầng khu KCN UBND Sơn Mỹ II năm đến định hướng "
    "tiểu thủ chính sách người dân nông thôn mới quản lý nhà nước của các được"
).split()
_SIGNS = ["", ".", ",", ";", ":", "-", "/", "(", ")", "%", "...", "==>", "\n", "08-NQ/TU", "2.500,5", "a@b.vn"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.sampled_from(_SYLLABLES), st.text(max_size=4)),
            st.sampled_from(["lower", "upper", "title", "same"]),
            st.sampled_from(_SIGNS),
            st.sampled_from([" ", "", "  "]),
        ),
        max_size=40,
    )
)
def test_segment_tokenize_equals_pyvi_on_arbitrary_text(parts):
    from pyvi import ViTokenizer

    from analyzers.segment import tokenize

    text = "".join(
        (word if case == "same" else getattr(word, case)()) + sign + space for word, case, sign, space in parts
    )
    assert tokenize(text) == ViTokenizer.tokenize(text)


def test_index_syllables_equal_the_offset_carrying_pass_on_real_text():
    from analyzers.syllables import active_abbreviations, index_syllables, syllables
    from analyzers.text import nfc

    table = active_abbreviations()
    for text in real_paragraphs():
        text = nfc(text)
        assert index_syllables(text, table) == [(s.text, s.pos) for s in syllables(text)], text[:200]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(
                st.sampled_from(
                    [
                        *_SYLLABLES,
                        "VI",
                        "XI",
                        "IV",
                        "XIX",
                        "I",
                        "NQ",
                        "TU",
                        "ĐCSVN",
                        "2021",
                        "08",
                        "mười",
                        "mươi",
                        "trăm",
                        "tám",
                        "hai",
                        "linh",
                        "lăm",
                        "mốt",
                        "năm",
                        "03",
                        "007",
                        "từ",
                        "đến",
                        "tới",
                        "đủ",
                        "chưa",
                        "15",
                        "17",
                    ]
                ),
                st.text(max_size=3),
            ),
            st.sampled_from(["lower", "upper", "same"]),
            st.sampled_from(["", "-", "/", ".", ",", "–", ")", ". ", " ", "  ", "/ "]),
        ),
        max_size=30,
    )
)
def test_index_syllables_equal_the_offset_carrying_pass_on_arbitrary_text(parts):
    from analyzers.syllables import active_abbreviations, index_syllables, syllables
    from analyzers.text import nfc

    text = nfc("".join((word if case == "same" else getattr(word, case)()) + gap for word, case, gap in parts))
    assert index_syllables(text, active_abbreviations()) == [(s.text, s.pos) for s in syllables(text)]
