"""What each app adds to the hub's shared pieces: the header's navigation (signed in and public),
the demo data, the purposes of the e-mails it sends and the verbs it writes to the audit trail.

Apps call these from their `AppConfig.ready()`, so core never names an app: the header
(`core.context_processors`) and `manage.py load_demo_county` read what was registered. Home-page
tasks register the same way with `core.home.task_provider`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import TextChoices
from django.utils.module_loading import import_string


class RegistryError(Exception):
    """An app registered something the hub cannot use (a loader waiting for one not there)."""


@dataclass(frozen=True)
class NavigationItem:
    label: str
    url_name: str
    permission: str | None  # shown only to people who have it; None for everyone signed in
    order: int


# Keyed by URL name, so registering an entry again replaces it instead of showing it twice.
_NAVIGATION: dict[str, NavigationItem] = {}
_PUBLIC_NAVIGATION: dict[str, NavigationItem] = {}


def register_navigation(label: str, url_name: str, permission: str | None, *, order: int) -> None:
    """A link in the signed-in header, for people with `permission`; lower `order` comes first."""
    _NAVIGATION[url_name] = NavigationItem(label, url_name, permission, order)


def register_public_navigation(label: str, url_name: str, *, order: int) -> None:
    """A link in the header of pages anyone may see."""
    _PUBLIC_NAVIGATION[url_name] = NavigationItem(label, url_name, None, order)


def navigation() -> list[NavigationItem]:
    return sorted(_NAVIGATION.values(), key=lambda item: item.order)


def public_navigation() -> list[NavigationItem]:
    return sorted(_PUBLIC_NAVIGATION.values(), key=lambda item: item.order)


@dataclass(frozen=True)
class DemoLoader:
    name: str
    load: str | Callable[[], object]  # a dotted path is imported only when the demo runs
    after: tuple[str, ...]


# In registration order (INSTALLED_APPS order), which breaks ties between independent loaders.
_DEMO_LOADERS: dict[str, DemoLoader] = {}
_DEMO_SUMMARIES: list[str | Callable[[], str]] = []


def register_demo_loader(
    loader: str | Callable[[], object],
    *,
    after: str | Iterable[str] = (),
    name: str | None = None,
) -> None:
    """Add an app's demo data. `loader` is a dotted path or a function; it must be idempotent (a
    second run changes nothing). `after` names the loaders (by dotted path) whose data it builds
    on; they run first."""
    if name is None:
        name = loader if isinstance(loader, str) else f"{loader.__module__}.{loader.__qualname__}"
    after = (after,) if isinstance(after, str) else tuple(after)
    _DEMO_LOADERS[name] = DemoLoader(name, loader, after)


def register_demo_summary(describe: str | Callable[[], str]) -> None:
    """A phrase for the demo command's closing line, e.g. "60 agencies, 310 people": a
    function or its dotted path."""
    if describe not in _DEMO_SUMMARIES:
        _DEMO_SUMMARIES.append(describe)


def demo_loader_paths() -> list[str]:
    """Every loader's name in the order they run: each after the loaders it names, otherwise
    in registration order."""
    ordered: list[str] = []
    waiting = list(_DEMO_LOADERS.values())
    for loader in waiting:
        for needed in loader.after:
            if needed not in _DEMO_LOADERS:
                raise RegistryError(
                    f"Demo loader {loader.name} runs after {needed}, which no app registered."
                )
    while waiting:
        ready = next((x for x in waiting if all(n in ordered for n in x.after)), None)
        if ready is None:
            names = ", ".join(loader.name for loader in waiting)
            raise RegistryError(f"These demo loaders wait for each other: {names}.")
        ordered.append(ready.name)
        waiting.remove(ready)
    return ordered


def run_demo_loaders() -> int:
    """Runs every loader; returns how many records they say they added (None counts as 0)."""
    added = 0
    for name in demo_loader_paths():
        load = _DEMO_LOADERS[name].load
        added += (import_string(load) if isinstance(load, str) else load)() or 0
    return added


def demo_summary() -> str:
    return ", ".join(
        (import_string(describe) if isinstance(describe, str) else describe)()
        for describe in _DEMO_SUMMARIES
    )


# E-mail purposes: "<app>.<snake_case_purpose>", each declared once by the app that sends it.
# The outbox refuses any other, so a typo can never slip past its once-per-purpose key.
PURPOSE_STYLE = re.compile(r"[a-z][a-z0-9]*\.[a-z][a-z0-9_]*\Z")
_EMAIL_PURPOSES: dict[str, str] = {}


def register_email_purposes(app_label: str, purposes: type[TextChoices]) -> None:
    """Declare the e-mails an app sends: a TextChoices whose values are "<app_label>.<name>"
    and whose labels say what each message is. Apps call this from their AppConfig.ready()."""
    for value, label in purposes.choices:
        if not PURPOSE_STYLE.match(value) or value.split(".")[0] != app_label:
            raise RegistryError(
                f"E-mail purpose {value!r} is not of the form '{app_label}.snake_case_name'."
            )
        _EMAIL_PURPOSES[value] = label


def email_purposes() -> dict[str, str]:
    """Every declared purpose and what its message is."""
    return dict(_EMAIL_PURPOSES)


def is_email_purpose(purpose: str) -> bool:
    return purpose in _EMAIL_PURPOSES


# Audit verbs: "<thing> <past participle>" in lower case ("plan created"), each declared once by
# the app that records it. The audit trail refuses any other, so a typo fails the first test
# that writes it, and the audit page offers this vocabulary instead of scanning the table.
VERB_STYLE = re.compile(r"[a-z][a-z'-]*( [a-z][a-z'-]*)+\Z")
_AUDIT_VERBS: dict[str, dict[str, str]] = {}  # app label -> {verb: description}


def register_audit_verbs(app_label: str, verbs: dict[str, str]) -> None:
    """Declare the verbs an app records: a dict of "<thing> <past participle>" to a short
    plain-English description. Apps call this from their AppConfig.ready()."""
    for verb, description in verbs.items():
        if not VERB_STYLE.match(verb):
            raise RegistryError(
                f"Audit verb {verb!r} is not of the form '<thing> <past participle>' in lower "
                "case, like 'plan created'."
            )
        owner = next((app for app, declared in _AUDIT_VERBS.items() if verb in declared), None)
        if owner not in (None, app_label):
            # One meaning per verb: the page's filter would mix two apps' events otherwise.
            raise RegistryError(f"Audit verb {verb!r} is already declared by {owner}.")
        if not description:
            raise RegistryError(f"Audit verb {verb!r} needs a description.")
    _AUDIT_VERBS.setdefault(app_label, {}).update(verbs)


def audit_verbs() -> dict[str, str]:
    """Every declared verb and what it means."""
    return {verb: text for declared in _AUDIT_VERBS.values() for verb, text in declared.items()}


def audit_verbs_by_app() -> dict[str, dict[str, str]]:
    """The declared verbs grouped by the app that records them."""
    return {app: dict(declared) for app, declared in _AUDIT_VERBS.items()}


def is_audit_verb(verb: str) -> bool:
    return any(verb in declared for declared in _AUDIT_VERBS.values())
