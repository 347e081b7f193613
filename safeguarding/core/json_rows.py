"""Related rows read in the same query as their parent, as one JSON list per parent row.

Used where a handful of small rows (a person's roles, the boards) are needed on every request:
a correlated subquery aggregates them, so the parent's one query brings them too. SQLite and
PostgreSQL spell the aggregate differently; both give "[]" when there are no rows.
"""

from __future__ import annotations

import json

from django.db.models import Expression, Model, TextField


class RowsAsJSON(Expression):
    """The rows of `model` (only `fields`), those whose `link` column equals the outer
    query's primary key when `link` is given, else all of them, as a JSON list of objects."""

    output_field = TextField()

    def __init__(self, model: type[Model], fields: list[str], *, link: str | None = None):
        super().__init__()
        self.model = model
        self.fields = [model._meta.get_field(name) for name in fields]
        self.link = model._meta.get_field(link) if link else None

    def _parts(self, compiler, connection) -> tuple[str, str]:
        quote = connection.ops.quote_name
        table = quote(self.model._meta.db_table)
        pairs = ", ".join(
            f"'{field.attname}', {table}.{quote(field.column)}" for field in self.fields
        )
        where = ""
        if self.link is not None:
            outer = compiler.query.get_initial_alias()
            outer_pk = compiler.query.model._meta.pk.column
            where = f" WHERE {quote(self.link.column)} = {quote(outer)}.{quote(outer_pk)}"
        return pairs, f"FROM {quote(self.model._meta.db_table)}{where}"

    def as_sql(self, compiler, connection):
        pairs, source = self._parts(compiler, connection)
        return f"(SELECT json_group_array(json_object({pairs})) {source})", []

    def as_postgresql(self, compiler, connection):
        pairs, source = self._parts(compiler, connection)
        return f"(SELECT coalesce(json_agg(json_build_object({pairs})), '[]')::text {source})", []

    def instances(self, value: str) -> list[Model]:
        """The rows as model instances, as if loaded by their own query."""
        names = [field.attname for field in self.fields]
        return [
            self.model.from_db(
                "default",
                names,
                [field.to_python(row[field.attname]) for field in self.fields],
            )
            for row in json.loads(value or "[]")
        ]
