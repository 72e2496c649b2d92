"""The worker that sends the outbox: `flask webhooks work` (a service), `--once` for cron/tests.

Each round claims the due deliveries (on PostgreSQL with SKIP LOCKED, so several workers never
send one delivery twice at once), commits the claim, sends each one signed, and records the
answer. A 2xx is delivered; anything else is retried after 1 min, 5 min, 30 min, 2 h and 12 h,
then marked failed. A worker that dies after its claim loses nothing: the claim runs out after
CLAIM and another round sends it again (a receiver may so hear one delivery twice; the
X-Netwerk-Delivery id tells it so).
"""

import hashlib
import hmac
import logging
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import or_, select

from netwerk.errors import DomainError
from netwerk.extensions import db
from netwerk.timeutil import utcnow
from netwerk.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from netwerk.webhooks.services import check_url

RETRY_AFTER = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
TIMEOUT_SECONDS = 10
CLAIM = timedelta(minutes=2)
BATCH = 50

logger = logging.getLogger("netwerk.webhooks")


def signature(secret: str, timestamp: str, body: str) -> str:
    """sha256=<hex HMAC-SHA256 of "timestamp.body"> with the endpoint's secret."""
    message = f"{timestamp}.{body}".encode()
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Outgoing:
    """What one attempt sends, read before the claim's commit (no session needed to send)."""

    delivery_id: int
    url: str
    secret: str
    event: str
    delivery_key: str
    body: str


def _claim(now: datetime) -> list[Outgoing]:
    """The due deliveries of active endpoints, claimed until now + CLAIM (committed)."""
    query = (
        select(WebhookDelivery)
        .join(WebhookEndpoint)
        .where(
            WebhookDelivery.status == DeliveryStatus.pending,
            WebhookDelivery.next_attempt_at <= now,
            or_(WebhookDelivery.claimed_until.is_(None), WebhookDelivery.claimed_until <= now),
            WebhookEndpoint.is_active,
        )
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(BATCH)
    )
    if db.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True, of=WebhookDelivery)
    claimed = []
    for delivery in db.session.scalars(query):
        delivery.claimed_until = now + CLAIM
        endpoint = delivery.endpoint
        claimed.append(
            Outgoing(
                delivery.id,
                endpoint.url,
                endpoint.secret,
                delivery.event,
                delivery.delivery_key,
                delivery.body,
            )
        )
    db.session.commit()
    return claimed


def _post(outgoing: Outgoing, now: datetime) -> tuple[int | None, str]:
    """POST the body; (HTTP status, "") or (status or None, what went wrong). The URL is checked
    again: a name that resolved to a public address may resolve to a private one today."""
    try:
        check_url(outgoing.url)
    except DomainError as exc:
        return None, exc.message
    timestamp = str(int(now.replace(tzinfo=UTC).timestamp()))
    request = urllib.request.Request(
        outgoing.url,
        data=outgoing.body.encode(),
        method="POST",
        headers={
            "Content-Type": "application/json",
            "User-Agent": "netwerk-webhooks/1",
            "X-Netwerk-Event": outgoing.event,
            "X-Netwerk-Delivery": outgoing.delivery_key,
            "X-Netwerk-Timestamp": timestamp,
            "X-Netwerk-Signature": signature(outgoing.secret, timestamp, outgoing.body),
        },
    )
    try:
        with _opener().open(request, timeout=TIMEOUT_SECONDS) as response:
            return response.status, ""
    except urllib.error.HTTPError as error:
        error.close()
        return error.code, f"HTTP {error.code}"
    except (OSError, ValueError) as error:  # refused, timed out, no route, bad URL
        return None, str(error)[:500] or type(error).__name__


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer (not a 2xx), never followed: it could lead to a private address."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_NoRedirects)


def _record(delivery_id: int, status: int | None, error: str, now: datetime) -> None:
    """The outcome of one attempt: delivered, the next retry, or failed after the last."""
    delivery = db.session.get(WebhookDelivery, delivery_id)
    if delivery is None:  # its endpoint was deleted meanwhile
        return
    delivery.attempts += 1
    delivery.last_attempt_at = now
    delivery.last_status_code = status
    delivery.claimed_until = None
    if status is not None and 200 <= status < 300:
        delivery.status = DeliveryStatus.delivered
        delivery.delivered_at = now
        delivery.last_error = ""
    else:
        delivery.last_error = (error or f"HTTP {status}")[:500]
        if delivery.attempts > len(RETRY_AFTER):
            delivery.status = DeliveryStatus.failed
        else:
            delivery.next_attempt_at = now + RETRY_AFTER[delivery.attempts - 1]
    db.session.commit()
    logger.info(
        "webhook delivery=%s event=%s attempt=%d status=%s outcome=%s",
        delivery.delivery_key,
        delivery.event,
        delivery.attempts,
        status,
        delivery.status.value,
    )


def work_once(now: datetime | None = None) -> int:
    """Send every delivery due at `now` (default: the clock); the number of attempts made."""
    now = now or utcnow()
    claimed = _claim(now)
    for outgoing in claimed:
        status, error = _post(outgoing, now)
        _record(outgoing.delivery_id, status, error, now)
    return len(claimed)


def work(interval: float = 5.0, rounds: int | None = None) -> None:
    """Send due deliveries until stopped, looking again every `interval` seconds when idle."""
    done = 0
    while rounds is None or done < rounds:
        if work_once() == 0:
            time.sleep(interval)
        done += 1
