"""Vietnamese question and function words: what a question is made of besides its subject.

Why: people ask in full sentences ("Người lao động có được nghỉ phép năm
không?", "Thế chấp tài sản là gì?"). The words that make the sentence a
question, and the grammatical glue, occur in nearly every paragraph of legal
text, so they say little about which paragraph answers. They still count, a
little: the list is the language's closed classes (interrogatives, question
particles, copula, modal "được", conjunctions, prepositions and classifiers
of plurality), not words picked from any test set.
"""

from __future__ import annotations

from analyzers.text import canonical, fold

# Interrogatives and question particles ("là gì", "bao nhiêu", "như thế nào",
# "có … không", "khi nào", "tại sao"), and the commonest function words. The
# prepositions stand before nearly any phrase ("trong tố tụng hình sự", "theo
# quy định"); those that also open everyday compounds the segmenter may not
# join ("ở" of "nhà ở", "bằng" of "công bằng", "qua" of "qua đời", "do" of
# "tự do") stay content words.
QUESTION_WORDS = frozenset(
    """
    gì nào sao đâu ai bao nhiêu mấy chăng không chưa hả nhỉ vậy thế như
    tại vì hỏi có được là thì mà những các của và hoặc hay với cho nếu khi
    ạ ơi chứ rồi này kia đó ấy bị phải
    trong về theo từ để trên dưới giữa vào đến tới
    """.split()
)
QUESTION_FOLDED = frozenset(fold(w) for w in QUESTION_WORDS)
QUESTION_CANONICAL = frozenset(canonical(w) for w in QUESTION_WORDS)

# Function words of two syllables whose syllables are content words alone:
# compound prepositions and conjunctions ("đối với" = as for; "đối" alone is
# "to oppose"), the modal "có thể" (can), a sibling of "được", and the verb
# of a question about the law itself ("được quy định như thế nào?", "có đúng
# quy định không?"): every provision "quy định", so it names no answer.
QUESTION_PHRASES = (
    "đối với",
    "bởi vì",
    "do đó",
    "vì vậy",
    "tuy nhiên",
    "có thể",
    "quy định",
)
PHRASES_FOLDED = frozenset(tuple(fold(w) for w in p.split()) for p in QUESTION_PHRASES)
PHRASES_CANONICAL = frozenset(tuple(canonical(w) for w in p.split()) for p in QUESTION_PHRASES)


def is_question_word(syllable: str, loose: bool) -> bool:
    """Whether a typed syllable is a question or function word.

    ``loose`` (typed without accents): compared accent-free, so "co" is "có"
    as a phone keyboard would type it.
    """
    if loose:
        return fold(syllable) in QUESTION_FOLDED
    return canonical(syllable) in QUESTION_CANONICAL


def is_question_phrase(syllables: tuple[str, ...], loose: bool) -> bool:
    """Whether typed syllables are a two-syllable function word ("đối với", "có thể")."""
    if loose:
        return tuple(fold(w) for w in syllables) in PHRASES_FOLDED
    return tuple(canonical(w) for w in syllables) in PHRASES_CANONICAL
