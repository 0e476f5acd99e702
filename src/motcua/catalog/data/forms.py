"""E-form schemas (JSON Schema, draft 2020-12) of the bundled procedures.

Keys are English code names; titles are the Vietnamese labels of the paper forms. Each
schema's `examples` holds valid, invented instances (no real person's data): the catalog
refuses a form whose examples do not validate.
"""

from __future__ import annotations

from typing import Any

DRAFT = "https://json-schema.org/draft/2020-12/schema"

Schema = dict[str, Any]


def text(title: str, max_length: int = 200, **extra: Any) -> Schema:
    return {"type": "string", "title": title, "minLength": 1, "maxLength": max_length, **extra}


def date(title: str) -> Schema:
    return {"type": "string", "format": "date", "title": title}


def choice(title: str, options: list[tuple[str, str]]) -> Schema:
    """A coded enum with a Vietnamese label per value (oneOf const/title)."""
    return {
        "type": "string",
        "title": title,
        "oneOf": [{"const": value, "title": label} for value, label in options],
    }


def integer(title: str, minimum: int, maximum: int, **extra: Any) -> Schema:
    return {"type": "integer", "title": title, "minimum": minimum, "maximum": maximum, **extra}


def obj(title: str, properties: dict[str, Schema], required: list[str]) -> Schema:
    return {
        "type": "object",
        "title": title,
        "required": required,
        "additionalProperties": False,
        "properties": properties,
    }


def form(
    title: str,
    properties: dict[str, Schema],
    required: list[str],
    examples: list[dict[str, Any]],
    defs: dict[str, Schema] | None = None,
    older_than: list[dict[str, Any]] | None = None,
) -> Schema:
    """An e-form; `older_than` lists the birth dates (or events) that must come before
    others (catalog.eforms.plausibility_errors: a parent before the child)."""
    schema: Schema = {"$schema": DRAFT, **obj(title, properties, required)}
    if defs:
        schema["$defs"] = defs
    if older_than:
        schema["x-older-than"] = older_than
    schema["examples"] = examples
    return schema


ID_NUMBER = {
    "type": "string",
    "title": "Số định danh cá nhân",
    "description": "12 chữ số, in trên thẻ căn cước / căn cước công dân.",
    "pattern": "^[0-9]{12}$",
}
PHONE = {"type": "string", "title": "Số điện thoại", "pattern": "^(0|\\+84)[0-9]{9,10}$"}
EMAIL = {"type": "string", "title": "Thư điện tử", "format": "email", "maxLength": 254}
GENDER = choice("Giới tính", [("male", "Nam"), ("female", "Nữ")])
ETHNICITY = text("Dân tộc", 50)
NATIONALITY = text("Quốc tịch", 50)
RESIDENCE = text("Nơi cư trú", 300)
EXTRACT_COPIES = integer(
    "Số bản sao trích lục yêu cầu cấp", 0, 20, default=0, description="Ngoài bản chính."
)
COLLECT = choice(
    "Hình thức nhận kết quả",
    [("counter", "Trực tiếp tại bộ phận một cửa"), ("postal", "Qua dịch vụ bưu chính công ích")],
)


def applicant(relationships: list[tuple[str, str]] | None = None) -> Schema:
    """Người yêu cầu: who submits the dossier."""
    properties: dict[str, Schema] = {
        "full_name": text("Họ, chữ đệm, tên", 100),
        "id_number": ID_NUMBER,
        "residence": RESIDENCE,
        "phone": PHONE,
        "email": EMAIL,
    }
    required = ["full_name", "id_number", "residence", "phone"]
    if relationships:
        properties["relationship"] = choice("Quan hệ với người được đăng ký", relationships)
        required.append("relationship")
    return obj("Người yêu cầu", properties, required)


EXAMPLE_APPLICANT = {
    "full_name": "Nguyễn Văn An",
    "id_number": "025090001234",
    "residence": "Khu 3, xã Ví Dụ, tỉnh Phú Thọ",
    "phone": "0912345678",
}

# --- 1.001193 Birth registration -------------------------------------------------------

