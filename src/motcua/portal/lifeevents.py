"""Life events (sự kiện trong đời): the way people think of procedures, not by field.

Each event has a plain-Vietnamese introduction and the procedure codes it leads to, in the
order a person usually needs them. Codes missing from the current catalog are skipped when
shown, so the list stays valid as the catalog changes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class LifeEvent:
    slug: str
    title: str
    intro: str
    procedures: tuple[str, ...]


LIFE_EVENTS: tuple[LifeEvent, ...] = (
    LifeEvent(
        "sinh-con",
        "Sinh con",
        "Khi gia đình có em bé: đăng ký khai sinh trong 60 ngày (không mất lệ phí), sau đó "
        "đăng ký thường trú cho cháu. Có thể làm cùng lúc tại một nơi.",
        ("1.001193", "1.004222", "1.004884"),
    ),
    LifeEvent(
        "ket-hon",
        "Kết hôn",
        "Trước khi kết hôn, mỗi người có thể cần giấy xác nhận tình trạng hôn nhân; hai người "
        "cùng đến Ủy ban nhân dân xã, phường để đăng ký kết hôn.",
        ("1.004873", "1.000894"),
    ),
    LifeEvent(
        "nguoi-than-mat",
        "Người thân qua đời",
        "Gia đình báo tử và đăng ký khai tử trong 15 ngày; có thể được hỗ trợ mai táng phí.",
        ("1.000656", "1.001776"),
    ),
    LifeEvent(
        "sao-y-giay-to",
        "Sao y, chứng thực giấy tờ",
        "Cần bản sao có chứng thực, chứng thực chữ ký, hoặc bản sao trích lục hộ tịch.",
        ("2.000815", "2.000884", "2.000908", "2.000635"),
    ),
    LifeEvent(
        "chuyen-noi-o",
        "Chuyển nơi ở",
        "Khi chuyển đến chỗ ở mới, đăng ký thường trú tại công an xã, phường nơi ở mới.",
        ("1.004222",),
    ),
    LifeEvent(
        "sua-giay-to",
        "Sửa, cấp lại giấy tờ hộ tịch",
        "Giấy khai sinh bị mất, sai tên hoặc sai ngày sinh: đăng ký lại hoặc cải chính.",
        ("1.004884", "1.004859", "2.000635"),
    ),
    LifeEvent(
        "tro-cap",
        "Người cao tuổi, người khuyết tật",
        "Xin trợ cấp xã hội hằng tháng cho người cao tuổi, người khuyết tật, trẻ mồ côi.",
        ("1.001776",),
    ),
)

BY_SLUG = {event.slug: event for event in LIFE_EVENTS}
