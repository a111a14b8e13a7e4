"""Take back a logged touchpoint: the Undo button on it, or `/kam undo [account]` for your latest one."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from kambot.core.account_reply import find_account
from kambot.core.call import Call
from kambot.core.i18n import label, mention
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.storage.accounts import get_account
from kambot.storage.models import Draft, Touchpoint
from kambot.storage.touchpoints import delete_touchpoint, get_touchpoint

# A typed undo reaches back this far: it fixes a slip, it is not a way to edit history (each reply says
# exactly what went, so a second `/kam undo` never removes something unseen; older touches keep their
# own Undo button).
UNDO_WINDOW = timedelta(hours=24)


def undo(call: Call) -> Reply:
    """Delete the touchpoint whose id is the button value, if the presser logged it."""
    try:
        touch_id = int(call.args)
    except ValueError:
        return call.reply("undo_missing", kind=ReplyKind.NOT_FOUND)
    touch = get_touchpoint(call.session, team_id=call.team_id, touchpoint_id=touch_id)
    if touch is None:
        return call.reply("undo_missing", kind=ReplyKind.NOT_FOUND)
    if touch.logged_by and touch.logged_by != call.ctx.user_id:
        return call.reply("undo_refused", kind=ReplyKind.REFUSED, author=mention(touch.logged_by))
    return _take_back(call, touch)


def handle(call: Call) -> Reply:
    """`/kam undo [account]`: delete the latest touchpoint the asker logged in the last 24 hours (there)."""
    name = call.args.strip().strip("?¿!¡. ")
    query = select(Touchpoint).where(Touchpoint.team_id == call.team_id, Touchpoint.logged_by == call.ctx.user_id,
                                     Touchpoint.created_at >= call.ctx.now - UNDO_WINDOW)
    account = None
    if name:
        found = find_account(call, name, command="undo")
        if found.reply is not None:
            return found.reply
        account = found.account
        query = query.where(Touchpoint.account_id == account.id)
    touch = call.session.execute(query.order_by(Touchpoint.created_at.desc(), Touchpoint.id.desc())
                                 .limit(1)).scalars().first()
    if touch is None:
        return call.reply("undo_nothing", kind=ReplyKind.NOT_FOUND, account=account.name if account else "")
    return _take_back(call, touch)


def _take_back(call: Call, touch: Touchpoint) -> Reply:
    """Delete the touch (and mark the draft it came from), replying with what is no longer logged."""
    account = get_account(call.session, team_id=call.team_id, account_id=touch.account_id)
    facts = {"account": account.name if account else "", "kind_label": label(call.lang, "kind", touch.kind),
             "occurred_on": touch.occurred_on}
    touch_id, account_id = touch.id, touch.account_id
    # A draft that led to this touchpoint must not look saved any more.
    call.session.execute(update(Draft).where(Draft.team_id == call.team_id, Draft.touchpoint_id == touch_id)
                         .values(status="undone"))
    delete_touchpoint(call.session, team_id=call.team_id, touchpoint_id=touch_id, now=call.ctx.now)
    reply = call.reply("undo_done", kind=ReplyKind.UNDONE, **facts)
    reply.data = {"touchpoint_id": touch_id, "account_id": account_id}
    reply.changed = True
    return reply
