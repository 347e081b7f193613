"""The API reference page: the OpenAPI schema drawn as a GOV.UK page on the server, so it reads
without JavaScript, passes the same accessibility checks as every page and keeps the hub's
Content-Security-Policy. Programs read the schema itself at /api/schema/."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.shortcuts import render
from django.views.decorators.http import require_safe
from drf_spectacular.generators import SchemaGenerator

METHODS = ("get", "post", "put", "patch", "delete")


@dataclass
class Field:
    name: str
    kind: str
    required: bool
    description: str


@dataclass
class Operation:
    method: str
    path: str
    description: str
    parameters: list[Field] = field(default_factory=list)
    body: list[Field] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        words = f"{self.method} {self.path}".lower().replace("{", "").replace("}", "")
        return "-".join(word for word in words.replace("/", " ").split())


def _kind(schema: dict, components: dict) -> str:
    """A field's type in words: "integer", "string (date)", "one of: good, inadequate"."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        target = components.get(name, {})
        if "enum" in target:
            return "one of: " + ", ".join(str(value) for value in target["enum"] if value)
        return name.removesuffix("Request")
    if "allOf" in schema or "oneOf" in schema:
        parts = schema.get("allOf") or schema.get("oneOf")
        return " or ".join(_kind(part, components) for part in parts)
    if schema.get("type") == "array":
        return f"list of {_kind(schema.get('items', {}), components)}"
    if "enum" in schema:
        return "one of: " + ", ".join(str(value) for value in schema["enum"] if value)
    kind = schema.get("type", "object")
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def _body(schema: dict | None, components: dict) -> list[Field]:
    if not schema:
        return []
    if "$ref" in schema:
        schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
    required = set(schema.get("required", ()))
    return [
        Field(name, _kind(spec, components), name in required, spec.get("description", ""))
        for name, spec in schema.get("properties", {}).items()
        if not spec.get("readOnly")
    ]


@lru_cache(maxsize=1)
def sections() -> list[tuple[str, list[Operation]]]:
    """(resource, its operations) in path order; the schema is made once per process, as it
    changes only with the code."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema.get("components", {}).get("schemas", {})
    grouped: dict[str, list[Operation]] = {}
    for path, methods in schema["paths"].items():
        for method in METHODS:
            operation = methods.get(method)
            if operation is None:
                continue
            content = operation.get("requestBody", {}).get("content", {})
            body = next(iter(content.values()), {}).get("schema") if content else None
            grouped.setdefault((operation.get("tags") or ["other"])[0], []).append(
                Operation(
                    method=method.upper(),
                    path=path,
                    description=operation.get("description", ""),
                    parameters=[
                        Field(
                            p["name"],
                            _kind(p.get("schema", {}), components) + f", in the {p['in']}",
                            bool(p.get("required")),
                            p.get("description", ""),
                        )
                        for p in operation.get("parameters", ())
                    ],
                    body=_body(body, components),
                    answers=sorted(operation.get("responses", {})),
                )
            )
    return sorted(grouped.items())


@require_safe
def api_reference(request):
    return render(request, "core/api_reference.html", {"sections": sections()})
