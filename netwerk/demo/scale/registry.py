"""The registry part of the scale data: schools (with campuses and scholengemeenschappen), the
users (an admin, a ministry user and the coaches) and the programmes."""

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from netwerk.auth.models import USER_SEARCH_FIELDS, Role, User
from netwerk.demo.scale.context import (
    SCALE_ADMIN_EMAIL,
    SCALE_MINISTRY_EMAIL,
    ScaleContext,
    Step,
    at,
)
from netwerk.demo.schools import demo_school_rows
from netwerk.demo.users import DEMO_PASSWORD
from netwerk.extensions import db
from netwerk.networks.models import Programme
from netwerk.schools.models import (
    SEARCH_FIELDS,
    Organisation,
    Province,
    School,
    SchoolLevel,
    organisation_row,
)
from netwerk.schools.services import CODE_ALPHABET
from netwerk.searchtext import search_name_of

PROGRAMMES = [
    "Hoogbegaafdheid",
    "Samen tegen Schooluitval",
    "STEM-leergemeenschappen",
    "Leesbevordering",
    "Taalbeleid en Nederlands",
    "Wiskunde in de basisschool",
    "Digitale didactiek",
    "Welzijn en leerlingenbegeleiding",
    "Duaal leren",
    "Onthaalonderwijs anderstalige nieuwkomers",
    "Inclusief onderwijs",
    "Startende leraren",
    "Evaluatiebeleid",
    "Schoolleiderschap",
    "Burgerschap",
    "Frans als vreemde taal",
    "Kleuterparticipatie",
    "Zorgbeleid en remediëring",
    "Techniek en technologie",
    "Leerpunt: begeleidingstrajecten",
]


class Registry:
    """Writes the registry tables and remembers what the other parts need of them (ids, names)."""

    # Filled as the tables are written: schools, then users, then programmes.
    school_ids: list[int]
    school_level: dict[int, SchoolLevel]
    school_name: dict[int, str]
    school_province: dict[int, Province]
    schools_by_level: dict[SchoolLevel, list[int]]
    coach_ids: list[int]
    user_name: dict[int, str]  # user id -> name (the coaches are staff members too)
    programme_ids: list[int]
    programme_names: list[str]

    def __init__(self, ctx: ScaleContext):
        self.ctx = ctx

    def school_organisations(self) -> Step:
        """Schools from the demo generator, with campuses (parent_id) and scholengemeenschappen:
        first their organisation rows (same id, schools.models), then the schools."""
        self._school_rows = self._make_schools()
        return (
            Organisation.__table__,
            len(self._school_rows),
            iter([organisation_row(row) for row in self._school_rows]),
        )

    def schools(self) -> Step:
        """The school rows made with their organisation rows."""
        return School.__table__, len(self._school_rows), iter(self._school_rows)

    def _make_schools(self) -> list[dict]:
        """The school rows, drawn from the one random source."""
        rng = self.ctx.rng
        # Schools are organisations: their ids come after every organisation's.
        first = max(self.ctx.first_ids["school"], self.ctx.first_ids["organisation"])
        count = self.ctx.counts["school"]
        rows = demo_school_rows(rng, count, start_number=200000 + first * 7)
        taken = set(db.session.scalars(select(School.public_code)))
        created = at(self.ctx.years[0].starts_on - timedelta(days=200))
        self.school_ids = list(range(first, first + count))
        self.school_level = {}
        self.school_name = {}
        self.school_province = {}
        by_town: dict[str, int] = {}
        for offset, row in enumerate(rows):
            school_id = first + offset
            code = None
            while code is None or code in taken:
                code = "S-" + "".join(rng.choice(CODE_ALPHABET) for _ in range(6))
            taken.add(code)
            town = row["municipality"]
            # About one school in twenty is a campus of an earlier school in the same town.
            parent = by_town.get(town) if rng.random() < 0.05 else None
            by_town.setdefault(town, school_id)
            row.update(
                id=school_id,
                public_code=code,
                parent_id=parent,
                scholengemeenschap=(f"Scholengemeenschap {town}" if rng.random() < 0.4 else None),
                created_at=created,
                updated_at=created,
            )
            # Given here, so PostgreSQL's COPY can carry the rows (it applies no Python default).
            row["search_name"] = search_name_of(*(row.get(f) for f in SEARCH_FIELDS))
            self.school_level[school_id] = row["level"]
            self.school_name[school_id] = row["name"]
            self.school_province[school_id] = row["province"]
        self.schools_by_level = defaultdict(list)
        for school_id, level in self.school_level.items():
            self.schools_by_level[level].append(school_id)
        return rows

    def users(self) -> Step:
        """An admin, a ministry user and a coach per ten networks (password demo-wachtwoord)."""
        first = self.ctx.first_ids["user"]
        n_coaches = max(1, round(self.ctx.counts["network"] / 10))
        # scrypt is slow on purpose: hash once for every generated user.
        password_hash = generate_password_hash(DEMO_PASSWORD, method="scrypt")
        taken = set(db.session.scalars(select(User.email)))
        created = at(self.ctx.years[0].starts_on - timedelta(days=100))
        rows = []
        specials = [(SCALE_ADMIN_EMAIL, Role.admin), (SCALE_MINISTRY_EMAIL, Role.ministry)]
        for email, role in specials:
            if email not in taken:
                rows.append((email, role))
        for _ in range(n_coaches):
            rows.append((f"coach{first + len(rows)}@scale.netwerk.example", Role.coach))
        self.coach_ids = [first + i for i, (_email, role) in enumerate(rows) if role is Role.coach]
        out = [
            {
                "id": first + i,
                "email": email,
                "name": self.ctx.person_name(),
                "password_hash": password_hash,
                "role": role,
                "is_active_account": True,
                "locale": None,
                "created_at": created,
                "last_login_at": None,
            }
            for i, (email, role) in enumerate(rows)
        ]
        for row in out:
            row["search_name"] = search_name_of(*(row[f] for f in USER_SEARCH_FIELDS))
        self.user_name = {row["id"]: row["name"] for row in out}
        return User.__table__, len(out), iter(out)

    def programmes(self) -> Step:
        """Programmes with Flemish names, unique also beside the ones already there."""
        first = self.ctx.first_ids["programme"]
        taken = set(db.session.scalars(select(Programme.name)))
        rows = []
        self.programme_names = []
        for i in range(self.ctx.counts["programme"]):
            base = PROGRAMMES[i % len(PROGRAMMES)]
            round_ = i // len(PROGRAMMES) + 1
            name = base if round_ == 1 else f"{base} ({round_})"
            while name in taken:
                round_ += 1
                name = f"{base} ({round_})"
            taken.add(name)
            self.programme_names.append(name)
            rows.append(
                {
                    "id": first + i,
                    "name": name,
                    "description": f"Lerende netwerken rond {base.lower()}.",
                    "is_active": True,
                    "created_at": at(self.ctx.years[0].starts_on - timedelta(days=300)),
                }
            )
        self.programme_ids = [row["id"] for row in rows]
        return Programme.__table__, len(rows), iter(rows)
