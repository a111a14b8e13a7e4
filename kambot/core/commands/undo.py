"""The Undo button on every logged touchpoint: only its author may take it back."""
from __future__ import annotations

from sqlalchemy import update

from kambot.core.call import Call
from kambot.core.dispatch import action
from kambot.core.i18n import label, mention
from kambot.core.reply import Reply
from kambot.storage.accounts import get_account
from kambot.storage.models import Draft
from kambot.storage.touchpoints import delete_touchpoint, get_touchpoint


@action("touchpoint_undo")
def undo(call: Call) -> Reply:
    """Delete the touchpoint whose id is the button value, if the presser logged it."""
    try:
        touch_id = int(call.args)
    except ValueError:
        return call.reply("undo_missing", kind="not_found")
    touch = get_touchpoint(call.session, team_id=call.team_id, touchpoint_id=touch_id)
    if touch is None:
        return call.reply("undo_missing", kind="not_found")
    if touch.logged_by and touch.logged_by != call.ctx.user_id:
        return call.reply("undo_refused", kind="refused", author=mention(touch.logged_by))
    account = get_account(call.session, team_id=call.team_id, account_id=touch.account_id)
    facts = {"account": account.name if account else "", "kind_label": label(call.lang, "kind", touch.kind),
             "occurred_on": touch.occurred_on}
    # A draft that led to this touchpoint must not look saved any more.
    call.session.execute(update(Draft).where(Draft.team_id == call.team_id, Draft.touchpoint_id == touch_id)
                         .values(status="undone"))
    delete_touchpoint(call.session, team_id=call.team_id, touchpoint_id=touch_id)
    reply = call.reply("undo_done", kind="undone", **facts)
    reply.data = {"touchpoint_id": touch_id, "account_id": touch.account_id}
    return reply
