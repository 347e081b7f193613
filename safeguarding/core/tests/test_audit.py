import csv
import io
from datetime import UTC, datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from safeguarding.core.audit import changed_fields, record_change, record_view, snapshot
from safeguarding.core.models import AuditEvent


def _event(**fields):
    defaults = {
        "actor_label": "Sam Jones",
        "verb": "person updated",
        "target_type": "organisations.person",
        "target_id": "1",
        "target_label": "Alex Smith",
    }
    return AuditEvent.objects.create(**{**defaults, **fields})


# --- Writing the trail ------------------------------------------------------------------


def test_record_change_writes_who_what_which_when_and_details(
    business_unit, practitioner, time_machine
):
    time_machine.move_to(datetime(2015, 3, 20, 14, 30, tzinfo=UTC), tick=False)

    event = record_change(
        business_unit, "person updated", practitioner, {"job_title": ["Nurse", "Sister"]}
    )

    event = AuditEvent.objects.get(pk=event.pk)
    assert event.actor == business_unit
    assert event.actor_label == business_unit.full_name
    assert event.verb == "person updated"
    assert event.target_type == "organisations.person"
    assert event.target_id == str(practitioner.pk)
    assert event.target_label == str(practitioner)
    assert event.occurred_at == datetime(2015, 3, 20, 14, 30, tzinfo=UTC)
    assert event.occurred_at.utcoffset().total_seconds() == 0
    assert event.payload == {"job_title": ["Nurse", "Sister"]}


def test_record_change_by_the_system_has_no_actor(practitioner):
    event = record_change(None, "person anonymised", practitioner)
    assert event.actor is None
    assert event.actor_label == "System"
    assert event.payload == {}


@transaction.atomic
def _service_that_fails_after_writing(actor, person):
    person.job_title = "Team manager"
    person.save()
    record_change(actor, "person updated", person)
    raise RuntimeError("the service failed after writing")


def test_the_audit_row_rolls_back_with_the_change(business_unit, practitioner):
    with pytest.raises(RuntimeError):
        _service_that_fails_after_writing(business_unit, practitioner)

    assert not AuditEvent.objects.exists()
    practitioner.refresh_from_db()
    assert practitioner.job_title == "Social worker"


def test_sensitive_keys_are_masked_at_any_depth(business_unit, practitioner):
    event = record_change(
        business_unit,
        "password changed",
        practitioner,
        {
            "password": "correct-horse",
            "new_Password2": "x",
            "api_token": "abc",
            "mfa": {"totp_secret": "JBSWY3DP", "recovery_codes": ["1"], "kind": "totp"},
            "job_title": "Nurse",
        },
    )
    assert event.payload == {
        "password": "***",
        "new_Password2": "***",
        "api_token": "***",
        "mfa": {"totp_secret": "***", "recovery_codes": "***", "kind": "totp"},
        "job_title": "Nurse",
    }


def test_record_view_logs_a_restricted_read_with_its_reason(business_unit, practitioner):
    record_view(business_unit, practitioner, "panel meeting preparation")
    record_view(business_unit, practitioner, "download for the panel", verb="exported")
    verbs = list(AuditEvent.objects.order_by("id").values_list("verb", "payload"))
    assert verbs == [
        ("viewed", {"reason": "panel meeting preparation"}),
        ("exported", {"reason": "download for the panel"}),
    ]


def test_changed_fields_lists_only_what_changed(practitioner):
    before = snapshot(practitioner, ["full_name", "job_title", "agency"])
    practitioner.job_title = "Team manager"
    assert changed_fields(practitioner, before, ["full_name", "job_title", "agency"]) == {
        "job_title": ["Social worker", "Team manager"]
    }


def test_the_model_refuses_to_change_or_remove_a_row(db):
    event = _event()
    event.verb = "rewritten"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(verb="rewritten")
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(verb="rewritten")
    assert AuditEvent.objects.get().verb == "person updated"


@pytest.mark.postgres
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE core_auditevent SET verb = 'rewritten'",
        "DELETE FROM core_auditevent",
    ],
)
def test_postgresql_refuses_raw_update_and_delete(db, statement):
    _event()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert AuditEvent.objects.get().verb == "person updated"


