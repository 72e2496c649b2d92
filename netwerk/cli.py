"""Registers the command-line groups: users, schools, demo, data and meldingen."""

from flask import Flask

from netwerk.accounts.cli import users_cli
from netwerk.datasafety import data_cli
from netwerk.demo.cli import demo_cli
from netwerk.notifications.cli import notifications_cli
from netwerk.schools.cli import schools_cli


def register_cli(app: Flask) -> None:
    """flask users ..., flask schools ..., flask demo ..., flask data ... and flask meldingen ..."""
    for group in (users_cli, schools_cli, demo_cli, data_cli, notifications_cli):
        app.cli.add_command(group)
