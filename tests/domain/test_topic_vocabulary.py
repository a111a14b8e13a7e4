"""The topic vocabulary (kambot/domain/topics.json): every word finds titles written in the other language."""
import itertools
import json
from pathlib import Path

import pytest

from kambot.domain import topics
from kambot.domain.topics import CONCEPTS, topic_score

# Per concept: the topics a KAM asks about and titles or departments as people write them, both languages.
GROUPS = {
    "purchasing": (["compras", "procurement", "purchasing", "sourcing", "abastecimiento", "adquisiciones"],
                   ["CPO", "Head of Sourcing", "Jefa de Compras", "Gerenta de Abastecimiento", "Buyer",
                    "Compradora Senior", "Directora de Adquisiciones"]),
    "it": (["TI", "IT", "sistemas", "tecnología", "technology"],
           ["CIO", "CTO", "Jefe de Sistemas", "Head of IT", "Directora de Tecnología", "Ingeniera de Infraestructura"]),
    "operations": (["operaciones", "operations", "logística", "logistics", "planta"],
                   ["COO", "Plant Manager", "Jefa de Planta", "Gerente de Operaciones", "Supply Chain Lead",
                    "Directora de Logística"]),
    "legal": (["legal", "jurídico", "asesoría legal", "contratos"],
              ["General Counsel", "Abogada", "Abogado Senior", "Asesoría Jurídica", "Legal Director", "Letrada"]),
    "finance": (["finanzas", "finance", "billing", "facturación", "tesorería", "cuentas por pagar", "controller"],
                ["CFO", "Controller", "Tesorera", "Jefe de Facturación", "Accounts Payable Lead",
                 "Responsable de Cuentas por Pagar", "Directora Financiera", "Billing Manager"]),
    "security": (["seguridad", "security", "ciberseguridad", "infosec", "CISO"],
                 ["CISO", "Head of InfoSec", "Jefa de Ciberseguridad", "Responsable de Seguridad", "Security Architect"]),
    "risk": (["riesgos", "risk", "compliance", "cumplimiento"],
             ["Chief Risk Officer", "Compliance Officer", "Gerenta de Cumplimiento", "Directora de Riesgos",
              "Auditora Interna"]),
    "marketing": (["marketing", "mercadeo", "CMO"],
                  ["CMO", "Gerente de Mercadeo", "Head of Marketing", "Directora de Marca"]),
    "hr": (["RR.HH.", "RRHH", "HR", "people", "talento", "recursos humanos"],
           ["CHRO", "HR Business Partner", "Directora de RR.HH.", "Head of People", "Jefa de Talento",
            "Gerente de Recursos Humanos"]),
    "sales": (["ventas", "sales", "comercial"], ["Chief Revenue Officer", "Directora Comercial", "Head of Sales",
                                                 "Gerente de Ventas"]),
    "data": (["datos", "data", "analytics", "analítica"], ["Chief Data Officer", "Jefa de Datos", "Head of Analytics",
                                                          "Científica de Datos"]),
}


@pytest.mark.parametrize("concept,topic,title", [
    (concept, topic, title) for concept, (asked, titles) in GROUPS.items()
    for topic, title in itertools.product(asked, titles)])
def test_every_topic_word_finds_every_title_of_its_concept(concept, topic, title):
    assert topic_score(topic, title, None) == 1.0
    assert topic_score(topic, "Manager", title) == 0.8  # the same words as a department


@pytest.mark.parametrize("topic,title", [
    ("compras", "Head of Legal"), ("legal", "Procurement Manager"), ("security", "CFO"), ("IT", "Digital Marketing"),
    ("finanzas", "Jefe de Planta"), ("marketing", "Gerente de Ventas"), ("RRHH", "CISO"), ("datos", "Abogada"),
])
def test_other_concepts_do_not_match(topic, title):
    assert topic_score(topic, title, None) == 0.0


def test_accents_and_gender_are_optional():
    assert topic_score("facturacion", "Jefa de Facturación", None) == 1.0
    assert topic_score("jurídico", "Juridica", None) == 1.0
    assert topic_score("abogado", "ABOGADA", None) == 1.0
    assert topic_score("compras", "COMPRADOR", None) == 1.0


def test_the_vocabulary_is_one_data_file_in_both_languages():
    data = json.loads(Path(topics.__file__).with_name("topics.json").read_text(encoding="utf-8"))
    assert set(data["concepts"]) == set(CONCEPTS)
    for concept, langs in data["concepts"].items():
        assert langs["en"] and langs["es"], concept
