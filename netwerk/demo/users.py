"""The demo logins: one user per role, all with the same password."""

DEMO_PASSWORD = "demo-wachtwoord"
# (e-mail, role, name)
DEMO_USERS = (
    ("admin@netwerk.example", "admin", "Ada Beheerder"),
    ("ministerie@netwerk.example", "ministry", "Mina Ministerie"),
    ("coach@netwerk.example", "coach", "Koen Coach"),
    ("coach2@netwerk.example", "coach", "Charlotte Coach"),
    ("school@netwerk.example", "school", "Sofie Directeur"),
)
