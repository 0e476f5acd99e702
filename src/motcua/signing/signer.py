"""PAdES signing with pyHanko, over the two key backends (PKCS#12 file, PKCS#11 token).

`sign_pdf` adds one signature field with a visible stamp (name, position, unit, time) in the
box the renderer left free (`documents.forms.ResultSignature`); `seal_pdf` adds an agency's
seal ("Ký bởi: <agency>", time) in the bottom margin of a form's last page. The signature
covers every byte of the file except its own value, so the QR code and all text drawn before
are covered.
The PIN is used to unlock the key and then dropped: never logged, never stored.
"""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from django.conf import settings
from fpdf import FPDF
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.stamp import StaticStampStyle

from motcua.documents.forms import ResultSignature
from motcua.documents.pdf import FONT, FONT_DIR, nfc

from .models import Certificate

FIELD_NAME = "ChuKySoLanhDao"
MM = 25.4 / 72  # millimetres per PDF point


class SigningFailedError(Exception):
    """Signing did not happen; `message` (Vietnamese) says why, for the leader to act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class StampText:
    """What the visible stamp says."""

    name: str
    title: str
    unit: str
    when: str


def keys_dir() -> Path:
    """Where PKCS#12 files and the demo CA key live: `DATA_DIR/keys/`, mode 0700."""
    path = Path(settings.DATA_DIR) / "keys"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def asn1_certs(pem_text: str) -> list[asn1_x509.Certificate]:
    data = pem_text.encode("ascii")
    return [
        asn1_x509.Certificate.load(der)
        for _, _, der in asn1_pem.unarmor(data, multiple=True)
        if data.strip()
    ]


@contextlib.contextmanager
def open_signer(certificate: Certificate, pin: str) -> Iterator[signers.Signer]:
    """A pyHanko signer for the certificate's key, unlocked with `pin` (closed afterwards)."""
    if not pin:
        raise SigningFailedError("Cần nhập mã PIN để mở khóa chữ ký số.")
    chain = asn1_certs(certificate.chain_pem) if certificate.chain_pem else []
    if certificate.backend == "pkcs12":
        path = keys_dir() / certificate.key_file
        try:
            data = path.read_bytes()
        except OSError:
            raise SigningFailedError(
                "Không tìm thấy tệp khóa của chứng thư số trên máy chủ; hãy liên hệ quản trị."
            ) from None
        try:
            signer = signers.SimpleSigner.load_pkcs12_data(
                data, other_certs=chain, passphrase=pin.encode("utf-8")
            )
        except ValueError:
            raise SigningFailedError("Sai mã PIN (hoặc tệp khóa bị hỏng).") from None
        yield signer
        return
    yield from _pkcs11_signer(certificate, pin, chain)


def _pkcs11_signer(
    certificate: Certificate, pin: str, chain: list[asn1_x509.Certificate]
) -> Iterator[signers.Signer]:
    import pkcs11
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11 as hanko_pkcs11

    try:
        session = hanko_pkcs11.open_pkcs11_session(
            certificate.module_path,
            token_criteria=TokenCriteria(label=certificate.token_label),
            user_pin=pin,
        )
    except pkcs11.PinIncorrect:
        raise SigningFailedError("Sai mã PIN của thiết bị ký số.") from None
    except pkcs11.PinLocked:
        raise SigningFailedError("Thiết bị ký số đã bị khóa do nhập sai PIN nhiều lần.") from None
    except Exception:
        raise SigningFailedError(
            f"Không tìm thấy thiết bị ký số '{certificate.token_label}'; hãy cắm USB token "
            "và thử lại."
        ) from None
    try:
        signing_cert = asn1_certs(certificate.pem)[0]
        signer = hanko_pkcs11.PKCS11Signer(
            session,
            signing_cert=signing_cert,
            # Many tokens (and SoftHSM) lack CKM_ECDSA_SHA256: hash here, sign raw on the token.
            use_raw_mechanism=signing_cert.public_key.algorithm == "ec",
            ca_chain=chain,
            key_label=certificate.key_label or None,
            key_id=bytes.fromhex(certificate.key_id) if certificate.key_id else None,
        )
        yield signer
    finally:
        with contextlib.suppress(Exception):
            session.close()


