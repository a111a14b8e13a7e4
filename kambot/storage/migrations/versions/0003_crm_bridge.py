"""The CRM bridge: each team's connection, its CRM users, the outbox of writes, and CRM ids on accounts and contacts.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('crmconnection',
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('provider', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('login_url', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('client_id', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('client_secret', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('private_key_file', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('push_enabled', sa.Boolean(), nullable=False),
    sa.Column('push_contacts', sa.Boolean(), nullable=False),
    sa.Column('cursors', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('last_sync_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('last_push_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('paused_until', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('last_error', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('api_used', sa.Integer(), nullable=True),
    sa.Column('api_max', sa.Integer(), nullable=True),
    sa.Column('counts', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('team_id')
    )
    op.create_table('crmoutbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('key', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('op', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('part', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=False),
    sa.Column('touchpoint_id', sa.Integer(), nullable=True),
    sa.Column('payload', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('next_attempt_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('claimed_by', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('claimed_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('crm_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('error', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('notified', sa.Boolean(), nullable=False),
    sa.Column('created_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('sent_at', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('key')
    )
    with op.batch_alter_table('crmoutbox', schema=None) as batch_op:
        batch_op.create_index('ix_crmoutbox_team_status', ['team_id', 'status', 'next_attempt_at'], unique=False)
        batch_op.create_index('ix_crmoutbox_touch', ['team_id', 'touchpoint_id'], unique=False)

    op.create_table('crmuser',
    sa.Column('team_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('crm_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('email', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=True),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('slack_user_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.PrimaryKeyConstraint('team_id', 'crm_id')
    )
    with op.batch_alter_table('crmuser', schema=None) as batch_op:
        batch_op.create_index('ix_crmuser_team_slack', ['team_id', 'slack_user_id'], unique=False)

    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('crm_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.create_index('ix_account_team_crm', ['team_id', 'crm_id'], unique=True)

    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('crm_id', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column('crm_reports_to', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column('crm_role', sa.Boolean(), server_default='0', nullable=False))
        batch_op.create_index('ix_contact_team_crm', ['team_id', 'crm_id'], unique=True)



def downgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_index('ix_contact_team_crm')
        batch_op.drop_column('crm_role')
        batch_op.drop_column('crm_reports_to')
        batch_op.drop_column('crm_id')

    with op.batch_alter_table('account', schema=None) as batch_op:
        batch_op.drop_index('ix_account_team_crm')
        batch_op.drop_column('crm_id')

    with op.batch_alter_table('crmuser', schema=None) as batch_op:
        batch_op.drop_index('ix_crmuser_team_slack')

    op.drop_table('crmuser')
    with op.batch_alter_table('crmoutbox', schema=None) as batch_op:
        batch_op.drop_index('ix_crmoutbox_touch')
        batch_op.drop_index('ix_crmoutbox_team_status')

    op.drop_table('crmoutbox')
    op.drop_table('crmconnection')
