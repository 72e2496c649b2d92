"""Labels of the schools feature's enums, in Dutch and marked for translation (registered in
netwerk.labels by create_app)."""

from flask_babel import lazy_gettext as _l

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
