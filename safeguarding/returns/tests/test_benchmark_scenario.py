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


def test_the_triangulation_shows_a_page_of_agencies_and_downloads_them_all(
    client, county, business_unit
):
    from safeguarding.returns.views import TRIANGULATION_AGENCIES

    for n in range(TRIANGULATION_AGENCIES + 5):
        AgencyFactory(name=f"Agency {n:02}")
    _generate()
    sent = Request.objects.order_by("-sent_on", "-pk").first()
    agencies = sent.returns.count()
    assert agencies > TRIANGULATION_AGENCIES
    client.force_login(business_unit)
    path = f"/returns/requests/{sent.pk}/triangulation/"
    first = client.get(path).content.decode()
    assert f"Agencies 1 to {TRIANGULATION_AGENCIES} of {agencies}." in first
    assert 'rel="next"' in first
    last = client.get(path, {"page": 2}).content.decode()
    assert f"Agencies {TRIANGULATION_AGENCIES + 1} to {agencies} of {agencies}." in last
    sections = sent.version.sections.count()
    download = b"".join(client.get(path, {"download": "csv"}).streaming_content)
    assert download.decode("utf-8-sig").strip().count("\n") == agencies * sections


def test_the_spread_of_scores_is_never_stale_after_a_score_changes(client, county, business_unit):
    _generate()
    sent = Request.objects.order_by("-sent_on", "-pk").first()
    client.force_login(business_unit)
    path = f"/returns/requests/{sent.pk}/"
    before = client.get(path).context["spread"]
    answer = (
        Answer.objects.filter(answered_return__request=sent, score__isnull=False)
        .select_related("question__section")
        .first()
    )
    standard = answer.question.section.title
    for row in Answer.objects.filter(
        answered_return__request=sent, question__section__title=standard, score__isnull=False
    ):
        row.score = 0
        row.save()
    after = client.get(path).context["spread"]
    lowest = {row["standard"]: row["self"] for row in after}
    assert lowest[standard] == 0
    assert {row["standard"]: row["self"] for row in before}[standard] != 0
