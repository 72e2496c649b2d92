"""Hand-made rows for the tables the scale generator leaves empty, with awkward values."""

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import select

from netwerk.auth.models import ApiToken, RegistrationMail, Role, User
from netwerk.effort.models import (
    ClosedMonth,
    FundingSource,
    PlannedEffort,
    StaffAssignment,
    StaffMember,
    StaffRole,
)
from netwerk.extensions import db
from netwerk.idempotency import IdempotencyKey
from netwerk.meetings.models import (
    AttendancePerson,
    AttendancePersonVersion,
    AttendanceStatus,
    CalendarFeed,
    Meeting,
    MeetingSeries,
    MinutesRevision,
    Output,
    OutputStatus,
    OutputType,
    WorkPlan,
    WorkPlanTheme,
)
from netwerk.money.models import (
    AmountBasis,
    BudgetCategory,
    BudgetLine,
    FteRate,
    Funder,
    FunderKind,
    Grant,
    GrantAmendment,
    GrantPayment,
    GrantRequirement,
    ProRata,
    Rounding,
)
from netwerk.networks.models import (
    MembershipRole,
    Network,
    NetworkMembership,
    NetworkParentPeriod,
    Programme,
    Registration,
)
from netwerk.networks.renewal.models import RenewalAnswer, RenewalRound
from netwerk.notifications.models import NoticeKind, SentReminder
from netwerk.publications.models import Publication, ReportKind
from netwerk.reports.models import AnswerOrder
from netwerk.schools.models import (
    IdentifierType,
    Organisation,
    OrganisationIdentifier,
    OrganisationKind,
    Province,
    School,
    SchoolLevel,
    Umbrella,
)
from netwerk.submissions import FormSubmission
from netwerk.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint

UNICODE_NAME = "Basisschool De Bijenkorf — Zoë's klas «ĳverig» ✓ 学校"


