"""organisation and organisation_identifier; every school is an organisation with its own id

Joined-table inheritance: `school.id` becomes a foreign key to `organisation.id`. Every existing
school gets its organisation row WITH THE SAME id (kind `school`, name and address copied, its
search text computed as the model does), so every school id in URLs, the API and exports still
resolves. The school keeps all its columns: the reports read them without a join. On PostgreSQL
the organisation id sequence is moved past the highest school id and school.id loses its own
sequence (a new school takes its id from its organisation row).

Downgrade removes the organisations that are not schools and their identifiers.

Revision ID: fc11beb22030
Revises: a983e49ff153
Create Date: 2026-12-03 18:50:00

"""

from alembic import op
import sqlalchemy as sa

from netwerk.searchtext import search_name_of


# revision identifiers, used by Alembic.
revision = "fc11beb22030"
down_revision = "a983e49ff153"
branch_labels = None
depends_on = None

KINDS = (
    "school",
    "clb",
    "lokaal_bestuur",
    "expertisecentrum",
    "pedagogische_begeleidingsdienst",
    "lerarenopleiding",
    "scholengemeenschap",
    "schoolbestuur",
    "onderwijskoepel",
    "andere",
)
PROVINCES = (
    "antwerpen",
    "limburg",
    "oost_vlaanderen",
    "vlaams_brabant",
    "west_vlaanderen",
    "brussel",
)
COPIED = (
    "id",
    "name",
    "street",
    "postcode",
    "municipality",
    "province",
    "created_at",
    "updated_at",
)


def _enum(values, name, length=30):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=length)


def upgrade():
    op.create_table(
        "organisation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", _enum(KINDS, "organisationkind", 40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("street", sa.String(length=200), nullable=False),
        sa.Column("postcode", sa.String(length=10), nullable=False),
        sa.Column("municipality", sa.String(length=100), nullable=False),
        sa.Column("province", _enum(PROVINCES, "province"), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("search_name", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation")),
    )
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisation_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisation_name"), ["name"], unique=False)

    op.create_table(
        "organisation_identifier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column(
            "type", _enum(("instellingsnummer", "kbo", "ovo"), "identifiertype"), nullable=False
        ),
        sa.Column("value", sa.String(length=40), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "valid_until IS NULL OR valid_from IS NULL OR valid_until >= valid_from",
            name=op.f("ck_organisation_identifier_span_order"),
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisation.id"],
            name=op.f("fk_organisation_identifier_organisation_id_organisation"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisation_identifier")),
    )
    with op.batch_alter_table("organisation_identifier", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_organisation_identifier_organisation_id"),
            ["organisation_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_organisation_identifier_type_value", ["type", "value"], unique=False
        )

    _copy_schools()
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute(
            "SELECT setval(pg_get_serial_sequence('organisation', 'id'), "
            "COALESCE((SELECT MAX(id) FROM organisation), 0) + 1, false)"
        )
        op.execute("ALTER TABLE school ALTER COLUMN id DROP DEFAULT")
        op.execute("DROP SEQUENCE IF EXISTS school_id_seq")

    with op.batch_alter_table("school", schema=None) as batch_op:
        batch_op.create_foreign_key(
            batch_op.f("fk_school_id_organisation"),
            "organisation",
            ["id"],
            ["id"],
            ondelete="CASCADE",
        )


def _copy_schools():
    """One organisation row per school, same id; the search text as the model computes it
    (name, postcode, municipality: accents stripped in Python, which neither database can do)."""
    school = sa.table("school", *(sa.column(c) for c in COPIED))
    organisation = sa.table(
        "organisation", *(sa.column(c) for c in COPIED), sa.column("kind"), sa.column("search_name")
    )
    bind = op.get_bind()
    rows = bind.execute(sa.select(*(school.c[c] for c in COPIED)).order_by(school.c.id)).all()
    values = [
        {
            **dict(zip(COPIED, row, strict=True)),
            "kind": "school",
            "search_name": search_name_of(row.name, row.postcode, row.municipality),
        }
        for row in rows
    ]
    for start in range(0, len(values), 1000):
        bind.execute(organisation.insert(), values[start : start + 1000])


def downgrade():
    with op.batch_alter_table("school", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_school_id_organisation"), type_="foreignkey")
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE IF NOT EXISTS school_id_seq OWNED BY school.id")
        op.execute("ALTER TABLE school ALTER COLUMN id SET DEFAULT nextval('school_id_seq')")
        op.execute(
            "SELECT setval('school_id_seq', COALESCE((SELECT MAX(id) FROM school), 0) + 1, false)"
        )

    with op.batch_alter_table("organisation_identifier", schema=None) as batch_op:
        batch_op.drop_index("ix_organisation_identifier_type_value")
        batch_op.drop_index(batch_op.f("ix_organisation_identifier_organisation_id"))
    op.drop_table("organisation_identifier")
    with op.batch_alter_table("organisation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisation_name"))
        batch_op.drop_index(batch_op.f("ix_organisation_kind"))
    op.drop_table("organisation")
