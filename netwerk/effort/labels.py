"""Labels of the effort feature's enums, in Dutch and marked for translation (registered in
netwerk.labels by create_app)."""

from flask_babel import lazy_gettext as _l

from netwerk.effort.models import Activity, FundingSource, StaffRole

LABELS = {
    StaffRole.projectmedewerker: _l("projectmedewerker"),
    StaffRole.procescoach: _l("procescoach"),
    StaffRole.netwerkcoordinator: _l("netwerkcoördinator"),
    StaffRole.projectcoordinator: _l("projectcoördinator"),
    StaffRole.professionaliseringsmedewerker: _l("professionaliseringsmedewerker"),
    StaffRole.other: _l("andere"),
    FundingSource.projectsubsidie: _l("projectsubsidie"),
    FundingSource.eigen_middelen: _l("eigen middelen school"),
    FundingSource.gekleurde_middelen: _l("gekleurde middelen"),
    FundingSource.provincie: _l("provincie"),
    FundingSource.other: _l("andere"),
    Activity.bijeenkomst: _l("bijeenkomst"),
    Activity.voorbereiding: _l("voorbereiding"),
    Activity.schoolbezoek: _l("schoolbezoek"),
    Activity.verplaatsing: _l("verplaatsing"),
    Activity.opleiding: _l("opleiding"),
    Activity.administratie: _l("administratie"),
    Activity.other: _l("andere"),
}
