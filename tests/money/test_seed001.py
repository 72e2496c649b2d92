"""Seed 001's funding entered as a new user would, through the pages and the API, and the
funding report per province and year checked against sums made by hand.

Five provincial networks, each funded by the ministry: 64.000 € a year from 2016-2017 to
2019-2020, 60.166 € a year from 2020-2021 to 2022-2023, and 4/12 of 60.166 € for
September-December 2023, written in whole euro (20.055 €). Antwerpen and Limburg are entered on
the pages, the other three through the API; Limburg's first grant is amended (-2.000 € from
01/01/2018) and Antwerpen's last payment waits on a report.
"""

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from netwerk.extensions import db
from netwerk.money.models import Funder, Grant, GrantRequirement
from netwerk.networks.models import Network
from netwerk.schools.models import Province
from netwerk.timeutil import BRUSSELS
from tests.conftest import login
from tests.factories import make_network, make_school, make_user
from tests.networks.factories import bearer, token_for

PROVINCES = [
    Province.antwerpen,
    Province.limburg,
    Province.oost_vlaanderen,
    Province.vlaams_brabant,
    Province.west_vlaanderen,
]
ON_PAGES = {Province.antwerpen, Province.limburg}
# (starts_on, ends_on, amount a year, rounding) of each network's three grants.
PHASES = [
    (date(2016, 9, 1), date(2020, 8, 31), "64000.00", "cents"),
    (date(2020, 9, 1), date(2023, 8, 31), "60166.00", "cents"),
    (date(2023, 9, 1), date(2023, 12, 31), "60166.00", "euro"),
]
YEARS = ["2016-2017", "2017-2018", "2018-2019", "2019-2020", "2020-2021", "2021-2022",
         "2022-2023", "2023-2024"]  # fmt: skip
