"""Labels of the schools feature's enums, in Dutch and marked for translation (registered in
netwerk.labels by create_app)."""

from flask_babel import lazy_gettext as _l

from netwerk.schools.models import Province, SchoolLevel, Umbrella

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
}