def add_awkward_rows() -> None:
    """Rows with NULLs, Decimals, enums, unicode and a parent school with a higher id; commits."""
    user = User(
        email="ünïcode@test.be",
        name="Anaïs D'Hondt",
        password_hash="x",
        role=Role.school,
        locale=None,
        last_login_at=datetime(2024, 2, 29, 23, 59, 59, 123456),
        registration_mail=RegistrationMail.daily,
        wants_reminders=False,
    )
    child = School(
        institution_number="X-1",
        name=UNICODE_NAME,
        level=SchoolLevel.buitengewoon_secundair,
        umbrella=Umbrella.other,
        province=Province.brussel,
        scholengemeenschap=None,
        public_code="S-CHILD1",
    )
    db.session.add_all([user, child])
    db.session.flush()
    # The parent gets a higher id than its campus: the import must not depend on id order.
    parent = School(
        institution_number="X-2",
        name='Hoofdschool "Het Anker"\nmet een regeleinde',
        level=SchoolLevel.secundair,
        umbrella=Umbrella.go,
        province=Province.limburg,
        scholengemeenschap="Scholengemeenschap Ω",
        public_code="S-PARNT2",
    )
    db.session.add(parent)
    db.session.flush()
    child.parent_id = parent.id
    user.schools = [child, parent]
    db.session.add(ApiToken(user=user, token_hash="a" * 64, name="", revoked_at=None))

    network = db.session.scalars(select(Network).order_by(Network.id)).first()
    meeting = db.session.scalars(
        select(Meeting).where(Meeting.network_id == network.id).order_by(Meeting.id)
    ).first()
    programme = db.session.scalars(select(Programme).order_by(Programme.id)).first()
    series = MeetingSeries(network_id=network.id, rule="maandelijks, 2e dinsdag")
    db.session.add(series)
    db.session.flush()
    meeting.series_id = series.id
    db.session.add_all(
        [
            AttendancePerson(
                meeting_id=meeting.id,
                school_id=None,
                name="Zoë Peeters",
                role="zorgcoördinator",
                status=AttendanceStatus.excused,
            ),
            # A closed version of a person, recorded and closed by the user (a moment with
            # microseconds, a date, a None school).
            AttendancePersonVersion(
                meeting_id=meeting.id,
                network_id=network.id,
                meeting_on=meeting.starts_at.date(),
                school_id=None,
                name="Zoë Peeters",
                role="zorgcoördinator",
                status=AttendanceStatus.excused,
                recorded_at=datetime(2025, 10, 14, 16, 5, 7, 123456),
                recorded_until=datetime(2025, 10, 15, 9, 0, 0, 1),
                recorded_by_id=user.id,
                closed_by_id=user.id,
            ),
            MinutesRevision(
                meeting_id=meeting.id,
                body_markdown='# Verslag\n\n* punt "één"\n* punt twee\t✓\n',
                author_id=None,
            ),
            Output(
                network_id=network.id,
                meeting_id=None,
                type=OutputType.servicedocument,
                title="Servicedocument differentiatie",
                status=OutputStatus.final,
                stored_name=None,
                original_name="fiche (v2).pdf",
                content_type="application/pdf",
                size_bytes=123456,
            ),
            CalendarFeed(token_hash="b" * 64, owner_id=user.id, network_id=network.id),
            FormSubmission(
                token="c" * 64,
                user_id=user.id,
                endpoint="meetings.new_output",
                location="/bijeenkomsten/netwerk/1/outputs?q=één&x=1",
            ),
            ClosedMonth(month=date(2024, 1, 1), closed_by_id=None),
            SentReminder(
                kind=NoticeKind.reminder,
                user_id=user.id,
                registration_id=db.session.scalars(
                    select(Registration.id).order_by(Registration.id)
                ).first(),
            ),
            AnswerOrder(programme_id=programme.id, school_id=child.id, position=1),
            Publication(
                report=ReportKind.participation,
                title="Schriftelijke vraag nr. 155 – “deelname”",
                parameters={"as_of": "2021-11-19", "basis": "registered"},
                as_of=date(2021, 11, 19),
                known_at=datetime(2021, 11, 19, 22, 59, 59, 999999),
                body={"as_of": "2021-11-19", "rows": [], "totals": {}},
                source="bron: gegevens 19/11/2021",
                published_by_id=None,
                withdrawn_at=None,
                withdrawn_by_id=None,
                withdrawal_reason=None,
            ),
            PlannedEffort(
                network_id=None,
                programme_id=programme.id,
                school_year="2019-2020",
                planned_fte=Decimal("12.345"),
                earmarked_fte=Decimal("0.001"),
            ),
        ]
    )
    staff = StaffMember(name="Jef Vermeulen", seniority_years=None, employer_school_id=None)
    db.session.add(staff)
    db.session.flush()
    db.session.add(
        StaffAssignment(
            staff_member_id=staff.id,
            programme_id=programme.id,
            role=StaffRole.other,
            fte=Decimal("0.125"),
            funding_source=FundingSource.other,
            starts_on=date(2023, 9, 1),
            ends_on=None,
        )
    )
    # A parent that held for a while (closed span and record, no actor), and a renewal round that
    # was closed, with an answer that was asked, reminded and withdrawn (NULL confirmation).
    other = db.session.scalars(select(Network).where(Network.id != network.id)).first()
    db.session.add(
        NetworkParentPeriod(
            network_id=network.id,
            parent_id=other.id,
            valid_from=date(2020, 2, 29),
            valid_until=date(2021, 8, 31),
            recorded_at=datetime(2020, 3, 1, 8, 0, 0, 1),
            recorded_until=datetime(2021, 9, 1, 7, 59, 59, 999999),
            actor_id=None,
            reason="Koepel “Vlaanderen” → provincie",
        )
    )
    registration = db.session.scalars(
        select(Registration).where(Registration.network_id == network.id).order_by(Registration.id)
    ).first()
    db.session.add(
        RenewalRound(
            network_id=network.id,
            school_year="2020-2021",
            opened_at=datetime(2020, 5, 31, 22, 0, 0, 5),
            opened_by_id=user.id,
            closed_at=datetime(2020, 9, 1, 6, 30),
            closed_by_id=None,
            answers=[
                RenewalAnswer(
                    registration_id=registration.id,
                    confirmed_at=None,
                    asked_on=date(2020, 6, 1),
                    reminded_on=date(2020, 6, 8),
                    withdrawn_on=date(2020, 9, 1),
                )
            ],
        )
    )
    # An API POST's Idempotency-Key with its stored answer, and a paused webhook endpoint with a
    # delivery that failed (its signed body kept exactly, NULL delivered_at and claim).
    db.session.add(
        IdempotencyKey(
            scope_hash="d" * 64,
            token_id=db.session.scalar(select(ApiToken.id)),
            method="POST",
            path="/api/v1/schools",
            request_hash="e" * 64,
            created_at=datetime(2025, 3, 30, 0, 59, 59, 999999),
            response_status=201,
            response_headers='{"Content-Type": "application/json"}',
            response_body='{"name": "Sint-Jozef – “één”"}\n',
        )
    )
    endpoint = WebhookEndpoint(
        url="https://voorbeeld.be/hook?bron=netwerk&x=é",
        description="Agenda “tool”",
        secret="g" * 64,
        events="meeting.created meeting.cancelled",
        is_active=False,
        owner_id=user.id,
    )
    endpoint.deliveries = [
        WebhookDelivery(
            event_id="8d1c6c1e-2b7e-4c3e-9a55-000000000001",
            delivery_key="8d1c6c1e-2b7e-4c3e-9a55-000000000002",
            event="meeting.cancelled",
            body='{"id":"8d1c","event":"meeting.cancelled","data":{"title":"Één"}}',
            status=DeliveryStatus.failed,
            attempts=6,
            next_attempt_at=datetime(2025, 10, 26, 1, 30),
            claimed_until=None,
            last_attempt_at=datetime(2025, 10, 26, 1, 30, 0, 1),
            last_status_code=None,
            last_error="<urlopen error [Errno 111] Connection refused>",
            delivered_at=None,
        )
    ]
    db.session.add(endpoint)
    plan = WorkPlan(network_id=network.id, school_year="2019-2020", needs="Noden: “leesmotivatie”")
    plan.themes = [WorkPlanTheme(title="Thema 1", goals="", realisations="")]
    plan.themes[0].meetings = [meeting]
    db.session.add(plan)
    _add_money(network, user)
    # An organisation that is not a school, with an identifier that ended and one open-ended.
    clb = Organisation(kind=OrganisationKind.clb, name="CLB «Ĳzer» — Noord", province=None)
    clb.identifiers = [
        OrganisationIdentifier(
            type=IdentifierType.kbo, value="0123.456.789", valid_from=None, valid_until=None
        ),
        OrganisationIdentifier(
            type=IdentifierType.ovo,
            value="OVO000123",
            valid_from=date(2019, 9, 1),
            valid_until=date(2021, 8, 31),
        ),
    ]
    db.session.add(clb)
    # The CLB taking part in a network, a period that ended and was superseded (issue 20).
    db.session.add(
        NetworkMembership(
            network_id=network.id,
            organisation=clb,
            role=MembershipRole.deelnemer,
            valid_from=date(2019, 9, 1),
            valid_until=date(2020, 8, 31),
            recorded_at=datetime(2019, 8, 20, 9, 0, 0, 7),
            recorded_until=datetime(2020, 9, 2, 12, 0),
            actor_id=None,
        )
    )
    db.session.commit()


