"""Seed 000 rebuilt: the minister's answer to question 155 of 25/11/2021 (peildatum 19/11/2021).

Secondary (question 1): four anchor schools with 20, 21, 14 and 21 registered schools = 76.
Sint-Jozef Humaniora Brugge's network is shared with a second anchor school, Sint-Lodewijkscollege
Brugge, which runs no network of its own: the network counts once, under Sint-Jozef (first by
name), with a footnote naming Sint-Lodewijkscollege.
Basic (question 2): nine networks = 169; VBS De Ark anchors two of them (20 in Heverlee and 17 in
the Antwerp region), so the answer shows eight rows, De Ark's with 37 and a footnote naming both.
Effort (questions 3 and 4), school year 2021-2022: about a half-time job per anchor school
(0,5 FTE each), VBS De Ark a full-time one (1,0); some hours on a few networks.

Every participating school is a school of its own, accepted on 15/06/2021.
"""

from datetime import date, datetime
from types import SimpleNamespace

from sqlalchemy import update

from netwerk.effort.models import FundingSource, StaffAssignment, StaffMember, StaffRole
from netwerk.extensions import db
from netwerk.networks.models import Registration, RegistrationStatus, RegistrationStatusChange
from netwerk.schools.models import Province, School, SchoolLevel, Umbrella
from tests.reports.factories import (
    add_call,
    add_hours,
    add_network,
    add_programme,
    add_school,
)

PEILDATUM = date(2021, 11, 19)
RECORDED_AT = datetime(2021, 11, 19, 10, 0)  # naive UTC, as recorded_at is stored
# Asked as known at the end of 19/11/2021, the answer's source line names both dates.
SOURCE = (
    "bron: gegevens 19/11/2021, stand van de gegevens 19/11/2021 23:59 - "
    "Vlaams Ministerie van Onderwijs en Vorming"
)

# (anchor school, [(network, schools)]) as the answer lists them.
SECONDARY = [
    ("Sint-Jozef Humaniora Brugge", [("Lerend netwerk Brugge", 20)]),
    ("GO! Atheneum Geraardsbergen", [("Lerend netwerk Geraardsbergen", 21)]),
    ("GO! Koninklijk Lyceum Antwerpen", [("Lerend netwerk Antwerpen", 14)]),
    ("Scholengemeenschap SO Leuven", [("Lerend netwerk Leuven", 21)]),
]
SHARED_WITH = "Sint-Lodewijkscollege Brugge"  # second anchor of Lerend netwerk Brugge
BASIC = [
    (
        "VBS De Ark",
        [("VBS De Ark – Heverlee", 20), ("VBS De Ark - Lerend netwerk regio Antwerpen", 17)],
    ),
    ("VGB Sancta Maria - Leuven", [("Lerend netwerk Sancta Maria", 20)]),
    ("BS Erasmus – Deinze", [("Lerend netwerk Erasmus", 27)]),
    ("De Kleine Icarus – Gent", [("Lerend netwerk Icarus", 20)]),
    ("Sint-Cordula - Schoten", [("Lerend netwerk Sint-Cordula", 18)]),
    ("GO! Pientere Piste - Deurne", [("Lerend netwerk Pientere Piste", 16)]),
    ("De Boomhut – Sint-Andries", [("Lerend netwerk De Boomhut", 15)]),
    ("De Goede Basis – Anzegem", [("Lerend netwerk De Goede Basis", 16)]),
]
SECONDARY_TOTAL, BASIC_TOTAL = 76, 169
FULL_TIME = "VBS De Ark"  # 1,0 FTE; every other anchor school 0,5


def _participants(network_id: int, level: str, n: int, start: int) -> None:
    """n schools of their own, each accepted in the network on 15/06/2021 (one flush)."""
    schools = [
        School(
            institution_number=f"{700000 + start + i}",
            name=f"Deelnemende school {start + i}",
            level=SchoolLevel(level),
            umbrella=Umbrella.kov,
            province=Province.west_vlaanderen,
            municipality="Brugge",
            public_code=f"S-Z{start + i:05d}",
        )
        for i in range(n)
    ]
    db.session.add_all(schools)
    db.session.flush()
    for school in schools:
        registration = Registration(
            school_id=school.id, network_id=network_id, status=RegistrationStatus.accepted
        )
        registration.status_changes = [
            RegistrationStatusChange(
                from_status=None,
                to_status=RegistrationStatus.submitted,
                effective_on=date(2021, 6, 1),
            ),
            RegistrationStatusChange(
                from_status=RegistrationStatus.submitted,
                to_status=RegistrationStatus.accepted,
                effective_on=date(2021, 6, 15),
            ),
        ]
        db.session.add(registration)
    db.session.flush()


def build_seed000() -> SimpleNamespace:
    """Write seed 000 in one transaction (inside an app or request context); its ids by name."""
    ns = SimpleNamespace(anchors={}, networks={})
    ns.programme = add_programme("Hoogbegaafdheid")
    shared_anchor = add_school(name=SHARED_WITH, province="west_vlaanderen")
    ns.anchors[SHARED_WITH] = shared_anchor
    staff = db.session.get(StaffMember, add_hours_staff())
    start = 0
    for level, listing in (("secundair", SECONDARY), ("basis", BASIC)):
        for anchor_name, networks in listing:
            anchor = add_school(name=anchor_name, level=level, province="west_vlaanderen")
            ns.anchors[anchor_name] = anchor
            for network_name, count in networks:
                anchors = [anchor]
                if anchor_name == SECONDARY[0][0]:
                    anchors.append(shared_anchor)
                network = add_network(
                    name=network_name, programme_id=ns.programme, anchor_ids=anchors, level=level
                )
                ns.networks[network_name] = network
                _participants(network, level, count, start)
                start += count
            fte = "1.0" if anchor_name == FULL_TIME else "0.5"
            db.session.add(_assignment(staff, anchor, fte))
    ns.call = add_call(
        programme_id=ns.programme,
        network_ids=list(ns.networks.values()),
        opens_on=date(2021, 5, 28),
        starts_on=date(2021, 9, 1),
    )
    # 3 hours in Geraardsbergen, 1,5 in Heverlee (school year 2021-2022).
    add_hours(
        network_id=ns.networks["Lerend netwerk Geraardsbergen"],
        worked_on=date(2021, 10, 5),
        minutes=180,
        staff_id=staff.id,
    )
    add_hours(
        network_id=ns.networks["VBS De Ark – Heverlee"],
        worked_on=date(2021, 10, 12),
        minutes=90,
        staff_id=staff.id,
    )
    # As in the seed, the registrations were on record by the day of the answer (19/11/2021), so
    # the answer asked as known at that day counts them all.
    db.session.execute(update(RegistrationStatusChange).values(recorded_at=RECORDED_AT))
    db.session.commit()
    return ns


def add_hours_staff() -> int:
    """The project's staff member (flushed); returns its id."""
    member = StaffMember(name="Projectmedewerker")
    db.session.add(member)
    db.session.flush()
    return member.id


def _assignment(staff: StaffMember, anchor_id: int, fte: str) -> StaffAssignment:
    """fte on the anchor school for the whole school year 2021-2022 (project subsidy)."""
    return StaffAssignment(
        staff_member_id=staff.id,
        anchor_school_id=anchor_id,
        role=StaffRole.procescoach,
        fte=fte,
        funding_source=FundingSource.projectsubsidie,
        starts_on=date(2021, 9, 1),
        ends_on=date(2022, 8, 31),
    )
