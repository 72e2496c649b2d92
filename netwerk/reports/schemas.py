"""Marshmallow schemas of the report API: they also write the OpenAPI document."""

from marshmallow import RAISE, Schema, fields, post_load, validate

from netwerk.apiutil import Id
from netwerk.reports.params import (
    ANCHOR,
    BASES,
    MEMBER_KINDS,
    PARENT,
    SCHOOL_FILTERS,
    ReportParams,
    parse_params,
    parse_participation_params,
)
from netwerk.schools.models import OrganisationKind


def _values(name: str) -> list[str]:
    """The values a school filter (params.SCHOOL_FILTERS) allows."""
    enum_cls, _message = SCHOOL_FILTERS[name]
    return [member.value for member in enum_cls]


LEVELS = _values("level")


class ReportQuerySchema(Schema):
    """Peildatum, basis and filters, loaded into the report's parameter object (params.py).

    The schema checks the types and the allowed values (422); params.parse_params checks the rest
    (peildatum, existing programme and call, school year) with its Dutch messages (400).
    """

    class Meta:
        # A misspelt filter is an error, not silently ignored (api.py also tells webargs).
        unknown = RAISE

    as_of = fields.String(
        metadata={
            "description": "Peildatum YYYY-MM-DD (of dd/mm/jjjj); standaard vandaag. "
            "Niet in de toekomst.",
            "example": "2021-11-19",
        }
    )
    known_at = fields.String(
        metadata={
            "description": "Stand van de gegevens: enkel wijzigingen die toen geregistreerd "
            "waren tellen. YYYY-MM-DD (het einde van die dag, Brusselse tijd; vandaag = nu) of "
            "een RFC 3339-tijdstip met tijdzone. Standaard nu. Niet in de toekomst; vóór de "
            "peildatum mag.",
            "example": "2021-11-19T12:00:00+01:00",
        }
    )
    basis = fields.String(
        validate=validate.OneOf(BASES),
        metadata={
            "description": "registered: aanvaard op de peildatum; participating: aanwezig "
            "op een gehouden bijeenkomst tot de peildatum."
        },
    )
    programme_id = Id(metadata={"description": "Enkel netwerken van dit programma."})
    call_id = Id(metadata={"description": "Enkel netwerken van deze oproep."})
    school_year = fields.String(
        metadata={
            "description": "Netwerken aangeboden in een oproep die in dit schooljaar start.",
            "example": "2021-2022",
        }
    )
    province = fields.String(
        validate=validate.OneOf(_values("province")),
        metadata={"description": "Provincie van de school."},
    )
    umbrella = fields.String(
        validate=validate.OneOf(_values("umbrella")),
        metadata={"description": "Onderwijsnet van de school."},
    )
    level = fields.String(
        validate=validate.OneOf(LEVELS), metadata={"description": "Onderwijsniveau van de school."}
    )

    @post_load
    def to_params(self, data: dict, **kwargs) -> ReportParams:
        """The report's parameter object; DomainError 400 with the pages' Dutch messages."""
        return parse_params(data)


class ParticipationQuerySchema(ReportQuerySchema):
    """The report's parameters and the participation report's grouping."""

    group_by = fields.String(
        validate=validate.OneOf((ANCHOR, PARENT)),
        metadata={
            "description": "anchor (standaard): per ankerschool; parent: ook per bovenliggend "
            "netwerk (koepelnetwerk), elke school één keer per bovenliggend netwerk en per "
            "provincie van het netwerk."
        },
    )
    member_kind = fields.String(
        validate=validate.OneOf([k.value for k in MEMBER_KINDS]),
        metadata={
            "description": "Enkel de andere leden (geen scholen) van deze soort in "
            "other_members; de scholen tellen zoals zonder deze filter."
        },
    )

    @post_load
    def to_params(self, data: dict, **kwargs) -> ReportParams:
        """The report's parameter object with its grouping; DomainError 400 in Dutch."""
        return parse_participation_params(data)


class AnchorSchoolSchema(Schema):
    """An anchor school (public by name)."""

    institution_number = fields.String()
    name = fields.String()


class NetworkRefSchema(Schema):
    """A network."""

    id = fields.Integer()
    name = fields.String()
    ended_on = fields.Date(
        metadata={"description": "Enkel bij een netwerk dat voor de peildatum beëindigd is."}
    )


