"""The publication model: which publications a change touches, withdrawing, never deleting."""

from datetime import date, datetime

import pytest

from netwerk.auth.models import User
from netwerk.errors import DomainError, NotAllowed
from netwerk.extensions import db
from netwerk.networks.models import Network
from netwerk.publications.models import Publication, ReportKind
from netwerk.publications.services import (
    publications_covering,
    publications_select,
    stored_filters,
    withdraw,
)
from netwerk.schools.models import School, SchoolLevel
from netwerk.timeutil import SchoolYear
from tests.reports.conftest import build_dataset

P = date(2021, 11, 19)


def _publication(title: str, as_of: date = P, **args) -> int:
    """A publication row as the service stores it (its body does not matter here)."""
    parameters = {"as_of": as_of.isoformat(), "basis": "registered", **args}
    publication = Publication(
        report=ReportKind.participation,
        title=title,
        parameters=parameters,
        as_of=as_of,
        known_at=datetime(2021, 11, 19, 22, 59, 59, 999999),
        body={"as_of": as_of.isoformat()},
        source="bron: gegevens 19/11/2021",
    )
    db.session.add(publication)
    db.session.flush()
    return publication.id


@pytest.fixture
def ns(rctx):
    """The reports' dataset with four publications of 19/11/2021 and one of 01/10/2021."""
    ns = build_dataset()
    ns.all = _publication("Alles")
    ns.basis = _publication("Basis", level="basis")
    ns.other_programme = _publication("Ander programma", programme_id=str(ns.prog_o))
    ns.year = _publication("Schooljaar 2021-2022", school_year="2021-2022", call_id=str(ns.C1))
    ns.early = _publication("Oktober", as_of=date(2021, 10, 1))
    return ns


def _titles(ns, network_id: int, school_id: int, effective_on: date) -> list[str]:
    network = db.session.get(Network, network_id)
    school = db.session.get(School, school_id)
    return [p.title for p in publications_covering(network, school, effective_on)]


def test_stored_filters_read_the_parameters(ns):
    """Programme, call, school year and the school filters come back from the stored strings."""
    year = stored_filters(db.session.get(Publication, ns.year))
    assert year.school_year == SchoolYear(2021) and year.call_id == ns.C1
    assert stored_filters(db.session.get(Publication, ns.basis)).level is SchoolLevel.basis


def test_covering_follows_peildatum_and_filters(ns):
    """A secondary school in N1 (programme H, call C1 of 2021-2022) from 12/11: the publications
    of 19/11 without a filter against it; from 01/09 also the one of 01/10."""
    assert _titles(ns, ns.N1, ns.S5, date(2021, 11, 12)) == ["Alles", "Schooljaar 2021-2022"]
    assert _titles(ns, ns.N1, ns.S5, date(2021, 9, 1)) == [
        "Alles",
        "Schooljaar 2021-2022",
        "Oktober",
    ]
    # After every peildatum: none.
    assert _titles(ns, ns.N1, ns.S5, date(2021, 11, 20)) == []
    # A primary school in N5 (the other programme, call of 2020).
    assert _titles(ns, ns.N5, ns.B1, date(2021, 11, 1)) == ["Alles", "Basis", "Ander programma"]


def test_a_withdrawn_publication_covers_nothing(ns):
    """Withdrawn: it stays, listed, but no change touches it any more."""
    admin = db.session.get(User, ns.coach1)
    admin.role = admin.role.__class__.admin
    withdraw(admin, db.session.get(Publication, ns.all), "Foutieve filter")
    assert _titles(ns, ns.N1, ns.S5, date(2021, 11, 12)) == ["Schooljaar 2021-2022"]
    listed = db.session.scalars(publications_select()).all()
    assert len(listed) == 5 and db.session.get(Publication, ns.all).is_withdrawn


def test_withdraw_needs_an_admin_and_a_reason(ns):
    """The ministry may not withdraw; an empty reason is refused; twice is refused."""
    user = db.session.get(User, ns.coach1)
    publication = db.session.get(Publication, ns.all)
    user.role = user.role.__class__.ministry
    with pytest.raises(NotAllowed):
        withdraw(user, publication, "reden")
    user.role = user.role.__class__.admin
    with pytest.raises(DomainError, match="Geef een reden"):
        withdraw(user, publication, "   ")
    withdraw(user, publication, "reden")
    assert publication.withdrawn_by_id == user.id and publication.withdrawal_reason == "reden"
    with pytest.raises(DomainError, match="al ingetrokken"):
        withdraw(user, publication, "nog eens")


def test_a_publication_is_never_deleted(ns):
    """Deleting through the session is refused before anything reaches the database."""
    db.session.delete(db.session.get(Publication, ns.all))
    with pytest.raises(DomainError, match="nooit verwijderd"):
        db.session.flush()
