"""Webhook endpoints that admins register, and the deliveries waiting for or sent to them.

A delivery is written in the transaction of the change it tells about (the outbox): committed
together or not at all. The worker (`flask webhooks work`) sends them after the commit.
"""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from netwerk.auth.models import User
from netwerk.dbtypes import enum_column
from netwerk.extensions import db
from netwerk.timeutil import utcnow


class DeliveryStatus(enum.Enum):
    """Waiting to be sent (again), received by the endpoint, or given up after the last retry."""

    pending = "pending"
    delivered = "delivered"
    failed = "failed"


class WebhookEndpoint(db.Model):
    """A URL that hears of the events it subscribes to, signed with its secret."""

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    description: Mapped[str] = mapped_column(String(200), default="")
    # The HMAC key of the signature; shown on its page to admins, never logged.
    secret: Mapped[str] = mapped_column(String(200))
    # The subscribed events, space-separated (netwerk.events.EVENTS).
    events: Mapped[str] = mapped_column(String(500))
    is_active: Mapped[bool] = mapped_column(default=True)
    # Whose role decides names or codes in the data (an admin's: names).
    owner_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    owner: Mapped[User] = relationship()
    deliveries: Mapped[list["WebhookDelivery"]] = relationship(
        back_populates="endpoint", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def event_list(self) -> list[str]:
        return self.events.split()


class WebhookDelivery(db.Model):
    """One event for one endpoint: its signed body, and how sending it went."""

    id: Mapped[int] = mapped_column(primary_key=True)
    endpoint_id: Mapped[int] = mapped_column(
        ForeignKey("webhook_endpoint.id", ondelete="CASCADE"), index=True
    )
    # The event's id ("id" in the body; the same for every endpoint that hears of it).
    event_id: Mapped[str] = mapped_column(String(36), index=True)
    # X-Netwerk-Delivery: this delivery's own id (a resend is a new delivery).
    delivery_key: Mapped[str] = mapped_column(String(36), unique=True)
    event: Mapped[str] = mapped_column(String(50))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_column(DeliveryStatus, 20), default=DeliveryStatus.pending
    )
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # A worker sending it claims it until then; a worker that died is replaced after it.
    claimed_until: Mapped[datetime | None]
    last_attempt_at: Mapped[datetime | None]
    last_status_code: Mapped[int | None]
    last_error: Mapped[str] = mapped_column(String(500), default="")
    delivered_at: Mapped[datetime | None]

    endpoint: Mapped[WebhookEndpoint] = relationship(back_populates="deliveries")
