"""A recommendation becomes an action in the review's action plan, shared with the locality
boards (CPBs) that monitor it, whose chairs open it (on SQLite and PostgreSQL alike)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from safeguarding.actionplans import services as plans
from safeguarding.actionplans.models import ActionPlan, Status
from safeguarding.actionplans.selectors import actions_visible_to
from safeguarding.organisations.models import Area
from safeguarding.reviews import services
from safeguarding.reviews.selectors import recommendation_counts

D = datetime.date


def _locality(name):
    return Area.objects.get(kind=Area.Kind.LOCALITY, name=name)


def test_a_recommendation_is_an_action_the_localitys_cpb_chair_opens(
    client, business_unit, review, agency, make_person
):
    preston = _locality("Preston")
    services.update_review(business_unit, review, locality=preston)
    made = services.add_recommendation(
        business_unit,
        review,
        text="Health visitors share concerns with GPs",
        agency=agency,
        due_date=D(2030, 6, 30),
    )
    plan = made.action.plan
    assert plan.origin_kind == ActionPlan.Origin.CASE_REVIEW
    assert list(plan.shared_with.all()) == [preston]
    chair = make_person("cpb_chair", area=preston)
    other_chair = make_person("cpb_chair", area=_locality("Burnley and Pendle"))
    assert actions_visible_to(chair).filter(pk=made.action.pk).exists()
    assert not actions_visible_to(other_chair).filter(pk=made.action.pk).exists()
    client.force_login(chair)
    assert client.get(f"/actions/action/{made.action.pk}/").status_code == 200
    assert client.get(f"/actions/{plan.pk}/").status_code == 200
    client.force_login(other_chair)
    assert client.get(f"/actions/action/{made.action.pk}/").status_code == 404


def test_a_county_wide_reviews_actions_go_to_every_cpb(business_unit, review, agency, make_person):
    made = services.add_recommendation(
        business_unit, review, text="Train GPs on neglect", agency=agency, due_date=D(2030, 1, 31)
    )
    for area in Area.objects.filter(kind=Area.Kind.LOCALITY):
        chair = make_person("cpb_chair", area=area)
        assert actions_visible_to(chair).filter(pk=made.action.pk).exists(), area
    second = services.add_recommendation(
        business_unit, review, text="Audit the neglect tool", agency=agency, due_date=D(2030, 2, 1)
    )
    assert second.action.plan_id == made.action.plan_id  # one plan per review


def test_the_review_counts_complete_on_track_and_overdue(
    business_unit, review, agency, monkeypatch, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path), "base_url": None},
        },
    }
    done = services.add_recommendation(
        business_unit, review, text="One", agency=agency, due_date=D(2030, 1, 31)
    )
    services.add_recommendation(
        business_unit, review, text="Two", agency=agency, due_date=D(2030, 1, 31)
    )
    services.add_recommendation(
        business_unit, review, text="Three", agency=agency, due_date=D(2016, 1, 29)
    )
    plans.add_evidence_file(
        business_unit,
        done.action,
        SimpleUploadedFile("done.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
    )
    plans.post_update(business_unit, done.action, status=Status.COMPLETE, narrative="Done")
    counts = recommendation_counts(review, today=D(2026, 1, 1))
    assert counts == {"total": 3, "complete": 1, "on_track": 1, "overdue": 1}
