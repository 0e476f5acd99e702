"""The bundled procedure catalog: the twelve commune procedures of DOMAIN.md.

Codes, time limits and fees are exactly those of DOMAIN.md ("Common commune procedures" and
"Deadlines"); where DOMAIN.md marks a fact unverified it is flagged `unverified`, and where
it leaves a limit or a fee blank the entry says "not stated" instead of inventing one.
Each entry's `sources` names where every fact comes from. Required documents, legal bases
and online levels come from the named laws and decrees as commonly published; they are
flagged unverified until the province checks them against its published procedure list.
Step budgets other than the 2.000908 example of DOMAIN.md are demo splits the province
replaces with its approved internal process (quy trình nội bộ).

`load_catalog()` loads this list idempotently; `motcua catalog load` runs it.
"""

from __future__ import annotations

from typing import Any

from . import forms

DOMAIN = "DOMAIN.md: Common commune procedures (national codes)"
DEADLINES = "DOMAIN.md: Deadlines (same-day 15:00 rule)"
UBND_XA = "Ủy ban nhân dân cấp xã"

# Legal documents (number, title).
LAW_CIVIL_STATUS = {"number": "60/2014/QH13", "title": "Luật Hộ tịch"}
DECREE_123 = {
    "number": "123/2015/NĐ-CP",
    "title": "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch",
}
CIRCULAR_85 = {
    "number": "85/2019/TT-BTC",
    "title": "Thông tư hướng dẫn về phí và lệ phí thuộc thẩm quyền quyết định của HĐND tỉnh",
}
DECREE_23 = {
    "number": "23/2015/NĐ-CP",
    "title": "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, "
    "chứng thực chữ ký và chứng thực hợp đồng, giao dịch",
}
CIRCULAR_226 = {
    "number": "226/2016/TT-BTC",
    "title": "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí chứng thực",
}
CIRCULAR_281 = {
    "number": "281/2016/TT-BTC",
    "title": "Thông tư quy định mức thu phí khai thác, sử dụng thông tin trong CSDL hộ tịch",
}
LAW_RESIDENCE = {"number": "68/2020/QH14", "title": "Luật Cư trú"}
DECREE_62 = {
    "number": "62/2021/NĐ-CP",
    "title": "Nghị định quy định chi tiết một số điều của Luật Cư trú",
}
CIRCULAR_75 = {
    "number": "75/2022/TT-BTC",
    "title": "Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng lệ phí đăng ký cư trú",
}
DECREE_20 = {
    "number": "20/2021/NĐ-CP",
    "title": "Nghị định quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội",
}
DECREE_63 = {
    "number": "63/2024/NĐ-CP",
    "title": "Nghị định về thực hiện liên thông điện tử nhóm thủ tục hành chính",
}
DECREE_118 = {
    "number": "118/2025/NĐ-CP",
    "title": "Nghị định về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông",
}

CIVIL_STATUS_EXEMPTION = {
    "code": "priority_group",
    "condition": "Miễn lệ phí hộ tịch cho người thuộc gia đình có công với cách mạng, "
    "người thuộc hộ nghèo, người khuyết tật",
    "source": "Luật Hộ tịch 2014, Điều 11",
}


def source(fact: str, where: str, *, unverified: bool = False) -> dict[str, Any]:
    return {"fact": fact, "source": where, "unverified": unverified}


def doc(
    slug: str, name: str, form: str, *, count: int = 1, mandatory: bool = True, note: str = ""
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": slug,
        "name": name,
        "form": form,
        "count": count,
        "mandatory": mandatory,
    }
    if note:
        item["note"] = note
    return item


def result(slug: str, name: str) -> dict[str, str]:
    return {"id": slug, "name": name}


def steps(role: str, hours: tuple[int, int, int, int] | None) -> list[dict[str, Any]]:
    """Receive at the counter, appraise (role), sign (leader), return the result."""
    budgets: tuple[int | None, ...] = hours or (None, None, None, None)
    names = [
        ("Tiếp nhận, kiểm tra hồ sơ", "counter"),
        ("Thẩm định, xử lý hồ sơ", role),
        ("Lãnh đạo ký duyệt", "leader"),
        ("Trả kết quả", "counter"),
    ]
    return [
        {"name": name, "role": who, "hours": budget}
        for (name, who), budget in zip(names, budgets, strict=True)
    ]


