"""The registry: each app adds its navigation and demo data from its AppConfig, and the header
and `manage.py load_demo_county` read them in the order the hub has always shown and loaded."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.test import RequestFactory

from safeguarding.core import registry
from safeguarding.core.context_processors import navigation as header_context
from safeguarding.organisations.models import ROLE_SCOPES, Area, Role
from safeguarding.organisations.tests.factories import AgencyFactory

_BASE = ["Home", "Agencies", "People", "Boards"]

# What each role's header shows, in order; "Sign out" always comes last.
NAVIGATION_BY_ROLE = {
    None: [*_BASE, "Training"],
    Role.BUSINESS_UNIT: [
        *_BASE,
        "Actions",
        "Meetings",
        "Training",
        "Inspections",
        "Returns",
        "Reviews",
        "Audit trail",
    ],
    Role.BOARD_MEMBER: [*_BASE, "Meetings", "Training", "Inspections"],
    Role.CPB_CHAIR: [*_BASE, "Actions", "Meetings", "Training", "Inspections"],
    Role.CPB_MEMBER: [*_BASE, "Actions", "Meetings", "Training", "Inspections"],
    Role.AGENCY_LEAD: [*_BASE, "Actions", "Training", "Inspections", "Returns"],
    Role.INSPECTION_REVIEWER: [*_BASE, "Training", "Inspections"],
    Role.PRACTITIONER: [*_BASE, "Training"],
    Role.ADMINISTRATOR: [*_BASE, "Training", "Reviews", "Audit trail"],
}


def _header(user):
    request = RequestFactory().get("/home/")
    request.user = user
    request.board = None
    return header_context(request)


def _labels(context):
    return [item["text"] for item in context["navigation"]]


@pytest.mark.parametrize("role", list(NAVIGATION_BY_ROLE), ids=str)
def test_each_role_sees_the_navigation_it_always_has_in_the_same_order(
    role, make_person, children_board
):
    scope = {}
    if role and ROLE_SCOPES[role] == "board":
        scope = {"board": children_board}
    elif role and ROLE_SCOPES[role] == "area":
        scope = {"area": Area.objects.filter(kind=Area.Kind.LOCALITY).first()}
    elif role == Role.AGENCY_LEAD:
        scope = {"lead_of": AgencyFactory()}
    person = make_person(role, **scope)
    assert _labels(_header(person)) == [*NAVIGATION_BY_ROLE[role], "Sign out"]


def test_the_registered_navigation_keeps_the_hubs_order():
    assert [item.label for item in registry.navigation()] == [
        *_BASE,
        "Actions",
        "Meetings",
        "Training",
        "Sessions I train",
        "Inspections",
        "Returns",
        "Reviews",
        "Audit trail",
        "Admin",
    ]


def test_staff_accounts_find_the_admin_site_in_the_header(make_person):
    administrator = make_person(Role.ADMINISTRATOR, is_staff=True)
    assert _labels(_header(administrator))[-2:] == ["Admin", "Sign out"]


def test_the_public_navigation_is_unchanged(db):
    assert _labels(_header(AnonymousUser())) == [
        "Home",
        "Training courses",
        "News",
        "Reviews",
        "Contact",
        "Sign in",
    ]


def test_registering_an_entry_again_replaces_it_rather_than_showing_it_twice(monkeypatch):
    monkeypatch.setattr(registry, "_NAVIGATION", dict(registry._NAVIGATION))
    registry.register_navigation("Actions", "actionplans:plan_list", None, order=45)
    labels = [item.label for item in registry.navigation()]
    assert labels.count("Actions") == 1


def test_the_demo_loaders_run_in_the_order_they_build_on_each_other():
    assert registry.demo_loader_paths() == [
        "safeguarding.organisations.demo.loader.load_demo_county",
        "safeguarding.actionplans.demo.load_demo_action_plans",
        "safeguarding.meetings.demo.load_demo",
        "safeguarding.training.demo.load_demo",
        "safeguarding.inspections.demo.load_demo",
        "safeguarding.returns.demo.load_demo_returns",
        "safeguarding.reviews.demo.load_demo",
    ]


def test_a_loader_registered_before_what_it_needs_still_runs_after_it(monkeypatch):
    monkeypatch.setattr(registry, "_DEMO_LOADERS", {})
    registry.register_demo_loader("demo.second", after="demo.first")
    registry.register_demo_loader("demo.third", after="demo.second")
    registry.register_demo_loader("demo.first")
    assert registry.demo_loader_paths() == ["demo.first", "demo.second", "demo.third"]


def test_a_loader_after_one_nobody_registered_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(registry, "_DEMO_LOADERS", {})
    registry.register_demo_loader("demo.second", after="demo.missing")
    with pytest.raises(registry.RegistryError, match="demo.second.*demo.missing"):
        registry.demo_loader_paths()


def test_loaders_that_wait_for_each_other_are_a_clear_error(monkeypatch):
    monkeypatch.setattr(registry, "_DEMO_LOADERS", {})
    registry.register_demo_loader("demo.a", after="demo.b")
    registry.register_demo_loader("demo.b", after="demo.a")
    with pytest.raises(registry.RegistryError, match="wait for each other"):
        registry.demo_loader_paths()


def test_the_demo_command_runs_every_loader_once_in_order(db, monkeypatch, capsys):
    ran = []
    monkeypatch.setattr(registry, "_DEMO_LOADERS", {})
    monkeypatch.setattr(registry, "_DEMO_SUMMARIES", [])
    for name in ("first", "second"):
        registry.register_demo_loader(lambda name=name: ran.append(name), name=f"demo.{name}")
    registry.register_demo_summary(lambda: "2 things")
    call_command("load_demo_county")
    assert ran == ["first", "second"]
    assert "Demo county loaded: 2 things." in capsys.readouterr().out
