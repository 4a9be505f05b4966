"""Values turned into the RDF terms that a query's variables are bound to: a text checked against its grlc-style
parameter's type (the REST API, `alliance-kg query --param`), or a Python value (`queries.dataframe`).

The terms go to pyoxigraph's `substitutions` (SPARQL SEP-0007), or, for an endpoint that takes none, are written in
place of the variables by `alliance_kg.store.sparql_text.substitute`: a value is never pasted into query text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from alliance_kg.queries.catalogue import XSD, Parameter, Query
from pyoxigraph import BlankNode, Literal, NamedNode, Variable


class ParameterError(ValueError):
    """A missing, unknown or ill-typed parameter value; the message says what a valid value looks like."""


# Lexical forms checked before a value is bound (other datatypes are bound as given).
LEXICAL = {
    XSD + "integer": (re.compile(r"[+-]?\d+"), "an integer, e.g. 2019"),
    XSD + "decimal": (re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)"), "a decimal number, e.g. 1.5"),
    XSD + "double": (re.compile(r"[+-]?((\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?|INF|NaN)"), "a number, e.g. 1.5e3"),
    XSD + "boolean": (re.compile(r"true|false|1|0"), "true or false"),
    XSD + "date": (re.compile(r"-?\d{4,}-\d\d-\d\d(Z|[+-]\d\d:\d\d)?"), "a day as YYYY-MM-DD, e.g. 2020-01-01"),
    XSD + "gYear": (re.compile(r"-?\d{4,}(Z|[+-]\d\d:\d\d)?"), "a year as YYYY, e.g. 2019"),
    XSD + "gYearMonth": (re.compile(r"-?\d{4,}-\d\d(Z|[+-]\d\d:\d\d)?"), "a month as YYYY-MM, e.g. 2023-01"),
    XSD + "dateTime": (re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?"), "a date-time"),
}


def bind(parameter: Parameter, value: str) -> NamedNode | Literal:
    """The RDF term for a parameter's value, or ParameterError saying what a valid value looks like."""
    wrong = f"{value!r} is not a valid value for {parameter.name!r}: give {type_hint(parameter)}"
    if parameter.kind == "iri":
        try:
            return NamedNode(value)
        except ValueError as error:
            raise ParameterError(f"{wrong} ({error})") from error
    if parameter.kind == "number":
        for datatype in ("integer", "decimal", "double"):
            if LEXICAL[XSD + datatype][0].fullmatch(value):
                return Literal(value, datatype=NamedNode(XSD + datatype))
        raise ParameterError(wrong)
    if parameter.language:
        return Literal(value, language=parameter.language)
    if parameter.datatype is None:
        return Literal(value)
    check = LEXICAL.get(parameter.datatype)
    if check and not check[0].fullmatch(value):
        raise ParameterError(wrong)
    try:  # a well-formed but impossible day (2023-02-30)
        if parameter.datatype == XSD + "date":
            date.fromisoformat(value[:10])
        elif parameter.datatype == XSD + "dateTime":
            datetime.fromisoformat(value[:19])
        return Literal(value, datatype=NamedNode(parameter.datatype))
    except ValueError as error:
        raise ParameterError(f"{wrong} ({error})") from error


def type_hint(parameter: Parameter) -> str:
    if parameter.kind == "iri":
        return "an absolute IRI, e.g. https://w3id.org/alliance-kg/id/japan"
    if parameter.kind == "number":
        return "a number"
    if parameter.language:
        return f"a text in language {parameter.language!r}"
    if parameter.datatype in LEXICAL:
        return LEXICAL[parameter.datatype][1]
    return f"a literal of type {parameter.datatype}" if parameter.datatype else "a text"


def substitutions(query: Query, values: Mapping[str, str]) -> dict[Variable, NamedNode | Literal]:
    """Check `values` (parameter name → text; a blank text counts as not given) against the query's parameters and
    bind each; ParameterError names an unknown, missing or ill-typed parameter and what a valid value looks like."""
    parameters = {p.name: p for p in query.parameters}
    unknown = sorted(set(values) - set(parameters))
    if unknown:
        known = ", ".join(parameters) or "none"
        raise ParameterError(f"unknown parameter(s) {', '.join(unknown)} for {query.name}; its parameters are: {known}")
    given = {name: value.strip() for name, value in values.items() if value.strip()}
    missing = [p for p in parameters.values() if p.required and p.name not in given]
    if missing:
        needs = "; ".join(f"the parameter {p.name!r}: {type_hint(p)}" for p in missing)
        raise ParameterError(f"{query.name} needs {needs}")
    return {Variable(parameters[name].variable): bind(parameters[name], value) for name, value in given.items()}


def term_for(value: Any) -> NamedNode | Literal | BlankNode:
    """The RDF term for a Python value: a pyoxigraph term as it is, an http(s) URL as an IRI, a date or date-time
    as xsd:date or xsd:dateTime, a bool, int or float as xsd:boolean, xsd:integer or xsd:double, else a string."""
    if isinstance(value, NamedNode | Literal | BlankNode):
        return value
    if isinstance(value, datetime):
        return Literal(value.isoformat(), datatype=NamedNode(XSD + "dateTime"))
    if isinstance(value, date):
        return Literal(value.isoformat(), datatype=NamedNode(XSD + "date"))
    if isinstance(value, bool | int | float):
        return Literal(value)
    text = str(value)
    return NamedNode(text) if re.match(r"^https?://\S+$", text) else Literal(text)
