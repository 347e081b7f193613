import datetime

import pytest

from safeguarding.actionplans import services
from safeguarding.organisations.models import Area
from safeguarding.organisations.tests.factories import AgencyFactory, PersonFactory


@pytest.fixture(autouse=True)
def uploads_in_a_temporary_folder(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "uploads"), "base_url": None},
        },
    }


def locality(name):
    return Area.objects.get(kind=Area.Kind.LOCALITY, name=name)


@pytest.fixture
def burnley(county):
    return locality("Burnley and Pendle")


@pytest.fixture
def preston(county):
    return locality("Preston")


@pytest.fixture
def police(db):
    return AgencyFactory(name="Lancashire Constabulary")


@pytest.fixture
def health(db):
    return AgencyFactory(name="Community Health Trust")


@pytest.fixture
def owner(police):
    return PersonFactory(agency=police, full_name="Olive Owner")


@pytest.fixture
def plan(business_unit, children_board, burnley, preston):
    return services.create_plan(
        business_unit,
        board=children_board,
        title="CSE action plan",
        origin_kind="themed",
        purpose="Tackle child sexual exploitation",
        shared_with=[burnley, preston],
    )


@pytest.fixture
def make_action(business_unit, plan, police):
    def make(**fields):
        fields.setdefault("what", "Train front-line officers on CSE indicators")
        fields.setdefault("owner_agency", police)
        fields.setdefault("due_date", datetime.date(2015, 6, 30))
        return services.add_action(business_unit, fields.pop("plan", plan), **fields)

    return make


@pytest.fixture
def action(make_action, owner):
    return make_action(owner_person=owner)


@pytest.fixture
def roles(make_person, children_board, adults_board, burnley, preston, police, health, owner):
    """One person per role that matters to action plans."""
    return {
        "business_unit": make_person("business_unit", board=children_board),
        "other_board_bu": make_person("business_unit", board=adults_board),
        "burnley_chair": make_person("cpb_chair", area=burnley),
        "burnley_member": make_person("cpb_member", area=burnley),
        "preston_chair": make_person("cpb_chair", area=preston),
        "police_lead": make_person("agency_lead", lead_of=police),
        "health_lead": make_person("agency_lead", lead_of=health),
        "owner": owner,
        "practitioner": make_person("practitioner"),
    }
