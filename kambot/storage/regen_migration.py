"""Regenerate the initial migration from the models (only while no release has shipped)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command

from kambot.storage.db import MIGRATIONS_DIR, alembic_config, make_engine


def main() -> None:
    """Delete versions/0001_initial.py and autogenerate it again against an empty SQLite file."""
    target = MIGRATIONS_DIR / "versions" / "0001_initial.py"
    target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'empty.db'}")
        config = alembic_config(engine)
        command.revision(config, message="initial schema", autogenerate=True, rev_id="0001")
    generated = next((MIGRATIONS_DIR / "versions").glob("0001_*.py"))
    generated.rename(target)
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
