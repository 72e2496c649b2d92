"""Demo schools over all provinces, levels and umbrellas, and a demo user per role."""

import random

from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from netwerk.auth.models import Role, User
from netwerk.demo.users import DEMO_PASSWORD, DEMO_USERS
from netwerk.extensions import db
from netwerk.schools.models import Province, School, SchoolLevel, Umbrella
from netwerk.schools.services import new_public_code

MUNICIPALITIES = {
    Province.antwerpen: [
        ("2000", "Antwerpen"),
        ("2800", "Mechelen"),
        ("2300", "Turnhout"),
        ("2200", "Herentals"),
        ("2400", "Mol"),
        ("2500", "Lier"),
    ],
    Province.limburg: [
        ("3500", "Hasselt"),
        ("3600", "Genk"),
        ("3700", "Tongeren"),
        ("3800", "Sint-Truiden"),
        ("3900", "Pelt"),
        ("3630", "Maasmechelen"),
    ],
    Province.oost_vlaanderen: [
        ("9000", "Gent"),
        ("9300", "Aalst"),
        ("9100", "Sint-Niklaas"),
        ("9200", "Dendermonde"),
        ("9700", "Oudenaarde"),
        ("9900", "Eeklo"),
    ],
    Province.vlaams_brabant: [
        ("3000", "Leuven"),
        ("1800", "Vilvoorde"),
        ("3300", "Tienen"),
        ("1500", "Halle"),
        ("3290", "Diest"),
        ("1700", "Dilbeek"),
    ],
    Province.west_vlaanderen: [
        ("8000", "Brugge"),
        ("8500", "Kortrijk"),
        ("8800", "Roeselare"),
        ("8400", "Oostende"),
        ("8900", "Ieper"),
        ("8700", "Tielt"),
    ],
    Province.brussel: [
        ("1000", "Brussel"),
        ("1080", "Sint-Jans-Molenbeek"),
        ("1030", "Schaarbeek"),
        ("1070", "Anderlecht"),
    ],
}
STREETS = [
    "Kerkstraat",
    "Schoolstraat",
    "Stationsstraat",
    "Molenstraat",
    "Dorpsstraat",
    "Nieuwstraat",
    "Kapelstraat",
    "Beekstraat",
    "Lindenlaan",
    "Kouter",
]
NAMES = {
    SchoolLevel.basis: [
        "Basisschool De Regenboog",
        "Vrije Basisschool Sint-Jozef",
        "GO! Basisschool De Klimop",
        "Gemeentelijke Basisschool Het Kompas",
        "Basisschool De Vlinder",
        "Basisschool 't Sleutelgat",
    ],
    SchoolLevel.secundair: [
        "Sint-Jozefscollege",
        "GO! Atheneum",
        "Sint-Ursula-Instituut",
        "Technisch Instituut Sint-Lucas",
        "Maria-Middelares Secundair",
        "Sint-Victorinstituut",
    ],
    SchoolLevel.buitengewoon_basis: ["BuBaO De Horizon", "Buitengewone Basisschool De Kei"],
    SchoolLevel.buitengewoon_secundair: ["BuSO Sint-Gerardus", "GO! BuSO De Sterretjes"],
    SchoolLevel.volwassenen: ["CVO Leerdorp", "Centrum voor Volwassenenonderwijs Kisp"],
    SchoolLevel.deeltijds: ["CDO Sint-Lodewijk", "Centrum voor Deeltijds Onderwijs"],
}
LEVEL_WEIGHTS = {
    SchoolLevel.basis: 55,
    SchoolLevel.secundair: 28,
    SchoolLevel.buitengewoon_basis: 5,
    SchoolLevel.buitengewoon_secundair: 5,
    SchoolLevel.volwassenen: 4,
    SchoolLevel.deeltijds: 3,
}
UMBRELLA_WEIGHTS = {
    Umbrella.kov: 60,
    Umbrella.go: 18,
    Umbrella.ovsg: 15,
    Umbrella.pov: 5,
    Umbrella.other: 2,
}


def demo_school_rows(rng: random.Random, count: int, start_number: int = 100000) -> list[dict]:
    """Believable school rows (dicts of School columns), for the demo and the scale data."""
    levels = rng.choices(list(LEVEL_WEIGHTS), weights=list(LEVEL_WEIGHTS.values()), k=count)
    umbrellas = rng.choices(
        list(UMBRELLA_WEIGHTS), weights=list(UMBRELLA_WEIGHTS.values()), k=count
    )
    provinces = rng.choices(list(MUNICIPALITIES), weights=[25, 13, 22, 17, 19, 4], k=count)
    rows = []
    for i in range(count):
        postcode, town = rng.choice(MUNICIPALITIES[provinces[i]])
        rows.append(
            {
                "institution_number": str(start_number + i * 7),
                "name": f"{rng.choice(NAMES[levels[i]])} {town}",
                "level": levels[i],
                "umbrella": umbrellas[i],
                "street": f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
                "postcode": postcode,
                "municipality": town,
                "province": provinces[i],
            }
        )
    return rows


def link_campuses_and_groups(schools: list[School]) -> None:
    """Make the registry look real without drawing from rng (the other features' demo data stays
    the same): part-time centres become campuses of a secondary school in their town, and the
    secondary schools of one umbrella in one town form a scholengemeenschap."""
    secondary: dict[tuple[str, Umbrella], list[School]] = {}
    for school in schools:
        if school.level is SchoolLevel.secundair:
            secondary.setdefault((school.municipality, school.umbrella), []).append(school)
    for (town, _umbrella), group in secondary.items():
        if len(group) >= 2:
            for school in group:
                school.scholengemeenschap = f"Scholengemeenschap {town}"
    for school in schools:
        if school.level is SchoolLevel.deeltijds:
            hosts = [
                s for (town, _u), g in secondary.items() if town == school.municipality for s in g
            ]
            if hosts:
                school.parent = hosts[0]


def load(rng: random.Random) -> bool:
    """Add 300 schools and the demo users; False when they are already there."""
    if db.session.scalar(select(func.count(School.id))):
        return False
    schools = [School(public_code=new_public_code(), **row) for row in demo_school_rows(rng, 300)]
    db.session.add_all(schools)
    link_campuses_and_groups(schools)
    db.session.flush()
    # Hash once: scrypt is slow on purpose.
    password_hash = generate_password_hash(DEMO_PASSWORD, method="scrypt")
    first_schools = list(db.session.scalars(select(School).order_by(School.id).limit(2)))
    for email, role, name in DEMO_USERS:
        if db.session.scalar(select(User.id).where(User.email == email)):
            continue
        user = User(email=email, role=Role(role), name=name, password_hash=password_hash)
        if user.role is Role.school:
            user.schools = first_schools
        db.session.add(user)
    db.session.flush()
    return True
