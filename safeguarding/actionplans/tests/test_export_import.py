"""A plan's actions downloaded as CSV or XLSX import into another plan as the same actions:
the download carries the import's columns under its headings (issue 11)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safeguarding.actionplans import imports, services
from safeguarding.actionplans.imports import import_actions
from safeguarding.actionplans.lists import ACTIONS


def _actions(plan):
    return [
        (
            action.what,
            action.outcome,
            action.owner_agency_id,
            action.owner_person_id,
            sorted(area.name for area in action.localities.all()),
            action.due_date,
            action.measure_of_success,
        )
        for action in plan.actions.order_by("due_date", "pk")
    ]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_plans_download_imports_into_another_plan_as_the_same_actions(
    client, business_unit, children_board, plan, make_action, owner, burnley, preston, fmt
):
    make_action(
        what="Train front-line officers on CSE indicators, including “county lines”",
        outcome="Officers recognise and report exploitation",
        owner_person=owner,
        localities=[burnley, preston],
        due_date=datetime.date(2026, 6, 30),
        measure_of_success="=90% of officers trained",  # text that looks like a formula
    )
    make_action(what="Audit referrals", due_date=datetime.date(2026, 9, 1))
    copy = services.create_plan(
        business_unit,
        board=children_board,
        title="Next year's plan",
        origin_kind="themed",
        purpose="Carry the actions on",
        shared_with=[],
    )
    client.force_login(business_unit)

    response = client.get(reverse("actionplans:plan_export", args=[plan.pk, fmt]))
    upload = SimpleUploadedFile(f"actions.{fmt}", b"".join(response.streaming_content))
    report = import_actions(business_unit, copy, upload)

    assert report.ok, report.errors
    assert report.added == 2
    assert _actions(copy) == _actions(plan)


def test_the_actions_download_is_the_imports_columns_then_what_the_hub_keeps():
    assert ACTIONS.download_headings == imports.DOWNLOAD_COLUMNS + imports.EXPORT_ONLY
