"""What differs between SQLite and PostgreSQL in the SQL the table groups write once.

The table groups write SQLite's spelling (``?`` placeholders, ``:name`` in migrations) with
portable constructs (``ON CONFLICT DO NOTHING``, ``RETURNING``, standard upserts). A
connection's ``dialect`` turns that text into its own (``?`` -> ``%s``, a literal ``%`` ->
``%%``), and spells the few expressions that differ: reading a value out of a JSON text
column, and ``FOR UPDATE SKIP LOCKED`` in a claim's subquery. Times stay ISO-8601 text and
booleans stay integers 0/1 in both, so rows come back the same.
"""

from __future__ import annotations

import functools
import re
from typing import Literal

DialectName = Literal["sqlite", "postgresql"]

Isolation = Literal["serializable", "read committed"]
"""A write transaction's isolation on PostgreSQL (SQLite's single writer is always serial)."""

_INTEGER = r"^-?[0-9]{1,18}$"


class Dialect:
    """SQLite: the table groups' SQL as written."""

    name: DialectName = "sqlite"

    skip_locked = ""
    """Appended to a claim's ``SELECT ... LIMIT ?`` subquery: rivals skip rows being claimed."""

    def sql(self, text: str, *, named: bool = False) -> str:
        """The statement in this dialect's placeholder style."""
        return text

    def json_text(self, column: str, *path: str) -> str:
        """The scalar at ``path`` in a JSON text column, for comparing with text."""
        return f"json_extract({column}, '$.{'.'.join(path)}')"

    def json_integer(self, column: str, *path: str) -> str:
        """The integer at ``path``; NULL for anything else (text, a fraction, true)."""
        return (
            f"(CASE WHEN json_type({column}, '$.{'.'.join(path)}') = 'integer' "
            f"THEN {self.json_text(column, *path)} END)"
        )

    def json_true(self, column: str, *path: str) -> str:
        """A condition: the value at ``path`` is JSON true (or 1)."""
        return f"{self.json_text(column, *path)} = 1"


class PostgresDialect(Dialect):
    """PostgreSQL: psycopg's ``%s`` placeholders; JSON read with ``#>`` on ``::json``.

    ``::json`` rather than ``::jsonb``: it only checks the syntax, keeps any text SQLite
    accepted (``\\u0000`` included) and is cheaper for one lookup per row.
    """

    name: DialectName = "postgresql"
    skip_locked = " FOR UPDATE SKIP LOCKED"

    def sql(self, text: str, *, named: bool = False) -> str:
        return _to_psycopg(text, named)

    def json_text(self, column: str, *path: str) -> str:
        return f"({column}::json #>> '{{{','.join(path)}}}')"

    def json_integer(self, column: str, *path: str) -> str:
        value = self.json_text(column, *path)
        return (
            f"(CASE WHEN json_typeof({column}::json #> '{{{','.join(path)}}}') = 'number' "
            f"AND {value} ~ '{_INTEGER}' THEN {value}::bigint END)"
        )

    def json_true(self, column: str, *path: str) -> str:
        return f"{self.json_text(column, *path)} IN ('true', '1')"


SQLITE = Dialect()
POSTGRESQL = PostgresDialect()

_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|::|\?|%|:[A-Za-z_]\w*|[^'\"?%:]+|.")


@functools.lru_cache(maxsize=2048)
def _to_psycopg(text: str, named: bool) -> str:
    """``?`` -> ``%s`` (``:name`` -> ``%(name)s`` if ``named``), every ``%`` doubled;
    quoted literals and identifiers keep their question marks and colons."""
    out: list[str] = []
    for token in _TOKENS.findall(text):
        if token == "?":
            out.append("%s")
        elif named and token.startswith(":") and token != "::" and len(token) > 1:
            out.append(f"%({token[1:]})s")
        else:
            out.append(token.replace("%", "%%"))
    return "".join(out)


__all__ = ["POSTGRESQL", "SQLITE", "Dialect", "DialectName", "Isolation", "PostgresDialect"]
