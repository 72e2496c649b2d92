"""Registers the command-line groups: users, schools, demo, data, meldingen, reports and webhooks."""

from flask import Flask

from netwerk.accounts.cli import users_cli
from netwerk.datasafety import data_cli
from netwerk.demo.cli import demo_cli
from netwerk.notifications.cli import notifications_cli
from netwerk.reports.cli import reports_cli
from netwerk.schools.cli import schools_cli
from netwerk.webhooks.cli import webhooks_cli


def register_cli(app: Flask) -> None:
    """flask users, schools, demo, data, meldingen, reports and webhooks ..."""
    for group in (
        users_cli,
        schools_cli,
        demo_cli,
        data_cli,
        notifications_cli,
        reports_cli,
        webhooks_cli,
    ):
        app.cli.add_command(group)
