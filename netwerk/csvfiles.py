"""Reading the CSV files Flemish users upload: shared by the school and the hours imports."""

import codecs

from flask_babel import gettext as _

from netwerk.errors import DomainError


def decode(data: bytes) -> tuple[str, str]:
    """The text of the file and the name of its encoding: UTF-8 (BOM or not), else Windows-1252."""
    if data.startswith(b"PK\x03\x04"):
        raise DomainError(
            _(
                "Dit is een Excel-bestand. Bewaar het in Excel als 'CSV (gescheiden door lijstscheidingsteken)'."
            )
        )
    # A NUL anywhere, not only near the start: PostgreSQL cannot store it in text.
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in data:
        raise DomainError(
            _("Dit bestand is geen CSV-tekstbestand in UTF-8 of Windows-1252 (misschien UTF-16).")
        )
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8"
        except UnicodeDecodeError as exc:
            raise DomainError(
                _("Het bestand begint als UTF-8 maar bevat ongeldige tekens.")
            ) from exc
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "Windows-1252"
    except UnicodeDecodeError as exc:
        raise DomainError(_("Het bestand is geen tekstbestand in UTF-8 of Windows-1252.")) from exc
