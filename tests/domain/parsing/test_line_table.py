"""End-to-end table: one report line in, kind / occurred day / next step / due day out."""
from datetime import date

import pytest

from kambot.domain.parsing import parse_line

FRI = date(2026, 11, 27)  # a Friday
MON = date(2026, 11, 30)  # a Monday, also the last day of the month
JAN3 = date(2026, 1, 3)  # a Saturday, for year wrap
D = date

# (line, today, kind, occurred day, next step text, next step due day)
ENGLISH = [
    ("call with Maria at Acme yesterday, next: proposal by Friday", FRI, "call", D(2026, 11, 26), "proposal by Friday", D(2026, 12, 4)),
    ("called John at Initech today", FRI, "call", FRI, None, None),
    ("coffee with Dana this morning", FRI, "meal", FRI, None, None),
    ("demo for Hooli this afternoon, next step: send recording tomorrow", FRI, "meeting", FRI, "send recording tomorrow", D(2026, 11, 28)),
    ("dinner with the Globex team last night", FRI, "meal", D(2026, 11, 26), None, None),
    ("phoned Bob at Umbrella 4 days ago", FRI, "call", D(2026, 11, 23), None, None),
    ("met Priya at Stark two weeks ago", FRI, "meeting", D(2026, 11, 13), None, None),
    ("emailed the deck to Wayne Enterprises a week ago", FRI, "email", D(2026, 11, 20), None, None),
    ("QBR with Cyberdyne last week, next steps: renewal quote in 2 weeks", FRI, "meeting", D(2026, 11, 20), "renewal quote in 2 weeks", D(2026, 12, 11)),
    ("lunch with Ravi on Monday", FRI, "meal", D(2026, 11, 23), None, None),
    ("sync with Soylent Thursday", FRI, "meeting", D(2026, 11, 26), None, None),
    ("call with Tom Friday", FRI, "call", D(2026, 11, 20), None, None),  # a bare weekday is never today
    ("visited the Acme plant last Friday", FRI, "meeting", D(2026, 11, 20), None, None),
    ("workshop at Initech on March 3", FRI, "meeting", D(2026, 3, 3), None, None),
    ("sent the proposal to Globex Feb 25", FRI, "email", D(2026, 2, 25), None, None),
    ("breakfast with Luis 25 Feb", FRI, "meal", D(2026, 2, 25), None, None),
    ("texted Ana on 2/25", FRI, "message", D(2026, 2, 25), None, None),
    ("webinar with Hooli on 2026-02-23", FRI, "event", D(2026, 2, 23), None, None),
    ("trade show chat with Acme on March 3rd 2026", FRI, "event", D(2026, 3, 3), None, None),
    ("call with Dana on Feb 5", FRI, "call", D(2026, 2, 5), None, None),  # yearless: most recent, not after today
    ("WhatsApp to Carla at Soylent yesterday, next: send samples next Monday", FRI, "message", D(2026, 11, 26), "send samples next Monday", D(2026, 11, 30)),
    ("LinkedIn message to Priya Shah, next: intro call next week", FRI, "message", FRI, "intro call next week", D(2026, 12, 4)),
    ("conference call with Acme and Hooli yesterday", FRI, "call", D(2026, 11, 26), None, None),
    ("met Acme at the conference yesterday", FRI, "event", D(2026, 11, 26), None, None),
    ("sent a calendar invite after lunch with Ana today", FRI, "meal", FRI, None, None),
    ("call with Maria, next: send email by the 15th", FRI, "call", FRI, "send email by the 15th", D(2026, 12, 15)),
    ("call with Maria yesterday, next: proposal March 12", FRI, "call", D(2026, 11, 26), "proposal March 12", D(2027, 3, 12)),
    ("drinks with the Hooli buyers yesterday, Next Step: pricing sheet 3/12", FRI, "meal", D(2026, 11, 26), "pricing sheet 3/12", D(2027, 3, 12)),
    ("call with Bob, next: contract draft end of month", FRI, "call", FRI, "contract draft end of month", D(2026, 11, 30)),
    ("met Bob, next: contract by 2026-12-15", FRI, "meeting", FRI, "contract by 2026-12-15", D(2026, 12, 15)),
    ("quick call with Ana, Next steps - send pricing tomorrow", FRI, "call", FRI, "send pricing tomorrow", D(2026, 11, 28)),
    ("demo with Initech on Monday — next: trial in 3 days", FRI, "meeting", D(2026, 11, 23), "trial in 3 days", D(2026, 11, 30)),
    ("webinar with Acme, 3 people attended, $20k pipeline, yesterday", FRI, "event", D(2026, 11, 26), None, None),
    ("call with Acme about Q3 and v2.5 at 3pm", FRI, "call", FRI, None, None),
    ("met the Hooli 24/7 support team", FRI, "meeting", FRI, None, None),
    ("sat down with Bob from Acme", FRI, "other", FRI, None, None),
    ("catch-up with Ravi at Stark, next: intro to their CFO", FRI, "other", FRI, "intro to their CFO", None),
    ("call with Sam on Monday, next: follow up Friday", MON, "call", D(2026, 11, 23), "follow up Friday", D(2026, 12, 4)),
    ("lunch with Ana Monday, next: send deck by Monday", MON, "meal", D(2026, 11, 23), "send deck by Monday", D(2026, 12, 7)),
    ("met Globex last Friday, next: proposal next Monday", MON, "meeting", D(2026, 11, 27), "proposal next Monday", D(2026, 12, 7)),
    ("call with Acme today, next: recap end of week", MON, "call", MON, "recap end of week", D(2026, 12, 4)),
    ("call with Acme, next: invoice end of month", MON, "call", MON, "invoice end of month", MON),
    ("call with Dana yesterday, next: quote by Friday", JAN3, "call", D(2026, 1, 2), "quote by Friday", D(2026, 1, 9)),
    ("met Acme on Dec 5, next: QBR March 12", JAN3, "meeting", D(2025, 12, 5), "QBR March 12", D(2026, 3, 12)),
    ("dinner with Hooli last week", JAN3, "meal", D(2025, 12, 27), None, None),
    ("email to Wayne 12/30", JAN3, "email", D(2025, 12, 30), None, None),
    ("call with Bob, next: renewal end of month", JAN3, "call", JAN3, "renewal end of month", D(2026, 1, 31)),

]
SPANISH = [
    ("almuerzo con Ana Gómez de Umbrella Salud el jueves, próximo paso: enviar propuesta el 12 de marzo", FRI, "meal", D(2026, 11, 26), "enviar propuesta el 12 de marzo", D(2027, 3, 12)),
    ("llamada con Luis hoy", FRI, "call", FRI, None, None),
    ("llamé a Carla ayer, próximo paso: enviar precios mañana", FRI, "call", D(2026, 11, 26), "enviar precios mañana", D(2026, 11, 28)),
    ("reunión con Initech anteayer", FRI, "meeting", D(2026, 11, 25), None, None),
    ("café con Marta antes de ayer", FRI, "meal", D(2026, 11, 25), None, None),
    ("correo a Pedro esta mañana", FRI, "email", FRI, None, None),
    ("visita a la planta de Acme esta tarde", FRI, "meeting", FRI, None, None),
    ("cena con el equipo de Globex anoche", FRI, "meal", D(2026, 11, 26), None, None),
    ("llamada con Luis hace 4 días, siguiente paso: demo la semana que viene", FRI, "call", D(2026, 11, 23), "demo la semana que viene", D(2026, 12, 4)),
    ("nos reunimos con Hooli hace dos semanas", FRI, "meeting", D(2026, 11, 13), None, None),
    ("desayuno con Ana hace una semana", FRI, "meal", D(2026, 11, 20), None, None),
    ("mensaje a Carla la semana pasada, próximos pasos: llamar el próximo lunes", FRI, "message", D(2026, 11, 20), "llamar el próximo lunes", D(2026, 11, 30)),
    ("reunión con Soylent el lunes pasado", FRI, "meeting", D(2026, 11, 23), None, None),
    ("llamada con Pedro el martes pasado, siguientes pasos: enviar contrato dentro de dos semanas", FRI, "call", D(2026, 11, 24), "enviar contrato dentro de dos semanas", D(2026, 12, 11)),
    ("comida con Ana el 3 de marzo", FRI, "meal", D(2026, 3, 3), None, None),
    ("feria de Barcelona con Acme 3 de marzo", FRI, "event", D(2026, 3, 3), None, None),
    ("envié la propuesta a Globex el 25/02", FRI, "email", D(2026, 2, 25), None, None),
    ("congreso con Hooli 25/02/2026", FRI, "event", D(2026, 2, 25), None, None),
    ("llamada con Ana, próximo paso: enviar propuesta el viernes", FRI, "call", FRI, "enviar propuesta el viernes", D(2026, 12, 4)),
    ("reunión con Luis, proximo paso: presupuesto 12/03", FRI, "meeting", FRI, "presupuesto 12/03", D(2027, 3, 12)),
    ("WhatsApp a Carla ayer por la mañana, PRÓXIMO PASO: llamar fin de mes", FRI, "message", D(2026, 11, 26), "llamar fin de mes", D(2026, 11, 30)),
    ("llamada con Marta, próximo paso: cerrar la próxima semana", FRI, "call", FRI, "cerrar la próxima semana", D(2026, 12, 4)),
    ("reunión con Pedro el miércoles, próximo paso: demo el lunes que viene", FRI, "meeting", D(2026, 11, 25), "demo el lunes que viene", D(2026, 11, 30)),
    ("almuerzo con Luis el sábado", FRI, "meal", D(2026, 11, 21), None, None),
    ("videollamada con Ana el domingo", FRI, "call", D(2026, 11, 22), None, None),
    ("café con Ana en la feria, siguiente paso: llamar en 3 días", FRI, "event", FRI, "llamar en 3 días", D(2026, 11, 30)),
    ("reunion con Acme el 2026-11-20", FRI, "meeting", D(2026, 11, 20), None, None),
    ("mensaje de LinkedIn a Pedro hace 3 días", FRI, "message", D(2026, 11, 24), None, None),
    ("evento de Acme ayer", FRI, "event", D(2026, 11, 26), None, None),
    ("hablamos por teléfono con Luis ayer", FRI, "call", D(2026, 11, 26), None, None),
    ("café con Domingo Pérez", FRI, "meal", FRI, None, None),  # a name, not Sunday
    ("llamada con Ana el lunes, próximo paso: enviar contrato el lunes", MON, "call", D(2026, 11, 23), "enviar contrato el lunes", D(2026, 12, 7)),
    ("reunión con Hooli el 20 de diciembre, próximo paso: enviar contrato el 12 de marzo", JAN3, "meeting", D(2025, 12, 20), "enviar contrato el 12 de marzo", D(2026, 3, 12)),
    ("cena con Ana el jueves", JAN3, "meal", D(2026, 1, 1), None, None),
    ("llamada con Luis el lunes pasado, próximo paso: propuesta fin de mes", JAN3, "call", D(2025, 12, 29), "propuesta fin de mes", D(2026, 1, 31)),
    ("reunión con Acme hace 3 meses", FRI, "meeting", D(2026, 8, 27), None, None),
]


CASES = [(*case, "en") for case in ENGLISH] + [(*case, "es") for case in SPANISH]


@pytest.mark.parametrize(
    ("line", "today", "kind", "occurred", "next_step", "due", "lang"), CASES, ids=[c[0][:60] for c in CASES]
)
def test_parse_line_table(line, today, kind, occurred, next_step, due, lang):
    parsed = parse_line(line, today=today)
    assert parsed.lang == lang
    assert parsed.kind == kind
    assert parsed.occurred.error is None
    assert parsed.occurred.day == occurred
    assert parsed.next_step == next_step
    assert parsed.next_step_due == due
