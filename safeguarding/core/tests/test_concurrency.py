"""The one mechanism for concurrent edits and repeated submissions (core.concurrency), on a
shared record of one app; each app's tests/test_races.py applies it to its own forms."""

import sqlite3
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.parsers import JSONParser
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from safeguarding.core.audit import record_change
from safeguarding.core.concurrency import (
    EditConflict,
    forget_old_submissions,
    lock_for_edit,
    save_edit,
    submit_once,
    version_from_request,
)
from safeguarding.core.models import Submission
from safeguarding.core.testing.processes import race_in_processes
from safeguarding.organisations.models import Agency
from safeguarding.organisations.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db


def test_a_save_from_an_older_copy_is_refused_and_names_the_change(business_unit):
    agency = AgencyFactory(name="Agency A")
    mine, theirs = Agency.objects.get(pk=agency.pk), Agency.objects.get(pk=agency.pk)
    theirs.sector = "health"
    save_edit(theirs)
    record_change(business_unit, "agency updated", theirs, {"changed": {"sector": ["x", "health"]}})

    mine.sector = "police"
    with pytest.raises(EditConflict) as refused:
        save_edit(mine)
    assert refused.value.current.sector == "health"
    assert str(business_unit) in refused.value.messages[0]
    assert "sector to 'health'" in refused.value.messages[0]
    assert Agency.objects.get(pk=agency.pk).version == 2


def test_lock_for_edit_checks_the_loaded_version():
    agency = AgencyFactory()
    assert lock_for_edit(Agency.objects.all(), agency.pk, 1).pk == agency.pk
    assert lock_for_edit(Agency.objects.all(), agency.pk, None).pk == agency.pk
    with pytest.raises(EditConflict, match="someone else"):
        lock_for_edit(Agency.objects.all(), agency.pk, 7)


def _api_request(body, **headers):
    return Request(
        APIRequestFactory().patch("/", body, format="json", **headers), parsers=[JSONParser()]
    )


@pytest.mark.parametrize(
    ("body", "header", "expected"),
    [({"version": 3}, "", 3), ({}, '"4"', 4), ({}, 'W/"5"', 5), ({}, "", None)],
)
def test_the_api_version_comes_from_the_body_or_if_match(body, header, expected):
    assert version_from_request(_api_request(body, HTTP_IF_MATCH=header)) == expected


def test_a_version_that_is_not_a_number_names_the_field():
    request = _api_request({"version": "x"})
    with pytest.raises(ValidationError) as refused:
        version_from_request(request)
    assert list(refused.value.message_dict) == ["version"]


def test_submit_once_creates_once_and_answers_the_first_url(business_unit):
    token = uuid.uuid4()
    made = []

    def create():
        made.append(AgencyFactory())
        return made[-1]

    first = submit_once(business_unit, token, create, lambda agency: f"/a/{agency.pk}/")
    again = submit_once(business_unit, token, create, lambda agency: f"/a/{agency.pk}/")
    assert len(made) == 1
    assert first == (made[0], f"/a/{made[0].pk}/")
    assert again == (None, f"/a/{made[0].pk}/")


def test_a_refused_create_leaves_its_token_free(business_unit):
    token = uuid.uuid4()

    def refuse():
        raise ValidationError({"name": "Enter the agency's name"})

    with pytest.raises(ValidationError):
        submit_once(business_unit, token, refuse, str)
    assert not Submission.objects.exists()
    agency, _ = submit_once(business_unit, token, AgencyFactory, lambda a: "/a/")
    assert agency is not None


def test_tokens_are_per_person(business_unit, practitioner):
    token = uuid.uuid4()
    submit_once(business_unit, token, AgencyFactory, lambda a: "/mine/")
    theirs, url = submit_once(practitioner, token, AgencyFactory, lambda a: "/theirs/")
    assert theirs is not None
    assert url == "/theirs/"


def test_used_tokens_are_forgotten_after_a_week(business_unit):
    submit_once(business_unit, uuid.uuid4(), AgencyFactory, lambda a: "/a/")
    assert forget_old_submissions() == 0
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert forget_old_submissions() == 1


def add_agency_once(person_pk, token, name):
    """Run in a process of its own by the SQLite race test below."""
    from safeguarding.organisations.models import Person

    person = Person.objects.get(pk=person_pk)
    submit_once(person, token, lambda: AgencyFactory(name=name), lambda a: f"/a/{a.pk}/")


@pytest.mark.django_db(transaction=True)
def test_one_form_sent_twice_at_once_creates_once_on_sqlite(business_unit, tmp_path):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("on PostgreSQL each app's test_races sends one form twice from threads")
    token = str(uuid.uuid4())
    job = "safeguarding.core.tests.test_concurrency:add_agency_once"
    outcomes, database = race_in_processes(
        tmp_path, [(job, [business_unit.pk, token, "Twice Ltd"]) for _ in range(3)]
    )
    assert outcomes == ["ok", "ok", "ok"]
    with sqlite3.connect(database) as copy:
        (count,) = copy.execute(
            "SELECT COUNT(*) FROM organisations_agency WHERE name = 'Twice Ltd'"
        ).fetchone()
    assert count == 1
