"""The permission toolkit: who decides a permission for a superuser, the board predicate, the
admin site for superusers and the API scoping mixin on every API route."""

import pytest
import rules
from django.core.exceptions import PermissionDenied

from config.api_urls import router
from safeguarding.actionplans import services as plans
from safeguarding.core.api_views import ScopedAPIMixin
from safeguarding.core.permissions import (
    business_unit_of_board,
    is_board_business_unit,
    is_superuser,
    require,
)


@pytest.fixture
def superuser(make_person):
    return make_person("administrator", is_staff=True, is_superuser=True)


@pytest.fixture
def probe_permissions():
    """Two rules permissions for the test: one nobody holds, one only superusers hold."""
    rules.add_perm("core.probe_never", rules.always_false)
    rules.add_perm("core.probe_superuser", is_superuser)
    yield
    rules.remove_perm("core.probe_never")
    rules.remove_perm("core.probe_superuser")


def test_rules_decide_their_permissions_for_superusers_too(superuser, probe_permissions):
    assert not superuser.has_perm("core.probe_never")
    assert superuser.has_perm("core.probe_superuser")
    with pytest.raises(PermissionDenied):
        require(superuser, "core.probe_never")


def test_other_permissions_keep_djangos_superuser_answer(superuser, practitioner):
    assert superuser.has_perm("auth.change_group")
    assert not practitioner.has_perm("auth.change_group")


def test_an_inactive_superuser_holds_nothing(superuser, probe_permissions):
    superuser.is_active = False
    assert not superuser.has_perm("core.probe_superuser")
    assert not superuser.has_perm("auth.change_group")


def test_business_unit_of_the_records_board(
    make_person, children_board, adults_board, business_unit, superuser
):
    adults_bu = make_person("business_unit", board=adults_board)
    plan = plans.create_plan(business_unit, board=children_board, title="X", origin_kind="other")
    manages = business_unit_of_board(lambda record: record.board_id)
    assert manages(business_unit, plan)
    assert manages(superuser, plan)
    assert not manages(adults_bu, plan)
    assert not manages(business_unit, None)
    assert is_board_business_unit(adults_bu, adults_board)
    assert not is_board_business_unit(adults_bu, children_board)
    assert is_board_business_unit(adults_bu, None)  # may add to some board: the page's question


@pytest.mark.parametrize(
    "url",
    [
        "/admin/actionplans/action/",
        "/admin/meetings/meeting/",
        "/admin/training/course/",
        "/admin/training/course/add/",
        "/admin/training/application/",
    ],
)
def test_the_admin_site_still_works_for_superusers(client, superuser, url):
    """These models' Django permission names (actionplans.view_action, training.add_course)
    are also rules permissions, which decide them for superusers too."""
    client.force_login(superuser)
    assert client.get(url).status_code == 200


def test_every_api_route_reads_through_the_scoping_mixin():
    for prefix, viewset, _basename in router.registry:
        assert issubclass(viewset, ScopedAPIMixin), prefix


@pytest.mark.parametrize("prefix", [prefix for prefix, *_ in router.registry])
def test_an_id_outside_the_scope_is_an_api_404(client, business_unit, prefix):
    """Malformed or unknown, the answer is the API's own 404, never the HTML page."""
    client.force_login(business_unit)
    for bad in ("not-a-number", "999999"):
        response = client.get(f"/api/{prefix}/{bad}/")
        assert response.status_code == 404, (prefix, bad)
        assert response.json()["status"] == 404