_PARENT = obj(
    "Cha hoặc mẹ",
    {
        "full_name": text("Họ, chữ đệm, tên", 100),
        "date_of_birth": date("Ngày, tháng, năm sinh"),
        "ethnicity": ETHNICITY,
        "nationality": NATIONALITY,
        "residence": RESIDENCE,
        "id_number": ID_NUMBER,
    },
    ["full_name", "date_of_birth", "ethnicity", "nationality", "residence"],
)

BIRTH = form(
    "Tờ khai đăng ký khai sinh",
    {
        "applicant": applicant(
            [
                ("father", "Cha"),
                ("mother", "Mẹ"),
                ("grandparent", "Ông, bà"),
                ("relative", "Người thân thích khác"),
                ("carer", "Cá nhân, tổ chức đang nuôi dưỡng trẻ"),
            ]
        ),
        "child": obj(
            "Người được khai sinh",
            {
                "full_name": text("Họ, chữ đệm, tên", 100),
                "gender": GENDER,
                "date_of_birth": date("Ngày, tháng, năm sinh"),
                "place_of_birth_kind": choice(
                    "Loại nơi sinh",
                    [("health_facility", "Cơ sở y tế"), ("other", "Ngoài cơ sở y tế")],
                ),
                "place_of_birth": text("Nơi sinh", 300),
                "ethnicity": ETHNICITY,
                "nationality": NATIONALITY,
                "hometown": text("Quê quán", 300),
            },
            [
                "full_name",
                "gender",
                "date_of_birth",
                "place_of_birth_kind",
                "place_of_birth",
                "ethnicity",
                "nationality",
                "hometown",
            ],
        ),
        "mother": {"$ref": "#/$defs/parent", "title": "Mẹ"},
        "father": {"$ref": "#/$defs/parent", "title": "Cha"},
        "birth_evidence": choice(
            "Giấy tờ chứng minh việc sinh",
            [
                ("birth_certificate", "Giấy chứng sinh"),
                ("witness_statement", "Văn bản của người làm chứng"),
                ("commitment", "Giấy cam đoan về việc sinh"),
            ],
        ),
        "extract_copies": EXTRACT_COPIES,
        "collect": COLLECT,
    },
    ["applicant", "child", "mother", "birth_evidence"],
    [
        {
            "applicant": {**EXAMPLE_APPLICANT, "relationship": "father"},
            "child": {
                "full_name": "Nguyễn Minh Khang",
                "gender": "male",
                "date_of_birth": "2025-10-02",
                "place_of_birth_kind": "health_facility",
                "place_of_birth": "Bệnh viện Đa khoa tỉnh Phú Thọ",
                "ethnicity": "Kinh",
                "nationality": "Việt Nam",
                "hometown": "xã Ví Dụ, tỉnh Phú Thọ",
            },
            "mother": {
                "full_name": "Trần Thị Bình",
                "date_of_birth": "1995-04-12",
                "ethnicity": "Kinh",
                "nationality": "Việt Nam",
                "residence": "Khu 3, xã Ví Dụ, tỉnh Phú Thọ",
                "id_number": "025195004321",
            },
            "father": {
                "full_name": "Nguyễn Văn An",
                "date_of_birth": "1990-08-30",
                "ethnicity": "Kinh",
                "nationality": "Việt Nam",
                "residence": "Khu 3, xã Ví Dụ, tỉnh Phú Thọ",
                "id_number": "025090001234",
            },
            "birth_evidence": "birth_certificate",
            "extract_copies": 2,
            "collect": "counter",
        }
    ],
    defs={"parent": _PARENT},
    older_than=[
        {"older": "mother.date_of_birth", "younger": "child.date_of_birth"},
        {"older": "father.date_of_birth", "younger": "child.date_of_birth"},
    ],
)

# --- 1.000656 Death registration -------------------------------------------------------