def add_webhook_and_key(user_id: int) -> str:
    """A webhook endpoint of the user with one delivery, and an Idempotency-Key of the user's
    first API token (the rows --without-secrets leaves out); returns the endpoint's secret."""
    secret = "webhook-geheim-" + "h" * 40
    endpoint = WebhookEndpoint(
        url="https://voorbeeld.be/hook", secret=secret, events="meeting.created", owner_id=user_id
    )
    endpoint.deliveries = [
        WebhookDelivery(
            event_id="e" * 36, delivery_key="k" * 36, event="meeting.created", body="{}"
        )
    ]
    token_id = db.session.scalar(select(ApiToken.id).where(ApiToken.user_id == user_id))
    key = IdempotencyKey(
        scope_hash="s" * 64,
        token_id=token_id,
        method="POST",
        path="/api/v1/x",
        request_hash="r" * 64,
    )
    db.session.add_all([endpoint, key])
    db.session.flush()
    return secret


def _add_money(network: Network, user: User) -> None:
    """A grant with every kind of money record: cents, a negative amendment, a payment waiting
    on a requirement met later, a revised and an unrevised budget line, FTE rates."""
    funder = Funder(name="Provincie “Limburg” — ESF", kind=FunderKind.esf, recorded_by_id=None)
    requirement = GrantRequirement(
        title="Inhoudelijk verslag «2023»", due_on=date(2024, 2, 29), met_on=date(2024, 3, 1),
        met_recorded_at=datetime(2024, 3, 1, 23, 59, 59, 999999), met_by_id=user.id,
    )  # fmt: skip
    grant = Grant(
        funder=funder,
        reference="BESL/2023-0001",
        title="Toelage “Schooluitval” ✓",
        recipient_id=network.anchors[0].id,
        networks=[network],
        decided_on=date(2023, 6, 30),
        starts_on=date(2023, 9, 1),
        ends_on=date(2023, 12, 31),
        amount=Decimal("60166.00"),
        amount_basis=AmountBasis.per_year,
        prorata=ProRata.months,
        rounding=Rounding.euro,
        recorded_at=datetime(2023, 7, 1, 8, 0, 0, 1),
        recorded_by_id=user.id,
        requirements=[requirement, GrantRequirement(title="Eindverslag", due_on=date(2024, 1, 31))],
        amendments=[GrantAmendment(effective_on=date(2023, 11, 1),
                                   amount_change=Decimal("-0.01"), reason="")],
        payments=[GrantPayment(paid_on=date(2023, 12, 15), amount=Decimal("999999999999.99"),
                               requirement=requirement, note="")],
        budget_lines=[
            BudgetLine(network_id=network.id, category=BudgetCategory.personeel,
                       starts_on=date(2023, 9, 1), ends_on=date(2023, 12, 31),
                       original_amount=Decimal("20055.00"), revised_amount=Decimal("0.01"),
                       revised_at=datetime(2023, 10, 1, 9, 0), revised_by_id=None),
            BudgetLine(partner_id=network.anchors[0].id, category=BudgetCategory.other,
                       starts_on=date(2023, 9, 1), ends_on=date(2023, 9, 30),
                       original_amount=Decimal("0.00")),
        ],
    )  # fmt: skip
    rates = [
        FteRate(school_year="2023-2024", funder=None, amount_per_fte=Decimal("60166.00"),
                note="15 jaar anciënniteit"),
        FteRate(school_year="2023-2024", funder=funder, amount_per_fte=Decimal("0.01")),
    ]  # fmt: skip
    db.session.add_all([grant, *rates])
