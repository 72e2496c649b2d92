"""Labels of the schools feature's enums, in Dutch and marked for translation (registered in
netwerk.labels by create_app)."""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from netwerk.formatting import format_number
from netwerk.schools.models import IdentifierType, OrganisationKind, Province, SchoolLevel, Umbrella

LABELS = {
    SchoolLevel.basis: _l("basisonderwijs"),
    SchoolLevel.secundair: _l("secundair onderwijs"),
    SchoolLevel.buitengewoon_basis: _l("buitengewoon basisonderwijs"),
    SchoolLevel.buitengewoon_secundair: _l("buitengewoon secundair onderwijs"),
    SchoolLevel.volwassenen: _l("volwassenenonderwijs"),
    SchoolLevel.deeltijds: _l("deeltijds onderwijs"),
    Umbrella.go: "GO!",
    Umbrella.kov: _l("Katholiek Onderwijs Vlaanderen"),
    Umbrella.ovsg: "OVSG",
    Umbrella.pov: "POV",
    Umbrella.other: _l("ander net"),
    Province.antwerpen: "Antwerpen",
    Province.limburg: "Limburg",
    Province.oost_vlaanderen: _l("Oost-Vlaanderen"),
    Province.vlaams_brabant: _l("Vlaams-Brabant"),
    Province.west_vlaanderen: _l("West-Vlaanderen"),
    Province.brussel: _l("Brussel"),
    OrganisationKind.school: _l("school"),
    OrganisationKind.clb: _l("CLB"),
    OrganisationKind.lokaal_bestuur: _l("lokaal bestuur"),
    OrganisationKind.expertisecentrum: _l("expertisecentrum"),
    OrganisationKind.pedagogische_begeleidingsdienst: _l("pedagogische begeleidingsdienst"),
    OrganisationKind.lerarenopleiding: _l("lerarenopleiding"),
    OrganisationKind.scholengemeenschap: _l("scholengemeenschap"),
    OrganisationKind.schoolbestuur: _l("schoolbestuur"),
    OrganisationKind.onderwijskoepel: _l("onderwijskoepel"),
    OrganisationKind.andere: _l("andere organisatie"),
    IdentifierType.instellingsnummer: _l("instellingsnummer"),
    IdentifierType.kbo: _l("ondernemingsnummer (KBO)"),
    IdentifierType.ovo: _l("OVO-code"),
}


# "2 lokale besturen", "1 CLB", "3 CLB's": a count of organisations of one kind, as the
# participation report writes its other members (page, exports, print). One ngettext per kind, so
# that each language has its own singular and plural; n is the count as written (1.234).
_COUNTED = {
    # The page's own texts of schools (Dutch and English both have n != 1 as their plural).
    OrganisationKind.school: lambda k, n: (
        _("%(n)s school", n=n) if k == 1 else _("%(n)s scholen", n=n)
    ),
    OrganisationKind.clb: lambda k, n: ngettext("%(n)s CLB", "%(n)s CLB's", k, n=n),
    OrganisationKind.lokaal_bestuur: lambda k, n: ngettext(
        "%(n)s lokaal bestuur", "%(n)s lokale besturen", k, n=n
    ),
    OrganisationKind.expertisecentrum: lambda k, n: ngettext(
        "%(n)s expertisecentrum", "%(n)s expertisecentra", k, n=n
    ),
    OrganisationKind.pedagogische_begeleidingsdienst: lambda k, n: ngettext(
        "%(n)s pedagogische begeleidingsdienst", "%(n)s pedagogische begeleidingsdiensten", k, n=n
    ),
    OrganisationKind.lerarenopleiding: lambda k, n: ngettext(
        "%(n)s lerarenopleiding", "%(n)s lerarenopleidingen", k, n=n
    ),
    OrganisationKind.scholengemeenschap: lambda k, n: ngettext(
        "%(n)s scholengemeenschap", "%(n)s scholengemeenschappen", k, n=n
    ),
    OrganisationKind.schoolbestuur: lambda k, n: ngettext(
        "%(n)s schoolbestuur", "%(n)s schoolbesturen", k, n=n
    ),
    OrganisationKind.onderwijskoepel: lambda k, n: ngettext(
        "%(n)s onderwijskoepel", "%(n)s onderwijskoepels", k, n=n
    ),
    OrganisationKind.andere: lambda k, n: ngettext(
        "%(n)s andere organisatie", "%(n)s andere organisaties", k, n=n
    ),
}


def counted_kind(kind: OrganisationKind | str, count: int) -> str:
    """'1 CLB', '3 CLB's', '2 lokale besturen': count organisations of a kind, in the language
    of the request, with its singular or plural."""
    return _COUNTED[OrganisationKind(kind)](count, format_number(count))
