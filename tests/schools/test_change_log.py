"""The organisation registry (issue 20): its writing services log a change line each."""

import logging

import pytest

from netwerk.auth.models import User
from netwerk.extensions import db
from netwerk.schools import organisations
from netwerk.schools.models import IdentifierType, OrganisationKind
from tests.factories import make_user

WRITING_SERVICES = [
    "netwerk.schools.organisations.create_organisation",
    "netwerk.schools.organisations.update_organisation",
    "netwerk.schools.organisations.import_organisations",
]


@pytest.fixture
def changes(caplog):
    """The (actor_id, action, object_type, object_id) of the change lines logged so far."""
    caplog.set_level(logging.INFO, logger="netwerk.changes")
    return lambda: [
        (r.actor_id, r.action, r.object_type, r.object_id)
        for r in caplog.records
        if r.name == "netwerk.changes"
    ]


def test_organisation_created_updated_and_imported(ctx, changes):
    """organisation.created, organisation.updated; an import logs each row it writes."""
    admin = db.session.get(User, make_user(role="admin"))
    data = organisations.OrganisationData(OrganisationKind.clb, "CLB Brugge")
    clb = organisations.create_organisation(admin, data)
    organisations.update_organisation(
        admin,
        clb,
        organisations.OrganisationData(
            OrganisationKind.clb,
            "CLB Brugge-Oostende",
            identifiers=[organisations.IdentifierData(IdentifierType.kbo, "0123.456.789")],
        ),
    )
    result = organisations.import_organisations(
        admin,
        OrganisationKind.clb,
        [{"name": "CLB Gent", "kbo": "0999.999.999"}, {"name": "X", "kbo": "0123.456.789"}],
    )
    assert (result.created, result.updated, result.errors) == (1, 1, [])
    lines = changes()
    assert lines[:2] == [
        (admin.id, "organisation.created", "organisation", clb.id),
        (admin.id, "organisation.updated", "organisation", clb.id),
    ]
    assert [line[1] for line in lines[2:]] == ["organisation.created", "organisation.updated"]
    assert lines[3][3] == clb.id  # found by its KBO number, renamed
    assert clb.name == "X"
