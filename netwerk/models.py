"""Imports every model, so that Flask-Migrate and the tests see the whole schema."""

from netwerk.auth.models import ApiToken, Role, User
from netwerk.effort.models import (
    ClosedMonth,
    HourEntry,
    HourEntryVersion,
    PlannedEffort,
    PlannedEffortVersion,
    SchoolYearSetting,
    StaffAssignment,
    StaffAssignmentVersion,
    StaffMember,
)
from netwerk.generation import DataGeneration
from netwerk.meetings.models import (
    Attendance,
    AttendancePerson,
    AttendancePersonVersion,
    AttendanceVersion,
    CalendarFeed,
    Meeting,
    MeetingSeries,
    MinutesRevision,
    Output,
    WorkPlan,
    WorkPlanTheme,
)
from netwerk.networks.models import (
    Call,
    Network,
    NetworkAnchorPeriod,
    NetworkMembership,
    NetworkParentPeriod,
    NetworkProfileChange,
    Programme,
    Registration,
    RegistrationStatusChange,
    RegistrationStatusPeriod,
)
from netwerk.networks.renewal.models import RenewalAnswer, RenewalRound
from netwerk.notifications.models import SentReminder
from netwerk.publications.models import Publication
from netwerk.reports.models import AnswerOrder
from netwerk.schools.models import Organisation, OrganisationIdentifier, School, user_school
from netwerk.submissions import FormSubmission

__all__ = [
    "AnswerOrder",
    "ApiToken",
    "Attendance",
    "AttendancePerson",
    "AttendancePersonVersion",
    "AttendanceVersion",
    "CalendarFeed",
    "Call",
    "ClosedMonth",
    "DataGeneration",
    "FormSubmission",
    "HourEntry",
    "HourEntryVersion",
    "Meeting",
    "MeetingSeries",
    "MinutesRevision",
    "Network",
    "NetworkAnchorPeriod",
    "NetworkMembership",
    "NetworkParentPeriod",
    "NetworkProfileChange",
    "Organisation",
    "OrganisationIdentifier",
    "Output",
    "PlannedEffort",
    "PlannedEffortVersion",
    "Programme",
    "Publication",
    "Registration",
    "RegistrationStatusChange",
    "RegistrationStatusPeriod",
    "RenewalAnswer",
    "RenewalRound",
    "Role",
    "School",
    "SchoolYearSetting",
    "SentReminder",
    "StaffAssignment",
    "StaffAssignmentVersion",
    "StaffMember",
    "User",
    "WorkPlan",
    "WorkPlanTheme",
    "user_school",
]
