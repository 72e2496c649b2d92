"""The forms of the app that create rows without a natural unique key, with a valid filling of
each and the rows it creates: shared by the sequential double submit (SQLite and PostgreSQL) and
the parallel one over real sockets (PostgreSQL)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select

from netwerk.auth.models import ApiToken, User
from netwerk.effort.models import HourEntry, StaffAssignment, StaffMember
from netwerk.meetings.models import CalendarFeed, Meeting, MeetingSeries, Output, WorkPlanTheme
from netwerk.networks.models import Call, Network
from netwerk.schools.models import School
from netwerk.timeutil import today

COACH, ADMIN = "coach@scene.be", "admin@scene.be"


@dataclass(frozen=True)
class Create:
    """A create form: who sends it where, with what, and how many rows of its kind there are."""

    name: str
    email: str
    path: str  # with {placeholders} from the scene's ids
    fields: Callable[[dict], dict]  # the scene's ids -> the form's fields
    rows: object  # a select of the number of rows the form creates
    first_code: int = 302  # the answer to the first submit


def _day(days: int) -> str:
    return (today() + timedelta(days=days)).strftime("%d/%m/%Y")


CREATES = [
    Create(
        "meeting",
        COACH,
        "/bijeenkomsten/netwerk/{network_id}/nieuw",
        lambda ids: {
            "type": "bijeenkomst",
            "title": "Dubbel getikt",
            "day": _day(20),
            "start_time": "14:00",
            "duration_minutes": "120",
            "status": "planned",
            "host_school_id": "",
        },
        select(func.count()).where(Meeting.title == "Dubbel getikt"),
    ),
    Create(
        "meeting series",
        COACH,
        "/bijeenkomsten/netwerk/{network_id}/reeks",
        lambda ids: {
            "type": "bijeenkomst",
            "title": "Reeks",
            "duration_minutes": "120",
            "host_school_id": "",
            "frequency": "monthly",
            "nth": "2",
            "weekday": "1",
            "interval": "1",
            "starts_on": _day(30),
            "until": _day(120),
            "start_time": "14:00",
            "save": "Reeks aanmaken",
        },
        select(func.count()).select_from(MeetingSeries),
    ),
    Create(
        "output",
        COACH,
        "/bijeenkomsten/netwerk/{network_id}/outputs/nieuw",
        lambda ids: {
            "type": "fiche",
            "title": "Dubbele fiche",
            "status": "draft",
            "meeting_id": "",
            "url": "https://example.org/fiche",
        },
        select(func.count()).where(Output.title == "Dubbele fiche"),
    ),
    Create(
        "work plan theme",
        COACH,
        "/bijeenkomsten/netwerk/{network_id}/werkplan/{school_year}/thema",
        lambda ids: {"title": "Dubbel thema", "goals": "Beter lezen"},
        select(func.count()).where(WorkPlanTheme.title == "Dubbel thema"),
    ),
    Create(
        "calendar link",
        COACH,
        "/bijeenkomsten/agenda-links",
        lambda ids: {"network_id": ""},
        select(func.count()).select_from(CalendarFeed),
    ),
    Create(
        "hour entry",
        COACH,
        "/inzet/uren",
        lambda ids: {
            "worked_on": _day(-5),
            "duration": "1u",
            "activity": "voorbereiding",
            "network_id": str(ids["network_id"]),
        },
        select(func.count()).where(HourEntry.worked_on == today() - timedelta(days=5)),
    ),
    Create(
        "staff member",
        ADMIN,
        "/inzet/medewerkers/nieuw",
        lambda ids: {"name": "Dubbel getikte medewerker", "email": "", "user_id": "0"},
        select(func.count()).where(StaffMember.name == "Dubbel getikte medewerker"),
    ),
    Create(
        "assignment",
        ADMIN,
        "/inzet/medewerkers/{member_id}/opdrachten/nieuw",
        lambda ids: {
            "target": f"network:{ids['network_id']}",
            "role": "procescoach",
            "fte": "0,05",
            "funding_source": "projectsubsidie",
            "starts_on": "01/09/2031",
        },
        select(func.count()).select_from(StaffAssignment),
    ),
    Create(
        "network",
        ADMIN,
        "/netwerken/nieuw",
        lambda ids: {
            "name": "Dubbel netwerk",
            "programme": str(ids["programme_id"]),
            "type": "lerend_netwerk",
            "level": "secundair",
            "province": "",
            "anchors": "126773",
            "is_active": "y",
        },
        select(func.count()).where(Network.name == "Dubbel netwerk"),
    ),
    Create(
        "call",
        ADMIN,
        "/netwerken/oproepen/nieuw",
        lambda ids: {
            "title": "Dubbele oproep",
            "programme": str(ids["programme_id"]),
            "opens_on": "2030-01-01",
            "closes_on": "2030-02-01",
            "starts_on": "2030-09-01",
        },
        select(func.count()).where(Call.title == "Dubbele oproep"),
    ),
    Create(
        "API token",
        COACH,
        "/api-sleutels/nieuw",
        lambda ids: {"name": "Dubbel", "days": "30"},
        select(func.count()).where(ApiToken.name == "Dubbel"),
        first_code=200,  # the secret is shown on the answer itself, once
    ),
    Create(
        "user",
        ADMIN,
        "/gebruikers/nieuw",
        lambda ids: {
            "email": "dubbel@test.be",
            "name": "Dubbel",
            "role": "coach",
        },
        select(func.count()).where(User.email == "dubbel@test.be"),
    ),
    Create(
        "school",
        ADMIN,
        "/scholen/nieuw",
        lambda ids: {
            "institution_number": "199998",
            "name": "Dubbel getikt atheneum",
            "level": "secundair",
            "umbrella": "kov",
            "street": "Kerkstraat 1",
            "postcode": "3800",
            "municipality": "Sint-Truiden",
            "province": "",
            "parent_institution_number": "",
            "scholengemeenschap": "",
        },
        select(func.count()).where(School.institution_number == "199998"),
    ),
]
