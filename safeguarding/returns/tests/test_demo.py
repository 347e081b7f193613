from safeguarding.returns.demo import load_demo_returns
from safeguarding.returns.models import Answer, ModeratedScore, Request, Return


def test_the_demo_loads_once(county):
    added = load_demo_returns()
    assert added > 0
    assert load_demo_returns() == 0
    cse = Request.objects.get(title="Respond to the findings of the CSE diagnostic")
    states = list(cse.returns.values_list("status", "moderation"))
    assert ("signed_off", "in_moderation") in states
    assert ("signed_off", "moderated") in states
    assert any(status != "signed_off" for status, _ in states)  # some late
    assert Request.objects.filter(title="Restructuring and cuts, spring 2015").exists()
    for year in (2013, 2015):
        cycle = Request.objects.get(title=f"Section 11 self-assessment {year}")
        assert ModeratedScore.objects.filter(moderated_return__request=cycle).exists()
    present = Return.objects.filter(request__sent_on__year__gt=2020)
    assert present.exists()
    assert Answer.objects.filter(answered_return__in=present, carried_forward=True).exists()


def test_the_demo_with_the_demo_county(db):
    from safeguarding.organisations.demo.loader import load_demo_county

    load_demo_county()
    load_demo_returns()
    police = Return.objects.filter(
        agency__name="Lancashire Constabulary", request__title__startswith="Section 11"
    )
    assert police.count() == 3
