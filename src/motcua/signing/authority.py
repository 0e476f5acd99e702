"""X.509 helpers over `cryptography`: the demo CA, certificates for officials, PKCS#12 files.

Pure functions (no database): `actions.py` stores what they make. Keys are EC P-256, fast to
make and accepted by pyHanko and common PDF readers.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DEMO_CA_NAME = "motcua DEMO CA - KHÔNG DÙNG THẬT"
PrivateKey = ec.EllipticCurvePrivateKey
SIGNABLE_PUBLIC_KEYS = ec.EllipticCurvePublicKey


@dataclass(frozen=True)
class Person:
    """Who a certificate names: full name, title (chức danh), unit and province."""

    full_name: str
    title: str = ""
    unit: str = ""
    province: str = ""


def new_key() -> PrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def make_ca(name: str = DEMO_CA_NAME, *, days: int = 3650) -> tuple[x509.Certificate, PrivateKey]:
    """A self-signed CA certificate and its key."""
    key = new_key()
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "motcua"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        ]
    )
    now = _now()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def person_name(person: Person) -> x509.Name:
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, person.full_name)]
    if person.title:
        attributes.append(x509.NameAttribute(NameOID.TITLE, person.title))
    if person.unit:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, person.unit))
    if person.province:
        attributes.append(x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, person.province))
    attributes.append(x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"))
    return x509.Name(attributes)


def issue(
    ca_cert: x509.Certificate,
    ca_key: PrivateKey,
    public_key: ec.EllipticCurvePublicKey,
    person: Person,
    *,
    days: int = 365,
    not_before: dt.datetime | None = None,
) -> x509.Certificate:
    """A signing certificate for `person`'s `public_key`, issued by the CA."""
    start = not_before or _now() - dt.timedelta(minutes=5)
    return (
        x509.CertificateBuilder()
        .subject_name(person_name(person))
        .issuer_name(ca_cert.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )


def to_pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode("ascii")


def key_pem(key: PrivateKey) -> bytes:
    """The key unencrypted (PKCS#8 PEM): only for the demo CA, written with mode 0600."""
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def load_key(data: bytes) -> PrivateKey:
    key = serialization.load_pem_private_key(data, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ValueError("Khóa CA không phải khóa EC.")
    return key


def load_pems(text: str | bytes) -> list[x509.Certificate]:
    """Every certificate in a PEM text (empty list for an empty text)."""
    data = text.encode("ascii") if isinstance(text, str) else text
    return x509.load_pem_x509_certificates(data) if data.strip() else []


def fingerprint(cert: x509.Certificate) -> str:
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def pkcs12_bytes(
    key: PrivateKey,
    cert: x509.Certificate,
    chain: Iterable[x509.Certificate],
    pin: str,
) -> bytes:
    """A PKCS#12 archive of the key, certificate and chain, encrypted with `pin` (AES-256)."""
    encryption = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(50000)
        .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC)
        .hmac_hash(hashes.SHA256())
        .build(pin.encode("utf-8"))
    )
    return pkcs12.serialize_key_and_certificates(
        b"motcua", key, cert, list(chain) or None, encryption
    )


def attribute(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


def describe(name: x509.Name) -> str:
    """A readable subject/issuer: "CN=..., O=..." in RFC 4514 order."""
    return name.rfc4514_string()[:500]
