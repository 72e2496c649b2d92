"""Reading the app's mails back from the test outbox (.eml files): each part decoded."""

import email
import email.header
import email.policy
from dataclasses import dataclass, field


@dataclass
class ReadMail:
    """One mail as a person would read it: who, what, both parts and the files."""

    sender: str
    to: list[str]
    subject: str
    text: str
    html: str
    attachments: dict[str, tuple[str, bytes]] = field(default_factory=dict)


def parse_mail(raw: str) -> ReadMail:
    """One .eml file, parsed: text and HTML parts, attachments by file name (type, bytes)."""
    # As bytes: the parts are 8bit UTF-8, which a parse from str would decode wrongly.
    message = email.message_from_bytes(raw.encode("utf-8"), policy=email.policy.default)
    text = html = ""
    attachments = {}
    for part in message.walk():
        if part.is_multipart():
            continue
        if part.get_filename():
            attachments[part.get_filename()] = (
                part.get_content_type(),
                part.get_payload(decode=True),
            )
        elif part.get_content_type() == "text/plain":
            text = part.get_content()
        elif part.get_content_type() == "text/html":
            html = part.get_content()
    return ReadMail(
        sender=str(message["From"]),
        to=[a.strip() for a in str(message["To"]).split(",")],
        subject=str(message["Subject"]),
        text=text,
        html=html,
        attachments=attachments,
    )


def read_mails(outbox) -> list[ReadMail]:
    """Every mail of the outbox fixture, oldest first."""
    return [parse_mail(raw) for raw in outbox()]
