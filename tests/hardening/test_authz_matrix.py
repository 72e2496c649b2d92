"""Every route of the app x every role, against an explicit table of who may do what.

A request is *allowed* when authorization let it through: 2xx, a redirect that is not to the login
page, or a 400/409/422 from validating the (deliberately incomplete) input. It is *refused* with
401, 403, 404 or a redirect to the login page. A 5xx fails the test whatever the table says. A
route of the app that is missing from the table fails the test, and so does a table row for a
route that no longer exists.

Two rules are checked on the way: GET never writes, and ministry users never write (except their
own session, language, password and calendar links: PERSONAL).
"""

import re
from datetime import date, timedelta
from urllib.parse import urlsplit

import pytest
from flask import Flask
from sqlalchemy import event

from netwerk.extensions import db
from netwerk.timeutil import today
from tests.conftest import _empty_all_tables
from tests.hardening.scene import CLOSED_MONTH, ROLES, Scene, build_scene, session_user_id

A, M, C, OC, S, OS, AN = ROLES
LOGGED_IN = frozenset({A, M, C, OC, S, OS})
EVERYONE = LOGGED_IN | {AN}
ADMIN = frozenset({A})
MANAGERS = frozenset({A, C})  # admins and the network's own coach
VIEWERS = frozenset({A, M, C, S})  # ... and the ministry and the network's own school
PUBLISHERS = frozenset({A, M})

