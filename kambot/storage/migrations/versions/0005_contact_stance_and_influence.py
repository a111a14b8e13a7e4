"""Each contact's stance towards us and influence at the account (kambot's own, never synced from the CRM).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.add_column(sa.Column('stance', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True))
        batch_op.add_column(sa.Column('influence', sqlmodel.sql.sqltypes.AutoString(length=8), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.drop_column('influence')
        batch_op.drop_column('stance')
