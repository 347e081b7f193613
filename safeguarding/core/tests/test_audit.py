import csv
import io
from datetime import UTC, datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from safeguarding.actionplans.models import Action, ActionPlan
from safeguarding.core.audit import changed_fields, record_change, record_view, snapshot
from safeguarding.core.boards import NoBoardError
from safeguarding.core.checks import board_ownership_declared
from safeguarding.core.models import AuditEvent
from safeguarding.core.registry import audit_verbs


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
        "person updated",
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
    record_view(business_unit, practitioner, "panel meeting preparation", verb="record viewed")
    record_view(business_unit, practitioner, "download for the panel", verb="file downloaded")
    verbs = list(AuditEvent.objects.order_by("id").values_list("verb", "payload"))
    assert verbs == [
        ("record viewed", {"reason": "panel meeting preparation"}),
        ("file downloaded", {"reason": "download for the panel"}),
    ]


def test_a_board_owned_target_is_filed_under_its_own_board(business_unit, children_board):
    """The board comes from the model's `board_path` (here an action's plan's board)."""
    action = Action(plan=ActionPlan(board=children_board, title="Neglect"), what="Train staff")
    event = record_change(business_unit, "record changed", action)
    assert event.board_id == children_board.pk


def test_a_board_owned_target_without_a_board_is_refused(business_unit, adults_board):
    with pytest.raises(NoBoardError):
        record_change(
            business_unit,
            "record changed",
            Action(plan=ActionPlan(title="No board"), what="Train staff"),
        )
    with pytest.raises(NoBoardError, match="belongs to board"):
        record_change(
            business_unit,
            "record changed",
            ActionPlan(board=business_unit.roles.get().board),
            board=adults_board,
        )
    assert not AuditEvent.objects.exists()


def test_every_model_that_reaches_a_board_declares_how(monkeypatch):
    assert board_ownership_declared(None) == []
    monkeypatch.delattr(Action, "board_path")
    assert [error.id for error in board_ownership_declared(None)] == ["hub.E201"]
    monkeypatch.setattr(Action, "board_path", "plan__created_by", raising=False)
    [error] = board_ownership_declared(None)
    assert error.id == "hub.E202"
    assert "not to a board" in error.msg


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


def test_business_unit_sees_events_newest_first(
    client, business_unit, children_board, time_machine
):
    time_machine.move_to(datetime(2015, 3, 20, 10, 0, tzinfo=UTC), tick=False)
    _event(target_label="Older record", board=children_board)
    time_machine.move_to(datetime(2015, 4, 27, 10, 0, tzinfo=UTC), tick=False)
    _event(target_label="Newer record", board=children_board)
    client.force_login(business_unit)

    response = client.get(AUDIT_URL)

    assert response.status_code == 200
    text = response.text
    assert text.index("Newer record") < text.index("Older record")
    assert "20 March 2015 at 10:00am" in text
    assert "27 April 2015 at 11:00am" in text  # shown in UK time (BST)


def test_business_unit_sees_only_its_boards_events(
    client, business_unit, adults_board, make_person
):
    """An event of no board (the shared directory, sign-ins) is no board's business: only
    administrators see it."""
    _event(target_label="Shared directory record")
    _event(target_label="Children's board record", board=business_unit.roles.get().board)
    _event(target_label="Adults' board record", board=adults_board)
    client.force_login(business_unit)

    text = client.get(AUDIT_URL).text

    assert "Shared directory record" not in text
    assert "Children&#x27;s board record" in text
    assert "Adults&#x27; board record" not in text

    client.force_login(make_person("administrator"))
    text = client.get(AUDIT_URL).text
    assert "Shared directory record" in text
    assert "Adults&#x27; board record" in text


def test_each_person_record_links_to_its_page(client, business_unit, practitioner, make_person):
    record_change(business_unit, "person updated", practitioner)
    _event(target_type="elsewhere.thing", target_id="9", target_label="Unlinked thing")
    client.force_login(make_person("administrator"))

    text = client.get(AUDIT_URL).text

    href = reverse("organisations:person_detail", args=[practitioner.pk])
    assert f'href="{href}">{practitioner.full_name}</a>' in text
    assert ">Unlinked thing</td>" in text


@pytest.fixture
def trail(business_unit, children_board, time_machine):
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
            board=children_board,
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


def test_filter_choices_are_the_declared_verbs_grouped_by_app(client, trail):
    client.force_login(trail)
    _event(verb="changed", board=trail.roles.get().board)  # a row from before the vocabulary
    form = client.get(AUDIT_URL).context["filter_form"]
    groups = dict(form.fields["verb"].choices[1:])
    directory = dict(groups["Boards, areas, agencies and people"])
    assert directory["person deactivated"] == "Person deactivated: A person's account switched off"
    assert "plan created" in dict(groups["Action plans, evidence and challenge"])
    offered = {verb for choices in groups.values() for verb, _ in choices}
    assert offered == set(audit_verbs())
    assert "changed" not in offered  # old rows are shown, not offered
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


def test_the_list_is_paginated(client, business_unit, children_board):
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor_label="Sam Jones",
            verb="person updated",
            target_type="organisations.person",
            target_id=str(number),
            target_label=f"Record {number:03}",
            board=children_board,
        )
        for number in range(60)
    )
    client.force_login(business_unit)  # "signed in" is of no board: not shown to them

    first = client.get(AUDIT_URL, {"sort": "record"})
    second = client.get(AUDIT_URL, {"sort": "record", "page": 2})

    assert first.context["result_count"] == 60
    assert len(first.context["events"]) == 50
    assert len(second.context["events"]) == 10
    assert "Record 000" in first.text
    assert "Record 059" in second.text
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
    client, business_unit, children_board, practitioner, django_assert_max_num_queries
):
    def add(count):
        for _ in range(count):
            record_change(
                business_unit, "person updated", practitioner, {"a": 1}, board=children_board
            )

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
