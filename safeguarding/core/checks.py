"""System checks: settings that must agree with each other, and what the host must provide."""

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Warning, register
from django.core.exceptions import ImproperlyConfigured

from .documents import FONT_PACKAGE, font_paths


@register()
def email_timeout_inside_sending_timeout(app_configs, **kwargs):
    """A live worker must give up on the mail server long before its message counts as
    abandoned, or the sweep could give the message to a second worker while the first sends."""
    limit = settings.HUB_OUTBOX_SENDING_TIMEOUT.total_seconds() / 2
    timeout = settings.EMAIL_TIMEOUT
    if timeout is None or timeout > limit:
        return [
            Warning(
                f"EMAIL_TIMEOUT ({timeout}) should be at most half of "
                f"HUB_OUTBOX_SENDING_TIMEOUT ({limit * 2:g} s).",
                hint="Lower EMAIL_TIMEOUT or raise HUB_OUTBOX_SENDING_TIMEOUT_SECONDS.",
                id="hub.W001",
            )
        ]
    return []


@register()
def pdf_font_installed(app_configs, **kwargs):
    """Every PDF embeds DejaVu Sans from a Debian package: say so at start-up, not only when
    someone first downloads a report."""
    try:
        font_paths()
    except ImproperlyConfigured as missing:
        return [
            Warning(
                str(missing),
                hint=f"apt-get install {FONT_PACKAGE} (script/setup does this).",
                id="hub.W101",
            )
        ]
    return []


@register()
def board_ownership_declared(app_configs, **kwargs):
    """Every model that reaches a board declares how (`board_path`, core/boards.py), so the
    audit trail files each change under its board and never under none by accident."""
    from .boards import declared_path, path_problem, undeclared_models

    errors = [
        Error(
            f"{model._meta.label} reaches a board through its foreign key {field!r} but "
            "declares no board_path.",
            hint='Add board_path = "board" (or the path through its parents, e.g. '
            '"plan__board"), or board_path = None if the board is not its owner.',
            obj=model,
            id="hub.E201",
        )
        for model, field in undeclared_models()
    ]
    for model in apps.get_models():
        path = declared_path(model)
        if isinstance(path, str) and (problem := path_problem(model, path)):
            errors.append(
                Error(f"{model._meta.label}.board_path: {problem}.", obj=model, id="hub.E202")
            )
    return errors
