"""Demo programmes, calls, networks and registrations with a believable history since 2021-2022.

The history is written directly (not through the services) so that loading the demo sends no mail
and can use dates of calls long closed; it follows the same rules: allowed moves only, effective
dates never going back, never more accepted schools than places.
"""

import random
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.networks.models import (
    Call,
    Network,
    NetworkType,
    Programme,
    Registration,
    RegistrationStatus,
    RegistrationStatusChange,
)
from netwerk.schools.models import Province, School, SchoolLevel
from netwerk.timeutil import SchoolYear, today

S = RegistrationStatus

PROGRAMMES = (
    (
        "Hoogbegaafdheid",
        "Lerende netwerken rond hoogbegaafde leerlingen, getrokken door ankerscholen per provincie.",
    ),
    (
        "Samen tegen Schooluitval",
        "Provinciale netwerken die vroegtijdig schoolverlaten en spijbelen samen aanpakken.",
    ),
    (
        "Leerpunt-begeleiding",
        "Leergemeenschappen onder een procescoach: werksessies, outputs en een toonmoment.",
    ),
)

# (programme index, name, type, level, province, capacity, anchors, auto_accept, theme)
NETWORKS = (
    (0, "Hoogbegaafdheid Antwerpen basis", 0, "basis", "antwerpen", 12, 2, False, "verrijking"),
    (0, "Hoogbegaafdheid Antwerpen secundair", 0, "secundair", "antwerpen", 10, 1, False, ""),
    (0, "Hoogbegaafdheid Limburg", 0, "basis", "limburg", 10, 1, False, "compacten"),
    (0, "Hoogbegaafdheid Oost-Vlaanderen", 0, "secundair", "oost_vlaanderen", 12, 2, False, ""),
    (0, "Hoogbegaafdheid West-Vlaanderen", 0, "basis", "west_vlaanderen", 8, 1, True, ""),
    (
        0,
        "Hoogbegaafdheid Vlaams-Brabant en Brussel",
        0,
        "basis",
        "vlaams_brabant",
        10,
        2,
        False,
        "",
    ),
    (1, "STS Antwerpen", 0, "secundair", "antwerpen", None, 2, False, "spijbelen"),
    (1, "STS Limburg", 0, "secundair", "limburg", None, 1, False, "schoolmoeheid"),
    (1, "STS Oost-Vlaanderen", 0, "secundair", "oost_vlaanderen", 15, 1, False, ""),
    (1, "STS West-Vlaanderen", 0, "secundair", "west_vlaanderen", 15, 2, False, ""),
    (1, "STS Vlaams-Brabant", 0, "secundair", "vlaams_brabant", 12, 1, True, ""),
    (2, "LG Wiskunde eerste graad", 1, "secundair", None, 10, 1, False, "wiskunde"),
    (2, "LG Begrijpend lezen", 1, "basis", None, 12, 2, False, "lezen"),
    (2, "LG Nederlands als tweede taal", 1, "basis", "brussel", 8, 1, True, "NT2"),
    (2, "LG STEM in de lagere school", 1, "basis", None, 10, 1, False, "STEM"),
)


def load(rng: random.Random) -> bool:
    """Add programmes, calls, networks and registrations; False when they are already there."""
    if db.session.scalar(select(Programme.id).limit(1)) is not None:
        return False
    schools = list(db.session.scalars(select(School).order_by(School.id)))
    if not schools:
        return False
    coaches = list(
        db.session.scalars(
            select(User).where(User.email.in_(["coach@netwerk.example", "coach2@netwerk.example"]))
        )
    )
    coaches.sort(key=lambda u: u.email)
    admin = db.session.scalar(select(User).where(User.email == "admin@netwerk.example"))
    now = today()
    current = SchoolYear.of(now)
    years = [SchoolYear(y) for y in range(2021, current.start_year + 1)]

    programmes = [Programme(name=n, description=d) for n, d in PROGRAMMES]
    db.session.add_all(programmes)

    by_level: dict[SchoolLevel, list[School]] = {}
    for s in schools:
        by_level.setdefault(s.level, []).append(s)
    networks = _networks(rng, programmes, by_level, coaches)
    db.session.add_all(networks)
    db.session.flush()

    calls_by_year = _calls(programmes, networks, years, now)
    db.session.add_all(c for calls in calls_by_year.values() for c in calls.values())
    db.session.flush()

    for network in networks:
        _registrations(rng, network, by_level, calls_by_year, years, now, admin)
    _demo_school_registrations(networks, schools[:2], calls_by_year, current, now, admin)
    db.session.flush()
    return True


