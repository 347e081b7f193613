import threading

import pytest
from django.db import connection

from safeguarding.core.models import OutboundEmail
from safeguarding.inspections import services
from safeguarding.inspections.models import Case, Notice


def _run_together(functions):
    start = threading.Barrier(len(functions))
    errors = []

    def run(function):
        try:
            start.wait()
            function()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(f,)) for f in functions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_cases_submitted_at_once_get_distinct_references(make_inspection, business_unit, police):
    inspection = make_inspection(10)
    errors = _run_together(
        [
            lambda n=n: services.submit_case(
                business_unit, inspection, agency=police, record_number=f"P-{n}"
            )
            for n in range(4)
        ]
    )
    assert errors == []
    references = sorted(Case.objects.values_list("reference", flat=True))
    assert references == [f"{inspection.code}-{n:03d}" for n in range(1, 5)]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_notify_each_agency_once(make_inspection, police_lead, health_lead):
    inspection = make_inspection(14)
    errors = _run_together([lambda: services.send_notices(inspection) for _ in range(2)])
    assert errors == []
    assert Notice.objects.filter(inspection=inspection).count() == 2
    assert OutboundEmail.objects.filter(purpose="inspections.fieldwork_notice").count() == 2
