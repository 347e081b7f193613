"""The benchmark scenario at a tiny scale, and the key pages' query counts: the same with ten
times the agencies (and so ten times the returns and answers)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from safeguarding.organisations.models import Agency
from safeguarding.organisations.tests.factories import AgencyFactory
from safeguarding.returns.models import Answer, Request, Return, Template

pytestmark = pytest.mark.django_db


def _pages(client):
    from benchmarks.scenarios import returns as scenario

    counts = {}
    client.get("/home/")  # what every first page of a session reads once (the header's links)
    for label, path, _sign_in in scenario.PAGES:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path())
        assert response.status_code == 200, label
        counts[label] = len(queries)
    return counts


def _generate():
    from benchmarks.scenarios import returns as scenario

    Request.objects.all().delete()
    Template.objects.all().delete()
    return scenario.generate(1)


def test_query_counts_do_not_grow_with_the_agencies(client, county, business_unit):
    for n in range(3):
        AgencyFactory(name=f"Small agency {n}")
    made = _generate()
    assert made["returns"] == Return.objects.count() == 4 * Agency.objects.count()
    cycle = Answer.objects.filter(answered_return__request__title__endswith="2019")
    assert cycle.count() == 60 * Agency.objects.count()
    client.force_login(business_unit)
    small = _pages(client)
    for n in range(27):
        AgencyFactory(name=f"More agency {n}")
    _generate()
    assert Return.objects.count() == 4 * Agency.objects.count()
    assert Agency.objects.count() >= 30
    big = _pages(client)
    assert big == small
