import datetime

import pytest

from safeguarding.meetings import services
from safeguarding.organisations.models import Area
from safeguarding.organisations.tests.factories import AgencyFactory


@pytest.fixture(autouse=True)
def uploads_in_a_temporary_folder(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "uploads"), "base_url": None},
        },
    }


@pytest.fixture
def police(db):
    return AgencyFactory(name="Lancashire Constabulary")


@pytest.fixture
def member(make_person, children_board, police):
    return make_person("board_member", board=children_board, agency=police, full_name="Mo Member")


@pytest.fixture
def outsider(make_person, children_board, police):
    """A board member who is not a member of the meeting."""
    return make_person("board_member", board=children_board, agency=police, full_name="Olly Out")


@pytest.fixture
def burnley(county):
    return Area.objects.get(kind=Area.Kind.LOCALITY, name="Burnley and Pendle")


@pytest.fixture
def meeting(business_unit, children_board, member):
    return services.schedule_meeting(
        business_unit,
        board=children_board,
        kind="board",
        title="LSCB",
        date=datetime.date(2030, 3, 20),
        start_time=datetime.time(10),
        end_time=datetime.time(12, 30),
        venue="County Hall, Preston",
        members=[member],
    )[0]


@pytest.fixture
def item(business_unit, meeting):
    return services.add_item(
        business_unit,
        meeting,
        title="Business Plan",
        purpose="decision",
        presenter="Business Manager",
        minutes_allowed=15,
    )
