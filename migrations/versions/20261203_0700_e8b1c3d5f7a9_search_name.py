"""search_name on school, user and network: search without case, accents or hyphens

Revision ID: e8b1c3d5f7a9
Revises: d5f7a9c1e3b5
Create Date: 2026-12-03 07:00:00

"""
from alembic import op
import sqlalchemy as sa

from netwerk.searchtext import search_name_of


# revision identifiers, used by Alembic.
revision = 'e8b1c3d5f7a9'
down_revision = 'd5f7a9c1e3b5'
branch_labels = None
depends_on = None

# The fields each table's search looks in, as the models list them on this revision.
FIELDS = {
    'school': ('name', 'institution_number', 'postcode', 'municipality'),
    'user': ('name', 'email'),
    'network': ('name', 'theme'),
}
BATCH = 1000


def upgrade():
    # Added with an empty default so existing rows are valid, filled below, default dropped.
    for table in FIELDS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column('search_name', sa.String(length=500), server_default='', nullable=False)
            )
    connection = op.get_bind()
    for table, fields in FIELDS.items():
        _fill(connection, table, fields)
    for table in FIELDS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.alter_column('search_name', server_default=None)


def _fill(connection, table: str, fields: tuple[str, ...]) -> None:
    """Compute search_name of every existing row in Python (the normalisation strips accents,
    which neither database does alike) and write it back in batches."""
    t = sa.table(table, sa.column('id'), sa.column('search_name'), *(sa.column(f) for f in fields))
    rows = connection.execute(sa.select(t.c.id, *(t.c[f] for f in fields))).all()
    stmt = t.update().where(t.c.id == sa.bindparam('_id')).values(search_name=sa.bindparam('_name'))
    values = [{'_id': row[0], '_name': search_name_of(*row[1:])} for row in rows]
    for start in range(0, len(values), BATCH):
        connection.execute(stmt, values[start : start + BATCH])


def downgrade():
    for table in FIELDS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('search_name')
