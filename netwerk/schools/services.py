"""The school registry: creating, editing, searching and importing schools.

One validation for every way in (the form, the CSV import, the JSON API): `clean_school` checks the
fields of one school without the database, `create_school` / `update_school` add the checks that
need it (unique institution number, an existing parent that is not the school itself).
"""

import functools
import re
import secrets
import unicodedata
from collections.abc import Callable, Iterable, Mapping

from flask_babel import gettext as _
from sqlalchemy import Select, select

from netwerk.auth.models import Role, User
from netwerk.changelog import log_change
from netwerk.errors import DomainError, NotAllowed
from netwerk.extensions import db
from netwerk.locks import lock_name
from netwerk.schools.models import Province, School, SchoolLevel, Umbrella
from netwerk.searchtext import query_words, where_matches

# No 0/O or 1/I: codes are read aloud and typed over.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

# The fields of a school as the services take them (the API uses the same names).
FIELDS = (
    "institution_number",
    "name",
    "level",
    "umbrella",
    "street",
    "postcode",
    "municipality",
    "province",
    "parent_institution_number",
    "scholengemeenschap",
)
# Written as they are: their values are plain strings (the parent is resolved to parent_id).
PLAIN_FIELDS = ("institution_number", "name", "street", "postcode", "municipality")
MAX_LENGTHS = {
    "institution_number": 20,
    "name": 200,
    "street": 200,
    "municipality": 100,
    "scholengemeenschap": 200,
}
DIGITS = re.compile(r"\d+")
POSTCODE = re.compile(r"[1-9]\d{3}")


class InvalidSchool(DomainError):
    """One or more fields of a school are invalid; `errors` maps each field to its messages."""

    def __init__(self, errors: dict[str, list[str]], *, clash: bool = False):
        super().__init__(
            " ".join(m for messages in errors.values() for m in messages),
            # A number another school already has is a clash (409), the rest invalid input.
            status_code=409 if clash else 422,
            code="invalid_school",
            fields=errors,
        )
        self.errors = errors


def new_public_code() -> str:
    """A random pseudonymous code like S-7K3F9Q, unrelated to the school's name or number."""
    while True:
        code = _random_code()
        if db.session.scalar(select(School.id).where(School.public_code == code)) is None:
            return code


def _random_code() -> str:
    return "S-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def new_public_codes(count: int, taken: set[str]) -> list[str]:
    """`count` new codes that are not in `taken` (the bulk import checks once, not per row)."""
    codes: list[str] = []
    while len(codes) < count:
        code = _random_code()
        if code not in taken:
            taken.add(code)
            codes.append(code)
    return codes


# --- Readable values: what people write in a spreadsheet -> our enums -------------------------


