"""Lets the ``alembic`` command line run migrations from the same settings as the service."""

from __future__ import annotations

from alembic.config import Config
from sqlalchemy import Engine

from helpline.config import Settings
from helpline.db.engine import make_engine


def engine_from_alembic_config(config: Config) -> Engine:
    url = config.get_main_option("sqlalchemy.url") or Settings().resolved_database_url
    return make_engine(url)
