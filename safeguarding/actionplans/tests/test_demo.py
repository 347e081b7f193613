from safeguarding.actionplans.demo import load_demo_action_plans
from safeguarding.actionplans.models import Action, ActionPlan, Challenge, Evidence
from safeguarding.actionplans.selectors import actions_visible_to


def test_demo_loads_once(county, make_person):
    assert load_demo_action_plans() == 9
    assert load_demo_action_plans() == 0
    assert ActionPlan.objects.count() == 2
    assert Action.objects.count() == 9
    assert Challenge.objects.exists()
    assert Evidence.objects.filter(kind="link").exists()
    overdue = [action for action in Action.objects.all() if action.overdue]
    assert overdue
    maspi = ActionPlan.objects.get(origin_kind="practice_inspection")
    assert [area.name for area in maspi.shared_with.all()] == ["Burnley and Pendle"]
    from safeguarding.organisations.models import Area

    preston = Area.objects.get(kind="locality", name="Preston")
    chair = make_person("cpb_chair", area=preston)
    seen = actions_visible_to(chair)
    assert not seen.filter(plan=maspi).exists()
    assert seen.filter(what__startswith="Return interviews").exists()


def test_demo_uses_demo_county_people(db):
    from safeguarding.organisations.demo.loader import load_demo_county

    load_demo_county()
    load_demo_action_plans()
    police_action = Action.objects.get(what__startswith="Set up a multi-agency CSE team")
    assert police_action.owner_agency.name == "Lancashire Constabulary"
    assert police_action.owner_person is not None
    challenge = Challenge.objects.filter(locality__name="Burnley and Pendle").first()
    assert challenge.raised_by is not None


def test_script_server_loads_the_action_plans_with_the_county(db):
    from django.core.management import call_command

    from safeguarding.core.models import AuditEvent

    call_command("load_demo_county")
    counts = (ActionPlan.objects.count(), Action.objects.count(), AuditEvent.objects.count())
    assert counts[:2] == (4, 15)  # with the case reviews' two plans of three actions each
    call_command("load_demo_county")  # a second run changes nothing
    assert (ActionPlan.objects.count(), Action.objects.count(), AuditEvent.objects.count()) == (
        counts
    )