DEATH = form(
    "Tờ khai đăng ký khai tử",
    {
        "applicant": applicant(
            [
                ("spouse", "Vợ, chồng"),
                ("child", "Con"),
                ("parent", "Cha, mẹ"),
                ("relative", "Người thân thích khác"),
                ("organisation", "Đại diện cơ quan, tổ chức"),
            ]
        ),
        "deceased": obj(
            "Người đã chết",
            {
                "full_name": text("Họ, chữ đệm, tên", 100),
                "gender": GENDER,
                "date_of_birth": date("Ngày, tháng, năm sinh"),
                "id_number": ID_NUMBER,
                "ethnicity": ETHNICITY,
                "nationality": NATIONALITY,
                "last_residence": text("Nơi cư trú cuối cùng", 300),
            },
            ["full_name", "gender", "date_of_birth", "ethnicity", "nationality", "last_residence"],
        ),
        "death": obj(
            "Thông tin về việc chết",
            {
                "date": date("Ngày chết"),
                "time": {
                    "type": "string",
                    "title": "Giờ chết (giờ:phút)",
                    "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
                },
                "place": text("Nơi chết", 300),
                "cause": text("Nguyên nhân chết", 300),
            },
            ["date", "place", "cause"],
        ),
        "death_evidence": choice(
            "Giấy tờ chứng minh việc chết",
            [
                ("death_notice", "Giấy báo tử"),
                ("replacement", "Giấy tờ thay thế giấy báo tử"),
            ],
        ),
        "extract_copies": EXTRACT_COPIES,
        "collect": COLLECT,
    },
    ["applicant", "deceased", "death", "death_evidence"],
    [
        {
            "applicant": {**EXAMPLE_APPLICANT, "relationship": "child"},
            "deceased": {
                "full_name": "Nguyễn Văn Bảo",
                "gender": "male",
                "date_of_birth": "1940-01-15",
                "id_number": "025040007788",
                "ethnicity": "Kinh",
                "nationality": "Việt Nam",
                "last_residence": "Khu 3, xã Ví Dụ, tỉnh Phú Thọ",
            },
            "death": {
                "date": "2025-11-20",
                "time": "05:30",
                "place": "Tại nhà, Khu 3, xã Ví Dụ, tỉnh Phú Thọ",
                "cause": "Tuổi cao, bệnh tật",
            },
            "death_evidence": "death_notice",
            "extract_copies": 3,
        }
    ],
    older_than=[{"older": "deceased.date_of_birth", "younger": "death.date", "years": 0}],
)

# --- 1.000894 Marriage registration ----------------------------------------------------

_SPOUSE = obj(
    "Bên kết hôn",
    {
        "full_name": text("Họ, chữ đệm, tên", 100),
        "date_of_birth": date("Ngày, tháng, năm sinh"),
        "ethnicity": ETHNICITY,
        "nationality": NATIONALITY,
        "residence": RESIDENCE,
        "id_number": ID_NUMBER,
        "marriage_count": integer("Kết hôn lần thứ", 1, 20),
    },
    ["full_name", "date_of_birth", "ethnicity", "nationality", "residence", "id_number"],
)

MARRIAGE = form(
    "Tờ khai đăng ký kết hôn",
    {
        "husband": {"$ref": "#/$defs/spouse", "title": "Bên nam"},
        "wife": {"$ref": "#/$defs/spouse", "title": "Bên nữ"},
        "phone": PHONE,
        "email": EMAIL,
        "marital_status_certificate_attached": {
            "type": "boolean",
            "title": "Có nộp Giấy xác nhận tình trạng hôn nhân",
            "description": "Khi một bên không cư trú tại xã đăng ký kết hôn.",
        },
        "extract_copies": EXTRACT_COPIES,
        "collect": COLLECT,
    },
    ["husband", "wife", "phone"],
    [
        {
            "husband": {
                "full_name": "Lê Văn Cường",
                "date_of_birth": "1996-02-10",
                "ethnicity": "Kinh",
                "nationality": "Việt Nam",
                "residence": "Khu 1, xã Ví Dụ, tỉnh Phú Thọ",
                "id_number": "025096002468",
                "marriage_count": 1,
            },
            "wife": {
                "full_name": "Phạm Thị Dung",
                "date_of_birth": "1998-07-21",
                "ethnicity": "Mường",
                "nationality": "Việt Nam",
                "residence": "Xóm 2, xã Mẫu, tỉnh Phú Thọ",
                "id_number": "025198001357",
                "marriage_count": 1,
            },
            "phone": "0987654321",
            "marital_status_certificate_attached": True,
            "extract_copies": 1,
        }
    ],
    defs={"spouse": _SPOUSE},
)

