"""Labels of the meetings feature's enums, in Dutch and marked for translation (registered in
netwerk.labels by create_app)."""

from flask_babel import lazy_gettext as _l

from netwerk.meetings.models import (
    AttendanceStatus,
    MeetingStatus,
    MeetingType,
    OutputStatus,
    OutputType,
)

LABELS = {
    MeetingType.bijeenkomst: _l("bijeenkomst"),
    MeetingType.werksessie: _l("werksessie"),
    MeetingType.toonmoment: _l("toonmoment"),
    MeetingType.infosessie: _l("infosessie"),
    MeetingType.opleiding: _l("opleiding"),
    MeetingType.other: _l("andere"),
    MeetingStatus.planned: _l("gepland"),
    MeetingStatus.held: _l("gehouden"),
    MeetingStatus.cancelled: _l("afgelast"),
    MeetingStatus.postponed: _l("uitgesteld"),
    AttendanceStatus.present: _l("aanwezig"),
    AttendanceStatus.absent: _l("afwezig"),
    AttendanceStatus.excused: _l("verontschuldigd"),
    OutputType.lesmateriaal: _l("lesmateriaal"),
    OutputType.fiche: _l("fiche"),
    OutputType.servicedocument: _l("servicedocument"),
    OutputType.planningsdocument: _l("planningsdocument"),
    OutputType.other: _l("andere"),
    OutputStatus.draft: _l("ontwerp"),
    OutputStatus.final: _l("definitief"),
}
