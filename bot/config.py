"""Settings from the environment and an optional `config/settings.toml`; every key is in settings.example.toml."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_CONFIG_FILE = Path("config/settings.toml")
_SECRET = re.compile(r"[A-Za-z0-9_-]{1,256}")


class Settings(BaseSettings):
    """Environment variables win over the TOML file, which wins over the defaults."""

    model_config = SettingsConfigDict(extra="ignore", toml_file=DEFAULT_CONFIG_FILE, populate_by_name=True)

    db_path: Path = Field(Path("data/bot.sqlite3"), validation_alias="BOT_DB_PATH")
    seeds_dir: Path = Field(Path("seeds"), validation_alias="BOT_SEEDS_DIR")
    log_level: str = Field("INFO", validation_alias="BOT_LOG_LEVEL")
    # Processes extracting articles during `ingest` while the main one writes (1: all in one process).
    ingest_workers: int = Field(1, ge=1, le=64, validation_alias="BOT_INGEST_WORKERS")

    telegram_bot_token: SecretStr | None = Field(None, validation_alias="TELEGRAM_BOT_TOKEN")
    telegram_base_url: str = Field("https://api.telegram.org/bot", validation_alias="TELEGRAM_BASE_URL")
    webhook_url: str | None = Field(None, validation_alias="BOT_WEBHOOK_URL")
    webhook_secret: SecretStr | None = Field(None, validation_alias="BOT_WEBHOOK_SECRET")
    port: int = Field(8443, ge=1, le=65535, validation_alias="PORT")
    admin_ids: Annotated[list[int], NoDecode] = Field(default_factory=list, validation_alias="BOT_ADMIN_IDS")
    user_rate_per_minute: int = Field(20, ge=1, le=1000, validation_alias="BOT_USER_RATE_PER_MINUTE")

    digest_default_time: str = Field("09:00", validation_alias="BOT_DIGEST_TIME")
    digest_default_tz: str = Field("Asia/Almaty", validation_alias="BOT_DIGEST_TZ")
    digest_when_empty: str = Field("skip", pattern="^(skip|note)$", validation_alias="BOT_DIGEST_WHEN_EMPTY")
    digest_send_missed_yesterday: bool = Field(False, validation_alias="BOT_DIGEST_SEND_MISSED_YESTERDAY")

    # Reading the web (feeds, sites, links): see the README's "Sources" section.
    fetch_allow_private: bool = Field(False, validation_alias="BOT_FETCH_ALLOW_PRIVATE")
    fetch_timeout_seconds: float = Field(20.0, gt=0, le=300, validation_alias="BOT_FETCH_TIMEOUT_SECONDS")
    fetch_max_bytes: int = Field(5 * 1024 * 1024, ge=1024, validation_alias="BOT_FETCH_MAX_BYTES")
    fetch_max_redirects: int = Field(5, ge=0, le=20, validation_alias="BOT_FETCH_MAX_REDIRECTS")
    fetch_host_delay_seconds: float = Field(1.0, ge=0, le=60, validation_alias="BOT_FETCH_HOST_DELAY_SECONDS")
    fetch_user_agent: str | None = Field(None, validation_alias="BOT_FETCH_USER_AGENT")
    source_default_minutes: float = Field(30.0, gt=0, le=10080, validation_alias="BOT_SOURCE_MINUTES")
    source_sweep_seconds: float = Field(60.0, gt=0, le=3600, validation_alias="BOT_SOURCE_SWEEP_SECONDS")
    read_rate_per_hour: int = Field(20, ge=1, le=10000, validation_alias="BOT_READ_RATE_PER_HOUR")
    alerts_per_hour: int = Field(6, ge=1, le=100, validation_alias="BOT_ALERTS_PER_HOUR")
    alerts_poll_seconds: float = Field(30.0, gt=0, le=3600, validation_alias="BOT_ALERTS_POLL_SECONDS")
    alerts_stale_seconds: float = Field(300.0, gt=0, le=86400, validation_alias="BOT_ALERTS_STALE_SECONDS")

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        """`BOT_ADMIN_IDS=1,2` as well as a TOML list."""
        if isinstance(value, str):
            return [int(part) for part in value.replace(";", ",").split(",") if part.strip()]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be DEBUG, INFO, WARNING, ERROR or CRITICAL")
        return level

    @field_validator("webhook_secret")
    @classmethod
    def _secret_charset(cls, value: SecretStr | None) -> SecretStr | None:
        """Telegram takes 1 to 256 characters A-Z, a-z, 0-9, _ and - (and refuses the webhook otherwise)."""
        if value is not None and not _SECRET.fullmatch(value.get_secret_value().strip()):
            raise ValueError("must be 1 to 256 characters from A-Z, a-z, 0-9, _ and - (what Telegram accepts)")
        return value

    @field_validator("digest_default_tz")
    @classmethod
    def _zone(cls, value: str) -> str:
        from bot.digest.timeparse import parse_zone

        try:
            return parse_zone(value)
        except ValueError:
            raise ValueError("not a time zone: an IANA name such as Asia/Almaty, or an offset such as UTC+5") from None

    @field_validator("digest_default_time")
    @classmethod
    def _time(cls, value: str) -> str:
        from bot.digest.timeparse import parse_time

        try:
            return parse_time(value)
        except ValueError:
            raise ValueError("not a time of day such as 09:00") from None

    @field_validator("telegram_bot_token", "webhook_secret", "webhook_url", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Build settings; raises pydantic.ValidationError (the CLI turns it into one line and exit code 2)."""
    if config_file is not None:

        class _FromFile(Settings):
            model_config = SettingsConfigDict(toml_file=config_file)

        return _FromFile(**overrides)
    return Settings(**overrides)
