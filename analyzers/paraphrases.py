"""Everyday words for legal notions, and the words the law uses for them.

Why: people ask in the words of daily life ("bố mẹ", "đền bù", "sổ đỏ",
"đuổi việc"); statutes say "cha, mẹ", "bồi thường", "giấy chứng nhận quyền sử
dụng đất", "sa thải". When a question's words are not found together, a
paragraph saying the statute's word holds that part of the question as well
as one repeating the question's word. The list is a small closed one of the
language's common pairs (colloquial or regional word → statutory term), not
words picked from any test set; each statutory form is a phrase.
"""

from __future__ import annotations

from collections.abc import Sequence

from analyzers.text import canonical, fold

PARAPHRASES: dict[str, tuple[str, ...]] = {
    # family
    "bố mẹ": ("cha mẹ",),
    "ba mẹ": ("cha mẹ",),
    "bố": ("cha",),
    "ly dị": ("ly hôn",),
    "lấy vợ": ("kết hôn",),
    "lấy chồng": ("kết hôn",),
    "vị thành niên": ("chưa thành niên",),
    "người già": ("người cao tuổi",),
    "qua đời": ("chết",),
    "phụ huynh": ("cha mẹ",),
    "trẻ con": ("trẻ em",),
    "con nít": ("trẻ em",),
    "nghỉ đẻ": ("thai sản",),
    "nghỉ sinh": ("thai sản",),
    # harm and compensation
    "đền bù": ("bồi thường",),
    "hư hại": ("thiệt hại",),
    "tổn thất": ("thiệt hại",),
    # contracts, debts, courts
    "tiền cọc": ("đặt cọc",),
    "phạt cọc": ("đặt cọc",),
    "kiện": ("khởi kiện",),
    "đi tù": ("phạt tù",),
    "ở tù": ("phạt tù",),
    "phạt tù": ("tù",),
    "hợp đồng miệng": ("bằng lời nói",),
    "di chúc miệng": ("di chúc bằng lời nói",),
    "cầm đồ": ("cầm cố",),
    "người mua": ("bên mua",),
    "người bán": ("bên bán",),
    "người thuê": ("bên thuê",),
    "người vay": ("bên vay",),
    "ăn trộm": ("trộm cắp",),
    "lừa tiền": ("lừa đảo chiếm đoạt tài sản",),
    "giật đồ": ("cướp giật tài sản",),
    "chủ nhà": ("bên cho thuê",),
    "người làm thuê": ("người lao động",),
    "nhà mạng": ("doanh nghiệp viễn thông",),
    "đánh người": ("cố ý gây thương tích",),
    # traffic
    "bằng lái": ("giấy phép lái xe",),
    "xe máy": ("xe mô tô",),
    "xe hơi": ("xe ô tô",),
    "say rượu": ("nồng độ cồn",),
    "vượt đèn đỏ": ("tín hiệu đèn giao thông",),
    # land and work
    "sổ đỏ": ("giấy chứng nhận quyền sử dụng đất",),
    "sổ hồng": ("giấy chứng nhận quyền sở hữu nhà ở",),
    "bán đất": ("chuyển nhượng quyền sử dụng đất",),
    "đất ruộng": ("đất nông nghiệp",),
    "đuổi việc": ("sa thải",),
    "nghỉ việc": ("chấm dứt hợp đồng lao động",),
    "sếp": ("người sử dụng lao động",),
    "ông chủ": ("người sử dụng lao động",),
    "lương": ("tiền lương",),
    "tăng ca": ("làm thêm giờ",),
    "nghỉ phép": ("nghỉ hằng năm",),
    "đi nghĩa vụ": ("nghĩa vụ quân sự",),
}
_LONGEST = max(len(k.split()) for k in PARAPHRASES)
_CANONICAL = {tuple(canonical(w) for w in k.split()): v for k, v in PARAPHRASES.items()}
_FOLDED = {tuple(fold(w) for w in k.split()): v for k, v in PARAPHRASES.items()}


def paraphrase(syllables: Sequence[str], loose: Sequence[bool]) -> tuple[int, tuple[str, ...]] | None:
    """The longest everyday phrase that ``syllables`` (typed words in order) start with,
    as (how many syllables, the statutory phrases it stands for), or None.

    A syllable typed without accents (``loose``) is compared accent-free, as
    :mod:`analyzers.question_words` does.
    """
    for n in range(min(_LONGEST, len(syllables)), 0, -1):
        head = syllables[:n]
        if any(loose[:n]):
            found = _FOLDED.get(tuple(fold(s) for s in head))
        else:
            found = _CANONICAL.get(tuple(canonical(s) for s in head))
        if found is not None:
            return n, found
    return None
