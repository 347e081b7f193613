"""Each app's benchmark scenario: benchmarks/scenarios/<app>.py.

A scenario module exposes

    generate(scale: int) -> dict[str, int] | None
        Adds the app's records to the data set. benchmarks/generate.py calls it inside Django,
        after the organisations data and the sign-ins (generate.SIGN_INS) exist. Use
        bulk_create in batches; the counts returned (rows of each kind) are printed.

    PAGES: list[tuple[str, str | Callable[[], str], str]]
        (label, path, sign-in): the pages benchmarks/load.py loads after its own. The path may
        be a function of no arguments, called inside Django against the generated data set (for
        example to find a big plan's id). The sign-in is a key of generate.SIGN_INS.

Modules are taken in alphabetical order; a module whose name starts with "_" is ignored.
See benchmarks/README.md ("Adding a scenario").
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def modules() -> list[ModuleType]:
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        if info.name.startswith("_"):
            continue
        found.append(importlib.import_module(f"{__name__}.{info.name}"))
    return found


def pages() -> list[tuple[str, object, str]]:
    """Every scenario's (label, path or function, sign-in), in module order."""
    return [tuple(page) for module in modules() for page in getattr(module, "PAGES", [])]


def generate_all(scale: int, say=print) -> dict[str, int]:
    import time

    counts: dict[str, int] = {}
    for module in modules():
        generate = getattr(module, "generate", None)
        if generate is None:
            continue
        started = time.perf_counter()
        made = generate(scale) or {}
        counts.update(made)
        summary = ", ".join(f"{value:,} {key}" for key, value in made.items()) or "done"
        name = module.__name__.rsplit(".", 1)[-1]
        say(f"  scenario {name}: {summary} in {time.perf_counter() - started:.1f}s")
    return counts
