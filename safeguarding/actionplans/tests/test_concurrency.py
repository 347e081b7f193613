import threading

import pytest
from django.db import connection

from safeguarding.actionplans import services
from safeguarding.actionplans.models import Action, ProgressUpdate


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_posting_at_once_lose_nothing(action, owner, roles):
    lead = roles["police_lead"]
    # each thread holds its own copy of the action, read before either writes
    copies = {owner: Action.objects.get(pk=action.pk), lead: Action.objects.get(pk=action.pk)}
    start = threading.Barrier(2)
    errors = []

    def post(person, status):
        try:
            start.wait()
            services.post_update(person, copies[person], status=status, narrative=f"By {person}")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=post, args=(owner, "on_track")),
        threading.Thread(target=post, args=(lead, "at_risk")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    action.refresh_from_db()
    assert ProgressUpdate.objects.filter(action=action).count() == 2
    assert action.version == 3  # 1 + two updates, neither overwritten
    last = ProgressUpdate.objects.filter(action=action).order_by("-created_at", "-pk").first()
    assert action.status == last.status
