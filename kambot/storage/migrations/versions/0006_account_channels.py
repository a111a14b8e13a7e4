"""Account channels: a Slack channel linked to one account (`/kam channel <account>`).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('accountchannel',
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('channel_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('linked_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
    sa.PrimaryKeyConstraint('team_id', 'channel_id')
    )
    with op.batch_alter_table('accountchannel', schema=None) as batch_op:
        batch_op.create_index('ix_accountchannel_team_account', ['team_id', 'account_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('accountchannel', schema=None) as batch_op:
        batch_op.drop_index('ix_accountchannel_team_account')

    op.drop_table('accountchannel')