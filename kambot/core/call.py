"""One invocation of a command: the context, the arguments, the open session and the reply language."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlmodel import Session

from kambot.core.cache import Cache
from kambot.core.context import Context
from kambot.core.i18n import render
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind

if TYPE_CHECKING:
    from kambot.core.registry import Registry


@dataclass
class Call:
    """Everything a handler needs; handlers never open sessions or read clocks themselves."""

    ctx: Context
    args: str
    session: Session
    lang: str
    cache: Cache  # the Core's per-process cache (the account-name index lives there)
    registry: Registry  # the commands this call may name in examples and help
    extra: dict[str, Any] = field(default_factory=dict)  # door-specific hints (e.g. source message ts)
    input: Any = None  # a button's or view's typed input (kambot.core.inputs), decoded by the door

    @property
    def team_id(self) -> str:
        """The workspace this call belongs to."""
        return self.ctx.team_id

    def reply(self, template: str, *, kind: ReplyKind = ReplyKind.INFO, **values: Any) -> Reply:
        """Render templates/<lang>/<template>.md.j2 into a Reply in this call's language."""
        return Reply(text=render(template, self.lang, **values), kind=kind, lang=self.lang)
