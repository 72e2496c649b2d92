"""Registers the command-line groups of every feature."""

from flask import Flask


def register_cli(app: Flask) -> None:
    """flask users ..., flask schools ..., flask demo ..., and the features' own groups."""
    from netwerk.accounts.cli import users_cli
    from netwerk.datasafety import data_cli
    from netwerk.demo import demo_cli
    from netwerk.schools.cli import schools_cli

    for group in (users_cli, schools_cli, demo_cli, data_cli):
        app.cli.add_command(group)
