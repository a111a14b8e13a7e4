"""Shared success plans: each account's objectives and the actions that serve them.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('planobjective',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('measure', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('target', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('target_date', sa.Date(), nullable=True),
    sa.Column('owner', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('sponsor_id', sa.Integer(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('updated_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['sponsor_id'], ['contact.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'account_id', 'number')
    )
    with op.batch_alter_table('planobjective', schema=None) as batch_op:
        batch_op.create_index('ix_planobjective_team_status', ['team_id', 'status', 'account_id'], unique=False)

    op.create_table('planaction',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column('owner_user', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('owner_contact_id', sa.Integer(), nullable=True),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('objective_id', sa.Integer(), nullable=True),
    sa.Column('closed_by_touch', sa.Integer(), nullable=True),
    sa.Column('closed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('created_by', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['objective_id'], ['planobjective.id'], ),
    sa.ForeignKeyConstraint(['owner_contact_id'], ['contact.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('team_id', 'account_id', 'number')
    )
    with op.batch_alter_table('planaction', schema=None) as batch_op:
        batch_op.create_index('ix_planaction_team_owner', ['team_id', 'owner_user', 'status', 'due'], unique=False)
        batch_op.create_index('ix_planaction_team_status_due', ['team_id', 'status', 'due', 'account_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('planaction', schema=None) as batch_op:
        batch_op.drop_index('ix_planaction_team_status_due')
        batch_op.drop_index('ix_planaction_team_owner')

    op.drop_table('planaction')
    with op.batch_alter_table('planobjective', schema=None) as batch_op:
        batch_op.drop_index('ix_planobjective_team_status')

    op.drop_table('planobjective')
