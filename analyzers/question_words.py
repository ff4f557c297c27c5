"""Vietnamese question and function words: what a question is made of besides its subject.

Why: people ask in full sentences ("Người lao động có được nghỉ phép năm
không?", "Thế chấp tài sản là gì?"). The words that make the sentence a
question, and the grammatical glue, occur in nearly every paragraph of legal
text, so they say little about which paragraph answers. They still count, a
little: the list is the language's closed classes (interrogatives, question
particles, copula, modal "được", conjunctions and classifiers of plurality),
not words picked from any test set.
"""

from __future__ import annotations

from analyzers.text import canonical, fold

# Interrogatives and question particles ("là gì", "bao nhiêu", "như thế nào",
# "có … không", "khi nào", "tại sao"), and the commonest function words.
QUESTION_WORDS = frozenset(
    """
    gì nào sao đâu ai bao nhiêu mấy chăng không chưa hả nhỉ vậy thế như
    tại vì hỏi có được là thì mà những các của và hoặc hay với cho nếu khi
    ạ ơi chứ rồi này kia đó ấy bị phải
    """.split()
)
QUESTION_FOLDED = frozenset(fold(w) for w in QUESTION_WORDS)
QUESTION_CANONICAL = frozenset(canonical(w) for w in QUESTION_WORDS)


def is_question_word(syllable: str, loose: bool) -> bool:
    """Whether a typed syllable is a question or function word.

    ``loose`` (typed without accents): compared accent-free, so "co" is "có"
    as a phone keyboard would type it.
    """
    if loose:
        return fold(syllable) in QUESTION_FOLDED
    return canonical(syllable) in QUESTION_CANONICAL
