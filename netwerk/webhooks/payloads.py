"""The `data` of a webhook's body per event, as the endpoint's owner may read it: schools by name
where that user reads names (networks.permissions.can_see_school_names), else by code only."""

from datetime import UTC
from typing import Any

from netwerk.auth.models import User
from netwerk.meetings.models import Meeting
from netwerk.networks.models import Network, Registration
from netwerk.networks.permissions import can_see_school_names
from netwerk.publications.models import Publication
from netwerk.schools.models import School
from netwerk.timeutil import BRUSSELS


def _school(school: School, with_name: bool) -> dict:
    if not with_name:
        return {"public_code": school.public_code}
    return {
        "id": school.id,
        "institution_number": school.institution_number,
        "name": school.name,
        "public_code": school.public_code,
    }


def _network(network: Network) -> dict:
    return {"id": network.id, "name": network.name}


def _registration(registration: Registration, owner: User, details: dict) -> dict:
    previous = details.get("previous")
    effective_on = details.get("effective_on")
    names = can_see_school_names(owner, registration.network)
    return {
        "id": registration.id,
        "status": registration.status.value,
        "previous_status": previous.value if previous is not None else None,
        "effective_on": effective_on.isoformat() if effective_on else None,
        "network": _network(registration.network),
        "school": _school(registration.school, names),
    }


def _meeting(meeting: Meeting, owner: User, details: dict) -> dict:
    data = {
        "id": meeting.id,
        "network": _network(meeting.network),
        "type": meeting.type.value,
        "title": meeting.title,
        "status": meeting.status.value,
        "starts_at": meeting.starts_at.replace(tzinfo=BRUSSELS).isoformat(),
        "duration_minutes": meeting.duration_minutes,
        "location": meeting.location,
    }
    if "fields" in details:
        data["changed_fields"] = list(details["fields"])
    return data


def _attendance(meeting: Meeting, owner: User, details: dict) -> dict:
    names = can_see_school_names(owner, meeting.network)
    return {
        "meeting_id": meeting.id,
        "network": _network(meeting.network),
        "counts": details.get("counts", {}),
        "schools": [
            {"school": _school(row.school, names), "status": row.status.value}
            for row in sorted(meeting.attendances, key=lambda row: row.school_id)
        ],
    }


def _publication(publication: Publication, owner: User, details: dict) -> dict:
    return {
        "id": publication.id,
        "title": publication.title,
        "report": publication.report.value,
        "as_of": publication.as_of.isoformat(),
        "known_at": publication.known_at.replace(tzinfo=UTC).isoformat(),
        "published_at": publication.published_at.replace(tzinfo=UTC).isoformat(),
    }


BUILDERS = {
    "registration": _registration,
    "meeting": _meeting,
    "attendance": _attendance,
    "publication": _publication,
}


def data_of(event: str, obj: Any, owner: User, details: dict) -> dict:
    """The data of `event` about `obj` for an endpoint of `owner`."""
    return BUILDERS[event.split(".")[0]](obj, owner, details)