@pytest.mark.postgres
def test_postgresql_still_allows_truncate_for_emptying_test_databases(db):
    _event()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE core_auditevent")
    assert not AuditEvent.objects.exists()


# --- Browsing the trail -----------------------------------------------------------------

AUDIT_URL = "/audit/"


def test_the_audit_url_is_named():
    assert reverse("core:audit_list") == AUDIT_URL


def test_signed_out_people_are_sent_to_sign_in(client, db):
    response = client.get(AUDIT_URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["practitioner", "inspection_reviewer"])
def test_other_roles_are_refused(client, make_person, role):
    client.force_login(make_person(role))
    assert client.get(AUDIT_URL).status_code == 403


def test_board_members_are_refused(client, make_person, children_board):
    client.force_login(make_person("board_member", board=children_board))
    assert client.get(AUDIT_URL).status_code == 403


def test_administrators_may_browse(client, make_person):
    client.force_login(make_person("administrator"))
    assert client.get(AUDIT_URL).status_code == 200


def test_business_unit_sees_events_newest_first(client, business_unit, time_machine):
    time_machine.move_to(datetime(2015, 3, 20, 10, 0, tzinfo=UTC), tick=False)
    _event(target_label="Older record")
    time_machine.move_to(datetime(2015, 4, 27, 10, 0, tzinfo=UTC), tick=False)
    _event(target_label="Newer record")
    client.force_login(business_unit)

    response = client.get(AUDIT_URL)

    assert response.status_code == 200
    text = response.text
    assert text.index("Newer record") < text.index("Older record")
    assert "20 March 2015 at 10:00am" in text
    assert "27 April 2015 at 11:00am" in text  # shown in UK time (BST)


def test_business_unit_sees_only_its_boards_events(client, business_unit, adults_board):
    _event(target_label="Shared directory record")
    _event(target_label="Children's board record", board=business_unit.roles.get().board)
    _event(target_label="Adults' board record", board=adults_board)
    client.force_login(business_unit)

    text = client.get(AUDIT_URL).text

    assert "Shared directory record" in text
    assert "Children&#x27;s board record" in text
    assert "Adults&#x27; board record" not in text


def test_each_person_record_links_to_its_page(client, business_unit, practitioner):
    record_change(business_unit, "person updated", practitioner)
    _event(target_type="elsewhere.thing", target_id="9", target_label="Unlinked thing")
    client.force_login(business_unit)

    text = client.get(AUDIT_URL).text

    href = reverse("organisations:person_detail", args=[practitioner.pk])
    assert f'href="{href}">{practitioner.full_name}</a>' in text
    assert ">Unlinked thing</td>" in text


@pytest.fixture
def trail(business_unit, time_machine):
    """A small trail to filter: different people, records, verbs and days."""
    for day, actor, verb, target_type, target_id, label in [
        (1, "Sam Jones", "person updated", "organisations.person", "1", "Alex Smith"),
        (5, "Sam Jones", "agency created", "organisations.agency", "7", "Preston Police"),
        (10, "Kim Lee", "person deactivated", "organisations.person", "2", "Jo Brown"),
        (20, "Kim Lee", "person updated", "organisations.person", "2", "Jo Brown"),
    ]:
        time_machine.move_to(datetime(2015, 3, day, 12, 0, tzinfo=UTC), tick=False)
        _event(
            actor_label=actor,
            verb=verb,
            target_type=target_type,
            target_id=target_id,
            target_label=label,
            payload={"day": day},
        )
    time_machine.move_to(datetime(2015, 4, 1, 12, 0, tzinfo=UTC), tick=False)
    return business_unit


def _days(client, **query):
    response = client.get(AUDIT_URL, query)
    assert response.status_code == 200
    # Signing in writes its own event ("signed in"), which has no day.
    return sorted(event.payload["day"] for event, _ in response.context["events"] if event.payload)