def _networks(rng, programmes, by_level, coaches) -> list[Network]:
    """The networks with their anchors; the first secundair anchor also anchors a second network."""
    networks = []
    shared_anchor = None
    for i, (p, name, ntype, level, province, capacity, n_anchors, auto, theme) in enumerate(
        NETWORKS
    ):
        level = SchoolLevel(level)
        province = Province(province) if province else None
        pool = [
            s for s in by_level.get(level, []) if province is None or s.province is province
        ] or by_level.get(level, [])
        anchors = rng.sample(pool, min(n_anchors, len(pool)))
        if level is SchoolLevel.secundair and province is Province.antwerpen:
            # One school anchors two networks (Hoogbegaafdheid and STS in Antwerpen).
            if shared_anchor is None:
                shared_anchor = anchors[0]
            elif shared_anchor not in anchors:
                anchors[0] = shared_anchor
        networks.append(
            Network(
                name=name,
                type=list(NetworkType)[ntype],
                programme=programmes[p],
                level=level,
                province=province,
                region="" if province else "heel Vlaanderen",
                capacity=capacity,
                auto_accept=auto,
                theme=theme,
                description=f"{name}: scholen leren van elkaar onder begeleiding van een procescoach.",
                rhythm="maandelijks, woensdagnamiddag" if i % 2 else "zes keer per schooljaar",
                anchors=anchors,
                coaches=[coaches[i % len(coaches)]] if coaches else [],
            )
        )
    return networks


def _calls(programmes, networks, years, now) -> dict[SchoolYear, dict[int, Call]]:
    """One call per programme per school year, in spring before it; this year's open today."""
    calls: dict[SchoolYear, dict[int, Call]] = {}
    for year in years:
        calls[year] = {}
        for p_index, programme in enumerate(programmes):
            opens = date(year.start_year, 4, 15)
            closes = date(year.start_year, 6, 15)
            starts = year.starts_on
            calls[year][p_index] = Call(
                title=f"Oproep {programme.name} {year}",
                programme=programme,
                opens_on=opens,
                closes_on=closes,
                starts_on=starts,
                text="Scholen schrijven zich in tijdens de inschrijvingsperiode; de coach beslist.",
                networks=[n for n in networks if n.programme is programme],
            )
    # An extra call open today for the next school year (or the rest of this one).
    nxt = SchoolYear.of(now).start_year + 1
    calls.setdefault(SchoolYear(nxt), {})
    for p_index, programme in enumerate(programmes):
        calls[SchoolYear(nxt)][p_index] = Call(
            title=f"Oproep {programme.name} {SchoolYear(nxt)}",
            programme=programme,
            opens_on=now - timedelta(days=14),
            closes_on=now + timedelta(days=30),
            starts_on=max(date(nxt, 9, 1), now + timedelta(days=31)),
            text="Inschrijven kan nu. Plaatsen worden toegekend door de procescoach.",
            networks=[n for n in networks if n.programme is programme],
        )
    return calls


def _add(registration: Registration, moves: list[tuple[S, date, str]], actor) -> None:
    """Write the history rows and the current status of a registration."""
    previous = None
    for status, day, reason in moves:
        registration.status_changes.append(
            RegistrationStatusChange(
                from_status=previous,
                to_status=status,
                effective_on=day,
                # The submission came from the school (on paper or by mail); the coach decided.
                actor_id=actor.id if actor is not None and previous is not None else None,
                reason=reason,
            )
        )
        previous = status
    registration.status = previous
    db.session.add(registration)


def _registration(school, network, call, motivation: str, **columns) -> Registration:
    """A registration by the school's direction, without its history yet."""
    return Registration(
        school=school,
        network=network,
        call=call,
        contact_name=f"Directie {school.name}"[:200],
        contact_email=f"directie.{school.institution_number}@school.example",
        motivation=motivation,
        commitment=True,
        **columns,
    )


def _registrations(rng, network, by_level, calls_by_year, years, now, admin) -> None:
    """Schools registering in each year's call; most accepted, some waitlisted, declined, gone."""
    pool = [s for s in by_level.get(network.level, []) if s not in network.anchors]
    same = [s for s in pool if network.province is None or s.province is network.province]
    pool = same + [s for s in pool if s not in same]
    rng.shuffle(pool)
    accepted: list[list] = []  # the move lists of the registrations accepted now
    waitlisted: list[list] = []
    pending: list[tuple[Registration, list]] = []
    p_index = next(i for i, c in calls_by_year[years[0]].items() if network in c.networks)
    for year in years:
        call = calls_by_year[year][p_index]
        pending += _decided(rng, network, call, pool, now, accepted, waitlisted)
        _withdrawals(rng, network, year, now, accepted, waitlisted)
    coach = network.coaches[0] if network.coaches else admin
    for registration, moves in pending:
        _add(registration, moves, coach)
    # A few fresh registrations in the call open today, still to be decided.
    call = calls_by_year[max(calls_by_year)][p_index]
    for _n in range(rng.randint(1, 3)):
        if not pool:
            break
        registration = _registration(
            pool.pop(), network, call, "Nieuw in dit netwerk: we kijken uit naar de uitwisseling."
        )
        _add(
            registration,
            [(S.submitted, call.opens_on + timedelta(days=rng.randint(0, 14)), "")],
            None,
        )


