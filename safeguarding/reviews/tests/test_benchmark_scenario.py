"""The reviews' benchmark scenario at a tiny scale, and its pages' query counts flat when the
data grows tenfold."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from safeguarding.organisations.models import Person
from safeguarding.reviews.models import Recommendation, Review

pytestmark = pytest.mark.django_db


def _queries(client, paths):
    counts = {}
    for path in paths:
        client.get(path)  # the header's per-process caches filled
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200, path
        counts[path] = len(queries)
    return counts


def test_the_register_a_review_and_the_home_page_cost_the_same_queries_at_1x_and_10x(
    monkeypatch,
):
    from benchmarks.generate import BENCH_EMAIL, SIGN_INS, add_sign_ins, generate, parse_args
    from benchmarks.scenarios import reviews as scenario

    generate(parse_args(["--people", "80", "--agencies", "6"]), say=lambda *_: None)
    add_sign_ins()
    monkeypatch.setattr(scenario, "REVIEWS_1X", 6)
    counts = scenario.generate(1)
    assert counts == {"reviews": 6, "recommendations": 60}
    assert set(SIGN_INS) >= {page[2] for page in scenario.PAGES}
    client = Client()
    client.force_login(Person.objects.get(email=BENCH_EMAIL))
    paths = ["/reviews/", scenario._busiest_review(), "/home/"]
    small = _queries(client, paths)
    scenario.generate(10)
    assert Review.objects.count() == 66
    assert Recommendation.objects.count() == 660
    assert _queries(client, paths) == small
