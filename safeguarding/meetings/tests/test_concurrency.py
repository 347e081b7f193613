import threading

import pytest
from django.db import connection

from safeguarding.core.models import AuditEvent, OutboundEmail
from safeguarding.meetings import services
from safeguarding.meetings.models import AgendaItem


def _at_once(*calls):
    start = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            start.wait()
            call()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_publishing_at_once_send_one_email_each(
    business_unit, make_person, children_board, meeting, item, burnley
):
    import datetime

    other = make_person("business_unit", board=children_board)
    services.schedule_meeting(
        business_unit,
        board=children_board,
        kind="cpb",
        title="Burnley and Pendle CPB",
        area=burnley,
        date=datetime.date(2030, 4, 1),
        start_time=datetime.time(13),
        venue="Burnley",
    )
    for address in ("one@example.org", "two@example.org"):
        services.confirm_subscription(services.subscribe(children_board, address).token)
    newsflash = services.draft_newsflash(business_unit, meeting)
    services.approve_newsflash(business_unit, newsflash)
    today = datetime.date(2030, 3, 21)

    errors = _at_once(
        lambda: services.publish_newsflash(business_unit, newsflash, today=today),
        lambda: services.publish_newsflash(other, newsflash, today=today),
    )

    assert errors == []
    assert OutboundEmail.objects.filter(purpose="meetings.newsflash").count() == 2
    assert AgendaItem.objects.filter(from_newsflash=newsflash).count() == 1
    assert AuditEvent.objects.filter(verb="newsflash published").count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_first_actions_at_once_make_one_plan(business_unit, meeting, item, police):
    import datetime

    from safeguarding.actionplans.models import ActionPlan

    errors = _at_once(
        *[
            lambda what=what: services.add_action_arising(
                business_unit,
                item,
                what=what,
                owner_agency=police,
                due_date=datetime.date(2030, 6, 30),
            )
            for what in ("First", "Second")
        ]
    )
    assert errors == []
    plan = ActionPlan.objects.get()
    assert plan.actions.count() == 2
