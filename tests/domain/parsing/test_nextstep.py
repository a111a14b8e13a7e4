"""Splitting the report from the next step."""
import pytest

from kambot.domain.parsing.nextstep import split_next_step


@pytest.mark.parametrize(
    ("text", "report", "next_step"),
    [
        ("call with Maria, next: proposal by Friday", "call with Maria", "proposal by Friday"),
        ("call with Maria. Next step: proposal", "call with Maria", "proposal"),
        ("call with Maria; NEXT STEPS: proposal, pricing.", "call with Maria", "proposal, pricing"),
        ("llamada con Ana, próximo paso: enviar propuesta", "llamada con Ana", "enviar propuesta"),
        ("llamada con Ana, proximo paso: enviar propuesta", "llamada con Ana", "enviar propuesta"),
        ("llamada con Ana. Próximos pasos: enviar propuesta", "llamada con Ana", "enviar propuesta"),
        ("llamada con Ana, siguiente paso: demo", "llamada con Ana", "demo"),
        ("llamada con Ana, Siguientes Pasos: demo", "llamada con Ana", "demo"),
        ("call with Ana — next step — send deck", "call with Ana", "send deck"),
        ("call with Ana, next steps - send deck", "call with Ana", "send deck"),
        ("call with Ana next:send deck", "call with Ana", "send deck"),
        ("  call with Ana  ", "call with Ana", None),
        ("call with Ana, next:", "call with Ana", None),
        ("call with Ana about next-gen pricing", "call with Ana about next-gen pricing", None),
        ("call with Ana, meeting next week", "call with Ana, meeting next week", None),
        ("call with Ana, next: a, next: b", "call with Ana", "a, next: b"),
        ("call with Ana, follow up: send deck Tuesday", "call with Ana", "send deck Tuesday"),
        ("call with Ana. Follow-up: send deck", "call with Ana", "send deck"),
        ("coffee w/ Dan; todo: intro to the CFO", "coffee w/ Dan", "intro to the CFO"),
        ("call with Ana. Action items: pricing", "call with Ana", "pricing"),
        ("llamada con Ana, pendiente: enviar contrato", "llamada con Ana", "enviar contrato"),
        ("comida con Ana. Seguimiento: llamar el lunes", "comida con Ana", "llamar el lunes"),
        ("the follow-up call with Ana went well", "the follow-up call with Ana went well", None),
    ],
)
def test_split_next_step(text, report, next_step):
    assert split_next_step(text) == (report, next_step)
