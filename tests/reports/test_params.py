"""One parameter object per report: the page form, the API schema and the parser agree."""

from dataclasses import fields

from marshmallow import validate

from netwerk.reports.forms import ReportFilterForm, TrendsFilterForm
from netwerk.reports.params import (
    BASES,
    MONTH,
    PERIOD_CHOICES,
    SCHOOL_FILTERS,
    YEAR,
    ListParams,
    ReportFilters,
    ReportParams,
    TrendsParams,
    load_network,
    parse_list_params,
    parse_params,
    parse_trends_params,
)
from netwerk.reports.schemas import ReportQuerySchema
from netwerk.schools.models import Province, SchoolLevel, Umbrella
from netwerk.timeutil import SchoolYear
from tests.reports.conftest import P

PARAMETERS = {"as_of", "known_at", "basis", *(f.name for f in fields(ReportFilters))}


def _form_fields(form) -> set[str]:
    return {f.name for f in form if f.type != "SubmitField"}


def test_form_schema_and_parameter_object_name_the_same_parameters(rctx):
    """The page form, the API schema and ReportParams take the same eight parameters."""
    assert _form_fields(ReportFilterForm()) == PARAMETERS
    assert _form_fields(TrendsFilterForm()) == PARAMETERS | {"period"}
    assert set(ReportQuerySchema().fields) == PARAMETERS


def test_form_and_schema_offer_the_values_the_parser_takes(rctx):
    """The basis, period and school filters offer exactly the values the parser accepts."""
    form = TrendsFilterForm().fill_choices({"programmes": [], "calls": []})
    schema = ReportQuerySchema()

    def allowed(name: str) -> list[str]:
        (one_of,) = [v for v in schema.fields[name].validators if isinstance(v, validate.OneOf)]
        return list(one_of.choices)

    assert [c.value for c in form.basis.choices] == list(BASES) == allowed("basis")
    assert [c.value for c in form.period.choices] == [MONTH, YEAR]
    assert [value for value, _label in PERIOD_CHOICES] == [MONTH, YEAR]
    for name, (enum_cls, _message) in SCHOOL_FILTERS.items():
        values = [member.value for member in enum_cls]
        assert [c.value for c in form[name].choices] == ["", *values]
        assert allowed(name) == values


def test_query_args_parse_back_to_the_same_parameters(ns):
    """Links and downloads carry the parameters: parsing them gives the same object back."""
    filters = ReportFilters(
        programme_id=ns.prog_h,
        call_id=ns.C1,
        school_year=SchoolYear(2021),
        province=Province.limburg,
        umbrella=Umbrella.go,
        level=SchoolLevel.secundair,
    )
    params = ReportParams(P, "participating", filters)
    assert parse_params(params.query_args()) == params
    trends = TrendsParams(P, "registered", filters, period=YEAR)
    assert parse_trends_params(trends.query_args()) == trends
    network = load_network(ns.N1)
    listing = ListParams(P, "registered", filters, network=network)
    assert parse_list_params(listing.query_args(), network) == listing
    assert listing.report == ReportParams(P, "registered", filters)


def test_the_api_schema_loads_into_the_parameter_object(ns):
    """The API's query string becomes the same ReportParams as the page's."""
    args = {"as_of": "2021-11-19", "basis": "participating", "level": "basis"}
    loaded = ReportQuerySchema().load(args)
    assert loaded == parse_params(args)
    assert loaded == ReportParams(P, "participating", ReportFilters(level=SchoolLevel.basis))
