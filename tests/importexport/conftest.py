"""The `cli` fixture: `bot.py ARGS` through kambot.cli.main on the test database, with or without Slack."""
import pytest

from kambot.cli import main

SLACK_ENV = ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_API_URL")


@pytest.fixture
def cli(db_url, monkeypatch, capsys):
    """Run `bot.py ARGS` on the test database with no Slack credentials; returns (status, stdout, stderr)."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    for name in SLACK_ENV:
        monkeypatch.delenv(name, raising=False)

    def run(*args: str):
        status = main(list(args))
        out, err = capsys.readouterr()
        return status, out, err

    return run


@pytest.fixture
def slack_cli(cli, fake, monkeypatch):
    """`cli` with a bot token, talking to the fake Slack."""
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
    monkeypatch.setenv("SLACK_API_URL", fake.base_url)
    return cli