def _decided(
    rng, network, call, pool, now, accepted, waitlisted
) -> list[tuple[Registration, list]]:
    """One to four schools from the pool register in a call and hear within weeks: declined,
    waitlisted (always when the network is full) or accepted; returns them with their moves."""
    capacity = network.capacity or 10**6
    decided_ones = []
    for _n in range(rng.randint(1, 4)):
        if not pool:
            break
        school = pool.pop()
        submitted = call.opens_on + timedelta(days=rng.randint(0, 50))
        decided = min(submitted + timedelta(days=rng.randint(5, 20)), now)
        registration = _registration(
            school,
            network,
            call,
            "We willen samen met andere scholen werken aan dit thema.",
            created_at=datetime.combine(submitted, time(12, 0)),
        )
        moves = [(S.submitted, submitted, "")]
        decided_ones.append((registration, moves))
        roll = rng.random()
        if roll < 0.1:
            moves.append((S.declined, decided, "Het profiel past niet bij dit netwerk."))
        elif len(accepted) >= capacity or roll < 0.2:
            moves.append((S.waitlisted, decided, "Het netwerk is volzet."))
            waitlisted.append(moves)
        else:
            moves.append((S.accepted, decided, "Welkom in het netwerk."))
            accepted.append(moves)
    return decided_ones


def _withdrawals(rng, network, year, now, accepted, waitlisted) -> None:
    """Some schools stop during the school year, before the next call opens; the first on the
    waiting list (first come, first served) takes each freed place the same day."""
    left_on = date(year.start_year + 1, 3, 1) + timedelta(days=rng.randint(0, 40))
    if left_on >= now:
        return
    for moves in list(accepted):
        if rng.random() >= 0.15 or moves[-1][1] > left_on:
            continue
        moves.append((S.withdrawn, left_on, "Te weinig tijd in het team."))
        accepted.remove(moves)
        if waitlisted and network.capacity is not None:
            waitlisted.sort(key=lambda m: m[0][1])
            promoted = waitlisted.pop(0)
            day = max(left_on, promoted[-1][1])
            promoted.append((S.accepted, day, "automatisch van de wachtlijst"))
            accepted.append(promoted)


def _demo_school_registrations(networks, demo_schools, calls_by_year, current, now, admin) -> None:
    """The demo school user's two schools: one accepted with a history, one waiting, one new."""
    taken = {
        (r.school_id, r.network_id)
        for n in networks
        for r in n.registrations
        if r.school_id is not None
    }
    if len(demo_schools) < 2:
        return
    first, second = demo_schools
    plans = [
        (first, networks[6], [(S.submitted, 0), (S.accepted, 14)], SchoolYear(2022)),
        (first, networks[1], [(S.submitted, 0), (S.waitlisted, 10)], current),
        (
            second,
            networks[7],
            [(S.submitted, 0), (S.accepted, 7), (S.withdrawn, 200)],
            SchoolYear(2021),
        ),
        (second, networks[11], [(S.submitted, 0)], None),
    ]
    for school, network, steps, year in plans:
        if (school.id, network.id) in taken or any(
            r.school is school and r.network is network for r in network.registrations
        ):
            continue
        p_index = next(
            i for i, c in calls_by_year[max(calls_by_year)].items() if network in c.networks
        )
        call = calls_by_year[year if year in calls_by_year else max(calls_by_year)][p_index]
        start = call.opens_on + timedelta(days=3)
        moves = [
            (
                status,
                min(start + timedelta(days=days), now),
                "" if status is S.submitted else "Demo",
            )
            for status, days in steps
        ]
        if network.capacity is not None and steps[-1][0] is S.accepted:
            accepted = sum(1 for r in network.registrations if r.status is S.accepted)
            if accepted >= network.capacity:
                moves[-1] = (S.waitlisted, moves[-1][1], "Het netwerk is volzet.")
        registration = Registration(
            school=school,
            network=network,
            call=call,
            contact_name="Sofie Directeur",
            contact_email="school@netwerk.example",
            motivation="Onze school wil hier graag aan meewerken.",
            commitment=True,
        )
        _add(registration, moves, admin)
