"""The satisfaction questions a citizen answers after receiving a result (đánh giá mức độ hài
lòng), feeding the satisfaction group of Decision 766/QĐ-TTg (../shared/DOMAIN.md).

DOMAIN.md names the indicators (5.4: 100% − (overdue rate + share of dossiers with a complaint
or a dislike)) but not the wording of the questions. The questions below are the twelve
criteria ("tiêu chí") of the satisfaction rating on a provincial public-service portal built
for the national index: `SOURCE`. The three answers are the levels that portal offers; a
dossier counts as "disliked" when any answer is `dissatisfied`. Both are data: a province
replaces them with the wording it is given, and each stored answer keeps its question's code.
"""

from __future__ import annotations

from django.db import models

SOURCE = (
    "Cổng dịch vụ công tỉnh Thừa Thiên Huế, trang đánh giá mức độ hài lòng "
    "(dichvucong.thuathienhue.gov.vn/mucdo-hailong), 12 tiêu chí; chưa kiểm chứng với văn bản gốc"
)
UNVERIFIED = True


class Answer(models.TextChoices):
    """The level a citizen gives one question."""

    VERY_SATISFIED = "very_satisfied", "Rất hài lòng"
    SATISFIED = "satisfied", "Hài lòng"
    DISSATISFIED = "dissatisfied", "Không hài lòng"


# (code, question) in the order asked; the code is what is stored and counted.
QUESTIONS: tuple[tuple[str, str], ...] = (
    ("overall", "Đánh giá tổng thể dịch vụ"),
    (
        "convenience",
        "Mức độ thuận tiện khi sử dụng dịch vụ (dịch vụ dễ sử dụng, thời gian đáp ứng khi "
        "giao tiếp, xử lý dữ liệu)",
    ),
    ("on_time", "Mức độ đúng hạn trong xử lý, trả kết quả của cơ quan nhà nước"),
    (
        "attitude",
        "Thái độ của cán bộ, công chức, viên chức (nhiệt tình, không nhũng nhiễu, gây phiền "
        "hà, cách giao tiếp khi hướng dẫn, xử lý hồ sơ)",
    ),
    (
        "total_time",
        "Thời gian giải quyết thủ tục hành chính so với thời gian cho phép theo quy định của "
        "pháp luật",
    ),
    ("handling_time", "Thời gian thực hiện giải quyết so với quy định"),
    (
        "contacts",
        "Số lần phải liên hệ với nơi tiếp nhận hồ sơ để hoàn thiện hồ sơ thủ tục hành chính",
    ),
    (
        "agencies",
        "Số lượng cơ quan, đơn vị, tổ chức phải liên hệ để hoàn thiện hồ sơ thủ tục hành chính",
    ),
    ("one_stop", "Thực hiện tổ chức tiếp nhận hồ sơ, giải quyết, trả kết quả tại Bộ phận Một cửa"),
    ("publicity", "Mức độ công khai các thủ tục hành chính"),
    (
        "feedback",
        "Tiếp thu, giải trình đối với các ý kiến phản ánh, kiến nghị của tổ chức, cá nhân",
    ),
    (
        "online",
        "Tiến độ và chất lượng cung cấp dịch vụ công trực tuyến của cơ quan có thẩm quyền",
    ),
)
QUESTION_TEXT = dict(QUESTIONS)


def unanswered(answers: dict[str, str]) -> dict[str, str]:
    """A Vietnamese error for each question without a valid answer, by its code."""
    return {
        code: f"Câu {number} ({text}): hãy chọn một mức đánh giá."
        for number, (code, text) in enumerate(QUESTIONS, start=1)
        if answers.get(code) not in Answer.values
    }
