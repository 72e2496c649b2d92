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
from netwerk.idempotency import IdempotencyKey
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
from netwerk.money.models import (
    BudgetLine,
    FteRate,
    Funder,
    Grant,
    GrantAmendment,
    GrantPayment,
    GrantRequirement,
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
from netwerk.webhooks.models import WebhookDelivery, WebhookEndpoint

__all__ = [
    "AnswerOrder",
    "ApiToken",
    "Attendance",
    "AttendancePerson",
    "AttendancePersonVersion",
    "AttendanceVersion",
    "BudgetLine",
    "CalendarFeed",
    "Call",
    "ClosedMonth",
    "DataGeneration",
    "FormSubmission",
    "FteRate",
    "Funder",
    "Grant",
    "GrantAmendment",
    "GrantPayment",
    "GrantRequirement",
    "HourEntry",
    "HourEntryVersion",
    "IdempotencyKey",
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
    "WebhookDelivery",
    "WebhookEndpoint",
    "WorkPlan",
    "WorkPlanTheme",
    "user_school",
]
