"""kambot's entry point: `python bot.py [command]` (see `python bot.py --help`)."""
from kambot.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