# --- 2.000815 Certified copy from the original -----------------------------------------

CERTIFIED_COPY = form(
    "Yêu cầu chứng thực bản sao từ bản chính",
    {
        "applicant": obj(
            "Người yêu cầu chứng thực",
            {
                "full_name": text("Họ, chữ đệm, tên", 100),
                "id_number": ID_NUMBER,
                "phone": PHONE,
            },
            ["full_name", "id_number"],
        ),
        "documents": {
            "type": "array",
            "title": "Giấy tờ, văn bản cần chứng thực",
            "minItems": 1,
            "maxItems": 50,
            "items": obj(
                "Giấy tờ, văn bản",
                {
                    "title": text("Tên giấy tờ, văn bản", 200),
                    "issuer": text("Cơ quan, tổ chức cấp", 200),
                    "issued_on": date("Ngày cấp"),
                    "language": choice(
                        "Ngôn ngữ",
                        [("vi", "Tiếng Việt"), ("bilingual", "Song ngữ có tiếng Việt")],
                    ),
                    "pages": integer("Số trang của bản chính", 1, 1000),
                    "copies": integer("Số bản sao cần chứng thực", 1, 100),
                },
                ["title", "issuer", "language", "pages", "copies"],
            ),
        },
        "collect": COLLECT,
    },
    ["applicant", "documents"],
    [
        {
            "applicant": {
                "full_name": "Hoàng Thị Em",
                "id_number": "025199003579",
                "phone": "0934567890",
            },
            "documents": [
                {
                    "title": "Bằng tốt nghiệp đại học",
                    "issuer": "Trường Đại học Ví Dụ",
                    "issued_on": "2021-06-30",
                    "language": "vi",
                    "pages": 1,
                    "copies": 3,
                },
                {
                    "title": "Bảng điểm toàn khóa",
                    "issuer": "Trường Đại học Ví Dụ",
                    "language": "bilingual",
                    "pages": 4,
                    "copies": 2,
                },
            ],
            "collect": "counter",
        }
    ],
)

# --- Simpler forms ---------------------------------------------------------------------

MARITAL_STATUS = form(
    "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân",
    {
        "applicant": applicant(),
        "marital_status": choice(
            "Tình trạng hôn nhân",
            [
                ("single", "Chưa đăng ký kết hôn với ai"),
                ("married", "Đang có vợ/chồng"),
                ("divorced", "Đã ly hôn"),
                ("widowed", "Vợ/chồng đã chết"),
            ],
        ),
        "purpose": text("Mục đích sử dụng", 300),
        "intended_spouse": text("Họ tên người dự định kết hôn (nếu dùng để kết hôn)", 100),
    },
    ["applicant", "marital_status", "purpose"],
    [
        {
            "applicant": EXAMPLE_APPLICANT,
            "marital_status": "single",
            "purpose": "Đăng ký kết hôn",
            "intended_spouse": "Trần Thị Bình",
        }
    ],
)

_RECORD_KINDS = [
    ("birth", "Khai sinh"),
    ("death", "Khai tử"),
    ("marriage", "Kết hôn"),
    ("guardianship", "Giám hộ"),
    ("recognition", "Nhận cha, mẹ, con"),
    ("change", "Thay đổi, cải chính hộ tịch"),
]

CIVIL_STATUS_EXTRACT = form(
    "Tờ khai cấp bản sao trích lục hộ tịch",
    {
        "applicant": applicant(),
        "record_kind": choice("Loại việc hộ tịch", _RECORD_KINDS),
        "subject_full_name": text("Họ tên người được cấp trích lục", 100),
        "registration_number": text("Số đăng ký", 50),
        "registration_date": date("Ngày đăng ký"),
        "copies": integer("Số bản sao yêu cầu", 1, 50),
    },
    ["applicant", "record_kind", "subject_full_name", "copies"],
    [
        {
            "applicant": EXAMPLE_APPLICANT,
            "record_kind": "birth",
            "subject_full_name": "Nguyễn Minh Khang",
            "registration_number": "125/2025",
            "registration_date": "2025-10-10",
            "copies": 2,
        }
    ],
)

