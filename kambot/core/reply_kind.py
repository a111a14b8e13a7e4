"""Every outcome a command can report: one name per reply kind, shared by the core, the doors and the tests."""
from __future__ import annotations

from enum import StrEnum


class ReplyKind(StrEnum):
    """What a Reply says happened; equal to its string ("logged"), so logs and tests read it as text."""

    # Answers that leave the user with a question or a retype.
    ERROR = "error"
    USAGE = "usage"
    NOT_FOUND = "not_found"
    REFUSED = "refused"
    AMBIGUOUS = "ambiguous"
    UNKNOWN_ACCOUNT = "unknown_account"
    # Answers that show something.
    INFO = "info"
    HELP = "help"
    ACCOUNT_CARD = "account_card"
    WHO = "who"
    NO_CONTACTS = "no_contacts"
    MAP = "map"
    PLAN = "plan"
    KEYS = "keys"
    STALE = "stale"
    HEALTH = "health"
    KPI = "kpi"
    DIGEST = "digest"
    DIGEST_PREVIEW = "digest_preview"
    REMINDER = "reminder"  # a job's DM: the owner's accounts going cold, each with its Snooze buttons
    PREFILL = "prefill"  # the log form's starting fields
    DRAFT = "draft"  # what a report would log (a dry run, or a draft offered in a watched channel)
    IGNORED = "ignored"  # a channel message that is not a report: nothing to say
    DUPLICATE = "duplicate"  # the same click or submit already did its work: say nothing more
    # Answers that tell of a change.
    LOGGED = "logged"
    UNDONE = "undone"
    DISCARDED = "discarded"
    SNOOZED = "snoozed"
    PLAN_SAVED = "plan_saved"
    CADENCE_SET = "cadence_set"
    CADENCE_CLEARED = "cadence_cleared"
    CONTACT_ADDED = "contact_added"
    CONTACT_SAVED = "contact_saved"
    CONTACT_LEFT = "contact_left"
    WATCH_ON = "watch_on"
    WATCH_OFF = "watch_off"
    CHANNEL_LINKED = "channel_linked"
    CHANNEL_UNLINKED = "channel_unlinked"
    DIGEST_SUBSCRIBED = "digest_subscribed"
    DIGEST_UNSUBSCRIBED = "digest_unsubscribed"


# Outcomes where the command did not do what was asked: the door shows them to the asker only.
NOT_DONE = frozenset({ReplyKind.ERROR, ReplyKind.USAGE, ReplyKind.NOT_FOUND, ReplyKind.REFUSED,
                      ReplyKind.AMBIGUOUS, ReplyKind.UNKNOWN_ACCOUNT})
