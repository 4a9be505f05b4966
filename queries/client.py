"""Query answers as pandas DataFrames, from the embedded store or any SPARQL endpoint: `queries.dataframe(...)`.

    from alliance_kg.queries import dataframe
    df = dataframe("article_v_domains")                                        # the built store in var/
    df = dataframe("article_v_domains", endpoint="http://127.0.0.1:8000/sparql")  # over HTTP (SPARQLWrapper)

Columns are typed from the literals' datatypes: xsd:integer (and its sub-types) → Int64, xsd:decimal/double/float
→ float64, xsd:boolean → boolean, xsd:dateTime → datetime64. Dates are pandas Periods at the precision the source
gives, never a day invented for a year: xsd:date → Period of a day, xsd:gYearMonth → of a month, xsd:gYear → of a
year ("1960" is the whole of 1960: `.start_time` is January 1, `.end_time` December 31). A column of one precision
has a period dtype (`period[D]`, `period[M]`, `period[Y-DEC]`, so `.dt` works); a column that mixes them (Article V's
`since`) holds each value as a Period of its own precision, and `df.since.map(lambda p: p.year)` is its years.
`df.attrs["datatypes"]` keeps each column's datatype IRIs. Values that pandas cannot hold (a time zone on a date, a
year beyond 9999) leave their column as strings, the lexical forms.
IRIs and blank nodes are strings; unbound values are missing (<NA>/NaT).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pyoxigraph import Variable

if TYPE_CHECKING:
    import pandas as pd

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGERS = {
    XSD + name
    for name in (
        "integer", "int", "long", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
        "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger",
    )
}  # fmt: skip
FLOATS = {XSD + "decimal", XSD + "double", XSD + "float"}
DATE_TIMES = {XSD + "dateTime", XSD + "dateTimeStamp"}
PERIODS = {XSD + "date": "D", XSD + "gYearMonth": "M", XSD + "gYear": "Y"}  # a date's precision as a pandas frequency

Cell = tuple[str, str, str | None]  # (kind: uri|bnode|literal, value, datatype)


def run(
    name_or_sparql: str, endpoint: str | None = None, data_dir: Path | str | None = None, **params: Any
) -> pd.DataFrame:
    """Run a catalogue query (by name), a .rq file or SPARQL text; return its SELECT answer as a DataFrame.

    `endpoint`: a SPARQL endpoint URL (SPARQLWrapper over HTTP); without it, the current store of `data_dir`
    (default: `var/`, or $ALLIANCE_KG_DATA). `params` bind variables: `country="https://…/id/japan"` binds
    `?country` (or grlc-style `?_country`, `?_country_iri`, …); strings starting with http(s):// become IRIs,
    other values typed literals (int, float, bool, date, str); pyoxigraph terms are used as they are.
    """
    from alliance_kg.queries.run import query_text
    from alliance_kg.store.sparql_text import substitute

    # Bound in the text, the same way for both: any variable may be bound (pyoxigraph's `substitutions` take only
    # variables of the SELECT clause), and an endpoint over HTTP takes no substitutions.
    text = query_text(name_or_sparql)
    text = substitute(text, variable_bindings(text, params))
    variables, rows = _remote(endpoint, text) if endpoint else _local(data_dir, text)
    return to_dataframe(variables, rows)


def variable_bindings(text: str, params: dict[str, Any]) -> dict[Variable, Any]:
    """Each parameter's variable in `text` (`?name`, or grlc-style `?_name…`, `?__name…`) and its RDF term."""
    from alliance_kg.queries.parameters import term_for

    bindings = {}
    for key, value in params.items():
        match = re.search(rf"\?(_{{0,2}}{re.escape(key)}(?:_[A-Za-z0-9]+)*)\b", text)
        if match is None:
            raise ValueError(f"the query has no variable ?{key} (nor ?_{key}) to bind")
        bindings[Variable(match.group(1))] = term_for(value)
    return bindings


def _local(data_dir: Path | str | None, text: str) -> tuple[list[str], list[list[Cell | None]]]:
    from alliance_kg.queries.run import run_local
    from alliance_kg.store.local import open_current_store
    from pyoxigraph import BlankNode, Literal, QuerySolutions

    from alliance_kg import settings

    store = open_current_store(Path(data_dir) if data_dir else settings.data_dir())
    result = run_local(store, text)
    if not isinstance(result, QuerySolutions):
        raise ValueError("dataframe() answers SELECT queries; use `alliance-kg query` for ASK, CONSTRUCT, DESCRIBE")
    variables = [v.value for v in result.variables]
    rows: list[list[Cell | None]] = []
    for solution in result:
        row: list[Cell | None] = []
        for variable in result.variables:
            term = solution[variable]
            if term is None:
                row.append(None)
            elif isinstance(term, Literal):
                row.append(("literal", term.value, term.datatype.value))
            elif isinstance(term, BlankNode):
                row.append(("bnode", "_:" + term.value, None))
            else:
                row.append(("uri", term.value, None))
        rows.append(row)
    return variables, rows