SAME_DAY_SPLIT = (2, 3, 2, 1)  # DOMAIN.md, Deadlines: the 2.000908 example (8 h).
DEMO_STEPS = "Phân bổ giờ mẫu (demo) theo ví dụ 2.000908 của DOMAIN.md; tỉnh thay bằng quy trình"
ONLINE_DEMO = "Giá trị mẫu: tỉnh đặt theo danh mục dịch vụ công trực tuyến do UBND tỉnh công bố"
ID_PRESENT = doc(
    "giay-to-tuy-than",
    "Giấy tờ tùy thân của người yêu cầu (thẻ căn cước / căn cước công dân, hộ chiếu) "
    "hoặc tài khoản định danh điện tử mức 2",
    "present",
)

PROCEDURES: list[dict[str, Any]] = [
    {
        "code": "1.001193",
        "name": "Đăng ký khai sinh",
        "field": "Hộ tịch",
        "authority": UBND_XA,
        "time_limit_kind": "same_day",
        "same_day_cutoff": "15:00",
        "fee_schedule": {
            "kind": "provincial_rate",
            "exemptions": [
                {
                    "code": "on_time",
                    "condition": "Miễn lệ phí nếu đăng ký đúng hạn (trong 60 ngày kể từ ngày sinh)",
                    "source": "DOMAIN.md; Luật Hộ tịch 2014, Điều 11 và Điều 15",
                    "since": "child.date_of_birth",
                    "within_days": 60,
                },
                CIVIL_STATUS_EXEMPTION,
            ],
            "note": "Đăng ký quá hạn: lệ phí theo mức do HĐND tỉnh quy định.",
            "source": DOMAIN,
        },
        "required_documents": [
            doc("to-khai-khai-sinh", "Tờ khai đăng ký khai sinh (theo mẫu)", "original"),
            doc(
                "giay-chung-sinh",
                "Giấy chứng sinh, hoặc văn bản của người làm chứng / giấy cam đoan về việc sinh",
                "original",
            ),
            ID_PRESENT,
            doc(
                "giay-chung-nhan-ket-hon-cha-me",
                "Giấy chứng nhận kết hôn của cha, mẹ (nếu cha, mẹ đã đăng ký kết hôn)",
                "present",
                mandatory=False,
            ),
        ],
        "result_documents": [
            result("giay-khai-sinh", "Giấy khai sinh (bản chính)"),
            result("trich-luc-khai-sinh", "Bản sao Trích lục khai sinh (nếu có yêu cầu)"),
        ],
        "legal_basis": [LAW_CIVIL_STATUS, DECREE_123, CIRCULAR_85, DECREE_63],
        "online": "full",
        "steps": steps("registrar", SAME_DAY_SPLIT),
        "form_schema": forms.BIRTH,
        "sources": [
            source("code, name, time limit, fee", DOMAIN),
            source("same-day cut-off 15:00", DEADLINES),
            source("required documents", "Luật Hộ tịch 2014, Điều 16", unverified=True),
            source("steps", DEMO_STEPS, unverified=True),
            source("online", ONLINE_DEMO, unverified=True),
        ],
    },
    {
        "code": "1.000656",
        "name": "Đăng ký khai tử",
        "field": "Hộ tịch",
        "authority": UBND_XA,
        "time_limit_kind": "same_day",
        "same_day_cutoff": "15:00",
        "fee_schedule": {
            "kind": "provincial_rate",
            "exemptions": [
                {
                    "code": "on_time",
                    "condition": "Miễn lệ phí nếu đăng ký đúng hạn "
                    "(trong 15 ngày kể từ ngày có người chết)",
                    "source": "DOMAIN.md; Luật Hộ tịch 2014, Điều 11 và Điều 33",
                    "since": "death.date",
                    "within_days": 15,
                },
                CIVIL_STATUS_EXEMPTION,
            ],
            "note": "Đăng ký quá hạn: lệ phí theo mức do HĐND tỉnh quy định.",
            "source": DOMAIN,
        },
        "required_documents": [
            doc("to-khai-khai-tu", "Tờ khai đăng ký khai tử (theo mẫu)", "original"),
            doc("giay-bao-tu", "Giấy báo tử hoặc giấy tờ thay thế giấy báo tử", "original"),
            ID_PRESENT,
        ],
        "result_documents": [result("trich-luc-khai-tu", "Trích lục khai tử (bản chính)")],
        "legal_basis": [LAW_CIVIL_STATUS, DECREE_123, CIRCULAR_85, DECREE_63],
        "online": "full",
        "steps": steps("registrar", SAME_DAY_SPLIT),
        "form_schema": forms.DEATH,
        "sources": [
            source("code, name, time limit, fee", DOMAIN),
            source("same-day cut-off 15:00", DEADLINES),
            source("on-time period 15 days", "Luật Hộ tịch 2014, Điều 33"),
            source("required documents", "Luật Hộ tịch 2014, Điều 34", unverified=True),
            source("steps", DEMO_STEPS, unverified=True),
            source("online", ONLINE_DEMO, unverified=True),
        ],
    },
    {
        "code": "1.000894",
        "name": "Đăng ký kết hôn",
        "field": "Hộ tịch",
        "authority": UBND_XA,
        "time_limit_kind": "same_day",
        "same_day_cutoff": "15:00",
        "extended_limit_days": 5,
        "extended_limit_condition": "Trường hợp cần xác minh điều kiện kết hôn",
        "time_limit_note": "Không quá 05 ngày làm việc nếu cần xác minh.",
        "fee_schedule": {
            "kind": "free",
            "note": "Miễn lệ phí đăng ký kết hôn của công dân Việt Nam cư trú ở trong nước.",
            "source": DOMAIN,
        },
        "required_documents": [
            doc("to-khai-ket-hon", "Tờ khai đăng ký kết hôn (theo mẫu)", "original"),
            ID_PRESENT,
            doc(
                "xac-nhan-tinh-trang-hon-nhan",
                "Giấy xác nhận tình trạng hôn nhân (khi một bên không cư trú tại xã đăng ký)",
                "original",
                mandatory=False,
            ),
        ],
        "result_documents": [
            result("giay-chung-nhan-ket-hon", "Giấy chứng nhận kết hôn (mỗi bên một bản chính)")
        ],
        "legal_basis": [LAW_CIVIL_STATUS, DECREE_123],
        "online": "partial",
        "steps": steps("registrar", SAME_DAY_SPLIT),
        "form_schema": forms.MARRIAGE,
        "sources": [
            source("code, name, time limit, extended limit, fee", DOMAIN),
            source("extended limit 5 working days", "Luật Hộ tịch 2014, Điều 18"),
            source("same-day cut-off 15:00", DEADLINES),
            source("required documents", "Luật Hộ tịch 2014, Điều 18", unverified=True),
            source("steps", DEMO_STEPS, unverified=True),
            source("online", ONLINE_DEMO, unverified=True),
        ],
    },
    {
        "code": "1.004873",
        "name": "Cấp Giấy xác nhận tình trạng hôn nhân",
        "field": "Hộ tịch",
        "authority": UBND_XA,
        "time_limit_kind": "working_days",
        "time_limit_days": 3,
        "time_limit_unverified": True,
        "time_limit_note": "DOMAIN.md ghi 03 ngày làm việc là chưa kiểm chứng.",
        "fee_schedule": {
            "kind": "provincial_rate",
            "exemptions": [CIVIL_STATUS_EXEMPTION],
            "note": "Theo mức do HĐND tỉnh quy định; danh mục chưa có số tiền.",
            "source": DOMAIN,
        },
        "required_documents": [
            doc(
                "to-khai-xac-nhan-hon-nhan",
                "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân (theo mẫu)",
                "original",
            ),
            ID_PRESENT,
            doc(
                "giay-to-ly-hon-hoac-chet",
                "Giấy tờ chứng minh đã ly hôn hoặc vợ/chồng đã chết (nếu có)",
                "copy",
                mandatory=False,
            ),
        ],
        "result_documents": [result("giay-xac-nhan-hon-nhan", "Giấy xác nhận tình trạng hôn nhân")],
        "legal_basis": [LAW_CIVIL_STATUS, DECREE_123, CIRCULAR_85],
        "online": "full",
        "steps": steps("registrar", (2, 14, 6, 2)),
        "form_schema": forms.MARITAL_STATUS,
        "sources": [
            source("code, name, fee (provincial rate)", DOMAIN),
            source("time limit 3 working days", DOMAIN + " (unverified)", unverified=True),
            source("required documents", "Nghị định 123/2015/NĐ-CP, Điều 22", unverified=True),
            source("steps", "Phân bổ giờ mẫu (demo) trong 24 giờ làm việc", unverified=True),
            source("online", ONLINE_DEMO, unverified=True),
        ],
    },
    {
        "code": "2.000635",
        "name": "Cấp bản sao Trích lục hộ tịch",
        "field": "Hộ tịch",
        "authority": UBND_XA,
        "time_limit_kind": "same_day",
        "same_day_cutoff": "15:00",
        "fee_schedule": {
            "kind": "per_copy",
            "amount": 8000,
            "basis": {"copies": "copies"},
            "source": DOMAIN,
        },
        "required_documents": [
            doc(
                "to-khai-ban-sao-trich-luc",
                "Tờ khai cấp bản sao trích lục hộ tịch (theo mẫu)",
                "original",
            ),
            ID_PRESENT,
            doc(
                "van-ban-uy-quyen",
                "Văn bản ủy quyền (nếu người khác yêu cầu thay)",
                "original",
                mandatory=False,
            ),
        ],
        "result_documents": [result("ban-sao-trich-luc", "Bản sao trích lục hộ tịch")],
        "legal_basis": [LAW_CIVIL_STATUS, DECREE_123, CIRCULAR_281],
        "online": "full",
        "steps": steps("registrar", SAME_DAY_SPLIT),
        "form_schema": forms.CIVIL_STATUS_EXTRACT,
        "sources": [
            source("code, name, time limit, fee 8.000 đồng/bản", DOMAIN),
            source("same-day cut-off 15:00", DEADLINES),
            source("required documents", "Nghị định 123/2015/NĐ-CP, Điều 64", unverified=True),
            source("steps", DEMO_STEPS, unverified=True),
            source("online", ONLINE_DEMO, unverified=True),
        ],
    },
    {
        "code": "2.000815",
        "name": "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có "
        "thẩm quyền của Việt Nam cấp hoặc chứng nhận",
        "field": "Chứng thực",
        "authority": UBND_XA,
        "time_limit_kind": "same_day",
        "same_day_cutoff": "15:00",
        "fee_schedule": {
            "kind": "per_page",
            "pages": [
                {"from_page": 1, "to_page": 2, "amount": 2000},
                {"from_page": 3, "to_page": None, "amount": 1000},
            ],
            "cap": 200000,
            "basis": {"rows": "documents", "pages": "pages", "copies": "copies"},
            "note": "2.000 đồng/trang cho trang 1-2, 1.000 đồng/trang từ trang thứ 3, "
            "tối đa 200.000 đồng/bản.",
            "source": DOMAIN + "; Thông tư 226/2016/TT-BTC",
        },
        "required_documents": [
            doc("ban-chinh", "Bản chính giấy tờ, văn bản làm cơ sở chứng thực", "present"),
            doc(
                "ban-sao-can-chung-thuc",
                "Bản sao cần chứng thực (nếu người yêu cầu tự chuẩn bị)",
                "copy",
                mandatory=False,
            ),
        ],
        "result_documents": [result("ban-sao-chung-thuc", "Bản sao được chứng thực từ bản chính")],
        "legal_basis": [DECREE_23, CIRCULAR_226],
        "online": "partial",
        "steps": steps("specialist", SAME_DAY_SPLIT),
        "form_schema": forms.CERTIFIED_COPY,
        "sources": [
            source("code, name, time limit, fee per page with cap", DOMAIN),
            source("same-day cut-off 15:00", DEADLINES + "; Nghị định 23/2015/NĐ-CP"),
            source("required documents", "Nghị định 23/2015/NĐ-CP, Điều 20", unverified=True),
            source("steps", DEMO_STEPS, unverified=True),
            source("online", ONLINE_DEMO, unverified=True),
        ],
    },
    {
        "code": "2.000884",
        "name": "Chứng thực chữ ký trong các giấy tờ, văn bản",
        "field": "Chứng thực",
        "authority": UBND_XA,
        "time_limit_kind": "same_day",
        "same_day_cutoff": "15:00",
        "fee_schedule": {
            "kind": "flat",
            "amount": 10000,
            "note": "10.000 đồng/trường hợp (DOMAIN.md ghi là chưa kiểm chứng).",
            "source": DOMAIN,
            "unverified": True,
        },
        "required_documents": [
            ID_PRESENT,
            doc(
                "giay-to-can-chung-thuc-chu-ky",
                "Giấy tờ, văn bản mà người yêu cầu sẽ ký",
                "original",
            ),
        ],
        "result_documents": [
            result("giay-to-da-chung-thuc-chu-ky", "Giấy tờ, văn bản đã được chứng thực chữ ký")
        ],
        "legal_basis": [DECREE_23, CIRCULAR_226],
        "online": "none",
        "steps": steps("specialist", SAME_DAY_SPLIT),
        "form_schema": forms.SIGNATURE,
        "sources": [
            source("code, name, time limit", DOMAIN),
            source("fee 10.000 đồng", DOMAIN + " (unverified)", unverified=True),
            source("same-day cut-off 15:00", DEADLINES),
            source("required documents", "Nghị định 23/2015/NĐ-CP, Điều 24", unverified=True),
            source("steps", DEMO_STEPS, unverified=True),
            source("online", ONLINE_DEMO, unverified=True),
        ],
    },
    {
        "code": "2.000908",
        "name": "Cấp bản sao từ sổ gốc",
        "field": "Chứng thực",
        "authority": UBND_XA,
        "time_limit_kind": "same_day",
        "same_day_cutoff": "15:00",
        "fee_schedule": {"kind": "free", "source": DOMAIN},
        "required_documents": [
            ID_PRESENT,
            doc(
                "giay-to-chung-minh-quan-he",
                "Giấy tờ chứng minh quan hệ với người được cấp bản chính (nếu yêu cầu thay)",
                "copy",
                mandatory=False,
            ),
        ],
        "result_documents": [result("ban-sao-tu-so-goc", "Bản sao từ sổ gốc")],
        "legal_basis": [DECREE_23],
        "online": "partial",
        "steps": steps("specialist", SAME_DAY_SPLIT),
        "form_schema": forms.MASTER_REGISTER_COPY,
        "sources": [
            source("code, name, time limit, fee", DOMAIN),
            source("steps: receive 2 h, appraise 3 h, sign 2 h, issue 1 h", DEADLINES),
            source("required documents", "Nghị định 23/2015/NĐ-CP, Điều 17", unverified=True),
            source("online", ONLINE_DEMO, unverified=True),
        ],
    },
    {
        "code": "1.004222",
        "name": "Đăng ký thường trú",
        "field": "Cư trú",
        "authority": "Công an cấp xã",
        "time_limit_kind": "working_days",
        "time_limit_days": 7,
        "fee_schedule": {
            "kind": "flat",
            "amount": 20000,
            "online_amount": 10000,
            "note": "20.000 đồng nộp trực tiếp, 10.000 đồng nộp trực tuyến.",
            "source": DOMAIN + "; Thông tư 75/2022/TT-BTC",
        },
        "required_documents": [
            doc(
                "to-khai-cu-tru",
                "Tờ khai thay đổi thông tin cư trú (mẫu CT01)",
                "original",
            ),
            doc(
                "chung-minh-cho-o-hop-phap",
                "Giấy tờ, tài liệu chứng minh chỗ ở hợp pháp",
                "copy",
            ),
            doc(
                "chung-minh-quan-he-nhan-than",
                "Giấy tờ chứng minh quan hệ nhân thân (khi về ở với người thân)",
                "copy",
                mandatory=False,
            ),
        ],
        "result_documents": [
            result(
                "thong-bao-ket-qua-cu-tru",
                "Thông báo kết quả giải quyết, cập nhật thông tin vào CSDL về cư trú",
            )
        ],
        "legal_basis": [LAW_RESIDENCE, DECREE_62, CIRCULAR_75, DECREE_63],
        "online": "full",
        "steps": steps("specialist", (4, 40, 8, 4)),
        "form_schema": forms.PERMANENT_RESIDENCE,
        "sources": [
            source("code, name, authority, time limit, fees", DOMAIN),
            source("required documents", "Luật Cư trú 2020, Điều 21", unverified=True),
            source("steps", "Phân bổ giờ mẫu (demo) trong 56 giờ làm việc", unverified=True),
            source("online", ONLINE_DEMO, unverified=True),
        ],
    },
    {
        "code": "1.004884",
        "name": "Đăng ký lại khai sinh",
        "field": "Hộ tịch",
        "authority": UBND_XA,
        "time_limit_kind": "not_stated",
        "time_limit_note": "DOMAIN.md không nêu thời hạn; chưa có nguồn nên không đặt.",
        "fee_schedule": {
            "kind": "not_stated",
            "note": "DOMAIN.md không nêu phí, lệ phí; chưa có nguồn nên không đặt.",
            "source": DOMAIN,
        },
        "required_documents": [
            doc("to-khai-dang-ky-lai-khai-sinh", "Tờ khai đăng ký lại khai sinh", "original"),
            ID_PRESENT,
            doc(
                "giay-to-lien-quan",
                "Bản sao giấy tờ có thông tin về khai sinh trước đây (nếu có)",
                "copy",
                mandatory=False,
            ),
        ],
        "result_documents": [result("giay-khai-sinh", "Giấy khai sinh (bản chính)")],
        "legal_basis": [LAW_CIVIL_STATUS, DECREE_123],
        "online": "partial",
        "steps": steps("registrar", None),
        "form_schema": forms.BIRTH_REREGISTRATION,
        "sources": [
            source("code, name", DOMAIN),
            source("time limit, fee: not stated", DOMAIN + " (left blank)", unverified=True),
            source("required documents", "Nghị định 123/2015/NĐ-CP, Điều 26", unverified=True),
            source("online", ONLINE_DEMO, unverified=True),
        ],
    },
    {
        "code": "1.004859",
        "name": "Đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
        "field": "Hộ tịch",
        "authority": UBND_XA,
        "time_limit_kind": "not_stated",
        "time_limit_note": "DOMAIN.md không nêu thời hạn; chưa có nguồn nên không đặt.",
        "fee_schedule": {
            "kind": "not_stated",
            "note": "DOMAIN.md không nêu phí, lệ phí; chưa có nguồn nên không đặt.",
            "source": DOMAIN,
        },
        "required_documents": [
            doc(
                "to-khai-thay-doi-cai-chinh",
                "Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
                "original",
            ),
            ID_PRESENT,
            doc(
                "giay-to-lam-co-so",
                "Giấy tờ làm căn cứ cho việc thay đổi, cải chính, bổ sung",
                "copy",
            ),
        ],
        "result_documents": [
            result("trich-luc-thay-doi", "Trích lục thay đổi, cải chính, bổ sung hộ tịch")
        ],
        "legal_basis": [LAW_CIVIL_STATUS, DECREE_123],
        "online": "partial",
        "steps": steps("registrar", None),
        "form_schema": forms.CIVIL_STATUS_CHANGE,
        "sources": [
            source("code, name", DOMAIN),
            source("time limit, fee: not stated", DOMAIN + " (left blank)", unverified=True),
            source("required documents", "Luật Hộ tịch 2014, Điều 28", unverified=True),
            source("online", ONLINE_DEMO, unverified=True),
        ],
    },
    {
        "code": "1.001776",
        "name": "Thực hiện trợ cấp xã hội hàng tháng",
        "field": "Bảo trợ xã hội",
        "authority": UBND_XA,
        "time_limit_kind": "working_days",
        "time_limit_days": 10,
        "fee_schedule": {"kind": "free", "source": DOMAIN},
        "required_documents": [
            doc(
                "to-khai-tro-giup-xa-hoi",
                "Tờ khai đề nghị trợ giúp xã hội (theo mẫu của Nghị định 20/2021/NĐ-CP)",
                "original",
            ),
            ID_PRESENT,
            doc(
                "giay-xac-nhan-khuyet-tat",
                "Giấy xác nhận khuyết tật (đối với người khuyết tật)",
                "copy",
                mandatory=False,
            ),
        ],
        "result_documents": [
            result("quyet-dinh-tro-cap", "Quyết định hưởng trợ cấp xã hội hàng tháng")
        ],
        "legal_basis": [DECREE_20, DECREE_118],
        "online": "partial",
        "steps": steps("specialist", (4, 60, 12, 4)),
        "form_schema": forms.SOCIAL_ALLOWANCE,
        "sources": [
            source("code, name, time limit, fee", DOMAIN),
            source("required documents", "Nghị định 20/2021/NĐ-CP, Điều 7", unverified=True),
            source("steps", "Phân bổ giờ mẫu (demo) trong 80 giờ làm việc", unverified=True),
            source("online", ONLINE_DEMO, unverified=True),
        ],
    },
]
