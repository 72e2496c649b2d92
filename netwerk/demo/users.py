"""The demo logins: one user per role, all with the same password."""

DEMO_PASSWORD = "demo-wachtwoord"
# (e-mail, role, name)
DEMO_USERS = (
    ("admin@netwerk.test", "admin", "Ada Beheerder"),
    ("ministerie@netwerk.test", "ministry", "Mina Ministerie"),
    ("coach@netwerk.test", "coach", "Koen Coach"),
    ("coach2@netwerk.test", "coach", "Charlotte Coach"),
    ("school@netwerk.test", "school", "Sofie Directeur"),
)
