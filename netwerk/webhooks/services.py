"""Webhook endpoints (admins register them) and the outbox of deliveries.

`enqueue` listens to netwerk.events: every event becomes one delivery per active endpoint that
subscribes to it, written in the transaction of the change (the outbox). The worker
(netwerk.webhooks.sender) sends them after the commit.
"""

import ipaddress
import json
import secrets
import socket
import uuid
from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from netwerk.auth.models import Role, User
from netwerk.changelog import log_change
from netwerk.errors import DomainError, NotAllowed
from netwerk.events import EVENTS
from netwerk.extensions import db
from netwerk.timeutil import utcnow
from netwerk.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from netwerk.webhooks.payloads import data_of

MAX_URL_LENGTH = 2000


def allows_private() -> bool:
    """NETWERK_WEBHOOK_ALLOW_PRIVATE: http and private addresses allowed (tests, development)."""
    return bool(current_app.config.get("WEBHOOK_ALLOW_PRIVATE"))


def _addresses(host: str) -> list[str]:
    """Every address the host name resolves to (an empty list: it does not resolve)."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return [info[4][0] for info in infos]


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])
    return ip.is_global and not ip.is_multicast


def check_url(url: str) -> str:
    """The URL if webhooks may go there: https, resolving to public addresses only (with
    WEBHOOK_ALLOW_PRIVATE also http and private addresses); else a DomainError on `url`."""
    url = (url or "").strip()
    parts = urlsplit(url)
    private_ok = allows_private()
    schemes = ("https", "http") if private_ok else ("https",)
    if len(url) > MAX_URL_LENGTH or parts.scheme not in schemes or not parts.hostname:
        raise DomainError(
            _("Geef een volledige https-URL, bv. https://voorbeeld.be/netwerk-webhook."),
            field="url",
        )
    if parts.username or parts.password:
        raise DomainError(_("Zet geen gebruikersnaam of wachtwoord in de URL."), field="url")
    try:
        parts.port  # noqa: B018  (a port out of range raises)
    except ValueError:
        raise DomainError(_("De poort in de URL is ongeldig."), field="url") from None
    addresses = _addresses(parts.hostname)
    if not addresses:
        raise DomainError(_("De hostnaam van de URL bestaat niet."), field="url")
    if not private_ok and not all(_is_public(a) for a in addresses):
        raise DomainError(
            _(
                "De URL wijst naar een intern of privé-adres. Webhooks gaan enkel naar publieke "
                "adressen."
            ),
            field="url",
        )
    return url


def _check_events(events: list[str]) -> str:
    chosen = [e for e in EVENTS if e in set(events)]
    if not chosen or len(chosen) != len(set(events)):
        raise DomainError(_("Kies minstens één gebeurtenis uit de lijst."), field="events")
    return " ".join(chosen)


def _require_admin(actor: User) -> None:
    if actor.role is not Role.admin:
        raise NotAllowed(_("Enkel beheerders beheren webhooks."))


def new_secret() -> str:
    """A random signing secret (what the form proposes when none is typed)."""
    return secrets.token_hex(32)


def _check_secret(secret: str) -> str:
    secret = (secret or "").strip()
    if not 16 <= len(secret) <= 200:
        raise DomainError(_("Het geheim telt 16 tot 200 tekens."), field="secret")
    return secret


def create_endpoint(
    actor: User, url: str, events: list[str], secret: str = "", description: str = ""
) -> WebhookEndpoint:
    """Register an endpoint (admins): a checked URL, its events and a secret (random if empty)."""
    _require_admin(actor)
    endpoint = WebhookEndpoint(
        url=check_url(url),
        events=_check_events(events),
        secret=_check_secret(secret or new_secret()),
        description=(description or "").strip()[:200],
        owner_id=actor.id,
    )
    db.session.add(endpoint)
    db.session.flush()
    log_change(actor, "webhook_endpoint.created", endpoint, events=endpoint.events)
    return endpoint


def update_endpoint(
    actor: User,
    endpoint: WebhookEndpoint,
    *,
    url: str,
    events: list[str],
    is_active: bool,
    description: str = "",
    secret: str = "",
) -> WebhookEndpoint:
    """Change an endpoint; an empty secret keeps the one it has."""
    _require_admin(actor)
    endpoint.url = check_url(url)
    endpoint.events = _check_events(events)
    endpoint.is_active = bool(is_active)
    endpoint.description = (description or "").strip()[:200]
    secret_changed = bool(secret)
    if secret_changed:
        endpoint.secret = _check_secret(secret)
    db.session.flush()
    log_change(
        actor,
        "webhook_endpoint.updated",
        endpoint,
        events=endpoint.events,
        is_active=endpoint.is_active,
        secret_changed=secret_changed,  # that it changed, never the secret
    )
    return endpoint


def delete_endpoint(actor: User, endpoint: WebhookEndpoint) -> None:
    """Delete an endpoint with its delivery log."""
    _require_admin(actor)
    endpoint_id = endpoint.id
    db.session.delete(endpoint)
    db.session.flush()
    log_change(
        actor, "webhook_endpoint.deleted", object_type="webhook_endpoint", object_id=endpoint_id
    )


def _body(event_id: str, event: str, data: dict) -> str:
    occurred_at = utcnow().replace(microsecond=0).isoformat() + "Z"
    return json.dumps(
        {"id": event_id, "event": event, "occurred_at": occurred_at, "data": data},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def enqueue(event: str, obj: Any, **details: Any) -> None:
    """The listener of netwerk.events: a pending delivery per active endpoint subscribed to the
    event, in the current transaction, its data as the endpoint's owner may read it."""
    endpoints = [
        e
        for e in db.session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.is_active))
        if event in e.event_list
    ]
    if not endpoints:
        return
    event_id = str(uuid.uuid4())
    for endpoint in endpoints:
        db.session.add(
            WebhookDelivery(
                endpoint_id=endpoint.id,
                event_id=event_id,
                delivery_key=str(uuid.uuid4()),
                event=event,
                body=_body(event_id, event, data_of(event, obj, endpoint.owner, details)),
                next_attempt_at=utcnow(),
            )
        )
    db.session.flush()
    # The system queues (the actor of the change logged its own line); one line per event.
    log_change(
        None,
        "webhook_event.queued",
        object_type="webhook_event",
        event=event,
        event_id=event_id,
        endpoints=len(endpoints),
    )


def resend(actor: User, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery's body again, as a new delivery (its own X-Netwerk-Delivery, attempts
    from zero) that the worker picks up at once."""
    _require_admin(actor)
    again = WebhookDelivery(
        endpoint_id=delivery.endpoint_id,
        event_id=delivery.event_id,
        delivery_key=str(uuid.uuid4()),
        event=delivery.event,
        body=delivery.body,
        status=DeliveryStatus.pending,
        next_attempt_at=utcnow(),
    )
    db.session.add(again)
    db.session.flush()
    log_change(
        actor, "webhook_delivery.resent", again, endpoint_id=delivery.endpoint_id, of=delivery.id
    )
    return again