HAND = {year: Decimal("64000.00") for year in YEARS[:4]}
HAND |= {year: Decimal("60166.00") for year in YEARS[4:7]}
HAND["2023-2024"] = Decimal("20055.00")  # 60.166 x 4/12 = 20.055,33, whole euro


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def _new_grant_on_page(client, funder_id, network, school, phase) -> int:
    starts_on, ends_on, amount, rounding = phase
    response = client.post(
        "/geld/toelagen/nieuw",
        data={
            "funder_id": str(funder_id),
            "title": f"Samen tegen Schooluitval {network.name} {starts_on.year}",
            "reference": "BESL-001",
            "recipient_id": str(school),
            "network_ids": [str(network.id)],
            "decided_on": _day(starts_on),
            "starts_on": _day(starts_on),
            "ends_on": _day(ends_on),
            # Belgian text: 64.000,00
            "amount": f"{Decimal(amount):,.2f}".replace(",", " ")
            .replace(".", ",")
            .replace(" ", "."),
            "amount_basis": "per_year",
            "prorata": "months",
            "rounding": rounding,
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(response.location.rsplit("/", 1)[1])


def _new_grant_by_api(client, headers, funder_id, network, school, phase) -> int:
    starts_on, ends_on, amount, rounding = phase
    response = client.post(
        "/api/v1/grants",
        headers=headers,
        json={
            "funder_id": funder_id,
            "title": f"Samen tegen Schooluitval {network.name} {starts_on.year}",
            "recipient_id": school,
            "network_ids": [network.id],
            "decided_on": starts_on.isoformat(),
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "amount": amount,
            "amount_basis": "per_year",
            "prorata": "months",
            "rounding": rounding,
        },
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


@pytest.fixture
def seeded(app, client):
    """Seed 001 entered: the grant ids per province, the admin's API headers, and the moment
    just before the amendment was recorded."""
    with app.app_context():
        admin = make_user(role="admin", email="beheer@test.be")
        headers = bearer(token_for(admin))
        networks = {}
        for province in PROVINCES:
            school = make_school(province=province)
            network_id = make_network(anchor_ids=[school], name=f"STS {province.value}")
            db.session.get(Network, network_id).province = province
            networks[province] = (network_id, school)
        db.session.commit()
    login(client, "beheer@test.be")
    assert (
        client.post(
            "/geld/financiers", data={"name": "Ministerie van Onderwijs", "kind": "ministerie"}
        ).status_code
        == 302
    )
    with app.app_context():
        funder_id = db.session.scalar(db.select(Funder.id))
    grants = {}
    for province, (network_id, school) in networks.items():
        with app.app_context():
            network = db.session.get(Network, network_id)
        enter = _new_grant_on_page if province in ON_PAGES else None
        grants[province] = [
            enter(client, funder_id, network, school, phase)
            if enter
            else _new_grant_by_api(client, headers, funder_id, network, school, phase)
            for phase in PHASES
        ]
    before_amendment = datetime.now(BRUSSELS)
    response = client.post(
        f"/geld/toelagen/{grants[Province.limburg][0]}/wijzigingen",
        data={"amendment-effective_on": "01/01/2018", "amendment-amount": "-2.000,00",
              "amendment-reason": "besparing"},
    )  # fmt: skip
    assert response.status_code == 302
    # Antwerpen's last grant: a report due by 31/12/2023; 10.000 € paid on 01/10/2023 waits on it.
    last = grants[Province.antwerpen][2]
    response = client.post(
        f"/api/v1/grants/{last}/requirements",
        headers=headers,
        json={"title": "Eindverslag", "due_on": "2023-12-31"},
    )
    assert response.status_code == 201
    requirement_id = response.get_json()["id"]
    response = client.post(
        f"/api/v1/grants/{last}/payments",
        headers=headers,
        json={"paid_on": "2023-10-01", "amount": "10000.00", "requirement_id": requirement_id},
    )
    assert response.status_code == 201
    # A payment without a requirement: Oost-Vlaanderen's first year in one go.
    response = client.post(
        f"/api/v1/grants/{grants[Province.oost_vlaanderen][0]}/payments",
        headers=headers,
        json={"paid_on": "2016-10-01", "amount": "64000.00"},
    )
    assert response.status_code == 201
    # The cost of one FTE with 15 years' seniority: the amount is one FTE.
    for year, amount in (("2016-2017", "64.000,00"), ("2023-2024", "60.166,00")):
        assert (
            client.post("/geld/vte-kost", data={"school_year": year, "amount": amount}).status_code
            == 302
        )
    return {"grants": grants, "headers": headers, "before_amendment": before_amendment,
            "requirement_id": requirement_id}  # fmt: skip


def _by_province(body: dict) -> dict:
    return {(row["group"]["label"], row["period"]["key"]): row for row in body["rows"]}


def test_the_twelve_month_split_holds_to_the_cent():
    """64.000 € over 12 months: 11 x 5.333,33 and 5.333,37."""
    from netwerk.money.prorata import split

    assert split(Decimal("64000"), [Fraction(1)] * 12) == [Decimal("5333.33")] * 11 + [
        Decimal("5333.37")
    ]


def test_report_per_province_and_school_year_matches_the_hand_sums(app, client, seeded):
    """Per province and school year: the seed's amounts, Limburg's amendment in 2017-2018,
    the payment waiting on its report until the report is met, and the FTE at the year's rate."""
    headers = seeded["headers"]
    response = client.get(
        "/api/v1/reports/funding?group_by=province&period=school_year&as_of=2023-12-31",
        headers=headers,
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    rows = _by_province(body)
    labels = {"antwerpen": "Antwerpen", "limburg": "Limburg", "oost_vlaanderen": "Oost-Vlaanderen",
              "vlaams_brabant": "Vlaams-Brabant", "west_vlaanderen": "West-Vlaanderen"}  # fmt: skip
    for province in PROVINCES:
        for year in YEARS:
            row = rows[(labels[province.value], year)]
            amended = (
                Decimal("-2000.00") if (province, year) == (Province.limburg, "2017-2018") else 0
            )
            assert Decimal(row["figures"]["awarded"]) == HAND[year], (province, year)
            assert Decimal(row["figures"]["amended"]) == amended
            assert Decimal(row["figures"]["current"]) == HAND[year] + amended
    antwerpen = rows[("Antwerpen", "2023-2024")]["figures"]
    assert (antwerpen["paid"], antwerpen["waiting"]) == ("0.00", "10000.00")
    assert rows[("Oost-Vlaanderen", "2016-2017")]["figures"]["paid"] == "64000.00"
    hand_total = 5 * sum(HAND.values()) - Decimal("2000.00")
    assert Decimal(body["totals"]["current"]) == hand_total == Decimal("2280765.00")
    # Aggregate first, convert last: one FTE in 2016-2017, a third of one in 2023-2024.
    assert rows[("Antwerpen", "2016-2017")]["fte"]["fte"] == "1.000"
    assert rows[("Antwerpen", "2023-2024")]["fte"]["fte"] == "0.333"
    assert rows[("Antwerpen", "2023-2024")]["fte"]["amount_per_fte"] == "60166.00"
    assert rows[("Antwerpen", "2017-2018")]["fte"]["fte"] is None  # no rate for that year

    # The report is met on 15/01/2024: from then on the payment counts as paid, in 2023-2024.
    response = client.post(
        f"/geld/voorwaarden/{seeded['requirement_id']}/vervuld",
        data={f"meet{seeded['requirement_id']}-met_on": "15/01/2024"},
    )
    assert response.status_code == 302
    later = _by_province(client.get(
        "/api/v1/reports/funding?group_by=province&as_of=2024-02-01", headers=headers
    ).get_json())  # fmt: skip
    assert later[("Antwerpen", "2023-2024")]["figures"]["paid"] == "10000.00"
    assert later[("Antwerpen", "2023-2024")]["figures"]["waiting"] == "0.00"
    before = _by_province(client.get(
        "/api/v1/reports/funding?group_by=province&as_of=2024-01-14", headers=headers
    ).get_json())  # fmt: skip
    assert before[("Antwerpen", "2023-2024")]["figures"]["waiting"] == "10000.00"


def test_report_per_calendar_year_splits_by_months_with_the_remainder_last(client, seeded):
    """Per calendar year: 4/12 of a school year in the first year, the remainder of each grant
    on its last year, summed by hand."""
    body = client.get(
        "/api/v1/reports/funding?group_by=province&period=calendar_year&as_of=2024-06-30",
        headers=seeded["headers"],
    ).get_json()
    rows = _by_province(body)

    def cents(value: Fraction) -> Decimal:
        return Decimal(value.numerator) / Decimal(value.denominator)

    first_2016 = Decimal("21333.33")  # 256.000 x (4/12) / 4
    second_2020 = Decimal("20055.33")  # 180.498 x (4/12) / 3
    hand = {
        "2016": first_2016,
        "2017": Decimal("64000.00"),
        "2018": Decimal("64000.00"),
        "2019": Decimal("64000.00"),
        "2020": Decimal("256000.00") - first_2016 - 3 * Decimal("64000.00") + second_2020,
        "2021": Decimal("60166.00"),
        "2022": Decimal("60166.00"),
        "2023": Decimal("180498.00") - second_2020 - 2 * Decimal("60166.00") + Decimal("20055"),
    }
    assert cents(Fraction(256000, 12)).quantize(Decimal("0.01")) == first_2016
    for year, amount in hand.items():
        assert Decimal(rows[("West-Vlaanderen", year)]["figures"]["awarded"]) == amount, year
    assert hand["2020"] == Decimal("62722.00") and hand["2023"] == Decimal("60165.67")
    # Limburg's amendment falls on 01/01/2018.
    assert rows[("Limburg", "2018")]["figures"]["amended"] == "-2000.00"


def test_known_at_before_the_amendment_leaves_it_out(client, seeded):
    """As known just before the amendment was recorded, Limburg's 2017-2018 is the award."""
    known = seeded["before_amendment"].isoformat()
    response = client.get(
        "/api/v1/reports/funding",
        query_string={"group_by": "province", "as_of": "2023-12-31", "known_at": known},
        headers=seeded["headers"],
    )
    rows = _by_province(response.get_json())
    assert rows[("Limburg", "2017-2018")]["figures"]["current"] == "64000.00"


def test_report_page_shows_belgian_amounts_and_downloads(client, seeded):
    """The page shows 64.000,00 and 20.055,00; CSV and XLSX download."""
    page = client.get("/geld/rapport?group_by=province&as_of=31/12/2023")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "64.000,00" in text and "20.055,00" in text and "-2.000,00" in text
    csv = client.get("/geld/rapport?group_by=province&as_of=31/12/2023&format=csv")
    assert csv.status_code == 200 and "64000,00" in csv.get_data(as_text=True)
    xlsx = client.get("/geld/rapport?group_by=funder&period=grant_period&format=xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


def test_grant_page_shows_the_record_and_the_award_over_the_period(app, client, seeded):
    """The partial year's grant: 60.166,00 € a year, 20.055,00 € over September-December."""
    grant_id = seeded["grants"][Province.antwerpen][2]
    text = client.get(f"/geld/toelagen/{grant_id}").get_data(as_text=True)
    assert "60.166,00\u00a0€" in text and "20.055,00\u00a0€" in text
    assert "Eindverslag" in text
    with app.app_context():
        grant = db.session.get(Grant, grant_id)
        assert grant.recorded_by_id is not None and grant.recorded_at is not None
        assert db.session.get(GrantRequirement, seeded["requirement_id"]).met_on is None