@pytest.mark.parametrize(
    ("query", "days"),
    [
        ({}, [1, 5, 10, 20]),
        ({"actor": "kim"}, [10, 20]),
        ({"record_type": "organisations.agency"}, [5]),
        ({"record_type": "organisations.person", "record_id": "2"}, [10, 20]),
        ({"record": "smith"}, [1]),
        ({"verb": "person updated"}, [1, 20]),
        ({"date_from": "05/03/2015"}, [5, 10, 20]),
        ({"date_to": "10/03/2015"}, [1, 5, 10]),
        ({"date_from": "5 March 2015", "date_to": "2015-03-10"}, [5, 10]),
        ({"actor": "sam", "verb": "person updated"}, [1]),
    ],
)
def test_filters(client, trail, query, days):
    client.force_login(trail)
    assert _days(client, **query) == days


def test_filter_choices_come_from_the_trail(client, trail):
    client.force_login(trail)
    form = client.get(AUDIT_URL).context["filter_form"]
    assert [value for value, _ in form.fields["verb"].choices][1:] == [
        "agency created",
        "person deactivated",
        "person updated",
        "signed in",
    ]
    assert ("organisations.agency", "Agency") in form.fields["record_type"].choices


def test_a_date_that_is_not_real_gets_a_clear_error(client, trail):
    client.force_login(trail)
    response = client.get(AUDIT_URL, {"date_from": "31/02/2015", "actor": "kim"})
    assert response.status_code == 200
    assert "Enter the &#x27;from&#x27; date as a real date, like 20/03/2015" in response.text
    assert "govuk-error-summary" in response.text
    # The other filters still apply.
    assert sorted(event.payload["day"] for event, _ in response.context["events"]) == [10, 20]


def test_a_to_date_before_the_from_date_gets_a_clear_error(client, trail):
    client.force_login(trail)
    response = client.get(AUDIT_URL, {"date_from": "10/03/2015", "date_to": "01/03/2015"})
    assert "The &#x27;to&#x27; date must be the same as or after the &#x27;from&#x27; date" in (
        response.text
    )


def test_the_list_is_paginated(client, business_unit):
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor_label="Sam Jones",
            verb="person updated",
            target_type="organisations.person",
            target_id=str(number),
            target_label=f"Record {number:03}",
        )
        for number in range(59)
    )
    client.force_login(business_unit)  # the 60th event: "signed in"

    first = client.get(AUDIT_URL, {"sort": "record"})
    second = client.get(AUDIT_URL, {"sort": "record", "page": 2})

    assert first.context["result_count"] == 60
    assert len(first.context["events"]) == 50
    assert len(second.context["events"]) == 10
    assert "Record 000" in first.text
    assert "Record 058" in second.text
    assert 'aria-label="Page 2"' in first.text


def test_csv_export_holds_the_filtered_trail(client, trail):
    client.force_login(trail)
    response = client.get(AUDIT_URL, {"actor": "kim", "download": "csv"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:4] == ["When (UK time)", "Who", "Who (person number)", "What"]
    assert [row[3] for row in rows[1:]] == ["person updated", "person deactivated"]
    assert rows[1][0] == "2015-03-20 12:00:00"
    assert rows[1][4:7] == ["organisations.person", "2", "Jo Brown"]
    assert rows[1][8] == '{"day": 20}'


def test_the_query_count_does_not_grow_with_the_trail(
    client, business_unit, practitioner, django_assert_max_num_queries
):
    def add(count):
        for _ in range(count):
            record_change(business_unit, "person updated", practitioner, {"a": 1})

    client.force_login(business_unit)
    add(3)
    client.get(AUDIT_URL)  # warm up the session
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(AUDIT_URL, {"verb": "person updated"})
    add(40)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(AUDIT_URL, {"verb": "person updated"})
    assert response.context["result_count"] == 43


def test_xlsx_export_of_the_trail(client, trail):
    from openpyxl import load_workbook

    client.force_login(trail)
    response = client.get(AUDIT_URL, {"record": "jo brown", "download": "xlsx"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "When (UK time)"
    assert [row[3] for row in rows[1:]] == ["person updated", "person deactivated"]
    assert rows[1][0].isoformat() == "2015-03-20T12:00:00"  # a date-time cell, not text