# (method, rule) -> the roles that are allowed. Keep it in the order of the URL map's features.
MATRIX: dict[tuple[str, str], frozenset[str]] = {
    # main and auth
    ("GET", "/"): LOGGED_IN,
    ("GET", "/healthz"): EVERYONE,
    ("POST", "/taal"): EVERYONE,
    ("GET", "/toegankelijkheidsverklaring"): EVERYONE,
    ("GET", "/privacyverklaring"): EVERYONE,
    ("GET", "/contact"): EVERYONE,
    ("GET", "/aanmelden"): EVERYONE,
    ("POST", "/aanmelden"): EVERYONE,
    ("POST", "/afmelden"): LOGGED_IN,
    ("GET", "/wachtwoord"): LOGGED_IN,
    ("POST", "/wachtwoord"): LOGGED_IN,
    ("GET", "/wachtwoord-vergeten"): EVERYONE,
    ("POST", "/wachtwoord-vergeten"): EVERYONE,
    ("GET", "/wachtwoord-vergeten/verstuurd"): EVERYONE,
    ("GET", "/wachtwoord-herstellen/<token>"): EVERYONE,  # the signed link is the key
    ("POST", "/wachtwoord-herstellen/<token>"): EVERYONE,
    ("GET", "/uitnodiging/<token>"): EVERYONE,
    ("POST", "/uitnodiging/<token>"): EVERYONE,
    ("GET", "/gebruikers"): ADMIN,
    ("GET", "/gebruikers/nieuw"): ADMIN,
    ("POST", "/gebruikers/nieuw"): ADMIN,
    ("GET", "/gebruikers/<int:user_id>/bewerken"): ADMIN,
    ("POST", "/gebruikers/<int:user_id>/bewerken"): ADMIN,
    ("GET", "/gebruikers/<int:user_id>/wachtwoord"): ADMIN,
    ("POST", "/gebruikers/<int:user_id>/wachtwoord"): ADMIN,
    ("GET", "/gebruikers/<int:user_id>/uitnodiging"): ADMIN,
    ("POST", "/gebruikers/<int:user_id>/uitnodiging"): ADMIN,
    ("GET", "/api-sleutels"): LOGGED_IN,
    ("GET", "/api-sleutels/nieuw"): LOGGED_IN,
    ("POST", "/api-sleutels/nieuw"): LOGGED_IN,
    ("GET", "/api-sleutels/<int:token_id>/intrekken"): frozenset({A, S}),  # S owns it
    ("POST", "/api-sleutels/<int:token_id>/intrekken"): frozenset({A, S}),
    ("GET", "/meldingen"): LOGGED_IN,
    ("POST", "/meldingen"): frozenset({C, OC}),  # only coaches have settings to change
    # webhooks (issue 27)
    ("GET", "/webhooks"): ADMIN,
    ("GET", "/webhooks/nieuw"): ADMIN,
    ("POST", "/webhooks/nieuw"): ADMIN,
    ("GET", "/webhooks/<int:endpoint_id>/wijzigen"): ADMIN,
    ("POST", "/webhooks/<int:endpoint_id>/wijzigen"): ADMIN,
    ("GET", "/webhooks/<int:endpoint_id>/verwijderen"): ADMIN,
    ("POST", "/webhooks/<int:endpoint_id>/verwijderen"): ADMIN,
    ("GET", "/webhooks/<int:endpoint_id>/verzendingen"): ADMIN,
    ("POST", "/webhooks/verzendingen/<int:delivery_id>/opnieuw"): ADMIN,
    # schools
    ("GET", "/scholen/"): ADMIN,
    ("GET", "/scholen/<int:school_id>"): ADMIN,
    # The school picker's suggestions: whoever registers any school (admins, every coach).
    ("GET", "/scholen/kiezen"): frozenset({A, C, OC}),
    ("GET", "/scholen/nieuw"): ADMIN,
    ("POST", "/scholen/nieuw"): ADMIN,
    ("GET", "/scholen/<int:school_id>/bewerken"): ADMIN,
    ("POST", "/scholen/<int:school_id>/bewerken"): ADMIN,
    ("GET", "/scholen/import"): ADMIN,
    ("POST", "/scholen/import"): ADMIN,
    ("GET", "/organisaties/"): ADMIN,
    ("GET", "/organisaties/nieuw"): ADMIN,
    ("POST", "/organisaties/nieuw"): ADMIN,
    ("GET", "/organisaties/<int:organisation_id>/bewerken"): ADMIN,
    ("POST", "/organisaties/<int:organisation_id>/bewerken"): ADMIN,
    ("GET", "/organisaties/import"): ADMIN,
    ("POST", "/organisaties/import"): ADMIN,
    # networks and registrations
    ("GET", "/netwerken/"): LOGGED_IN,
    ("GET", "/netwerken/<int:network_id>"): LOGGED_IN,
    ("GET", "/netwerken/<int:network_id>/leden"): VIEWERS,
    ("POST", "/netwerken/<int:network_id>/leden"): MANAGERS,
    ("POST", "/netwerken/<int:network_id>/leden/<int:membership_id>/beeindigen"): MANAGERS,
    # A non-school organisation's own contact signs it up and stops (the scene's CLB: S's).
    ("POST", "/netwerken/<int:network_id>/deelnemen/<int:organisation_id>"): frozenset({S}),
    ("POST", "/netwerken/deelnames/<int:membership_id>/stoppen"): frozenset({S}),
    ("GET", "/netwerken/oproepen"): frozenset({A, C, OC, S, OS}),
    ("GET", "/netwerken/<int:network_id>/aanmelden"): frozenset({A, C, S, OS}),
    ("POST", "/netwerken/<int:network_id>/aanmelden"): frozenset({A, C, S, OS}),
    ("GET", "/netwerken/mijn-aanmeldingen"): frozenset({S, OS}),
    ("GET", "/netwerken/aanmeldingen/<int:registration_id>/intrekken"): frozenset({A, S}),
    ("POST", "/netwerken/aanmeldingen/<int:registration_id>/intrekken"): frozenset({A, S}),
    ("GET", "/netwerken/inschrijvingen/<int:registration_id>"): frozenset({A, C, S}),
    ("GET", "/netwerken/inschrijvingen/<int:registration_id>/intrekken"): frozenset({A, S}),
    ("POST", "/netwerken/inschrijvingen/<int:registration_id>/intrekken"): frozenset({A, S}),
    ("GET", "/netwerken/inschrijvingen/<int:registration_id>/contact"): frozenset({A, S}),
    ("POST", "/netwerken/inschrijvingen/<int:registration_id>/contact"): frozenset({A, S}),
    ("GET", "/netwerken/<int:network_id>/aanmeldingen"): frozenset({A, M, C}),
    ("POST", "/netwerken/<int:network_id>/aanmeldingen"): MANAGERS,
    ("GET", "/netwerken/<int:network_id>/aanmeldingen.csv"): frozenset({A, M, C}),
    ("GET", "/netwerken/<int:network_id>/herbevestiging"): MANAGERS,
    ("POST", "/netwerken/<int:network_id>/herbevestiging"): MANAGERS,
    ("POST", "/netwerken/herbevestiging/<int:round_id>/afsluiten"): MANAGERS,
    ("POST", "/netwerken/herbevestiging/antwoorden/<int:answer_id>/bevestigen"): frozenset({S}),
    ("GET", "/netwerken/programmas"): ADMIN,
    ("POST", "/netwerken/programmas"): ADMIN,
    ("GET", "/netwerken/programmas/<int:programme_id>"): ADMIN,
    ("POST", "/netwerken/programmas/<int:programme_id>"): ADMIN,
    ("GET", "/netwerken/programmas/<int:programme_id>/volgend-schooljaar"): ADMIN,
    ("POST", "/netwerken/programmas/<int:programme_id>/volgend-schooljaar"): ADMIN,
    ("GET", "/netwerken/nieuw"): ADMIN,
    ("POST", "/netwerken/nieuw"): ADMIN,
    ("GET", "/netwerken/<int:network_id>/bewerken"): ADMIN,
    ("POST", "/netwerken/<int:network_id>/bewerken"): ADMIN,
    ("GET", "/netwerken/oproepen/beheer"): ADMIN,
    ("GET", "/netwerken/oproepen/nieuw"): ADMIN,
    ("POST", "/netwerken/oproepen/nieuw"): ADMIN,
    ("GET", "/netwerken/oproepen/<int:call_id>/bewerken"): ADMIN,
    ("POST", "/netwerken/oproepen/<int:call_id>/bewerken"): ADMIN,
    # meetings, outputs, work plans, calendar feeds
    ("GET", "/bijeenkomsten/"): LOGGED_IN,
    ("GET", "/bijeenkomsten/netwerk/<int:network_id>"): VIEWERS,
    ("GET", "/bijeenkomsten/netwerk/<int:network_id>/tijdlijn"): VIEWERS,
    ("GET", "/bijeenkomsten/netwerk/<int:network_id>/nieuw"): MANAGERS,
    ("POST", "/bijeenkomsten/netwerk/<int:network_id>/nieuw"): MANAGERS,
    ("GET", "/bijeenkomsten/netwerk/<int:network_id>/reeks"): MANAGERS,
    ("POST", "/bijeenkomsten/netwerk/<int:network_id>/reeks"): MANAGERS,
    ("GET", "/bijeenkomsten/<int:meeting_id>"): VIEWERS,
    ("GET", "/bijeenkomsten/<int:meeting_id>/bewerken"): MANAGERS,
    ("POST", "/bijeenkomsten/<int:meeting_id>/bewerken"): MANAGERS,
    ("GET", "/bijeenkomsten/<int:meeting_id>/afgelasten"): MANAGERS,
    ("POST", "/bijeenkomsten/<int:meeting_id>/afgelasten"): MANAGERS,
    ("GET", "/bijeenkomsten/<int:meeting_id>/aanwezigheden"): MANAGERS,
    ("POST", "/bijeenkomsten/<int:meeting_id>/aanwezigheden"): MANAGERS,
    ("GET", "/bijeenkomsten/<int:meeting_id>/verslag"): MANAGERS,
    ("POST", "/bijeenkomsten/<int:meeting_id>/verslag"): MANAGERS,
    ("GET", "/bijeenkomsten/<int:meeting_id>/verslag/geschiedenis"): VIEWERS,
    ("GET", "/bijeenkomsten/<int:meeting_id>/aanwezigheden/geschiedenis"): frozenset({A, M, C}),
    ("GET", "/bijeenkomsten/netwerk/<int:network_id>/outputs"): VIEWERS,
    ("GET", "/bijeenkomsten/netwerk/<int:network_id>/outputs/nieuw"): MANAGERS,
    ("POST", "/bijeenkomsten/netwerk/<int:network_id>/outputs/nieuw"): MANAGERS,
    ("GET", "/bijeenkomsten/outputs/<int:output_id>/bewerken"): MANAGERS,
    ("POST", "/bijeenkomsten/outputs/<int:output_id>/bewerken"): MANAGERS,
    ("GET", "/bijeenkomsten/outputs/<int:output_id>/download"): VIEWERS,
    ("POST", "/bijeenkomsten/outputs/<int:output_id>/verwijderen"): MANAGERS,
    ("GET", "/bijeenkomsten/netwerk/<int:network_id>/werkplan"): VIEWERS,
    ("POST", "/bijeenkomsten/netwerk/<int:network_id>/werkplan"): MANAGERS,
    ("GET", "/bijeenkomsten/netwerk/<int:network_id>/werkplan/<year>"): VIEWERS,
    ("POST", "/bijeenkomsten/netwerk/<int:network_id>/werkplan/<year>"): MANAGERS,
    ("GET", "/bijeenkomsten/netwerk/<int:network_id>/werkplan/<year>/thema"): MANAGERS,
    ("POST", "/bijeenkomsten/netwerk/<int:network_id>/werkplan/<year>/thema"): MANAGERS,
    ("GET", "/bijeenkomsten/netwerk/<int:network_id>/werkplan/<year>/thema/<int:theme_id>"): MANAGERS,
    ("POST", "/bijeenkomsten/netwerk/<int:network_id>/werkplan/<year>/thema/<int:theme_id>"): MANAGERS,
    ("POST", "/bijeenkomsten/thema/<int:theme_id>/verwijderen"): MANAGERS,
    ("GET", "/bijeenkomsten/agenda-links"): LOGGED_IN,
    ("POST", "/bijeenkomsten/agenda-links"): LOGGED_IN,
    ("POST", "/bijeenkomsten/agenda-links/<int:feed_id>/intrekken"): frozenset({A, S}),  # S owns it
    ("GET", "/bijeenkomsten/feed/<token>.ics"): EVERYONE,  # the token is the key
    # effort
    ("GET", "/inzet/"): frozenset({A, M, C, OC}),
    ("GET", "/inzet/uren"): frozenset({A, C, OC}),
    ("POST", "/inzet/uren"): frozenset({A, C, OC}),
    ("GET", "/inzet/uren/<int:entry_id>/bewerken"): MANAGERS,  # C's own hours
    ("POST", "/inzet/uren/<int:entry_id>/bewerken"): MANAGERS,
    ("POST", "/inzet/uren/<int:entry_id>/verwijderen"): MANAGERS,
    ("GET", "/inzet/uren/<int:entry_id>/geschiedenis"): MANAGERS,  # C's own hours, network
    ("GET", "/inzet/uren/import"): ADMIN,
    ("POST", "/inzet/uren/import"): ADMIN,
    ("GET", "/inzet/medewerkers"): ADMIN,
    ("GET", "/inzet/medewerkers/nieuw"): ADMIN,
    ("POST", "/inzet/medewerkers/nieuw"): ADMIN,
    ("GET", "/inzet/medewerkers/<int:member_id>"): ADMIN,
    ("GET", "/inzet/medewerkers/<int:member_id>/bewerken"): ADMIN,
    ("POST", "/inzet/medewerkers/<int:member_id>/bewerken"): ADMIN,
    ("POST", "/inzet/medewerkers/<int:member_id>/verwijderen"): ADMIN,
    ("GET", "/inzet/medewerkers/<int:member_id>/opdrachten/nieuw"): ADMIN,
    ("POST", "/inzet/medewerkers/<int:member_id>/opdrachten/nieuw"): ADMIN,
    ("GET", "/inzet/opdrachten/<int:assignment_id>/bewerken"): ADMIN,
    ("POST", "/inzet/opdrachten/<int:assignment_id>/bewerken"): ADMIN,
    ("POST", "/inzet/opdrachten/<int:assignment_id>/verwijderen"): ADMIN,
    ("GET", "/inzet/opdrachten/<int:assignment_id>/geschiedenis"): MANAGERS,  # C's network
    ("GET", "/inzet/planning"): ADMIN,
    ("POST", "/inzet/planning"): ADMIN,
    ("POST", "/inzet/planning/<int:planned_id>/verwijderen"): ADMIN,
    ("GET", "/inzet/planning/<int:planned_id>/geschiedenis"): MANAGERS,  # C's network
    ("GET", "/inzet/maanden"): ADMIN,
    ("POST", "/inzet/maanden"): ADMIN,
    ("POST", "/inzet/maanden/<int:year>-<int:month>/heropenen"): ADMIN,
    ("GET", "/inzet/instellingen"): ADMIN,
    ("POST", "/inzet/instellingen"): ADMIN,
    # reports (a coach reads the figures of the networks they run)
    ("GET", "/rapporten/"): frozenset({A, M, C, OC}),
    ("GET", "/rapporten/deelname"): frozenset({A, M, C, OC}),
    ("GET", "/rapporten/deelname/scholen"): frozenset({A, M, C}),  # of the scene's network
    ("GET", "/rapporten/deelname/volgorde/<int:programme_id>"): ADMIN,  # the answer's own order
    ("POST", "/rapporten/deelname/volgorde/<int:programme_id>"): ADMIN,
    ("GET", "/rapporten/bereik"): frozenset({A, M, C, OC}),
    ("GET", "/rapporten/inzet"): frozenset({A, M, C, OC}),
    ("GET", "/rapporten/evolutie"): frozenset({A, M, C, OC}),
    ("GET", "/api/v1/reports/participation"): frozenset({A, M, C, OC}),
    ("GET", "/api/v1/reports/reach"): frozenset({A, M, C, OC}),
    # publications (admins and the ministry publish; only an admin withdraws)
    ("GET", "/publicaties"): PUBLISHERS,
    ("GET", "/publicaties/nieuw"): PUBLISHERS,
    ("POST", "/publicaties/nieuw"): PUBLISHERS,
    ("GET", "/publicaties/<int:publication_id>"): PUBLISHERS,
    ("POST", "/publicaties/<int:publication_id>/intrekken"): ADMIN,
    ("POST", "/api/v1/publications"): PUBLISHERS,
    ("GET", "/api/v1/publications"): PUBLISHERS,
    ("GET", "/api/v1/publications/<int:publication_id>"): PUBLISHERS,
    # money (admins write; the ministry reads all; a coach the grants of their networks)
    ("GET", "/geld/"): frozenset({A, M, C, OC}),
    ("GET", "/geld/toelagen/nieuw"): ADMIN,
    ("POST", "/geld/toelagen/nieuw"): ADMIN,
    ("GET", "/geld/toelagen/<int:grant_id>"): frozenset({A, M, C}),
    ("POST", "/geld/toelagen/<int:grant_id>/wijzigingen"): ADMIN,
    ("POST", "/geld/toelagen/<int:grant_id>/voorwaarden"): ADMIN,
    ("POST", "/geld/voorwaarden/<int:requirement_id>/vervuld"): ADMIN,
    ("POST", "/geld/toelagen/<int:grant_id>/betalingen"): ADMIN,
    ("POST", "/geld/toelagen/<int:grant_id>/budget"): ADMIN,
    ("POST", "/geld/budgetlijnen/<int:line_id>/herzien"): ADMIN,
    ("GET", "/geld/financiers"): frozenset({A, M, C, OC}),
    ("POST", "/geld/financiers"): ADMIN,
    ("GET", "/geld/vte-kost"): frozenset({A, M, C, OC}),
    ("POST", "/geld/vte-kost"): ADMIN,
    ("GET", "/geld/rapport"): frozenset({A, M, C, OC}),
    ("GET", "/geld/inzet"): frozenset({A, M, C, OC}),
    ("GET", "/api/v1/grants"): frozenset({A, M, C, OC}),
    ("POST", "/api/v1/grants"): ADMIN,
    ("GET", "/api/v1/grants/<int:grant_id>"): frozenset({A, M, C}),
    ("PATCH", "/api/v1/grants/<int:grant_id>"): ADMIN,
    ("POST", "/api/v1/grants/<int:grant_id>/amendments"): ADMIN,
    ("POST", "/api/v1/grants/<int:grant_id>/requirements"): ADMIN,
    ("POST", "/api/v1/grants/<int:grant_id>/payments"): ADMIN,
    ("GET", "/api/v1/reports/funding"): frozenset({A, M, C, OC}),
    # the JSON API (bearer tokens; no token is a 401)
    ("GET", "/api/v1/openapi.json"): EVERYONE,
    ("GET", "/api/v1/docs"): EVERYONE,
    ("GET", "/api/v1/tokens"): LOGGED_IN,  # each sees its own
    ("POST", "/api/v1/tokens"): frozenset({A, C, OC, S, OS}),  # ministry: on the page only
    ("DELETE", "/api/v1/tokens/<int:token_id>"): frozenset({A, S}),  # S owns it
    ("GET", "/api/v1/schools"): frozenset({A, C, OC, S, OS}),  # a school user: its own
    ("POST", "/api/v1/schools"): ADMIN,
    ("GET", "/api/v1/schools/<int:school_id>"): frozenset({A, C, OC, S}),
    ("PATCH", "/api/v1/schools/<int:school_id>"): ADMIN,
    ("GET", "/api/v1/organisations"): frozenset({A, C, OC}),
    ("POST", "/api/v1/organisations"): ADMIN,
    ("GET", "/api/v1/organisations/<int:organisation_id>"): frozenset({A, C, OC}),
    ("PATCH", "/api/v1/organisations/<int:organisation_id>"): ADMIN,
    ("GET", "/api/v1/programmes"): LOGGED_IN,
    ("POST", "/api/v1/programmes"): ADMIN,
    ("GET", "/api/v1/programmes/<int:programme_id>"): LOGGED_IN,
    ("PATCH", "/api/v1/programmes/<int:programme_id>"): ADMIN,
    ("GET", "/api/v1/calls"): LOGGED_IN,
    ("POST", "/api/v1/calls"): ADMIN,
    ("GET", "/api/v1/calls/<int:call_id>"): LOGGED_IN,
    ("PATCH", "/api/v1/calls/<int:call_id>"): ADMIN,
    ("GET", "/api/v1/networks"): LOGGED_IN,
    ("POST", "/api/v1/networks"): ADMIN,
    ("GET", "/api/v1/networks/<int:network_id>"): LOGGED_IN,
    ("PATCH", "/api/v1/networks/<int:network_id>"): ADMIN,
    ("POST", "/api/v1/networks/<int:network_id>/registrations"): frozenset({A, C, S, OS}),
    ("GET", "/api/v1/networks/<int:network_id>/members"): VIEWERS,
    ("POST", "/api/v1/networks/<int:network_id>/members"): MANAGERS,
    ("DELETE", "/api/v1/networks/<int:network_id>/members/<int:membership_id>"): MANAGERS,
    ("GET", "/api/v1/networks/<int:network_id>/renewal-rounds"): VIEWERS,
    ("GET", "/api/v1/renewal-rounds/<int:round_id>"): VIEWERS,
    ("POST", "/api/v1/renewal-answers/<int:answer_id>/confirmation"): frozenset({S}),
    ("GET", "/api/v1/registrations"): LOGGED_IN,  # each sees its own
    ("GET", "/api/v1/registrations/<int:registration_id>"): VIEWERS,
    ("PATCH", "/api/v1/registrations/<int:registration_id>"): frozenset({A, S}),  # the contact
    ("POST", "/api/v1/registrations/<int:registration_id>/transitions"): frozenset({A, S}),
    ("GET", "/api/v1/meetings"): LOGGED_IN,
    ("POST", "/api/v1/meetings"): MANAGERS,
    ("GET", "/api/v1/meetings/<int:meeting_id>"): VIEWERS,
    ("PATCH", "/api/v1/meetings/<int:meeting_id>"): MANAGERS,
    ("POST", "/api/v1/meetings/<int:meeting_id>/cancel"): MANAGERS,
    ("POST", "/api/v1/networks/<int:network_id>/series/preview"): MANAGERS,
    ("POST", "/api/v1/networks/<int:network_id>/series"): MANAGERS,
    ("GET", "/api/v1/meetings/<int:meeting_id>/minutes"): VIEWERS,
    ("PUT", "/api/v1/meetings/<int:meeting_id>/minutes"): MANAGERS,
    ("GET", "/api/v1/meetings/<int:meeting_id>/minutes/revisions"): VIEWERS,
    ("GET", "/api/v1/meetings/<int:meeting_id>/attendance"): VIEWERS,
    ("PUT", "/api/v1/meetings/<int:meeting_id>/attendance"): MANAGERS,
    ("GET", "/api/v1/outputs"): LOGGED_IN,
    ("POST", "/api/v1/outputs"): MANAGERS,
    ("PATCH", "/api/v1/outputs/<int:output_id>"): MANAGERS,
    ("DELETE", "/api/v1/outputs/<int:output_id>"): MANAGERS,
    ("GET", "/api/v1/outputs/<int:output_id>/file"): VIEWERS,
    ("GET", "/api/v1/staff"): ADMIN,
    ("POST", "/api/v1/staff"): ADMIN,
    ("GET", "/api/v1/staff/<int:member_id>"): ADMIN,
    ("PATCH", "/api/v1/staff/<int:member_id>"): ADMIN,
    ("DELETE", "/api/v1/staff/<int:member_id>"): ADMIN,  # 409: the scene's member has hours
    ("GET", "/api/v1/assignments"): frozenset({A, M, C, OC}),
    ("POST", "/api/v1/assignments"): ADMIN,
    ("GET", "/api/v1/assignments/<int:assignment_id>"): frozenset({A, M, C}),  # C's network
    ("PATCH", "/api/v1/assignments/<int:assignment_id>"): ADMIN,
    ("DELETE", "/api/v1/assignments/<int:assignment_id>"): ADMIN,
    ("GET", "/api/v1/hour-entries"): frozenset({A, M, C, OC}),
    ("POST", "/api/v1/hour-entries"): MANAGERS,  # on the scene's network: its own coach
    ("GET", "/api/v1/hour-entries/<int:entry_id>"): frozenset({A, M, C}),  # C's own hours
    ("PATCH", "/api/v1/hour-entries/<int:entry_id>"): MANAGERS,
    ("DELETE", "/api/v1/hour-entries/<int:entry_id>"): MANAGERS,
    ("GET", "/api/v1/reports/effort"): frozenset({A, M, C, OC}),
}  # fmt: skip

