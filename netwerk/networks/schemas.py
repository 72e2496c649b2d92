"""Marshmallow schemas of the networks API; the OpenAPI document is generated from them."""

from datetime import date

from marshmallow import Schema, fields, validate

from netwerk.apiutil import Id, PageQuerySchema, UtcDateTime, page_of, version_field, version_out
from netwerk.extensions import MAX_INT
from netwerk.networks.models import MembershipRole, NetworkType, RegistrationStatus
from netwerk.schools.models import OrganisationKind, Province, SchoolLevel

# The dates the API takes, as parse_date on the pages: a year 1 or 9999 is a typing error.
DAY_RANGE = validate.Range(min=date(1900, 1, 1), max=date(2200, 12, 31))


class ProgrammeSchema(Schema):
    """A programme."""

    id = fields.Integer(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(load_default="")
    is_active = fields.Boolean(dump_only=True)
    starts_on = fields.Date(
        allow_none=True,
        load_default=None,
        validate=DAY_RANGE,
        metadata={"description": "Geen inschrijving of statuswijziging kan vroeger ingaan."},
    )
    version = version_out()


ProgrammePageSchema = page_of(ProgrammeSchema, "A page of programmes.")


class SchoolRefSchema(Schema):
    """A school as it appears in a network or a registration.

    By name (id, institution_number, name) or by code (public_code), never both, except for
    admins and coaches, who read the full registry: the ministry sees codes only, a school user its
    own schools and the anchors by name.
    """

    id = fields.Integer(metadata={"description": "Niet bij een school die enkel met code staat."})
    public_code = fields.String(
        metadata={"description": "Naast een naam enkel voor beheerders en procescoaches."}
    )
    institution_number = fields.String()
    name = fields.String()
    level = fields.Enum(SchoolLevel, by_value=True)
    province = fields.Enum(Province, by_value=True)


class CoachSchema(Schema):
    """A coach of a network."""

    id = fields.Integer()
    name = fields.String()
    email = fields.String(metadata={"description": "Enkel voor beheerders en procescoaches."})


class OrganisationRefSchema(Schema):
    """An organisation named where it takes part (an anchor, a member): its instellingsnummer
    when it is a school, null otherwise."""

    organisation_id = fields.Integer()
    kind = fields.Enum(OrganisationKind, by_value=True)
    name = fields.String()
    institution_number = fields.String(allow_none=True)


class CallRefSchema(Schema):
    """A call offering a network."""

    id = fields.Integer()
    title = fields.String()
    opens_on = fields.Date()
    closes_on = fields.Date()
    starts_on = fields.Date()


class AnchorPeriodSchema(Schema):
    """An organisation anchoring a network from a day until a day (null: still); school: the
    same anchor as a school (null for another kind)."""

    school = fields.Nested(SchoolRefSchema, allow_none=True)
    organisation = fields.Nested(OrganisationRefSchema)
    valid_from = fields.Date()
    valid_until = fields.Date(allow_none=True)


class ParentRefSchema(Schema):
    """A parent network by id and name."""

    id = fields.Integer()
    name = fields.String()


class ParentPeriodSchema(Schema):
    """A network under a parent from a day until a day (null: still)."""

    parent = fields.Nested(ParentRefSchema)
    valid_from = fields.Date()
    valid_until = fields.Date(allow_none=True)


class NetworkSchema(Schema):
    """A network with its anchors, coaches, calls and places left."""

    id = fields.Integer()
    name = fields.String()
    type = fields.Enum(NetworkType, by_value=True)
    programme_id = fields.Integer()
    programme = fields.String()
    theme = fields.String()
    level = fields.Enum(SchoolLevel, by_value=True)
    province = fields.Enum(Province, by_value=True, allow_none=True)
    region = fields.String()
    capacity = fields.Integer(allow_none=True)
    places_left = fields.Integer(allow_none=True)
    auto_accept = fields.Boolean()
    is_active = fields.Boolean()
    description = fields.String()
    rhythm = fields.String()
    anchors = fields.List(
        fields.Nested(SchoolRefSchema),
        metadata={"description": "De ankers die scholen zijn."},
    )
    anchor_organisations = fields.List(
        fields.Nested(OrganisationRefSchema),
        metadata={"description": "De ankers van elke soort (0 tot 2), scholen inbegrepen."},
    )
    anchors_history = fields.List(
        fields.Nested(AnchorPeriodSchema),
        metadata={
            "description": "Enkel bij één netwerk: de ankerscholen door de tijd, de huidige eerst."
        },
    )
    coaches = fields.List(fields.Nested(CoachSchema))
    calls = fields.List(fields.Nested(CallRefSchema))
    starts_on = fields.Date(metadata={"description": "De eerste dag van het netwerk."})
    ends_on = fields.Date(
        allow_none=True,
        metadata={
            "description": "De laatste dag (null: het loopt door); daarna geen inschrijvingen, "
            "bijeenkomsten of uren."
        },
    )
    previous_network_id = fields.Integer(
        allow_none=True,
        metadata={"description": "Het netwerk dat dit netwerk voortzet (vorig schooljaar)."},
    )
    parent_id = fields.Integer(
        allow_none=True,
        metadata={"description": "Het bovenliggende netwerk (koepelnetwerk) vandaag; null: geen."},
    )
    parent_history = fields.List(
        fields.Nested(ParentPeriodSchema),
        metadata={
            "description": "Enkel bij één netwerk: de bovenliggende netwerken door de tijd, het "
            "huidige eerst."
        },
    )
    version = version_out()


NetworkPageSchema = page_of(NetworkSchema, "A page of networks.")


class NetworkQuerySchema(PageQuerySchema):
    """Filters of the network list."""

    programme_id = Id()
    level = fields.Enum(SchoolLevel, by_value=True)
    province = fields.Enum(Province, by_value=True)
    q = fields.String(validate=validate.Length(max=100))
    parent_id = Id(
        metadata={"description": "Enkel de netwerken die vandaag onder dit netwerk vallen."}
    )


class NetworkInSchema(Schema):
    """A new network (admin)."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    programme_id = Id(required=True)
    level = fields.Enum(SchoolLevel, by_value=True, required=True)
    type = fields.Enum(NetworkType, by_value=True, load_default=NetworkType.lerend_netwerk)
    capacity = fields.Integer(
        allow_none=True, load_default=None, validate=validate.Range(min=1, max=MAX_INT)
    )
    province = fields.Enum(Province, by_value=True, allow_none=True, load_default=None)
    region = fields.String(load_default="", validate=validate.Length(max=100))
    theme = fields.String(load_default="", validate=validate.Length(max=200))
    description = fields.String(load_default="")
    rhythm = fields.String(load_default="", validate=validate.Length(max=200))
    auto_accept = fields.Boolean(load_default=False)
    starts_on = fields.Date(
        allow_none=True,
        load_default=None,
        validate=DAY_RANGE,
        metadata={"description": "Eerste dag; leeg: de start van het programma."},
    )
    ends_on = fields.Date(
        allow_none=True,
        load_default=None,
        validate=DAY_RANGE,
        metadata={"description": "Laatste dag; leeg: het netwerk loopt door."},
    )
    anchor_schools = fields.List(
        fields.String(validate=validate.Length(min=1, max=20)),
        load_default=list,
        metadata={"description": "Instellingsnummers van de ankerscholen."},
    )
    anchor_organisations = fields.List(
        Id(),
        load_default=list,
        metadata={
            "description": "Ids van ankerorganisaties van elke soort; samen met anchor_schools "
            "hoogstens 2 (0: zonder anker)."
        },
    )
    coaches = fields.List(
        fields.Email(), load_default=list, metadata={"description": "E-mailadressen van coaches."}
    )
    parent_id = Id(
        allow_none=True,
        load_default=None,
        metadata={"description": "Het bovenliggende netwerk (koepelnetwerk), vanaf de start."},
    )


class NetworkPatchSchema(Schema):
    """A change of a network (admin), as its edit page makes it: only the fields sent change."""

    version = version_field("het netwerk")
    name = fields.String(validate=validate.Length(min=1, max=200))
    programme_id = Id()
    level = fields.Enum(SchoolLevel, by_value=True)
    type = fields.Enum(NetworkType, by_value=True)
    capacity = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=MAX_INT))
    province = fields.Enum(Province, by_value=True, allow_none=True)
    region = fields.String(validate=validate.Length(max=100))
    theme = fields.String(validate=validate.Length(max=200))
    description = fields.String(validate=validate.Length(max=20_000))
    rhythm = fields.String(validate=validate.Length(max=200))
    is_active = fields.Boolean()
    auto_accept = fields.Boolean()
    starts_on = fields.Date(validate=DAY_RANGE, metadata={"description": "De eerste dag."})
    ends_on = fields.Date(
        allow_none=True,
        validate=DAY_RANGE,
        metadata={"description": "De laatste dag; null: het netwerk loopt door."},
    )
    anchor_schools = fields.List(
        fields.String(validate=validate.Length(min=1, max=20)),
        validate=validate.Length(max=10),
        metadata={"description": "Instellingsnummers van de ankerscholen (1 of 2)."},
    )
    coaches = fields.List(
        fields.Email(),
        validate=validate.Length(max=50),
        metadata={"description": "E-mailadressen van de coaches (vervangt de lijst)."},
    )
    parent_id = Id(
        allow_none=True,
        metadata={"description": "Het nieuwe bovenliggende netwerk; null: geen."},
    )
    effective_on = fields.Date(
        load_default=None,
        validate=DAY_RANGE,
        metadata={
            "description": "Van kracht vanaf (standaard vandaag) voor ankerscholen, niveau, "
            "programma en bovenliggend netwerk; rapporten voor vroegere dagen tonen de vorige."
        },
    )
    reason = fields.String(
        load_default="",
        validate=validate.Length(max=500),
        metadata={"description": "Verplicht met een datum van kracht in het verleden."},
    )


class StatusChangeSchema(Schema):
    """One move in a registration's history."""

    id = fields.Integer()
    from_status = fields.Enum(RegistrationStatus, by_value=True, allow_none=True)
    to_status = fields.Enum(RegistrationStatus, by_value=True)
    effective_on = fields.Date()
    recorded_at = UtcDateTime()
    backdated = fields.Boolean(
        metadata={"description": "Ingegaan voor de dag waarop de wijziging werd geregistreerd."}
    )
    actor = fields.String(
        allow_none=True,
        metadata={"description": "Naam van wie de wijziging deed; null voor wie enkel codes ziet."},
    )
    reason = fields.String(metadata={"description": "Leeg voor wie enkel codes ziet."})


class RegistrationSchema(Schema):
    """A registration, with its history when asked for one."""

    id = fields.Integer()
    network_id = fields.Integer()
    network = fields.String()
    school = fields.Nested(SchoolRefSchema)
    status = fields.Enum(RegistrationStatus, by_value=True)
    call_id = fields.Integer(allow_none=True)
    contact_name = fields.String()
    contact_email = fields.String()
    motivation = fields.String()
    commitment = fields.Boolean()
    created_at = UtcDateTime()
    history = fields.List(fields.Nested(StatusChangeSchema))
    version = version_out()


RegistrationPageSchema = page_of(RegistrationSchema, "A page of registrations.")


class RegistrationQuerySchema(PageQuerySchema):
    """Filters of the registration list."""

    network_id = Id()
    status = fields.Enum(RegistrationStatus, by_value=True)


def ACKNOWLEDGE() -> fields.Boolean:  # noqa: N802 - reads as a field, like fields.Boolean
    """The confirmation that a move may change a published figure (409 changes_publication)."""
    return fields.Boolean(
        load_default=False,
        metadata={
            "description": "Bevestigt dat de wijziging een gepubliceerd cijfer verandert; "
            "zonder bevestiging antwoordt de API 409 changes_publication met de publicaties. "
            "Vraagt een reden (anders 422)."
        },
    )


class RegistrationInSchema(Schema):
    """A new registration of a school for a network."""

    institution_number = fields.String(required=True, validate=validate.Length(min=1, max=20))
    effective_on = fields.Date(
        load_default=None,
        validate=DAY_RANGE,
        metadata={
            "description": "Standaard vandaag; vroeger enkel coach/admin, met een reden, en niet "
            "voor de start van het programma (zonder start: 01/01/2000)."
        },
    )
    contact_name = fields.String(load_default="", validate=validate.Length(max=200))
    contact_email = fields.String(load_default="", validate=validate.Length(max=254))
    motivation = fields.String(load_default="")
    commitment = fields.Boolean(load_default=True)
    reason = fields.String(
        load_default="",
        validate=validate.Length(max=500),
        metadata={
            "description": "Verplicht buiten een oproep en met een vroegere ingangsdatum; "
            "enkel van coach/admin."
        },
    )
    acknowledge_publications = ACKNOWLEDGE()


class TransitionInSchema(Schema):
    """A move of a registration to another status."""

    to = fields.Enum(RegistrationStatus, by_value=True, required=True)
    reason = fields.String(
        load_default="",
        validate=validate.Length(max=500),
        metadata={"description": "Verplicht met een vroegere ingangsdatum."},
    )
    effective_on = fields.Date(
        load_default=None,
        validate=DAY_RANGE,
        metadata={
            "description": "Standaard vandaag; vroeger enkel coach/admin (zie inschrijving)."
        },
    )
    acknowledge_publications = ACKNOWLEDGE()


class RegistrationPatchSchema(Schema):
    """A change of a registration's contact person (the school's own users and admins)."""

    version = version_field("de inschrijving")
    contact_name = fields.String(validate=validate.Length(min=1, max=200))
    contact_email = fields.String(validate=validate.Length(max=254))


class ProgrammePatchSchema(Schema):
    """A change of a programme (admin), as its edit page makes it: only the fields sent change."""

    version = version_field("het programma")
    name = fields.String(validate=validate.Length(min=1, max=200))
    description = fields.String(validate=validate.Length(max=20_000))
    is_active = fields.Boolean()
    starts_on = fields.Date(
        allow_none=True,
        validate=DAY_RANGE,
        metadata={"description": "Geen inschrijving of statuswijziging kan vroeger ingaan."},
    )


class CallSchema(Schema):
    """A call for participation (oproep): its programme, sign-up window and networks."""

    id = fields.Integer()
    title = fields.String()
    programme_id = fields.Integer()
    programme = fields.String(attribute="programme.name")
    opens_on = fields.Date()
    closes_on = fields.Date()
    starts_on = fields.Date()
    text = fields.String()
    network_ids = fields.Function(lambda call: [n.id for n in call.networks])
    organisation_kinds = fields.List(fields.Enum(OrganisationKind, by_value=True))
    version = version_out()


CallPageSchema = page_of(CallSchema, "A page of calls.")


class CallQuerySchema(PageQuerySchema):
    """Filters of the call list."""

    programme_id = Id()
    open_on = fields.Date(
        validate=DAY_RANGE, metadata={"description": "Enkel de oproepen die op deze dag open zijn."}
    )


class CallInSchema(Schema):
    """A new call (admin): its networks belong to its programme."""

    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    programme_id = Id(required=True)
    opens_on = fields.Date(required=True, validate=DAY_RANGE)
    closes_on = fields.Date(required=True, validate=DAY_RANGE)
    starts_on = fields.Date(
        required=True,
        validate=DAY_RANGE,
        metadata={"description": "De dag waarop de netwerken starten."},
    )
    text = fields.String(load_default="", validate=validate.Length(max=20_000))
    network_ids = fields.List(Id(), load_default=list, validate=validate.Length(max=500))
    organisation_kinds = fields.List(
        fields.Enum(OrganisationKind, by_value=True),
        load_default=lambda: [OrganisationKind.school],
        validate=validate.Length(min=1, max=10),
        metadata={"description": "De soorten organisaties die zich mogen inschrijven."},
    )


class CallPatchSchema(Schema):
    """A change of a call (admin): only the fields sent change (network_ids replaces the list)."""

    version = version_field("de oproep")
    title = fields.String(validate=validate.Length(min=1, max=200))
    programme_id = Id()
    opens_on = fields.Date(validate=DAY_RANGE)
    closes_on = fields.Date(validate=DAY_RANGE)
    starts_on = fields.Date(validate=DAY_RANGE)
    text = fields.String(validate=validate.Length(max=20_000))
    network_ids = fields.List(Id(), validate=validate.Length(max=500))
    organisation_kinds = fields.List(
        fields.Enum(OrganisationKind, by_value=True), validate=validate.Length(min=1, max=10)
    )


class MemberSchema(Schema):
    """An organisation in a role in a network from a day until a day (inclusive; null: still)."""

    id = fields.Integer()
    organisation = fields.Nested(OrganisationRefSchema)
    role = fields.Enum(MembershipRole, by_value=True)
    valid_from = fields.Date()
    valid_until = fields.Date(allow_none=True)
    recorded_at = UtcDateTime()


class MemberInSchema(Schema):
    """A new membership: an organisation (not a school taking part: that is a registration)."""

    organisation_id = Id(required=True)
    role = fields.Enum(MembershipRole, by_value=True, required=True)
    valid_from = fields.Date(
        allow_none=True,
        load_default=None,
        validate=DAY_RANGE,
        metadata={"description": "Eerste dag; leeg: vandaag."},
    )
    valid_until = fields.Date(
        allow_none=True,
        load_default=None,
        validate=DAY_RANGE,
        metadata={"description": "Laatste dag (inbegrepen); leeg: loopt door."},
    )


class MemberEndSchema(Schema):
    """?ends_on= of a DELETE: the membership's last day (default today)."""

    ends_on = fields.Date(load_default=None, validate=DAY_RANGE)


class MemberListSchema(Schema):
    """A network's memberships as known now, the current ones first."""

    items = fields.List(fields.Nested(MemberSchema))
