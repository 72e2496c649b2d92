"""What the reports feature stores: the manual order of anchor schools in a written answer."""

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from netwerk.extensions import db


class AnswerOrder(db.Model):
    """An anchor school's place in the written answers of one programme (order=eigen).

    Saved by an admin; anchor schools without a place follow by name.
    """

    programme_id: Mapped[int] = mapped_column(
        ForeignKey("programme.id", ondelete="CASCADE"), primary_key=True
    )
    school_id: Mapped[int] = mapped_column(
        ForeignKey("school.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int]
