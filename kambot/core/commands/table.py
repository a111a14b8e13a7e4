"""The command table: every subcommand and button/view handler, in help order. A new command is a row here."""
from __future__ import annotations

from kambot.core import account_reply
from kambot.core.commands import account, cadence, contact, digest, draft, keys, log, log_form, message_prefill
from kambot.core.commands import health, help as help_command, kpi, map as map_command, plan, salesforce, snooze
from kambot.core.commands import channel, stale, undo, watch, who
from kambot.core.registry import CommandSpec, Handler, Registry

# Help lists them in this order (templates/<lang>/help_lines.json has each one's lines), and DM phrasings
# are tried in this order. Each command's usage examples use its name, or its first Spanish word.
COMMANDS: tuple[CommandSpec, ...] = (
    CommandSpec("log", log.handle, spanish=("registrar", "anotar"), english=("note",), intents=log.INTENTS),
    CommandSpec("undo", undo.handle, spanish=("deshacer",)),
    CommandSpec("who", who.handle, spanish=("quién", "quien", "quien es"), english=("whom",), intents=who.INTENTS),
    CommandSpec("account", account.handle, spanish=("cuenta", "ficha"), english=("card", "acct"),
                intents=account.INTENTS, opens_reports=("account",)),  # "account review with Ana at Acme"
    CommandSpec("map", map_command.handle, spanish=("mapa", "organigrama"), english=("orgchart", "org-chart"),
                intents=map_command.INTENTS),
    CommandSpec("plan", plan.handle, spanish=("plan", "planes"), english=("plans", "success-plan"),
                opens_reports=("plan", "planes")),  # "plan review with Ana at Acme"
    CommandSpec("contact", contact.handle, spanish=("contacto", "persona"), english=("person", "people"),
                opens_reports=("contact", "contacto")),  # "contacto con Ana en Acme ayer"
    CommandSpec("stale", stale.handle, spanish=("frías", "frias", "fria", "fría"), english=("cold",),
                intents=stale.INTENTS, opens_reports=("cold",)),  # "cold call to Ana at Acme"
    CommandSpec("health", health.handle, spanish=("salud",), intents=health.INTENTS),
    CommandSpec("kpi", kpi.handle, spanish=("indicadores",), english=("kpis", "dashboard")),
    CommandSpec("cadence", cadence.handle, spanish=("cadencia",)),
    CommandSpec("snooze", snooze.handle, spanish=("posponer", "silenciar")),
    CommandSpec("keys", keys.handle, spanish=("claves", "clave"), english=("key",), intents=keys.INTENTS,
                opens_reports=("key",)),  # "key meeting with Acme's CFO"
    CommandSpec("digest", digest.handle, spanish=("resumen",), opens_reports=("resumen",)),  # "resumen de la llamada"
    CommandSpec("watch", watch.handle, spanish=("vigilar",)),
    CommandSpec("channel", channel.handle, spanish=("canal",)),
    CommandSpec("salesforce", salesforce.handle, english=("sfdc", "crm")),
    CommandSpec("help", help_command.handle, spanish=("ayuda",), english=("h", "?", "commands"),
                intents=help_command.INTENTS, opens_reports=("h",)),  # "H. Smith called from Acme"
)

# Buttons and view submissions, by Slack action id; `call.args` holds the button value or the form.
ACTIONS: dict[str, Handler] = {
    "touchpoint_undo": undo.undo,
    "touchpoint_prefill": log_form.prefill,
    "touchpoint_prefill_account": log_form.prefill_account,
    "touchpoint_prefill_message": message_prefill.prefill_message,
    "touchpoint_save_form": log_form.save_form,
    "contact_save_form": contact.save_form,
    "draft_propose": draft.propose,
    "draft_save": draft.save,
    "draft_discard": draft.discard,
    "draft_edit": draft.edit,
    plan.CLOSE_ACTION: plan.close_action,
    "reminder_snooze_week": snooze.snooze_week,
    "reminder_snooze_month": snooze.snooze_month,
    account_reply.PICK_ACTION: account_reply.pick,  # a candidate of an ambiguous (or junk-wrapped) account
}


def build_registry() -> Registry:
    """The registry of this table (checked: no word names two commands)."""
    return Registry(COMMANDS, ACTIONS)