class AnchorSchema(Schema):
    """A row's anchor of any kind: its instellingsnummer when it is a school, else null."""

    organisation_id = fields.Integer()
    kind = fields.String(metadata={"enum": [k.value for k in OrganisationKind]})
    name = fields.String()
    institution_number = fields.String(allow_none=True)


class ParticipationRowSchema(Schema):
    """Schools of one level in one network, under one of its anchors."""

    anchor_school = fields.Nested(
        AnchorSchoolSchema,
        allow_none=True,
        metadata={
            "description": "De ankerschool; null als het anker geen school is of er geen is."
        },
    )
    anchor = fields.Nested(
        AnchorSchema,
        allow_none=True,
        metadata={"description": "Het anker van elke soort; null: zonder anker."},
    )
    network = fields.Nested(NetworkRefSchema)
    level = fields.String(metadata={"enum": LEVELS})
    count = fields.Integer()
    other_members = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={
            "description": "Enkel op de eerste rij van een netwerk: de andere leden (geen "
            "scholen) per soort organisatie."
        },
    )


class LevelTotalSchema(Schema):
    """Totals of one level."""

    registrations = fields.Integer(
        metadata={"description": "School-netwerkparen: elk netwerk één keer, ook met twee ankers."}
    )
    distinct_schools = fields.Integer(metadata={"description": "Verschillende scholen."})
    other_members = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={
            "description": "Andere leden per soort: de organisaties van de netwerken met rijen "
            "in dit niveau."
        },
    )


class ParentProvinceSchema(Schema):
    """The schools of a parent's networks in one province (null: networks without one)."""

    province = fields.String(allow_none=True, metadata={"enum": _values("province")})
    registrations = fields.Integer()
    distinct_schools = fields.Integer()


class ParentGroupSchema(Schema):
    """A parent network (or a network without one) with the schools of it and its children."""

    network = fields.Nested(NetworkRefSchema)
    networks = fields.Integer(metadata={"description": "Netwerken met scholen in deze groep."})
    registrations = fields.Integer(metadata={"description": "School-netwerkparen."})
    distinct_schools = fields.Integer(
        metadata={"description": "Verschillende scholen: een school in twee netwerken één keer."}
    )
    provinces = fields.List(fields.Nested(ParentProvinceSchema))


class ReportHeaderSchema(Schema):
    """What the participation and reach answers start with: the peildatum, the stand van de
    gegevens, the basis and the source."""

    as_of = fields.Date()
    known_at = fields.String(
        metadata={
            "format": "date-time",
            "description": "De stand van de gegevens waarop de cijfers berusten, met tijdzone "
            "en microseconden.",
            "example": "2021-11-19T23:59:59.999999+01:00",
        }
    )
    basis = fields.String(metadata={"enum": list(BASES)})
    source = fields.String()


class ParticipationReportSchema(ReportHeaderSchema):
    """The participation report as of a date."""

    rows = fields.List(fields.Nested(ParticipationRowSchema))
    totals = fields.Dict(keys=fields.String(), values=fields.Nested(LevelTotalSchema))
    other_members = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "Andere leden per soort, elke organisatie één keer."},
    )
    member_kind = fields.String(
        metadata={
            "enum": [k.value for k in MEMBER_KINDS],
            "description": "Enkel met member_kind: de soort waartoe other_members beperkt is.",
        }
    )
    group_by = fields.String(metadata={"description": "Enkel met group_by=parent."})
    parents = fields.List(
        fields.Nested(ParentGroupSchema),
        metadata={"description": "Enkel met group_by=parent: per bovenliggend netwerk."},
    )


class ReachLineSchema(Schema):
    """Reached schools of the population in a period."""

    period = fields.String()
    starts_on = fields.Date(allow_none=True)
    ends_on = fields.Date()
    numerator = fields.Integer()
    denominator = fields.Integer()
    # Already rounded (one decimal, half up); a JSON number, null when the population is empty.
    percentage = fields.Float(allow_none=True)


class ReachReportSchema(ReportHeaderSchema):
    """Reach of a population of schools, per school year and cumulative."""

    population = fields.Dict(keys=fields.String(), values=fields.Raw())
    school_years = fields.List(fields.Nested(ReachLineSchema))
    cumulative = fields.Nested(ReachLineSchema)
