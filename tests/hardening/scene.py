"""One small scene in which every URL parameter of the app resolves: a network with an anchor, a
coach, a registered school, a meeting, an output, a work plan theme, a calendar feed, staff with an
assignment, planned FTE and an hour entry; a user and an API token per role.

Shared by the authorization matrix, the form posts and the schemathesis run.
"""

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from flask import Flask

from netwerk.auth.models import ApiToken, Role, User
from netwerk.auth.tokens import hash_token
from netwerk.effort.models import (
    Activity,
    ClosedMonth,
    FundingSource,
    HourEntry,
    PlannedEffort,
    StaffAssignment,
    StaffMember,
    StaffRole,
)
from netwerk.extensions import db
from netwerk.meetings.feeds import hash_feed_token
from netwerk.meetings.models import (
    CalendarFeed,
    Meeting,
    MeetingStatus,
    Output,
    OutputType,
    WorkPlan,
    WorkPlanTheme,
)
from netwerk.money.models import (
    AmountBasis,
    BudgetCategory,
    BudgetLine,
    Funder,
    FunderKind,
    Grant,
    GrantRequirement,
    ProRata,
    Rounding,
)
from netwerk.networks.models import (
    Call,
    MembershipRole,
    Network,
    NetworkMembership,
    Programme,
    Registration,
    RegistrationStatus,
    RegistrationStatusChange,
)
from netwerk.networks.renewal.models import RenewalAnswer, RenewalRound
from netwerk.publications.services import publish
from netwerk.reports.params import ReportParams
from netwerk.schools.models import (
    Organisation,
    OrganisationKind,
    Province,
    School,
    SchoolLevel,
    Umbrella,
    user_school,
)
from netwerk.timeutil import SchoolYear, today
from netwerk.webhooks.models import WebhookDelivery, WebhookEndpoint
from tests.factories import DEFAULT_PASSWORD, _hash

S = RegistrationStatus
# The roles of the matrix: the network's own coach and school, and a coach and a school elsewhere.
ROLES = ("admin", "ministry", "coach", "other_coach", "school", "other_school", "anonymous")
CLOSED_MONTH = date(2020, 1, 1)


@dataclass
class Scene:
    """The ids of the scene's objects and, per role, a user id and an API token."""

    ids: dict[str, int | str] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    feed_token: str = ""


def _school(number: str, name: str) -> School:
    return School(
        institution_number=number,
        name=name,
        level=SchoolLevel.secundair,
        umbrella=Umbrella.kov,
        province=Province.limburg,
        postcode="3500",
        municipality="Hasselt",
        public_code=f"S-H{number}",
    )


def _registration(school: School, network: Network, on: date) -> Registration:
    registration = Registration(school=school, network=network, status=S.accepted)
    registration.status_changes = [
        RegistrationStatusChange(from_status=None, to_status=S.submitted, effective_on=on),
        RegistrationStatusChange(from_status=S.submitted, to_status=S.accepted, effective_on=on),
    ]
    return registration


def _publication(admin: User) -> int:
    """A publication of today's participation report (committed); its id."""
    publication = publish(
        admin, "participation", "Schriftelijke vraag nr. 1", ReportParams(today())
    )
    db.session.commit()
    return publication.id


def _grant(network: Network, anchor: School) -> Grant:
    """A grant of the scene's network (its coach reads it) with a requirement and a budget line."""
    year = SchoolYear.of(today())
    grant = Grant(
        funder=Funder(name="Ministerie", kind=FunderKind.ministerie),
        title="Toelage",
        recipient_id=anchor.id,
        networks=[network],
        decided_on=year.starts_on,
        starts_on=year.starts_on,
        ends_on=year.ends_on,
        amount=Decimal("64000.00"),
        amount_basis=AmountBasis.per_year,
        prorata=ProRata.months,
        rounding=Rounding.cents,
    )
    grant.requirements = [GrantRequirement(title="Verslag", due_on=year.ends_on)]
    grant.budget_lines = [
        BudgetLine(
            network=network,
            category=BudgetCategory.personeel,
            starts_on=year.starts_on,
            ends_on=year.ends_on,
            original_amount=Decimal("64000.00"),
        )
    ]
    return grant


