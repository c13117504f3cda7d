"""Settings: environment over file over defaults, and a bad value is one line naming the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from bot.config import load_settings

EXAMPLE = Path(__file__).resolve().parents[1] / "config" / "settings.example.toml"


def test_example_file_documents_every_key_and_loads() -> None:
    import tomllib

    from bot.config import Settings

    text = EXAMPLE.read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert name in text, f"{name} is not documented in settings.example.toml"
    assert set(tomllib.loads(text)) <= set(Settings.model_fields)
    settings = load_settings(EXAMPLE)
    assert settings.digest_default_tz == "Asia/Almaty"


def test_environment_wins_over_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "s.toml"
    cfg.write_text('db_path = "from-file.sqlite3"\nadmin_ids = [7]\n', encoding="utf-8")
    assert load_settings(cfg).db_path == Path("from-file.sqlite3")
    monkeypatch.setenv("BOT_DB_PATH", "from-env.sqlite3")
    monkeypatch.setenv("BOT_ADMIN_IDS", "1, 2")
    settings = load_settings(cfg)
    assert settings.db_path == Path("from-env.sqlite3")
    assert settings.admin_ids == [1, 2]


@pytest.mark.parametrize(
    ("env", "value", "named"),
    [("PORT", "not-a-port", "port"), ("BOT_LOG_LEVEL", "LOUD", "log_level"),
     ("BOT_DIGEST_WHEN_EMPTY", "sometimes", "digest_when_empty")],
)
def test_bad_value_is_one_line_and_exit_2(
    env: str, value: str, named: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(env, value)
    assert main(["export"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1
    assert named in err and "bad setting" in err


def test_bad_token_value_is_never_echoed(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:SECRET-TOKEN-VALUE")
    monkeypatch.setenv("PORT", "-1")
    assert main(["export"]) == 2
    captured = capsys.readouterr()
    assert "SECRET-TOKEN-VALUE" not in captured.err + captured.out


def test_missing_config_file_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(tmp_path / "nope.toml"), "export"]) == 2
    assert "config file not found" in capsys.readouterr().err