SIGNATURE = form(
    "Yêu cầu chứng thực chữ ký",
    {
        "applicant": applicant(),
        "document_title": text("Tên giấy tờ, văn bản cần chứng thực chữ ký", 200),
        "pages": integer("Số trang", 1, 500),
        "thumbprint": {
            "type": "boolean",
            "title": "Chứng thực điểm chỉ (người yêu cầu không ký được)",
            "default": False,
        },
    },
    ["applicant", "document_title", "pages"],
    [
        {
            "applicant": EXAMPLE_APPLICANT,
            "document_title": "Giấy ủy quyền nhận lương hưu",
            "pages": 1,
            "thumbprint": False,
        }
    ],
)

MASTER_REGISTER_COPY = form(
    "Yêu cầu cấp bản sao từ sổ gốc",
    {
        "applicant": applicant(
            [("self", "Người được cấp bản chính"), ("relative", "Người thân"), ("other", "Khác")]
        ),
        "document_kind": text("Loại giấy tờ đã cấp", 200),
        "subject_full_name": text("Họ tên người được cấp bản chính", 100),
        "original_number": text("Số, ký hiệu của bản chính", 50),
        "issued_on": date("Ngày cấp bản chính"),
        "copies": integer("Số bản sao yêu cầu", 1, 50),
    },
    ["applicant", "document_kind", "subject_full_name", "copies"],
    [
        {
            "applicant": {**EXAMPLE_APPLICANT, "relationship": "self"},
            "document_kind": "Giấy chứng nhận kết hôn",
            "subject_full_name": "Nguyễn Văn An",
            "original_number": "34/2019",
            "issued_on": "2019-12-05",
            "copies": 1,
        }
    ],
)

PERMANENT_RESIDENCE = form(
    "Tờ khai thay đổi thông tin cư trú: đăng ký thường trú",
    {
        "applicant": applicant(),
        "new_address": text("Địa chỉ đăng ký thường trú", 300),
        "basis": choice(
            "Trường hợp đăng ký",
            [
                ("own_home", "Chỗ ở hợp pháp thuộc quyền sở hữu của mình"),
                ("relative_home", "Về ở với người thân (vợ, chồng, con, cha, mẹ...)"),
                ("rented", "Thuê, mượn, ở nhờ"),
                ("other", "Trường hợp khác theo Luật Cư trú"),
            ],
        ),
        "household_head_name": text("Họ tên chủ hộ", 100),
        "household_head_id_number": ID_NUMBER,
        "relationship_to_head": text("Quan hệ với chủ hộ", 50),
    },
    ["applicant", "new_address", "basis"],
    [
        {
            "applicant": EXAMPLE_APPLICANT,
            "new_address": "Số 12, Khu 5, xã Ví Dụ, tỉnh Phú Thọ",
            "basis": "relative_home",
            "household_head_name": "Nguyễn Văn Bảo",
            "household_head_id_number": "025040007788",
            "relationship_to_head": "Con",
        }
    ],
)

BIRTH_REREGISTRATION = form(
    "Tờ khai đăng ký lại khai sinh",
    {
        "applicant": applicant(),
        "person": obj(
            "Người được đăng ký lại khai sinh",
            {
                "full_name": text("Họ, chữ đệm, tên", 100),
                "gender": GENDER,
                "date_of_birth": date("Ngày, tháng, năm sinh"),
                "place_of_birth": text("Nơi sinh", 300),
            },
            ["full_name", "gender", "date_of_birth"],
        ),
        "original_registration_place": text("Nơi đã đăng ký khai sinh trước đây", 300),
        "original_registration_year": integer("Năm đã đăng ký khai sinh", 1900, 2100),
        "reason": text("Lý do đăng ký lại", 500),
    },
    ["applicant", "person", "original_registration_place", "reason"],
    [
        {
            "applicant": EXAMPLE_APPLICANT,
            "person": {
                "full_name": "Nguyễn Văn An",
                "gender": "male",
                "date_of_birth": "1990-08-30",
                "place_of_birth": "Trạm y tế xã Ví Dụ",
            },
            "original_registration_place": "UBND xã Ví Dụ (trước sáp nhập)",
            "original_registration_year": 1990,
            "reason": "Sổ hộ tịch và bản chính Giấy khai sinh đều bị mất",
        }
    ],
)