# The methods that write; a ministry user makes none of them outside PERSONAL.
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
# POSTs a ministry user may make: they touch only the user's own session and settings.
PERSONAL = {
    "/aanmelden",
    "/afmelden",
    "/taal",
    "/wachtwoord",
    "/wachtwoord-vergeten",
    "/wachtwoord-herstellen/<token>",
    "/uitnodiging/<token>",
    "/bijeenkomsten/agenda-links",
    "/api-sleutels/nieuw",
}
# POSTs a ministry user may make that store a row but change no data: publishing a report keeps
# what the ministry may already read (issue 17).
PUBLISHING = {"/publicaties/nieuw", "/api/v1/publications"}
EXCLUDED_ENDPOINTS = {"static", "bootstrap.static"}
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
# The bookkeeping of a token's use (netwerk.auth.tokens._touch, at most once per few minutes) is
# no change of data: a reading API request may write it.
# Only that column: "SET last_used_at=? WHERE" (SQLite) or "...::TIMESTAMP ...\nWHERE" (PostgreSQL).
TOKEN_USE = re.compile(r"^\s*UPDATE api_token SET last_used_at=[^,]*?\s+WHERE\b", re.IGNORECASE)


def app_routes(app: Flask) -> set[tuple[str, str]]:
    """(method, rule) of every route of the app except the static files."""
    return {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in EXCLUDED_ENDPOINTS
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_every_route_is_in_the_table(app):
    """A new route must get a row in MATRIX; a row for a route that is gone must be removed."""
    routes = app_routes(app)
    assert sorted(routes - MATRIX.keys()) == [], "routes missing from MATRIX"
    assert sorted(MATRIX.keys() - routes) == [], "MATRIX rows without a route"


def test_ministry_is_never_allowed_a_post_that_writes():
    """The table itself: outside PERSONAL, no POST, PUT, PATCH or DELETE lets the ministry in."""
    assert [
        rule for (method, rule), roles in MATRIX.items()
        if method in WRITE_METHODS and M in roles and rule not in PERSONAL | PUBLISHING
    ] == []  # fmt: skip


def _url(rule: str, scene: Scene) -> str:
    """The rule with the scene's ids filled in."""
    values = dict(scene.ids)
    if "/maanden/" in rule:
        values.update(year=CLOSED_MONTH.year, month=CLOSED_MONTH.month)
    else:
        values["year"] = scene.ids["school_year"]
    values["token"] = scene.feed_token
    url = re.sub(r"<(?:[^:>]+:)?([^>]+)>", lambda m: str(values[m.group(1)]), rule)
    if rule == "/rapporten/deelname/scholen":  # the schools behind one count of the network
        url += f"?network_id={scene.ids['network_id']}&level=secundair"
    return url


# A series of the meetings API: Mondays of one month, a year ahead (inside the network's life).
SERIES_RULE = {
    "frequency": "weekly", "weekday": 0, "at": "16:00",
    "starts_on": f"{today() + timedelta(days=365):%Y-%m-%d}",
    "until": f"{today() + timedelta(days=395):%Y-%m-%d}",
}  # fmt: skip


def _json_body(method: str, rule: str, role: str, scene: Scene) -> dict | None:
    """A valid API body, so that the request gets past validation to the permission checks (a
    version as the scene leaves it: 1, or 0 for minutes not yet written)."""
    if method not in ("POST", "PUT", "PATCH"):
        return None
    own = {S: "126771", OS: "126772"}.get(role, "126773")  # a school user's own, else a free one
    return {
        "/api/v1/schools": {
            "institution_number": "555555", "name": "Nieuwe school", "level": "basis",
            "umbrella": "go", "postcode": "3500", "municipality": "Hasselt",
        },
        "/api/v1/programmes": {"name": "Nieuw programma"},
        "/api/v1/networks": {
            "name": "Nieuw netwerk", "programme_id": scene.ids["programme_id"],
            "level": "secundair", "anchor_schools": ["126774"],
        },
        "/api/v1/networks/<int:network_id>": {"parent_id": None, "version": 1},
        "/api/v1/organisations": {"kind": "clb", "name": "CLB Nieuw"},
        "/api/v1/organisations/<int:organisation_id>": {"name": "CLB Hernoemd"},
        "/api/v1/networks/<int:network_id>/members": {
            "organisation_id": scene.ids["organisation_id"], "role": "partner",
        },
        "/api/v1/networks/<int:network_id>/registrations": {"institution_number": own},
        "/api/v1/registrations/<int:registration_id>/transitions": {"to": "withdrawn"},
        "/api/v1/meetings/<int:meeting_id>": {"title": "Nieuwe titel", "version": 1},
        "/api/v1/meetings/<int:meeting_id>/minutes": {"text": "Verslag", "version": 0},
        "/api/v1/outputs/<int:output_id>": {"title": "Nieuwe fiche", "version": 1},
        "/api/v1/meetings": {
            "network_id": scene.ids["network_id"], "type": "bijeenkomst",
            "starts_at": f"{today() + timedelta(days=20):%Y-%m-%d}T14:00:00",
        },
        "/api/v1/meetings/<int:meeting_id>/cancel": {"reason": "Ziek", "version": 1},
        "/api/v1/networks/<int:network_id>/series/preview": SERIES_RULE,
        "/api/v1/networks/<int:network_id>/series": {**SERIES_RULE, "type": "werksessie"},
        "/api/v1/meetings/<int:meeting_id>/attendance": {"version": 1},
        "/api/v1/outputs": {
            "network_id": scene.ids["network_id"], "type": "fiche", "title": "Nieuwe fiche",
            "url": "https://example.org/nieuw",
        },
        "/api/v1/publications": {"report": "participation", "title": "Vraag nr. 1"},
        "/api/v1/grants": {
            "funder_id": scene.ids["funder_id"], "title": "Toelage", "amount": "64000.00",
            "recipient_id": scene.ids["anchor_school_id"], "network_ids": [scene.ids["network_id"]],
            "decided_on": "2016-06-01", "starts_on": "2016-09-01", "ends_on": "2017-08-31",
        },
        "/api/v1/grants/<int:grant_id>": {"title": "Nieuwe titel"},
        "/api/v1/grants/<int:grant_id>/amendments": {
            "effective_on": "2016-09-01", "amount_change": "100.00",
        },
        "/api/v1/grants/<int:grant_id>/requirements": {"title": "Verslag", "due_on": "2017-06-30"},
        "/api/v1/grants/<int:grant_id>/payments": {"paid_on": "2016-10-01", "amount": "100.00"},
        **_write_api_bodies(scene),
    }.get(rule, {})  # fmt: skip


def _write_api_bodies(scene: Scene) -> dict:
    """Valid bodies of the staff, assignment, hour-entry, call and PATCH endpoints (issue 27)."""
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    return {
        "/api/v1/schools/<int:school_id>": {"name": "Andere naam", "version": 1},
        "/api/v1/programmes/<int:programme_id>": {"name": "Ander programma", "version": 1},
        "/api/v1/calls": {
            "title": "Nieuwe oproep", "programme_id": scene.ids["programme_id"],
            "opens_on": "2030-01-01", "closes_on": "2030-02-01", "starts_on": "2030-03-01",
        },
        "/api/v1/calls/<int:call_id>": {"title": "Andere oproep", "version": 1},
        "/api/v1/registrations/<int:registration_id>": {"contact_name": "Contact", "version": 1},
        "/api/v1/staff": {"name": "Nieuwe medewerker"},
        "/api/v1/staff/<int:member_id>": {"name": "Andere naam", "version": 1},
        "/api/v1/assignments": {
            "staff_member_id": scene.ids["member_id"], "role": "procescoach", "fte": "0.2",
            "funding_source": "projectsubsidie", "starts_on": "2030-09-01",
            "network_id": scene.ids["network_id"],
        },
        "/api/v1/assignments/<int:assignment_id>": {"fte": "0.4", "version": 1},
        "/api/v1/hour-entries": {
            "worked_on": yesterday, "minutes": 30, "activity": "bijeenkomst",
            "network_id": scene.ids["network_id"],
        },
        "/api/v1/hour-entries/<int:entry_id>": {"minutes": 30, "version": 1},
    }  # fmt: skip


def _request(app: Flask, scene: Scene, role: str, method: str, rule: str):
    """One request as a role: a session cookie for pages, a bearer token for the API."""
    client = app.test_client()
    url = _url(rule, scene)
    if rule.startswith("/api/"):
        headers = {"Authorization": f"Bearer {scene.tokens[role]}"} if role != AN else {}
        return client.open(
            url, method=method, headers=headers, json=_json_body(method, rule, role, scene)
        )
    if role != AN:
        with client.session_transaction() as session:
            session["_user_id"] = session_user_id(app, scene.users[role])
            session["_fresh"] = True
    return client.open(url, method=method, data={} if method == "POST" else None)


def _verdict(response, rule: str) -> str:
    """allowed, refused or error (5xx)."""
    status = response.status_code
    if status >= 500:
        return "error"
    if status in (401, 403, 404):
        return "refused"
    location = urlsplit(response.headers.get("Location", ""))
    # To the login page means "log in first", except where logging out is what was asked.
    to_login = 300 <= status < 400 and location.path == "/aanmelden"
    if to_login and ("next=" in location.query or rule != "/afmelden"):
        return "refused"
    return "allowed"


def test_routes_by_role_match_the_table(app):
    """Every (route, role) gives what the table says; GET never writes; ministry never writes."""
    scene = build_scene(app)
    with app.app_context():
        engine = db.engine
    writes: list[str] = []

    def watch(conn, cursor, statement, parameters, context, executemany):
        if WRITES.match(statement) and not TOKEN_USE.match(statement):
            writes.append(statement.split("\n")[0][:80])

    event.listen(engine, "before_cursor_execute", watch)
    problems = []
    try:
        for method, rule in sorted(app_routes(app) & MATRIX.keys(), key=lambda r: (r[1], r[0])):
            for role in ROLES:
                writes.clear()
                response = _request(app, scene, role, method, rule)
                verdict = _verdict(response, rule)
                expected = "allowed" if role in MATRIX[(method, rule)] else "refused"
                where = f"{method} {rule} as {role}: HTTP {response.status_code}"
                if verdict != expected:
                    problems.append(f"{where} is {verdict}, table says {expected}")
                if writes and method == "GET":
                    problems.append(f"{where} wrote: {writes}")
                if writes and role == M and rule not in PERSONAL | PUBLISHING:
                    problems.append(f"{where}: a ministry request wrote: {writes}")
                if writes and verdict != "allowed":
                    problems.append(f"{where} was refused but wrote: {writes}")
                response.close()
                if writes:  # start again from the scene, so that later rows find its objects
                    with app.app_context():
                        db.session.remove()
                        _empty_all_tables()
                    scene = build_scene(app)
    finally:
        event.remove(engine, "before_cursor_execute", watch)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("role", [M])
def test_ministry_api_writes_are_refused_with_403(app, role):
    """The API says 403 to every POST, PUT and PATCH of a ministry token, whatever the body."""
    scene = build_scene(app)
    for method, rule in MATRIX:
        if method in ("POST", "PUT", "PATCH") and rule.startswith("/api/"):
            if rule in PUBLISHING:
                continue
            response = _request(app, scene, role, method, rule)
            assert response.status_code == 403, (rule, response.get_json())
