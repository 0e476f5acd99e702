"""Everyday words (cách nói thường ngày) people type into the finder, per procedure.

A citizen looks for "giấy khai sinh" or "làm giấy khai sinh cho con", not for "Đăng ký khai
sinh". The finder (`catalog.queries.procedures_list`) matches these words besides the
procedure's name, its documents and its results (`catalog.actions.index_procedure`). They
are a search aid, not content that governs a dossier: they live on `Procedure`, not in a
version, and changing them publishes nothing. Written by the project from how the
procedures are commonly asked about; a province adds its own (a catalog entry's
`everyday_words`, or `catalog.actions.set_everyday_words`).
"""

from __future__ import annotations

EVERYDAY_WORDS: dict[str, list[str]] = {
    "1.001193": [
        "làm giấy khai sinh",
        "làm giấy khai sinh cho con",
        "khai sinh cho con",
        "khai sinh cho bé",
        "mới sinh con",
        "đăng ký cho trẻ sơ sinh",
        "làm giấy tờ cho con mới sinh",
    ],
    "1.000656": [
        "người nhà mất",
        "báo tử",
        "làm giấy chứng tử",
        "giấy báo tử",
    ],
    "1.000894": [
        "đăng ký cưới",
        "làm giấy đăng ký kết hôn",
        "giấy đăng ký kết hôn",
        "lấy vợ",
        "lấy chồng",
    ],
    "1.004873": [
        "giấy xác nhận độc thân",
        "xác nhận độc thân",
        "xin giấy độc thân",
        "xác nhận chưa kết hôn",
    ],
    "2.000635": [
        "mất giấy khai sinh",
        "xin lại giấy khai sinh bản sao",
        "bản sao giấy khai sinh",
        "trích lục bản sao",
        "xin bản sao trích lục",
    ],
    "2.000815": [
        "công chứng giấy tờ",
        "công chứng bản sao",
        "photo công chứng",
        "sao y bản chính",
        "chứng thực bản photo",
    ],
    "2.000884": [
        "công chứng chữ ký",
        "xác nhận chữ ký",
        "chứng thực chữ ký",
    ],
    "2.000908": [
        "xin bản sao từ sổ gốc",
        "cấp lại bản sao",
    ],
    "1.004222": [
        "nhập hộ khẩu",
        "đăng ký hộ khẩu",
        "chuyển hộ khẩu",
        "làm hộ khẩu",
    ],
    "1.004884": [
        "khai sinh lại",
        "đăng ký lại giấy khai sinh",
    ],
    "1.004859": [
        "sửa giấy khai sinh",
        "sửa tên",
        "đổi tên",
        "sửa sai ngày sinh",
        "cải chính hộ tịch",
    ],
    "1.001776": [
        "tiền trợ cấp hằng tháng",
        "trợ cấp người già",
        "trợ cấp người khuyết tật",
        "xin trợ cấp xã hội",
    ],
}
