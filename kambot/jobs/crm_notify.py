"""Tell the person who logged a touch, by DM, that the CRM refused to record it (once per record)."""
from __future__ import annotations

import json
import logging

from sqlalchemy.engine import Engine

from kambot.core.i18n import render
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.domain.profile import lang_from_locale
from kambot.jobs.messenger import DeliveryError, Messenger
from kambot.storage.accounts import get_account
from kambot.storage.crm_outbox import refused_unnotified
from kambot.storage.db import session_scope
from kambot.storage.profiles import stored_profile

log = logging.getLogger(__name__)


def tell_refusals(engine: Engine, messenger: Messenger, *, team_id: str) -> int:
    """DM each logger about their refused records; a record is marked told only once the DM went out."""
    told = 0
    with session_scope(engine) as session:
        for row in refused_unnotified(session, team_id=team_id):
            payload = json.loads(row.payload)
            logger = payload.get("logged_by")
            if not logger or row.op != "create":
                row.notified = True
                continue
            account = get_account(session, team_id=team_id, account_id=payload.get("account_id", 0))
            profile = stored_profile(session, team_id=team_id, user_id=logger)
            lang = lang_from_locale(profile.locale if profile else None)
            text = render("salesforce_refused", lang, account=account.name if account else "?",
                          part=row.part, error=row.error or "", occurred_on=payload.get("occurred_on"))
            try:
                messenger.send_dm(team_id, logger, Reply(text=text, kind=ReplyKind.INFO, lang=lang))
            except DeliveryError as exc:
                log.warning("could not tell %s about a refused CRM record: %s", logger, exc)
                continue
            row.notified = True
            told += 1
    return told