@functools.lru_cache(
    maxsize=4096
)  # an import sees the same few levels and provinces 1000s of times
def simplify(value: str) -> str:
    """Lower case, no accents, words separated by one space: 'GO!' -> 'go', 'Oost-Vlaanderen' ->
    'oost vlaanderen'."""
    text = unicodedata.normalize("NFKD", value or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def _aliases(table: dict) -> dict:
    """Every spelling (and the enum value itself), simplified -> enum member."""
    result = {}
    for member, words in table.items():
        for word in (member.value, *words):
            result[simplify(word)] = member
    return result


LEVEL_ALIASES = _aliases(
    {
        SchoolLevel.basis: (
            "basisonderwijs",
            "gewoon basisonderwijs",
            "gewoon basis",
            "bao",
            "primary",
        ),
        SchoolLevel.secundair: (
            "secundair onderwijs",
            "gewoon secundair onderwijs",
            "gewoon secundair",
            "so",
            "secondary",
        ),
        SchoolLevel.buitengewoon_basis: ("buitengewoon basisonderwijs", "bubao"),
        SchoolLevel.buitengewoon_secundair: ("buitengewoon secundair onderwijs", "buso"),
        SchoolLevel.volwassenen: ("volwassenenonderwijs", "cvo", "adult education"),
        SchoolLevel.deeltijds: (
            "deeltijds onderwijs",
            "deeltijds beroepssecundair onderwijs",
            "dbso",
            "cdo",
        ),
    }
)
UMBRELLA_ALIASES = _aliases(
    {
        Umbrella.go: (
            "GO!",
            "GO! onderwijs van de Vlaamse Gemeenschap",
            "gemeenschapsonderwijs",
        ),
        Umbrella.kov: ("Katholiek Onderwijs Vlaanderen", "katholiek onderwijs", "katholiek"),
        Umbrella.ovsg: (
            "Onderwijsvereniging van Steden en Gemeenten",
            "stedelijk onderwijs",
            "gemeentelijk onderwijs",
        ),
        Umbrella.pov: ("Provinciaal Onderwijs Vlaanderen", "provinciaal onderwijs"),
        Umbrella.other: ("ander", "andere", "ander net", "overig", "overige"),
    }
)
PROVINCE_ALIASES = _aliases(
    {
        Province.antwerpen: ("provincie Antwerpen",),
        Province.limburg: ("provincie Limburg",),
        Province.oost_vlaanderen: ("Oost-Vlaanderen", "provincie Oost-Vlaanderen"),
        Province.vlaams_brabant: ("Vlaams-Brabant", "provincie Vlaams-Brabant"),
        Province.west_vlaanderen: ("West-Vlaanderen", "provincie West-Vlaanderen"),
        Province.brussel: (
            "Brussels",
            "Brussel-Hoofdstad",
            "Brussels Hoofdstedelijk Gewest",
            "Bruxelles",
        ),
    }
)
# Belgian postcodes by province (bpost), to fill in a missing province.
POSTCODE_PROVINCES = (
    (1000, 1299, Province.brussel),
    (1500, 1999, Province.vlaams_brabant),
    (2000, 2999, Province.antwerpen),
    (3000, 3499, Province.vlaams_brabant),
    (3500, 3999, Province.limburg),
    (8000, 8999, Province.west_vlaanderen),
    (9000, 9999, Province.oost_vlaanderen),
)


def parse_level(value) -> SchoolLevel | None:
    """'secundair', 'Secundair onderwijs', 'BuSO', SchoolLevel.basis ... -> SchoolLevel, else None."""
    return value if isinstance(value, SchoolLevel) else LEVEL_ALIASES.get(simplify(str(value)))


def parse_umbrella(value) -> Umbrella | None:
    """'GO!', 'Katholiek Onderwijs Vlaanderen', 'kov', 'OVSG' ... -> Umbrella, else None."""
    return value if isinstance(value, Umbrella) else UMBRELLA_ALIASES.get(simplify(str(value)))


def parse_province(value) -> Province | None:
    """'Oost-Vlaanderen', 'oost_vlaanderen', 'Brussel' ... -> Province, else None."""
    return value if isinstance(value, Province) else PROVINCE_ALIASES.get(simplify(str(value)))


def province_of_postcode(postcode: str) -> Province | None:
    """The province of a Flemish or Brussels postcode; None for Wallonia and nonsense."""
    if not POSTCODE.fullmatch(postcode or ""):
        return None
    number = int(postcode)
    for low, high, province in POSTCODE_PROVINCES:
        if low <= number <= high:
            return province
    return None


# --- Validation ---------------------------------------------------------------------------------


def _text(value) -> str:
    return "" if value is None else " ".join(str(value).split())


def clean_school(raw: Mapping) -> tuple[dict, dict[str, list[str]]]:
    """Check the fields of one school without the database.

    Takes strings (or enum members) under the names of FIELDS; fields that are absent stay absent,
    so an import without a 'straat' column leaves the street alone. Returns the cleaned values
    (enums parsed, text trimmed, the parent as an institution number or None) and the Dutch
    messages per field.
    """
    values: dict = {field: _text(raw[field]) for field in FIELDS if field in raw}
    errors: dict[str, list[str]] = {}

    def error(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    _check_identity(values, error)
    _check_kinds(raw, values, error)
    _check_place(raw, values, errors, error)
    _check_parent(values, error)
    if "scholengemeenschap" in values:
        values["scholengemeenschap"] = values["scholengemeenschap"] or None
    for field, limit in MAX_LENGTHS.items():
        if len(values.get(field) or "") > limit:
            error(field, _("Hoogstens %(n)d tekens.", n=limit))
    return values, errors


def _check_written(values: dict, error, field: str, pattern, missing: str, wrong) -> None:
    """A required field written in a fixed pattern: `missing` when empty, `wrong(value)` when it
    does not match."""
    value = values.get(field, "")
    if not value:
        error(field, missing)
    elif not pattern.fullmatch(value):
        error(field, wrong(value))


def _check_identity(values: dict, error: Callable[[str, str], None]) -> None:
    """The institution number (digits) and the name are required."""
    _check_written(
        values,
        error,
        "institution_number",
        DIGITS,
        _("Het instellingsnummer ontbreekt."),
        lambda number: _(
            "Instellingsnummer '%(value)s' mag enkel cijfers bevatten.", value=number[:30]
        ),
    )
    if not values.get("name"):
        error("name", _("De naam ontbreekt."))


def _check_kinds(raw: Mapping, values: dict, error: Callable[[str, str], None]) -> None:
    """Level and umbrella, parsed from their many spellings; both required."""
    for field, parse in (("level", parse_level), ("umbrella", parse_umbrella)):
        given = raw.get(field)
        parsed = parse(given) if given not in (None, "") else None
        if parsed is None:
            label = _("niveau") if field == "level" else _("net")
            if values.get(field):
                error(
                    field, _("Onbekend %(what)s '%(value)s'.", what=label, value=values[field][:40])
                )
            else:
                error(field, _("Het %(what)s ontbreekt.", what=label))
        values[field] = parsed


def _check_place(raw: Mapping, values: dict, errors: dict, error) -> None:
    """Postcode (four digits), municipality, and the province (given, or from the postcode)."""
    postcode = values.get("postcode", "")
    _check_written(
        values,
        error,
        "postcode",
        POSTCODE,
        _("De postcode ontbreekt."),
        lambda code: _("Postcode '%(value)s' moet uit vier cijfers bestaan.", value=code[:20]),
    )
    if not values.get("municipality"):
        error("municipality", _("De gemeente ontbreekt."))
    given = raw.get("province")
    if given not in (None, ""):
        values["province"] = parse_province(given)
        if values["province"] is None:
            error(
                "province",
                _("Onbekende provincie '%(value)s'.", value=_text(given)[:40]),
            )
    else:
        values["province"] = province_of_postcode(postcode)
        if values["province"] is None and "postcode" not in errors:
            error("province", _("De provincie ontbreekt."))


def _check_parent(values: dict, error: Callable[[str, str], None]) -> None:
    """The parent school's institution number, when the column is there: digits, not itself."""
    if "parent_institution_number" not in values:
        return
    parent = values["parent_institution_number"] or None
    values["parent_institution_number"] = parent
    if parent is not None and not DIGITS.fullmatch(parent):
        error(
            "parent_institution_number",
            _(
                "Instellingsnummer van de hoofdschool '%(value)s' mag enkel cijfers bevatten.",
                value=parent[:30],
            ),
        )
    elif parent is not None and parent == values.get("institution_number", ""):
        error(
            "parent_institution_number",
            _("Een school kan niet haar eigen hoofdschool zijn."),
        )


def check_registry_actor(actor: User | None) -> None:
    """Only admins (or the command line, actor None) change the registry."""
    if actor is not None and actor.role is not Role.admin:
        raise NotAllowed(_("Enkel beheerders kunnen het scholenregister wijzigen."))


def _creates_cycle(school: School | None, parent: School) -> bool:
    """Would `parent` above `school` make a loop (the parent is the school or one of its campuses)?"""
    if school is None or school.id is None:
        return False
    seen = set()
    node: School | None = parent
    while node is not None and node.id not in seen:
        if node.id == school.id:
            return True
        seen.add(node.id)
        node = node.parent
    return False


def _apply(actor: User | None, school: School | None, raw: Mapping) -> School:
    """Validate `raw` fully and write it onto `school` (a new one when None)."""
    check_registry_actor(actor)
    values, errors = clean_school(raw)
    number = values.get("institution_number")
    taken_number = False
    if number and "institution_number" not in errors:
        # Two saves of the same new number at once: the second waits here and sees the first.
        lock_name("school.institution_number", number)
        other = db.session.scalar(select(School.id).where(School.institution_number == number))
        if other is not None and (school is None or other != school.id):
            taken_number = True
            errors.setdefault("institution_number", []).append(
                _("Er bestaat al een school met instellingsnummer %(n)s.", n=number)
            )
    parent = None
    parent_number = values.get("parent_institution_number")
    if parent_number and "parent_institution_number" not in errors:
        parent = db.session.scalar(select(School).where(School.institution_number == parent_number))
        if parent is None:
            errors.setdefault("parent_institution_number", []).append(
                _("Er is geen school met instellingsnummer %(n)s.", n=parent_number)
            )
        elif _creates_cycle(school, parent):
            errors.setdefault("parent_institution_number", []).append(
                _("Die school hoort zelf al onder deze school; kies een andere hoofdschool.")
            )
    if errors:
        raise InvalidSchool(errors, clash=taken_number and len(errors) == 1)
    if school is None:
        school = School(public_code=new_public_code())
        db.session.add(school)
    for field in PLAIN_FIELDS:
        if field in values:
            setattr(school, field, values[field])
    school.level = values["level"]
    school.umbrella = values["umbrella"]
    school.province = values["province"]
    if "scholengemeenschap" in values:
        school.scholengemeenschap = values["scholengemeenschap"]
    if "parent_institution_number" in values:
        school.parent = parent
    db.session.flush()
    return school


def create_school(actor: User | None, data: Mapping) -> School:
    """Add a school to the registry; raises InvalidSchool with the messages per field."""
    school = _apply(actor, None, data)
    log_change(actor, "school.created", school, institution_number=school.institution_number)
    return school


def update_school(actor: User | None, school: School, data: Mapping) -> School:
    """Change a school; its public_code never changes. Raises InvalidSchool like create_school."""
    _apply(actor, school, data)
    log_change(actor, "school.updated", school, institution_number=school.institution_number)
    return school


def school_form_data(school: School) -> dict:
    """A school's fields under the names of FIELDS (to fill a form)."""
    return {
        "institution_number": school.institution_number,
        "name": school.name,
        "level": school.level.value,
        "umbrella": school.umbrella.value,
        "street": school.street,
        "postcode": school.postcode,
        "municipality": school.municipality,
        "province": school.province.value,
        "parent_institution_number": school.parent.institution_number if school.parent else "",
        "scholengemeenschap": school.scholengemeenschap or "",
    }


# --- Searching ----------------------------------------------------------------------------------


def search_schools(
    q: str | None = None,
    level: SchoolLevel | None = None,
    province: Province | None = None,
    umbrella: Umbrella | None = None,
) -> Select:
    """The schools matching a search text (name, number, postcode, municipality) and filters,
    ordered by name; a statement to paginate."""
    # Every word somewhere in name, number, postcode or municipality, in any order, whatever
    # its case, accents or hyphens ("sint jozef gent" finds "Sint-Jozef, Gent").
    stmt = select(School).where(where_matches(School.search_name, q))
    if level is not None:
        stmt = stmt.where(School.level == level)
    if province is not None:
        stmt = stmt.where(School.province == province)
    if umbrella is not None:
        stmt = stmt.where(School.umbrella == umbrella)
    return stmt.order_by(School.name, School.id)


PICK_LIMIT = 20
PICK_QUERY_LENGTH = 100


def pick_schools(q: str | None, level: SchoolLevel | None = None) -> list[School]:
    """The first schools matching a search, those of the given level first, then by name: what a
    school picker offers. Nothing for an empty search (thousands of schools are no list)."""
    if not query_words(q):
        return []
    if len(q) > PICK_QUERY_LENGTH:
        raise DomainError(
            _("De zoektekst is te lang (hoogstens %(n)d tekens).", n=PICK_QUERY_LENGTH),
            status_code=400,
        )
    # One statement: the level first by a sort key, so the limit keeps the best matches.
    level_first = (School.level == level).desc() if level is not None else School.name
    stmt = (
        select(School)
        .where(where_matches(School.search_name, q))
        .order_by(level_first, School.name, School.id)
        .limit(PICK_LIMIT)
    )
    return list(db.session.scalars(stmt))


def parse_institution_numbers(text: str) -> list[str]:
    """'123456, 234567\\n345678' -> ['123456', '234567', '345678'] (order kept, no doubles)."""
    numbers = []
    for part in re.split(r"[\s,;]+", text or ""):
        if part and part not in numbers:
            numbers.append(part)
    return numbers


def schools_by_numbers(numbers: Iterable[str]) -> list[School]:
    """The schools with these institution numbers, in one query; DomainError naming any unknown."""
    numbers = list(dict.fromkeys(n.strip() for n in numbers if n and n.strip()))
    if not numbers:
        return []
    found = {
        s.institution_number: s
        for s in db.session.scalars(select(School).where(School.institution_number.in_(numbers)))
    }
    missing = [n for n in numbers if n not in found]
    if missing:
        raise DomainError(
            _("Onbekend instellingsnummer: %(numbers)s.", numbers=", ".join(missing)[:300])
        )
    return [found[n] for n in numbers]
