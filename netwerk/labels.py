"""Translated labels for the enums of the features (networks, meetings, effort)."""

from flask_babel import gettext as _


def feature_labels() -> dict:
    """Enum member -> label in the current language."""
    from netwerk.effort.models import Activity, FundingSource, StaffRole
    from netwerk.meetings.models import (
        AttendanceStatus,
        MeetingStatus,
        MeetingType,
        OutputStatus,
        OutputType,
    )
    from netwerk.networks.models import NetworkType, RegistrationStatus

    return {
        NetworkType.lerend_netwerk: _("lerend netwerk"),
        NetworkType.leergemeenschap: _("leergemeenschap"),
        RegistrationStatus.submitted: _("ingediend"),
        RegistrationStatus.accepted: _("aanvaard"),
        RegistrationStatus.waitlisted: _("op wachtlijst"),
        RegistrationStatus.declined: _("geweigerd"),
        RegistrationStatus.withdrawn: _("ingetrokken"),
        MeetingType.bijeenkomst: _("bijeenkomst"),
        MeetingType.werksessie: _("werksessie"),
        MeetingType.toonmoment: _("toonmoment"),
        MeetingType.infosessie: _("infosessie"),
        MeetingType.opleiding: _("opleiding"),
        MeetingType.other: _("andere"),
        MeetingStatus.planned: _("gepland"),
        MeetingStatus.held: _("gehouden"),
        MeetingStatus.cancelled: _("geannuleerd"),
        MeetingStatus.postponed: _("uitgesteld"),
        AttendanceStatus.present: _("aanwezig"),
        AttendanceStatus.absent: _("afwezig"),
        AttendanceStatus.excused: _("verontschuldigd"),
        OutputType.lesmateriaal: _("lesmateriaal"),
        OutputType.fiche: _("fiche"),
        OutputType.servicedocument: _("servicedocument"),
        OutputType.planningsdocument: _("planningsdocument"),
        OutputType.other: _("andere"),
        OutputStatus.draft: _("ontwerp"),
        OutputStatus.final: _("definitief"),
        StaffRole.projectmedewerker: _("projectmedewerker"),
        StaffRole.procescoach: _("procescoach"),
        StaffRole.netwerkcoordinator: _("netwerkcoördinator"),
        StaffRole.projectcoordinator: _("projectcoördinator"),
        StaffRole.professionaliseringsmedewerker: _("professionaliseringsmedewerker"),
        StaffRole.other: _("andere"),
        FundingSource.projectsubsidie: _("projectsubsidie"),
        FundingSource.eigen_middelen: _("eigen middelen school"),
        FundingSource.gekleurde_middelen: _("gekleurde middelen"),
        FundingSource.provincie: _("provincie"),
        FundingSource.other: _("andere"),
        Activity.bijeenkomst: _("bijeenkomst"),
        Activity.voorbereiding: _("voorbereiding"),
        Activity.schoolbezoek: _("schoolbezoek"),
        Activity.verplaatsing: _("verplaatsing"),
        Activity.opleiding: _("opleiding"),
        Activity.administratie: _("administratie"),
        Activity.other: _("andere"),
    }
