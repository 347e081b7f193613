"""E-mail backends for tests: a server that always refuses, a worker killed mid-send, and
connections whose closing is watched or fails."""

from smtplib import SMTPServerDisconnected

from django.core.mail.backends import locmem
from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing after it in the worker runs, not even `except Exception`."""


class AcceptsThenWorkerDiesBackend(locmem.EmailBackend):
    """The mail server accepts the message, then the worker dies before recording it."""

    def send_messages(self, messages):
        super().send_messages(messages)
        raise WorkerKilled


class NotesStatusAtCloseBackend(locmem.EmailBackend):
    """Notes the outbox rows' statuses when the connection closes (SMTP's QUIT)."""

    statuses_at_close: list[str] = []

    def close(self):
        from safeguarding.core.models import OutboundEmail

        NotesStatusAtCloseBackend.statuses_at_close.extend(
            OutboundEmail.objects.values_list("status", flat=True)
        )


class FailingGoodbyeBackend(locmem.EmailBackend):
    def close(self):
        raise SMTPServerDisconnected("QUIT was not answered")
