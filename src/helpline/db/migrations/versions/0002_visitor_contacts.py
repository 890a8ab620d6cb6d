"""visitor contacts: conversations, messages, events, follow-ups, e-mail sign-ups

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 13:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("urgency", sa.String(20), nullable=False),
        sa.Column("topic", sa.String(40)),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.Column("queued_at", WHEN),
        sa.Column("claimed_at", WHEN),
        sa.Column("claimed_by", sa.String(100)),
        sa.Column("closed_at", WHEN),
    )
    op.create_index("ix_conversations_status", "conversations", ["status"])
    op.create_index("ix_conversations_queued_at", "conversations", ["queued_at"])
    op.create_table(
        "chat_messages",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("conversation_id", sa.String(32), sa.ForeignKey("conversations.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("sender", sa.String(20), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.Column("reply_to", sa.Integer(), sa.ForeignKey("chat_messages.id", ondelete="SET NULL")),
        sa.Column("created_at", WHEN, nullable=False),
        sa.UniqueConstraint("conversation_id", "client_id"),
    )
    op.create_index("ix_chat_messages_conversation_id", "chat_messages", ["conversation_id"])
    op.create_table(
        "conversation_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("conversation_id", sa.String(32), sa.ForeignKey("conversations.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.UniqueConstraint("conversation_id", "seq"),
    )
    op.create_index("ix_conversation_events_conversation_id", "conversation_events", ["conversation_id"])
    op.create_table(
        "follow_ups",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("conversation_id", sa.String(32), sa.ForeignKey("conversations.id", ondelete="SET NULL")),
        sa.Column("client_id", sa.String(64), unique=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("contact", sa.String(320), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("closed_at", WHEN),
    )
    op.create_index("ix_follow_ups_conversation_id", "follow_ups", ["conversation_id"])
    op.create_index("ix_follow_ups_status", "follow_ups", ["status"])
    op.create_table(
        "email_signups",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("email", sa.String(320), nullable=False, unique=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("token_hash", sa.String(64)),
        sa.Column("token_expires_at", WHEN),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("last_sent_at", WHEN),
        sa.Column("confirmed_at", WHEN),
    )
    op.create_index("ix_email_signups_token_hash", "email_signups", ["token_hash"])


def downgrade() -> None:
    op.drop_table("email_signups")
    op.drop_table("follow_ups")
    op.drop_table("conversation_events")
    op.drop_table("chat_messages")
    op.drop_table("conversations")
