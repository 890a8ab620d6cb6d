"""Alembic environment: runs against the engine handed over by ``helpline.db.engine.migrate``."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from helpline.db import contact_tables, staff_tables  # noqa: F401  (registers their tables)
from helpline.db.config_url import engine_from_alembic_config
from helpline.db.tables import Base

engine: Engine = context.config.attributes.get("engine") or engine_from_alembic_config(context.config)
with engine.begin() as connection:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    context.run_migrations()
