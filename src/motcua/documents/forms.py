"""The printed forms of the one-stop mechanism, one function per form (Circular 03/2025/TT-VPCP
guiding Decree 118/2025/NĐ-CP; wording per DOMAIN.md, "Law and forms").

    01 receipt and appointment slip   Giấy tiếp nhận hồ sơ và hẹn trả kết quả
    02 request to supplement          Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
    03 refusal                        Phiếu từ chối tiếp nhận giải quyết hồ sơ
    04 apology and extension          Văn bản xin lỗi và đề nghị gia hạn
    05 notice of stopping             Thông báo dừng giải quyết hồ sơ
    06 process control sheet          Phiếu kiểm soát quá trình giải quyết hồ sơ
    result                            the procedure's result form where one is registered
                                      (`set_result_form`: the civil-status extracts, issue 26)

Each form only reads: the dossier, its snapshot (invariant 2) and its events. Forms 02-05
print what the corresponding event recorded (reason, documents, new appointment), so the
paper says exactly what the audit chain says. `render_form` is what the API and the pages
call; the per-form functions are public for tests and previews.
"""

from __future__ import annotations

from collections.abc import Callable

from motcua.dossiers.choices import Status
from motcua.dossiers.models import Dossier

from .common import (
    DocumentError,
    DocumentNotAvailableError,
    ResultSignature,
    UnknownFormError,
    signature_area,
)
from .control_sheet import EARLY, LATE, ON_TIME, control_sheet, control_sheet_rows
from .notices import apology_extension, refusal, stop_notice, supplement_request
from .receipt import receipt

FORMS = ("01", "02", "03", "04", "05", "06", "result")

__all__ = [
    "EARLY",
    "FORMS",
    "LATE",
    "ON_TIME",
    "DocumentError",
    "DocumentNotAvailableError",
    "ResultSignature",
    "UnknownFormError",
    "apology_extension",
    "control_sheet",
    "control_sheet_rows",
    "has_result_form",
    "receipt",
    "refusal",
    "render_form",
    "set_result_form",
    "signature_area",
    "stop_notice",
    "supplement_request",
]


# The electronic result of a procedure: (dossier, signature or None) → PDF. The app that
# keeps what the result certifies registers it at start-up (the civil-status register its
# extracts); documents cannot import it (apps depend one way).
ResultForm = Callable[[Dossier, ResultSignature | None], bytes]

_result_forms: dict[str, ResultForm] = {}


def set_result_form(procedure_code: str, renderer: ResultForm | None) -> None:
    """Register the result form of `procedure_code` (None removes it)."""
    if renderer is None:
        _result_forms.pop(procedure_code, None)
    else:
        _result_forms[procedure_code] = renderer


def has_result_form(procedure_code: str) -> bool:
    """True if the procedure's result is an electronic form (else a result notice)."""
    return procedure_code in _result_forms


def result_form(dossier: Dossier, signature: ResultSignature | None = None) -> bytes:
    """The procedure's result form for an approved dossier (status 9 or 10)."""
    renderer = _result_forms.get(dossier.procedure_code)
    if renderer is None:
        raise DocumentNotAvailableError("Thủ tục này chưa có mẫu kết quả điện tử.")
    if dossier.status < Status.RESULT_READY:
        raise DocumentNotAvailableError(
            f"Hồ sơ {dossier.code} chưa được phê duyệt nên chưa có kết quả giải quyết."
        )
    return renderer(dossier, signature)


def render_form(
    dossier: Dossier, form: str, *, base_url: str, signature: ResultSignature | None = None
) -> bytes:
    """The PDF of `form` ("01".."06" or "result") for the dossier.

    The caller has already scoped the dossier (dossiers.queries.dossier_by_code). Raises
    `UnknownFormError` (404) or `DocumentNotAvailableError` (409) with a Vietnamese message.
    `base_url` ("https://host/") makes the receipt's QR link absolute. `signature` (the result
    only) leaves room for the digital signature stamp and the verification QR.
    """
    if form == "01":
        return receipt(dossier, base_url=base_url)
    if form == "result":
        return result_form(dossier, signature)
    renderers: dict[str, Callable[[Dossier], bytes]] = {
        "02": supplement_request,
        "03": refusal,
        "04": apology_extension,
        "05": stop_notice,
        "06": control_sheet,
    }
    renderer = renderers.get(form)
    if renderer is None:
        raise UnknownFormError(f"Không có mẫu '{form}'; các mẫu có: {', '.join(FORMS)}.")
    return renderer(dossier)
