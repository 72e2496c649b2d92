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
from netwerk.meetings.models import (
    Attendance,
    AttendancePerson,
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
    NetworkProfileChange,
    Programme,
    Registration,
    RegistrationStatusChange,
)
from netwerk.notifications.models import SentReminder
from netwerk.publications.models import Publication
from netwerk.reports.models import AnswerOrder
from netwerk.schools.models import School, user_school
from netwerk.submissions import FormSubmission

__all__ = [
    "AnswerOrder",
    "ApiToken",
    "Attendance",
    "AttendancePerson",
    "CalendarFeed",
    "Call",
    "ClosedMonth",
    "FormSubmission",
    "HourEntry",
    "HourEntryVersion",
    "Meeting",
    "MeetingSeries",
    "MinutesRevision",
    "Network",
    "NetworkAnchorPeriod",
    "NetworkProfileChange",
    "Output",
    "PlannedEffort",
    "PlannedEffortVersion",
    "Programme",
    "Publication",
    "Registration",
    "RegistrationStatusChange",
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