def build_scene(app: Flask) -> Scene:
    """Write the scene into the app's (empty) database in one transaction; returns its ids."""
    scene = Scene()
    with app.app_context():
        member = _school("126771", "Sint-Jozefscollege Hasselt")
        outsider = _school("126772", "School van elders")
        free = _school("126773", "Vrije school")
        anchor = _school("126774", "Ankerschool")
        users = {
            role: User(
                email=f"{role.replace('_', '-')}@scene.be",
                name=f"{role.replace('_', ' ').title()}",
                role=Role(kind),
                password_hash=_hash(DEFAULT_PASSWORD),
            )
            for role, kind in (
                ("admin", "admin"),
                ("ministry", "ministry"),
                ("coach", "coach"),
                ("other_coach", "coach"),
                ("school", "school"),
                ("other_school", "school"),
            )
        }
        users["school"].schools = [member]
        users["other_school"].schools = [outsider]
        programme = Programme(name="Programma")
        network = Network(
            name="Netwerk Wiskunde",
            programme=programme,
            level=SchoolLevel.secundair,
            capacity=10,
            anchors=[anchor],
            coaches=[users["coach"]],
        )
        # A network of the other coach and the other school, so that "other" is not "nobody's".
        other_network = Network(
            name="Ander netwerk",
            programme=programme,
            level=SchoolLevel.secundair,
            anchors=[outsider],
            coaches=[users["other_coach"]],
        )
        opens = today() - timedelta(days=10)
        call = Call(
            title="Oproep",
            programme=programme,
            opens_on=opens,
            closes_on=opens + timedelta(days=30),
            starts_on=opens + timedelta(days=40),
            networks=[network],
        )
        on = today() - timedelta(days=5)
        registration = _registration(member, network, on)
        yesterday = datetime.combine(today() - timedelta(days=1), time(14))
        meeting = Meeting(
            network=network, starts_at=yesterday, status=MeetingStatus.held, title="Start"
        )
        output = Output(
            network=network,
            meeting=meeting,
            type=OutputType.fiche,
            title="Fiche",
            url="https://example.org/fiche",
        )
        year = SchoolYear.of(today())
        plan = WorkPlan(network=network, school_year=str(year), needs="Noden")
        theme = WorkPlanTheme(work_plan=plan, title="Thema", meetings=[meeting])
        staff = StaffMember(name="Coach", email="coach@scene.be", user=users["coach"])
        assignment = StaffAssignment(
            staff_member=staff,
            network=network,
            role=StaffRole.procescoach,
            fte=Decimal("0.5"),
            funding_source=FundingSource.projectsubsidie,
            starts_on=year.starts_on,
        )
        planned = PlannedEffort(network=network, school_year=str(year), planned_fte=Decimal(1))
        entry = HourEntry(
            staff_member=staff,
            network=network,
            meeting=meeting,
            worked_on=yesterday.date(),
            minutes=90,
            activity=Activity.bijeenkomst,
        )
        closed = ClosedMonth(month=CLOSED_MONTH)
        db.session.add_all(
            [free, call, registration, _registration(outsider, other_network, on), output, theme]
            + [assignment, planned, entry, closed, *users.values()]
        )
        db.session.flush()
        # An open renewal round for the coming school year, asking the member school.
        renewal = RenewalRound(network=network, school_year=str(SchoolYear(year.start_year + 1)))
        answer = RenewalAnswer(round=renewal, registration=registration, asked_on=today())
        grant = _grant(network, anchor)
        db.session.add_all([renewal, answer, grant])
        # A CLB taking part in the network (issue 20).
        clb = Organisation(kind=OrganisationKind.clb, name="CLB Scène")
        membership = NetworkMembership(
            network=network, organisation=clb, role=MembershipRole.deelnemer, valid_from=on
        )
        db.session.add_all([clb, membership])
        db.session.flush()
        # The school user is its contact too: it may sign the CLB up and stop (signup).
        link = {"user_id": users["school"].id, "school_id": clb.id}
        db.session.execute(user_school.insert().values(**link))
        scene.feed_token = secrets.token_urlsafe(24)
        feed = CalendarFeed(
            token_hash=hash_feed_token(scene.feed_token),
            owner_id=users["school"].id,
            user_id=users["school"].id,
        )
        db.session.add(feed)
        # A webhook endpoint of the admin with one delivery in its log (issue 27).
        endpoint = WebhookEndpoint(
            url="https://example.org/hook",
            secret="s" * 32,
            events="meeting.created",
            owner=users["admin"],
        )
        delivery = WebhookDelivery(
            endpoint=endpoint,
            event_id=str(uuid.uuid4()),
            delivery_key=str(uuid.uuid4()),
            event="meeting.created",
            body="{}",
        )
        db.session.add_all([endpoint, delivery])
        api_tokens = {}
        for role, user in users.items():
            token = secrets.token_urlsafe(24)
            api_tokens[role] = ApiToken(user=user, token_hash=hash_token(token), name="scene")
            db.session.add(api_tokens[role])
            scene.tokens[role] = token
        db.session.commit()
        scene.users = {role: user.id for role, user in users.items()}
        scene.ids = {
            "network_id": network.id,
            "other_network_id": other_network.id,
            "school_id": member.id,
            "anchor_school_id": anchor.id,
            "free_school_id": free.id,
            "registration_id": registration.id,
            "token_id": api_tokens["school"].id,  # the school user's own API token
            "meeting_id": meeting.id,
            "output_id": output.id,
            "theme_id": theme.id,
            "feed_id": feed.id,
            "member_id": staff.id,
            "assignment_id": assignment.id,
            "planned_id": planned.id,
            "entry_id": entry.id,
            "user_id": users["other_school"].id,
            "call_id": call.id,
            "programme_id": programme.id,
            "school_year": str(year),
            "publication_id": _publication(users["admin"]),
            "round_id": renewal.id,
            "answer_id": answer.id,
            "endpoint_id": endpoint.id,
            "delivery_id": delivery.id,
            "grant_id": grant.id,
            "funder_id": grant.funder_id,
            "requirement_id": grant.requirements[0].id,
            "line_id": grant.budget_lines[0].id,
            "organisation_id": clb.id,
            "membership_id": membership.id,
        }
        db.session.remove()
    return scene


def session_user_id(app, user_id: int) -> str:
    """What a logged-in session holds for the user now (its id, session version and login time):
    a logout or a new password in an earlier request of a test ends the earlier value."""
    with app.app_context():
        return db.session.get(User, user_id).get_id()
