"""Cached page fragments that are never stale after a write (docs/adr/0005).

A busy public page (the training catalogue, a session's page) spends most of its time rendering
the same rows for everybody. Such a fragment is rendered once and kept in the `fragments` cache
(each server process's memory) under a key that holds the *version* of the data it shows:

- the data's version is a row in ContentVersion, read with one small query per request, so
  every process sees a change at once; a write bumps it inside its transaction on SQLite,
  right after the commit on PostgreSQL (see `changed`);
- each process also keeps a local counter, bumped the moment a model is saved, so the
  process's own writes show at once, even before the commit (tests run inside a transaction);
- nothing is ever deleted from the cache: a bumped version makes new keys, and the old entries
  age out (FRAGMENT_TIMEOUT, a few minutes, also bounds anything the versions do not cover,
  such as the clock moving past a session's start).

Apps declare which models feed which version with `track(name, *models)` in their AppConfig's
ready(); post_save and post_delete bump it. Writes that bypass signals (queryset.update(),
bulk_create) must call `changed(name)` themselves.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache import caches
from django.db import IntegrityError, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.safestring import SafeString, mark_safe

from .models import ContentVersion

logger = logging.getLogger(__name__)

CACHE_ALIAS = "fragments"
_local_generation = itertools.count(1)
_local: dict[str, int] = {}
_MISSING = object()


def _bump_local(name: str) -> None:
    # Again at the commit: a reader in another thread of this process that read the old rows
    # before the commit must not keep them under the new local key.
    _local[name] = next(_local_generation)


def _bump_row(name: str) -> None:
    with transaction.atomic():
        updated = ContentVersion.objects.filter(name=name).update(version=models.F("version") + 1)
        if not updated:
            ContentVersion.objects.create(name=name, version=1)


def _bump_stored(name: str) -> None:
    _bump_local(name)
    try:
        _bump_row(name)
    except IntegrityError:  # another process created the row first: bump that one
        ContentVersion.objects.filter(name=name).update(version=models.F("version") + 1)
    except Exception:  # never fail the write that already committed; the timeout bounds it
        logger.exception("Could not bump the %s content version", name)


def changed(name: str) -> None:
    """The data behind `name`'s fragments changed: stale at once in this process, everywhere
    once the current transaction commits (one bump per name and transaction, however many
    rows it saved)."""
    _local[name] = next(_local_generation)
    connection = transaction.get_connection()
    # Django keeps the transaction's pending callbacks in run_on_commit (and drops those of a
    # rolled-back savepoint), so looking there never skips a bump that is still needed.
    if connection.in_atomic_block and any(
        getattr(callback, "fragment_name", None) == name
        for _, callback, _ in connection.run_on_commit
    ):
        return
    if connection.in_atomic_block and connection.vendor == "sqlite":
        # SQLite's one write lock is already held for the whole transaction, so the version
        # is bumped inside it and commits with the data. After the commit it would take the
        # lock a second time, and could find it busy and leave the version unbumped. (On
        # PostgreSQL a bump inside would hold the version's row lock until the commit and
        # queue every other writer of `name` behind this transaction.)
        _bump_row(name)
        bump = functools.partial(_bump_local, name)
    else:
        bump = functools.partial(_bump_stored, name)
    bump.fragment_name = name
    transaction.on_commit(bump)


def track(name: str, *model_classes, ignore_fields: frozenset[str] = frozenset()) -> None:
    """Saving or deleting any of these models, or changing their many-to-many links, changes
    `name`'s fragments. A save of `ignore_fields` alone (a person's last sign-in) does not."""

    def receiver(**kwargs):
        if kwargs.get("raw"):  # loading fixtures is not a change anyone is looking at
            return
        fields = kwargs.get("update_fields")
        if fields and ignore_fields and set(fields) <= ignore_fields:
            return
        if kwargs.get("action", "post_").startswith("post_"):
            changed(name)

    for model in model_classes:
        uid = f"fragments:{name}:{model._meta.label}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ":save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=uid + ":delete")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                receiver,
                sender=field.remote_field.through,
                weak=False,
                dispatch_uid=f"{uid}:{field.name}",
            )


def track_people(name: str) -> None:
    """`name`'s fragments show people's and agencies' names: a change to either renders them
    afresh, but a sign-in (which saves only the person's last_login) does not."""
    from safeguarding.organisations.models import Agency, Person

    track(name, Person, Agency, ignore_fields=frozenset({"last_login", "password"}))


def local_version(name: str) -> int:
    """This process's counter for `name`, with no query: for a value that may lag other
    processes' changes for its cache timeout (a navigation link), never for shown data."""
    return _local.get(name, 0)


def version_key(names: str | tuple[str, ...]) -> str:
    """The version of the data behind one name, or behind several (one query either way)."""
    if isinstance(names, str):
        stored = ContentVersion.objects.filter(name=names).values_list("version", flat=True).first()
        return f"{stored or 0}.{_local.get(names, 0)}"
    stored = dict(ContentVersion.objects.filter(name__in=names).values_list("name", "version"))
    return "-".join(f"{stored.get(name, 0)}.{_local.get(name, 0)}" for name in names)


def cached(names: str | tuple[str, ...], vary_on: tuple, compute: Callable[[], Any]) -> Any:
    """`compute()`'s value (anything that pickles: HTML, a model instance with what it
    loaded), reused while the data of `names` (one name or several) and `vary_on` are the
    same. `vary_on` must name everything else the value depends on (the query string, the
    date, who is looking if that changes anything). An exception from `compute()` (a 404) is
    raised, not cached."""
    digest = hashlib.blake2b(repr(vary_on).encode(), digest_size=16).hexdigest()
    label = names if isinstance(names, str) else "+".join(names)
    key = f"{label}:{version_key(names)}:{digest}"
    cache = caches[CACHE_ALIAS]
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value)
    return value


def cached_fragment(name: str, vary_on: tuple, render: Callable[[], str]) -> SafeString:
    """HTML from `render()`, kept as `cached` keeps values."""
    html = cached(name, vary_on, lambda: str(render()))
    return mark_safe(html)  # noqa: S308 - rendered by our own templates, escaped there


# A cached fragment may hold forms (a manager's buttons): it is rendered with this in place of
# the CSRF token, which `with_csrf_token` puts back per request, so no one's token is cached.
CSRF_PLACEHOLDER = "hub-fragment-csrf-token-placeholder"


def with_csrf_token(html: str, request) -> SafeString:
    """`html` (rendered with `csrf_token=CSRF_PLACEHOLDER`) with this request's token."""
    if CSRF_PLACEHOLDER not in html:
        return mark_safe(html)  # noqa: S308 - rendered by our own templates, escaped there
    from django.middleware.csrf import get_token

    return mark_safe(html.replace(CSRF_PLACEHOLDER, get_token(request)))  # noqa: S308