def stamp_pdf(stamp: StampText, width: float, height: float) -> bytes:
    """The visible stamp as a one-page PDF of the box's size (points), Liberation Serif.

    pyHanko's text stamps need its OpenType extra for Vietnamese letters; a static stamp
    imported from this page shows them with the same embedded font as the document.
    """
    pdf = FPDF(unit="mm", format=(width * MM, height * MM))
    pdf.add_font(FONT, "", str(FONT_DIR / "LiberationSerif-Regular.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "LiberationSerif-Bold.ttf"))
    pdf.set_margins(2, 2, 2)
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    pdf.set_draw_color(200, 0, 0)
    pdf.set_text_color(200, 0, 0)
    pdf.set_line_width(0.5)
    pdf.rect(0.6, 0.6, width * MM - 1.2, height * MM - 1.2)
    pdf.set_xy(2, 2.5)
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(pdf.epw, 4.6, "ĐÃ KÝ SỐ", align="C")
    pdf.set_font(FONT, "", 9)
    for label, value in (
        ("Người ký", stamp.name),
        ("Chức vụ", stamp.title),
        ("Đơn vị", stamp.unit),
        ("Thời gian ký", stamp.when),
    ):
        pdf.set_x(2)
        pdf.multi_cell(pdf.epw, 4.2, nfc(f"{label}: {value}"), align="L")
    return bytes(pdf.output())


def sign_pdf(
    pdf: bytes,
    *,
    certificate: Certificate,
    pin: str,
    slot: ResultSignature,
    stamp: StampText,
    reason: str,
) -> bytes:
    """The PDF signed (PAdES baseline B) with a visible stamp in `slot`; raises
    `SigningFailedError` with a Vietnamese reason when the key cannot be used."""
    width, height = slot.box[2] - slot.box[0], slot.box[3] - slot.box[1]
    return _sign(
        pdf,
        certificate=certificate,
        pin=pin,
        field_name=FIELD_NAME,
        page=slot.page,
        box=slot.box,
        appearance=lambda: stamp_pdf(stamp, width, height),
        reason=reason,
        location=stamp.unit,
        name=stamp.name,
    )


# The agency seal on forms 01-06 --------------------------------------------------------------

SEAL_FIELD_NAME = "ChuKySoCoQuan"
SEAL_WIDTH_MM, SEAL_HEIGHT_MM = 85.0, 16.0
SEAL_RIGHT_MM, SEAL_BOTTOM_MM = 15.0, 2.5
A4_POINTS = (595.28, 841.89)


@dataclass(frozen=True)
class SealText:
    """What an agency seal's visible stamp says: "Ký bởi: <agency>" and the signing time."""

    agency: str
    when: str


def seal_stamp_pdf(seal: SealText, width: float, height: float) -> bytes:
    """The agency seal's stamp as a one-page PDF of the box's size (points)."""
    pdf = FPDF(unit="mm", format=(width * MM, height * MM))
    pdf.add_font(FONT, "", str(FONT_DIR / "LiberationSerif-Regular.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "LiberationSerif-Bold.ttf"))
    pdf.set_margins(1.5, 1.2, 1.5)
    pdf.set_auto_page_break(auto=False)
    pdf.add_page()
    pdf.set_draw_color(200, 0, 0)
    pdf.set_text_color(200, 0, 0)
    pdf.set_line_width(0.4)
    pdf.rect(0.5, 0.5, width * MM - 1.0, height * MM - 1.0)
    pdf.set_xy(1.5, 1.2)
    pdf.set_font(FONT, "B", 8)
    pdf.multi_cell(pdf.epw, 3.4, "ĐÃ KÝ SỐ", align="L")
    pdf.set_font(FONT, "", 7.5)
    for line in (f"Ký bởi: {seal.agency}", f"Thời gian ký: {seal.when}"):
        pdf.set_x(1.5)
        pdf.multi_cell(pdf.epw, 3.3, nfc(line), align="L")
    return bytes(pdf.output())


def _last_page_box(pdf: bytes) -> tuple[int, tuple[float, float, float, float]]:
    """The last page (0-based) and the stamp's box in its bottom margin, at the right.

    The forms keep a bottom margin of 20 mm (Decree 30/2020) that text never enters, so the
    stamp covers nothing; the page width is read from the file (form 06 may be landscape).
    """
    reader = PdfFileReader(BytesIO(pdf), strict=False)
    pages = reader.root["/Pages"]
    count = int(pages["/Count"])
    page_ref, _ = reader.find_page_for_modification(count - 1)
    media = page_ref.get_object().get("/MediaBox") or pages.get("/MediaBox")
    width = float(media[2]) - float(media[0]) if media is not None else A4_POINTS[0]
    points = 72 / 25.4
    x2 = width - SEAL_RIGHT_MM * points
    x1 = x2 - SEAL_WIDTH_MM * points
    y1 = SEAL_BOTTOM_MM * points
    return count - 1, (x1, y1, x2, y1 + SEAL_HEIGHT_MM * points)


def seal_pdf(pdf: bytes, *, certificate: Certificate, passphrase: str, seal: SealText) -> bytes:
    """The form signed (PAdES) with the agency's seal, its stamp in the bottom margin of the
    last page; raises `SigningFailedError` with a Vietnamese reason when it cannot be."""
    try:
        page, box = _last_page_box(pdf)
    except Exception:
        raise SigningFailedError("Tệp biểu mẫu không đọc được để ký số.") from None
    width, height = box[2] - box[0], box[3] - box[1]
    return _sign(
        pdf,
        certificate=certificate,
        pin=passphrase,
        field_name=SEAL_FIELD_NAME,
        page=page,
        box=box,
        appearance=lambda: seal_stamp_pdf(seal, width, height),
        reason=f"Ký số của {seal.agency}",
        location=seal.agency,
        name=seal.agency,
    )


def _sign(
    pdf: bytes,
    *,
    certificate: Certificate,
    pin: str,
    field_name: str,
    page: int,
    box: tuple[float, float, float, float],
    appearance: Callable[[], bytes],
    reason: str,
    location: str,
    name: str,
) -> bytes:
    """Sign `pdf` in a new visible field `field_name` on `page` in `box` (points), the stamp
    being the one-page PDF `appearance` returns."""
    problem = certificate.problem_at()
    if problem is not None:
        raise SigningFailedError(problem)
    with (
        tempfile.NamedTemporaryFile(suffix=".pdf") as stamp_file,
        open_signer(certificate, pin) as signer,
    ):
        stamp_file.write(appearance())
        stamp_file.flush()
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
        pdf_signer = signers.PdfSigner(
            signers.PdfSignatureMetadata(
                field_name=field_name,
                reason=reason,
                location=location,
                name=name,
                subfilter=fields.SigSeedSubFilter.PADES,
            ),
            signer=signer,
            stamp_style=StaticStampStyle.from_pdf_file(stamp_file.name, border_width=0),
            new_field_spec=fields.SigFieldSpec(
                field_name,
                on_page=page,
                box=(int(box[0]), int(box[1]), int(box[2]), int(box[3])),
            ),
        )
        output = BytesIO()
        try:
            pdf_signer.sign_pdf(writer, output=output)
        except SigningFailedError:
            raise
        except Exception as error:
            raise SigningFailedError(
                f"Thiết bị hoặc khóa ký số không ký được ({type(error).__name__})."
            ) from None
        return output.getvalue()
