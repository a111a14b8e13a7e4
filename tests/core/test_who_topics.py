"""`/kam who … about <topic>` with titles as people really write them, in both languages; blockers never first."""
from __future__ import annotations

import pytest

from tests.core.test_who import alternative_lines, build, strong, top_line

PEOPLE = [
    {"name": "Robert Hale", "title": "CEO", "role": "decision_maker"},
    {"name": "Inés Ríos", "title": "Jefa de Compras"},
    {"name": "Tom Reyes", "title": "Plant Manager"},
    {"name": "Carmen Vidal", "title": "Abogada", "department": "Asesoría Jurídica"},
    {"name": "Dev Patel", "title": "Head of InfoSec"},
    {"name": "Lola Paz", "title": "Manager", "department": "Cuentas por Pagar"},
    {"name": "Greg Holt", "title": "Compliance Officer"},
    {"name": "Sara Lin", "title": "Gerente de Mercadeo"},
    {"name": "Ana Belén Cruz", "title": "Directora de RR.HH."},
    {"name": "Marco Sosa", "title": "CIO"},
]


@pytest.mark.parametrize("line, expected", [
    ("/kam who Acme Corp about procurement", "Inés Ríos"),
    ("/kam who Acme Corp about sourcing", "Inés Ríos"),
    ("/kam quién Acme Corp sobre operaciones", "Tom Reyes"),
    ("/kam quién Acme Corp sobre planta", "Tom Reyes"),
    ("/kam who Acme Corp about legal", "Carmen Vidal"),
    ("/kam quién Acme Corp sobre ciberseguridad", "Dev Patel"),
    ("/kam who Acme Corp about billing", "Lola Paz"),
    ("/kam quién Acme Corp sobre cumplimiento", "Greg Holt"),
    ("/kam who Acme Corp about marketing", "Sara Lin"),
    ("/kam who Acme Corp about HR", "Ana Belén Cruz"),
    ("/kam quién Acme Corp sobre sistemas", "Marco Sosa"),
])
def test_topic_finds_the_title_in_the_other_language(engine, kam, line, expected):
    build(engine, PEOPLE, strong("Robert Hale"))
    reply = kam(line)
    assert reply.kind == "who"
    assert expected in top_line(reply)


@pytest.mark.parametrize("line", ["/kam quién Acme Corp sobre compras", "/kam who Acme Corp about purchasing"])
def test_a_blocker_who_fits_the_topic_never_comes_first(engine, kam, line):
    people = [{"name": "Bruno Bloque", "title": "Jefe de Compras", "role": "blocker"},
              {"name": "Ann Analyst", "title": "Analyst", "department": "Procurement"}]
    build(engine, people, strong("Bruno Bloque"))
    reply = kam(line)
    assert "Ann Analyst" in top_line(reply)
    assert any("Bruno Bloque" in alt for alt in alternative_lines(reply))
