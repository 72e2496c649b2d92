"""api_token.expires_at and api_token.scopes: tokens expire and may be read-only

Revision ID: b7d2e4f6a8c1
Revises: a1c3e5f7b9d2
Create Date: 2026-12-02 16:00:00

Existing tokens are carried forward as they were ("read write"), except that a ministry user's
tokens become read-only (the ministry never writes: the API refused those writes already). They
get an expiry of 90 days (API_TOKEN_DAYS) from the upgrade rather than none: every token
then ends some day, and no script that uses one stops on the day of the upgrade.
"""
from datetime import datetime, timedelta, timezone

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7d2e4f6a8c1'
down_revision = 'a1c3e5f7b9d2'
branch_labels = None
depends_on = None

# The default of netwerk.config.Config.API_TOKEN_DAYS when this migration was written.
EXISTING_TOKEN_DAYS = 90


def upgrade():
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scopes', sa.Enum('read', 'read write', name='tokenscope', native_enum=False, create_constraint=True, length=20), server_default='read write', nullable=False))
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(), nullable=True))

    api_token = sa.table(
        'api_token',
        sa.column('user_id', sa.Integer()),
        sa.column('scopes', sa.String()),
        sa.column('expires_at', sa.DateTime()),
    )
    user = sa.table('user', sa.column('id', sa.Integer()), sa.column('role', sa.String()))
    # Naive UTC, as the app stores every moment (netwerk.timeutil.utcnow).
    expires = datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(days=EXISTING_TOKEN_DAYS)
    op.execute(api_token.update().where(api_token.c.expires_at.is_(None)).values(expires_at=expires))
    ministry = sa.select(user.c.id).where(user.c.role == 'ministry')
    op.execute(api_token.update().where(api_token.c.user_id.in_(ministry)).values(scopes='read'))


def downgrade():
    with op.batch_alter_table('api_token', schema=None) as batch_op:
        batch_op.drop_column('expires_at')
        # SQLite's batch copy would keep the CHECK on a column that is gone.
        batch_op.drop_constraint(batch_op.f('ck_api_token_tokenscope'), type_='check')
        batch_op.drop_column('scopes')
