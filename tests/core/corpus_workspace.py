"""A workspace whose company names are full of ordinary words, for the generated `/kam log` corpus."""
from __future__ import annotations

from kambot.storage.accounts import create_account
from kambot.storage.contacts import create_contact
from kambot.storage.db import session_scope

TEAM = "TC"
# name, alias, people (full names). Names hold kind words (Café, Comida, Eventos, Mensajería, Meeting, Call,
# Correos, Demo, Lunch, Summit, Feria, Visit), date words (Hoy, Martes, Domingo, Next, Weekend) and stop words.
ACCOUNTS = [
    ("Café Sol", "", ["Lucía Martínez", "Ana Gómez"]),
    ("Grupo Hoy", "", ["Domingo Pérez", "Ana Ruiz"]),
    ("Meeting Point", "", ["José Núñez", "Emma Stone"]),
    ("Call Center Andino", "CCA", ["María José Fernández", "Tom Baker"]),
    ("Mensajería del Sur", "", ["Sofía Castro", "Raúl Ortega"]),
    ("Eventos Martes", "", ["Lisa Chen", "Iñaki Etxeberria"]),
    ("Telefónica Digital", "", ["Pedro Sánchez", "Julia Roberts"]),
    ("Correos Express", "", ["Carlos Díaz", "Marta López"]),
    ("Banco Domingo", "", ["Carlos Díaz", "Valentina Rossi"]),
    ("Comida Casera", "", ["Andrés Molina", "Paula Vidal"]),
    ("Summit Partners", "", ["Lisa Park", "Kevin Walsh"]),
    ("Next Step Consulting", "NSC", ["Hannah Schmidt", "Omar Haddad"]),
    ("Lunch Box Co", "", ["Grace Hopper", "Noah Wilson"]),
    ("Feria Valencia", "", ["Vicente Soler", "Nuria Blasco"]),
    ("Demo Labs", "", ["Priya Shah", "Wei Zhang"]),
    ("Hoy Comunicaciones", "", ["Begoña Arrieta", "Luis Cano"]),
    ("Weekend Travel", "", ["Chloé Dubois", "Sam Patel"]),
    ("Visit Madrid", "", ["Álvaro Gil", "Rocío Serrano"]),
]


def seed(engine) -> None:
    """The accounts above and their people in team TC."""
    with session_scope(engine) as session:
        for name, alias, people in ACCOUNTS:
            account = create_account(session, team_id=TEAM, name=name, aliases=alias, owner="U_ANA")
            for person in people:
                create_contact(session, team_id=TEAM, account_id=account.id, name=person)
