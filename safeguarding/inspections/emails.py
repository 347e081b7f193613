"""The e-mails this app sends, one purpose each (the outbox refuses any other and sends each
purpose once per recipient and record)."""

from django.db.models import TextChoices


class Purpose(TextChoices):
    FIELDWORK_NOTICE = "inspections.fieldwork_notice", "Fieldwork notice, to an agency"
