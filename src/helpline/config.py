"""Settings, read from ``HELPLINE_*`` environment variables (and a ``.env`` file when present)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything an operator can set. Built once by the CLI or the app factory, never at import."""

    model_config = SettingsConfigDict(env_prefix="HELPLINE_", env_file=".env", extra="ignore")

    data_dir: Path = Field(default=Path("data"), description="Folder for the SQLite file and the index cache.")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; unset means an SQLite file in data_dir."
    )
    embedding_batch_size: int = Field(default=64, ge=1, le=1024)
    embedding_max_tokens: int = Field(
        default=128, ge=16, le=512, description="Token budget per section embedding (keeps import fast)."
    )
    dense_enabled: bool = Field(default=True, description="Use the embedding model (off only for quick tests).")
    abstain_threshold: float = Field(default=0.35, description="Answer confidence below which we abstain.")

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'helpline.sqlite3').resolve()}"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"


class ServiceContacts(BaseSettings):
    """Numbers and wording a helpline sets for its own country (crisis line, emergency number, phone)."""

    model_config = SettingsConfigDict(env_prefix="HELPLINE_", env_file=".env", extra="ignore")

    crisis_line: str = Field(default="988 Suicide & Crisis Lifeline (call or text 988)")
    emergency_number: str = Field(default="911")
    helpline_phone: str = Field(default="1-800-555-0199 (demo number)")
    public_base_url: str | None = Field(
        default=None, description="Where the library site is served; citations then link to its sections."
    )