def _remote(endpoint: str, text: str) -> tuple[list[str], list[list[Cell | None]]]:
    from SPARQLWrapper import JSON, POST, SPARQLWrapper

    client = SPARQLWrapper(endpoint, agent="alliance-kg/0.1 (https://w3id.org/alliance-kg) SPARQLWrapper/2.0.0")
    client.setQuery(text)
    client.setMethod(POST)
    client.setReturnFormat(JSON)
    answer = client.query().convert()
    if not isinstance(answer, dict):
        raise ValueError(f"{endpoint} did not answer in SPARQL JSON results; is it a SPARQL endpoint?")
    if "boolean" in answer:
        raise ValueError("dataframe() answers SELECT queries; use `alliance-kg query` for ASK, CONSTRUCT, DESCRIBE")
    variables: list[str] = answer["head"]["vars"]
    rows = []
    for binding in answer["results"]["bindings"]:
        row: list[Cell | None] = []
        for variable in variables:
            term = binding.get(variable)
            if term is None:
                row.append(None)
            elif term["type"] in ("literal", "typed-literal"):
                lang = "xml:lang" in term
                datatype = term.get("datatype") or (
                    "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString" if lang else XSD + "string"
                )
                row.append(("literal", term["value"], datatype))
            elif term["type"] == "bnode":
                row.append(("bnode", "_:" + term["value"], None))
            else:
                row.append(("uri", term["value"], None))
        rows.append(row)
    return variables, rows


def to_dataframe(variables: list[str], rows: list[list[Cell | None]]) -> pd.DataFrame:
    """Typed columns as described in the module docstring; `attrs["datatypes"]` keeps the datatypes."""
    import pandas as pd

    columns: dict[str, Any] = {}
    datatypes: dict[str, list[str]] = {}
    for index, variable in enumerate(variables):
        cells = [row[index] for row in rows]
        kinds = {cell[2] or cell[0] for cell in cells if cell is not None}
        datatypes[variable] = sorted(kinds)
        values = [None if cell is None else cell[1] for cell in cells]
        columns[variable] = _typed(values, kinds, [None if cell is None else cell[2] for cell in cells])
    frame = pd.DataFrame(columns, columns=variables)
    frame.attrs["datatypes"] = datatypes
    return frame


def _typed(values: list[str | None], kinds: set[str], datatypes: list[str | None]) -> Any:
    import pandas as pd

    strings = pd.Series(values, dtype="string")
    if kinds and kinds <= PERIODS.keys() and len(kinds) > 1:
        return _periods(values, kinds, datatypes, strings)
    if len(kinds) != 1:
        return strings
    (kind,) = kinds
    if kind in INTEGERS:
        return pd.to_numeric(strings).astype("Int64")
    if kind in FLOATS:
        return pd.to_numeric(strings).astype("float64")
    if kind == XSD + "boolean":
        return strings.map({"true": True, "1": True, "false": False, "0": False}).astype("boolean")
    if kind in PERIODS:
        return _periods(values, kinds, datatypes, strings)
    if kind in DATE_TIMES:
        try:
            return pd.to_datetime(strings, format="ISO8601")
        except (ValueError, OverflowError):
            return strings  # out of pandas' range, or a time zone mix: keep the lexical form
    return strings


def _periods(values: list[str | None], kinds: set[str], datatypes: list[str | None], strings: Any) -> Any:
    """Dates as Periods of their precision: a period dtype for one precision, else each value a Period of its own."""
    import pandas as pd

    if any(value and not re.fullmatch(r"\d{4}(-\d\d){0,2}", value) for value in values):
        return strings  # a time zone, a negative or five-digit year: pandas has no Period for them
    try:
        if len(kinds) == 1:
            (kind,) = kinds
            return pd.Series(pd.PeriodIndex(values, freq=PERIODS[kind]))
        return pd.Series(
            [
                pd.NaT if value is None or datatype is None else pd.Period(value, freq=PERIODS[datatype])
                for value, datatype in zip(values, datatypes, strict=True)
            ],
            dtype=object,
        )
    except (ValueError, OverflowError):
        return strings  # a time zone, a negative or five-digit year: keep the lexical forms