CIVIL_STATUS_CHANGE = form(
    "Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch",
    {
        "applicant": applicant(),
        "record_kind": choice("Loại việc hộ tịch", _RECORD_KINDS),
        "change_kind": choice(
            "Yêu cầu",
            [
                ("change", "Thay đổi"),
                ("correction", "Cải chính"),
                ("supplement", "Bổ sung thông tin"),
            ],
        ),
        "subject_full_name": text("Họ tên người có thông tin hộ tịch", 100),
        "field": text("Thông tin cần thay đổi, cải chính", 100),
        "current_value": {"type": "string", "title": "Nội dung hiện tại", "maxLength": 300},
        "requested_value": text("Nội dung đề nghị", 300),
        "reason": text("Lý do", 500),
    },
    [
        "applicant",
        "record_kind",
        "change_kind",
        "subject_full_name",
        "field",
        "requested_value",
        "reason",
    ],
    [
        {
            "applicant": EXAMPLE_APPLICANT,
            "record_kind": "birth",
            "change_kind": "correction",
            "subject_full_name": "Nguyễn Minh Khang",
            "field": "Quê quán",
            "current_value": "xã Ví Dụ, tỉnh Vĩnh Phúc",
            "requested_value": "xã Ví Dụ, tỉnh Phú Thọ",
            "reason": "Ghi sai khi đăng ký khai sinh",
        }
    ],
)

SOCIAL_ALLOWANCE = form(
    "Tờ khai đề nghị trợ giúp xã hội hàng tháng",
    {
        "applicant": applicant(),
        "beneficiary": obj(
            "Đối tượng hưởng trợ cấp",
            {
                "full_name": text("Họ, chữ đệm, tên", 100),
                "date_of_birth": date("Ngày, tháng, năm sinh"),
                "id_number": ID_NUMBER,
                "residence": RESIDENCE,
            },
            ["full_name", "date_of_birth", "residence"],
        ),
        "category": choice(
            "Nhóm đối tượng",
            [
                ("orphan_child", "Trẻ em không có nguồn nuôi dưỡng"),
                ("elderly", "Người cao tuổi"),
                ("disabled", "Người khuyết tật nặng, đặc biệt nặng"),
                ("single_parent", "Người đơn thân thuộc hộ nghèo đang nuôi con"),
                ("hiv_poor", "Người nhiễm HIV/AIDS thuộc hộ nghèo"),
                ("other", "Đối tượng khác theo quy định"),
            ],
        ),
        "payment_method": choice(
            "Hình thức nhận trợ cấp",
            [("cash", "Tiền mặt"), ("bank", "Qua tài khoản ngân hàng")],
        ),
        "bank_account": {"type": "string", "title": "Số tài khoản", "pattern": "^[0-9]{6,20}$"},
        "bank_name": text("Ngân hàng", 100),
    },
    ["applicant", "beneficiary", "category", "payment_method"],
    [
        {
            "applicant": EXAMPLE_APPLICANT,
            "beneficiary": {
                "full_name": "Nguyễn Thị Gấm",
                "date_of_birth": "1942-03-03",
                "residence": "Khu 3, xã Ví Dụ, tỉnh Phú Thọ",
            },
            "category": "elderly",
            "payment_method": "bank",
            "bank_account": "1234567890",
            "bank_name": "Ngân hàng Ví Dụ",
        }
    ],
)

# Payment to an account needs the account.
SOCIAL_ALLOWANCE["allOf"] = [
    {
        "if": {"properties": {"payment_method": {"const": "bank"}}, "required": ["payment_method"]},
        "then": {"required": ["bank_account", "bank_name"]},
    }
]
