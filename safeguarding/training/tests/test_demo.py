import pytest
from django.db.models import Count, Q

from safeguarding.organisations.demo.loader import load_demo_county
from safeguarding.training.demo import load_demo
from safeguarding.training.models import (
    HOLDS_PLACE,
    Application,
    Course,
    Feedback,
    Session,
    Status,
)
from safeguarding.training.selectors import passport

pytestmark = pytest.mark.django_db


def test_demo_training_has_every_status_and_loads_once():
    load_demo_county()
    added = load_demo()
    assert added > 0
    assert Course.objects.count() == 30
    assert Session.objects.count() == 150
    assert set(Application.objects.values_list("status", flat=True)) == set(Status.values)
    assert Application.objects.filter(charge__gt=0).exists()
    assert Feedback.objects.exists()
    assert Application.objects.filter(status=Status.ATTENDED, certificate_code__isnull=False)
    # No session is over-filled, and nobody waits while a place is free.
    sessions = Session.objects.annotate(
        held=Count("applications", filter=Q(applications__status__in=HOLDS_PLACE)),
        waiting=Count("applications", filter=Q(applications__status=Status.WAITING)),
    )
    for session in sessions:
        assert session.held <= session.capacity
        if session.waiting:
            assert session.held == session.capacity
    from safeguarding.organisations.models import Person

    pat = Person.objects.get(email="practitioner@demo.example")
    states = {row["state"] for row in passport(pat)}
    assert states & {"expiring", "expired"}
    # The demo line manager trains some sessions, one of them with a register still to mark.
    lee = Person.objects.get(email="line.manager@demo.example")
    trained = Session.objects.filter(trained_by=lee)
    assert trained.count() > 10
    assert set(trained.values_list("trainer", flat=True)) == {lee.full_name}
    assert not Application.objects.filter(session__in=trained, applicant=lee).exists()
    from safeguarding.core.home import items_for

    assert [i for i in items_for(lee, None) if i.category == "Training register to mark"]
    before = Application.objects.count()
    assert load_demo() == 0
    assert Application.objects.count() == before


def test_benchmark_scenario_at_a_tiny_scale(monkeypatch):
    from benchmarks.generate import SIGN_INS, add_sign_ins, generate, parse_args
    from benchmarks.queries import scenario_pages
    from benchmarks.scenarios import training as scenario

    generate(parse_args(["--people", "80", "--agencies", "6"]), say=lambda *_: None)
    add_sign_ins()
    monkeypatch.setattr(scenario, "COURSES_1X", 4)
    monkeypatch.setattr(scenario, "SESSIONS_1X", 20)
    monkeypatch.setattr(scenario, "APPLICATIONS_1X", 400)
    monkeypatch.setattr(scenario, "BIG_SESSION_PLACES", 30)
    counts = scenario.generate(1)
    assert counts["sessions"] == Session.objects.count() == 20
    assert counts["applications"] == Application.objects.count() > 350
    assert {*SIGN_INS, ""} >= {page[2] for page in scenario.PAGES}  # "": not signed in
    pages = [p for p in scenario_pages() if p["label"].startswith("Training")]
    assert [page["status"] for page in pages] == [200] * len(scenario.PAGES)
    assert all(page["queries"] <= 12 for page in pages), pages
