"""Settings, read from ``HELPLINE_*`` environment variables (and a ``.env`` file when present)."""

from __future__ import annotations

from datetime import time
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
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
    abstain_threshold: float | None = Field(
        default=None, ge=0.0, le=1.0,
        description="Answer probability below which the first responder abstains; unset means the answer "
                    "model's own threshold (docs/ranking.md).")

    # Web service
    secret_key: SecretStr | None = Field(
        default=None, description="Signs CSRF tokens; unset means a key generated once and kept in data_dir.")
    redis_url: str | None = Field(
        default=None, description="Redis for the real-time layer (several workers); unset means in-process.")
    trusted_proxies: str = Field(
        default="", description="Addresses of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are "
                                "believed (comma-separated, as uvicorn's forwarded_allow_ips); empty: none.")
    log_format: Literal["json", "text"] = Field(default="json", description="Structured JSON lines, or text.")
    log_client_addresses: bool = Field(
        default=False, description="Write clients' addresses in the access log (off: a dash in their place).")
    ask_per_minute: int = Field(default=30, ge=1, description="Questions per client per minute (API and chat).")
    forms_per_minute: int = Field(default=5, ge=1, description="Sign-ups and left messages per client per minute.")

    staff_idle_minutes: int = Field(default=30, ge=1, description="A staff session ends after this long unused.")
    staff_session_hours: float = Field(default=12.0, gt=0, description="A staff session ends this long after login.")

    library_check_seconds: float = Field(
        default=30.0, gt=0, description="How often a running service looks for a newer library import.")

    # Live chat service hours (the phone line is 24/7)
    chat_timezone: str = Field(default="America/New_York")
    chat_days: str = Field(default="mon,tue,wed,thu,fri", description="Days with staffed chat, comma-separated.")
    chat_opens: time = Field(default=time(9, 0))
    chat_closes: time = Field(default=time(17, 0))
    chat_holidays: str = Field(default="", description="Closed dates, comma-separated YYYY-MM-DD.")
    chat_resync_seconds: float = Field(
        default=10.0, gt=0, description="How often a quiet chat connection checks the database for missed events.")
    chat_minutes_per_visitor: float = Field(
        default=8.0, gt=0, description="Estimated minutes a specialist spends per waiting visitor.")

    # Outgoing e-mail (sign-up confirmations); with no SMTP host, mails are written to data_dir/outbox
    smtp_host: str | None = None
    smtp_port: int = Field(default=25, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = False
    mail_from: str = Field(default="Helpline <no-reply@helpline.invalid>")

    @property
    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'helpline.sqlite3').resolve()}"

    @property
    def index_dir(self) -> Path:
        return self.data_dir / "index"

    @property
    def outbox_dir(self) -> Path:
        return self.data_dir / "outbox"


class ServiceContacts(BaseSettings):
    """Numbers and wording a helpline sets for its own country (crisis line, emergency number, phone)."""

    model_config = SettingsConfigDict(env_prefix="HELPLINE_", env_file=".env", extra="ignore")

    crisis_line: str = Field(default="988 Suicide & Crisis Lifeline (call or text 988)")
    emergency_number: str = Field(default="911")
    helpline_phone: str = Field(default="1-800-555-0199 (demo number)")
    crisis_line_es: str = Field(default="988 Lifeline (llame o envíe un texto al 988; para español, marque 2)")
    spanish_phone: str = Field(default="1-800-555-0199, opción 2 (número de demostración)",
                               description="Where a Spanish-speaking specialist answers the phone.")
    public_base_url: str | None = Field(
        default=None, description="Where the library site is served; citations then link to its sections."
    )
