"""Topic matching across English, Spanish and synonyms, on titles and departments."""
import pytest

from kambot.domain.topics import CONCEPTS, has_topic, seniority, topic_score, topic_terms


@pytest.mark.parametrize("topic,title,department", [
    ("seguridad", "CISO", None),
    ("security", "Head of InfoSec", None),
    ("ciberseguridad", "Chief Security Officer", None),
    ("infosec", "Responsable de Seguridad de la Información", None),
    ("billing", "Directora de Finanzas", None),
    ("facturas", "VP Finance", None),
    ("payments", "Jefa de Tesorería", None),
    ("finanzas", "CFO", None),
    ("compras", "Procurement Manager", None),
    ("purchasing", "Jefe de Compras", None),
    ("vendor management", "Gerente de Abastecimiento", None),
    ("compliance", "Auditora interna", None),
    ("riesgos", "Chief Risk Officer", None),
    ("IT", "Head of IT", None),
    ("TI", "Director de Sistemas", None),
    ("tecnología", "CTO", None),
    ("data", "Jefe de Datos", None),
    ("logística", "Supply Chain Director", None),
    ("operations", "Gerente de Operaciones", None),
    ("contratos", "General Counsel", None),
    ("legal", "Abogada", "Asesoría Jurídica"),
    ("recursos humanos", "HR Business Partner", None),
    ("talent", "Directora de RRHH", None),
    ("marca", "Brand Manager", None),
    ("ventas", "Chief Revenue Officer", None),
    ("sales", "Director Comercial", None),
    ("CEO", "Gerente General", None),
    ("executive", "Presidenta", None),
])
def test_synonyms_match_across_languages(topic, title, department):
    assert topic_score(topic, title, department) == 1.0


def test_department_matches_when_title_is_generic():
    assert topic_score("billing", "Directora", "Finanzas") == 0.8
    assert topic_score("compras", "Analyst", "Procurement") == 0.8
    assert topic_score("billing", "Directora de Finanzas", "Finanzas") == 1.0


@pytest.mark.parametrize("topic,title,department", [
    ("IT", "Digital Marketing Lead", None),  # "it" inside "digital" is not IT
    ("HR", "Three Sigma Lead", "Chrome team"),
    ("TI", "Gerente de Ventas", "Cuentas"),
    ("security", "VP Finance", "Finance"),
    ("executive", "Vice President Sales", None),  # a vice president is not the president
    ("executive", "Product Owner", None),
    ("CEO", "Executive Assistant", None),
    ("sales", "Salesforce Administrator", None),
    ("billing", None, None),
])
def test_unrelated_titles_score_zero(topic, title, department):
    assert topic_score(topic, title, department) == 0.0


def test_accents_and_case_do_not_matter():
    assert topic_score("SEGURIDAD", "jefe de seguridad", None) == 1.0
    assert topic_score("facturación", "FACTURACION", None) == 1.0
    assert topic_score("facturacion", "Analista de Facturación", None) == 1.0


def test_unknown_words_match_literally():
    assert topic_score("sustainability", "Sustainability Lead", None) == 0.6
    assert topic_score("sostenibilidad", None, "Sostenibilidad") == 0.5
    assert topic_score("renewals", "Renewal Manager", None) == 0.6  # plural finds the singular
    assert topic_score("sustainability", "Finance Lead", None) == 0.0
    # filler words never match on their own: "the head of the team" says nothing
    assert topic_score("the head of the team", "Head of Sales", "Team A") == 0.0
    assert not has_topic("the team") and not has_topic("") and not has_topic(None)
    assert has_topic("security") and has_topic("sustainability")


def test_concept_beats_literal_and_mixed_topics_union():
    assert topic_score("security renewals", "Head of InfoSec", None) == 1.0
    assert topic_score("security renewals", "Renewals Lead", None) == 0.6
    assert topic_score("seguridad y compras", "Procurement Manager", None) == 1.0


def test_topic_terms_expand_to_the_whole_concept():
    billing = topic_terms("billing")
    assert {"finance", "finanzas", "cfo", "billing", "invoice", "pago", "treasury", "tesorer"} <= billing
    assert topic_terms("facturas") == topic_terms("VP Finance") == billing  # any synonym, same concept
    assert {"ciso", "seguridad", "infosec", "cso"} <= topic_terms("Seguridad")
    assert {"procurement", "compra", "sourcing"} <= topic_terms("compras")
    assert topic_terms("sustainability") == frozenset({"sustainability"})
    assert topic_terms(None) == frozenset()


def test_every_concept_term_is_normalised():
    for terms in CONCEPTS.values():
        for term in terms:
            assert term == term.lower().strip() and term.replace("*", "").replace(" ", "").isalnum()


@pytest.mark.parametrize("title,rank", [
    ("CEO", 5), ("Directora General", 5), ("Presidente", 5), ("CFO", 4), ("VP Finance", 4),
    ("Vice President of Sales", 4), ("Head of InfoSec", 3), ("Jefe de Compras", 3), ("Procurement Manager", 2),
    ("Analyst", 1), (None, 1), ("Executive Assistant", 0), ("Becaria", 0),
])
def test_seniority_reads_titles_in_both_languages(title, rank):
    assert seniority(title) == rank
