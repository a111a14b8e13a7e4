"""Recursive descent over SOQL tokens: SELECT ... FROM ... [WHERE] [ORDER BY] [LIMIT] [OFFSET] into a small tree."""

from __future__ import annotations

from kambot.testing.fake_salesforce.soql_ast import Compare, In, Literal, Logic, Order, Query
from kambot.testing.fake_salesforce.soql_dates import LITERALS as DATE_LITERALS
from kambot.testing.fake_salesforce.soql_dates import WITH_N
from kambot.testing.fake_salesforce.soql_lexer import SoqlError, Token, tokenize

# Words that end a field list or condition; a field may not be called one of these.
KEYWORDS = {"SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "LIKE", "ORDER", "BY", "ASC", "DESC", "NULLS",
            "FIRST", "LAST", "LIMIT", "OFFSET", "TRUE", "FALSE", "NULL", "COUNT", "INCLUDES", "EXCLUDES"}


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.i = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def fail(self, what: str = "") -> SoqlError:
        t = self.tok
        shown = t.text or "<EOF>"
        return SoqlError("MALFORMED_QUERY", f"unexpected token: '{shown}' at column {t.at + 1}{what}")

    def is_word(self, *words: str) -> bool:
        return self.tok.kind == "IDENT" and self.tok.text.upper() in words

    def word(self, *words: str) -> str:
        if not self.is_word(*words):
            raise self.fail(f" (expected {' or '.join(words)})")
        self.i += 1
        return self.tokens[self.i - 1].text.upper()

    def take(self, kind: str) -> Token:
        if self.tok.kind != kind:
            raise self.fail(f" (expected {kind})")
        self.i += 1
        return self.tokens[self.i - 1]

    def query(self) -> Query:
        self.word("SELECT")
        q = Query("")
        if self.is_word("COUNT") and self.tokens[self.i + 1].kind == "(":
            self.i += 1
            self.take("(")
            if self.tok.kind != ")":
                raise SoqlError("MALFORMED_QUERY", "the fake Salesforce supports COUNT() as its only aggregate")
            self.take(")")
            q.count = True
        else:
            q.fields.append(self.path())
            while self.tok.kind == ",":
                self.i += 1
                q.fields.append(self.path())
        self.word("FROM")
        q.obj = self.name()
        if self.is_word("WHERE"):
            self.i += 1
            q.where = self.disjunction()
        if self.is_word("ORDER"):
            self.i += 1
            self.word("BY")
            q.order.append(self.order())
            while self.tok.kind == ",":
                self.i += 1
                q.order.append(self.order())
        if self.is_word("LIMIT"):
            self.i += 1
            q.limit = self.count_value()
        if self.is_word("OFFSET"):
            self.i += 1
            q.offset = self.count_value()
        if self.tok.kind != "EOF":
            raise self.fail()
        return q

    def count_value(self) -> int:
        t = self.take("NUMBER")
        if not isinstance(t.value, int) or t.value < 0:
            raise SoqlError("MALFORMED_QUERY", f"expecting a non-negative integer, found '{t.text}'")
        return t.value

    def name(self) -> str:
        if self.tok.kind != "IDENT" or self.tok.text.upper() in KEYWORDS:
            raise self.fail()
        self.i += 1
        return self.tokens[self.i - 1].text

    def path(self) -> tuple[str, ...]:
        parts = [self.name()]
        while self.tok.kind == ".":
            self.i += 1
            parts.append(self.name())
        return tuple(parts)

    def order(self) -> Order:
        path = self.path()
        descending = False
        if self.is_word("ASC", "DESC"):
            descending = self.word("ASC", "DESC") == "DESC"
        nulls_first = not descending
        if self.is_word("NULLS"):
            self.i += 1
            nulls_first = self.word("FIRST", "LAST") == "FIRST"
        return Order(path, descending, nulls_first)

    def disjunction(self) -> object:
        parts = [self.conjunction()]
        while self.is_word("OR"):
            self.i += 1
            parts.append(self.conjunction())
        return parts[0] if len(parts) == 1 else Logic("OR", tuple(parts))

    def conjunction(self) -> object:
        parts = [self.negation()]
        while self.is_word("AND"):
            self.i += 1
            parts.append(self.negation())
        return parts[0] if len(parts) == 1 else Logic("AND", tuple(parts))

    def negation(self) -> object:
        if self.is_word("NOT"):
            self.i += 1
            return Logic("NOT", (self.negation(),))
        if self.tok.kind == "(":
            self.i += 1
            inner = self.disjunction()
            self.take(")")
            return inner
        return self.comparison()

    def comparison(self) -> object:
        path = self.path()
        if self.is_word("NOT") or self.is_word("IN"):
            negated = self.is_word("NOT")
            if negated:
                self.i += 1
            self.word("IN")
            self.take("(")
            values = [self.literal()]
            while self.tok.kind == ",":
                self.i += 1
                values.append(self.literal())
            self.take(")")
            return In(path, tuple(values), negated)
        if self.is_word("LIKE"):
            self.i += 1
            return Compare(path, "LIKE", self.literal())
        if self.tok.kind != "OP":
            raise self.fail(" (expected an operator)")
        op = self.take("OP").text
        return Compare(path, "!=" if op == "<>" else op, self.literal())

    def literal(self) -> Literal:
        t = self.tok
        self.i += 1
        if t.kind in ("STRING", "NUMBER", "DATE", "DATETIME"):
            return Literal(t.kind.lower(), t.value)
        if t.kind == "IDENT" and t.text.upper() in ("TRUE", "FALSE"):
            return Literal("boolean", t.text.upper() == "TRUE")
        if t.kind == "IDENT" and t.text.upper() == "NULL":
            return Literal("null", None)
        if t.kind == "IDENT" and t.text.upper() in DATE_LITERALS:
            n = None
            if t.text.upper() in WITH_N:
                self.take(":")
                n = self.count_value()
            return Literal("dateliteral", (t.text.upper(), n))
        self.i -= 1
        raise self.fail(" (expected a value)")


def parse(text: str) -> Query:
    """The tree of one SOQL query; SoqlError(MALFORMED_QUERY) when it does not parse."""
    return _Parser(text).query()
