"""Helpers of the publication tests: tokens, publishing through the API, a backdated move."""

from datetime import date
from urllib.parse import urlencode

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.networks.models import Registration, RegistrationStatus
from netwerk.networks.registrations import transition
from tests.factories import make_user
from tests.reports.factories import make_token

# The paper registration of the issue: entered now, effective a week before the peildatum.
BACKDATED_ON = date(2021, 11, 12)
BACKDATED_REASON = "Papieren aanmelding van 12/11, nu ingevoerd"


def bearer(app, role: str = "ministry") -> dict:
    """An Authorization header with a new token of a new user with this role."""
    with app.app_context():
        token = make_token(make_user(role=role))
    return {"Authorization": f"Bearer {token}"}


def publish_api(client, headers: dict, title: str = "Schriftelijke vraag nr. 155", **params):
    """POST /api/v1/publications of the participation report (or params["report"])."""
    report = params.pop("report", "participation")
    parameters = {"as_of": "2021-11-19", "basis": "registered", **params}
    return client.post(
        "/api/v1/publications",
        json={"report": report, "title": title, "parameters": parameters},
        headers=headers,
    )


def query(parameters: dict) -> str:
    """Stored parameters as a query string (the offset's + encoded)."""
    return urlencode(parameters)


def backdated_move(app, school_id: int, network_id: int) -> int:
    """Accept the school's registration in the network effective BACKDATED_ON, recorded now."""
    return backdated_move_on(app, school_id, network_id, BACKDATED_ON)


def backdated_move_on(app, school_id: int, network_id: int, effective_on: date) -> int:
    """Accept the school's registration in the network effective on that day, recorded now,
    through the service (as an admin), and commit; returns the registration's id."""
    with app.test_request_context():
        admin = db.session.get(User, make_user(role="admin"))
        registration = db.session.scalars(
            db.select(Registration).where(
                Registration.school_id == school_id, Registration.network_id == network_id
            )
        ).one()
        transition(
            admin,
            registration,
            RegistrationStatus.accepted,
            reason=BACKDATED_REASON,
            effective_on=effective_on,
            # The point of these tests is a published figure changed after all (confirmed).
            acknowledge_publications=True,
        )
        db.session.commit()
        return registration.id
