"""Test helpers of the schools feature: CSV files and API tokens."""

import random

from netwerk.auth import services as auth_services
from netwerk.auth.models import User
from netwerk.demo.schools import demo_school_rows
from netwerk.extensions import db

HEADER = (
    "instellingsnummer;naam;niveau;net;straat;postcode;gemeente;provincie;hoofdschool;"
    "scholengemeenschap"
)


def csv_bytes(
    rows: list[str], *, header: str = HEADER, encoding: str = "utf-8", newline: str = "\n"
) -> bytes:
    """A CSV file: the header, then the rows as written, in this encoding."""
    return newline.join([header, *rows, ""]).encode(encoding)


def big_csv(count: int, *, seed: int = 7, start_number: int = 200000) -> bytes:
    """A believable registry of `count` schools (every tenth one a campus of the one before)."""
    rows = demo_school_rows(random.Random(seed), count, start_number=start_number)
    lines = []
    for i, row in enumerate(rows):
        parent = rows[i - 1]["institution_number"] if i % 10 == 9 else ""
        lines.append(
            ";".join(
                [
                    row["institution_number"],
                    row["name"],
                    row["level"].value,
                    row["umbrella"].value,
                    row["street"],
                    row["postcode"],
                    row["municipality"],
                    row["province"].value,
                    parent,
                    f"SG {row['municipality']}" if i % 3 == 0 else "",
                ]
            )
        )
    return csv_bytes(lines)


def make_token(user_id: int) -> str:
    """A new API token for a user (call inside an app context)."""
    token = auth_services.create_api_token(db.session.get(User, user_id), name="test")
    db.session.commit()
    return token
