import datetime

import pytest

from safeguarding.organisations.tests.factories import AgencyFactory
from safeguarding.reviews import services
from safeguarding.reviews.models import Theme


@pytest.fixture
def agency(db):
    return AgencyFactory(name="Lancashire Constabulary")


@pytest.fixture
def themes(db):
    return [
        Theme.objects.create(name=name) for name in ("Neglect", "Domestic abuse", "CSE", "Suicide")
    ]


@pytest.fixture
def review(business_unit, children_board, agency, themes):
    return services.record_notification(
        business_unit,
        board=children_board,
        kind="rapid",
        learned_on=datetime.date(2015, 1, 5),
        agencies=[agency],
        themes=themes[:2],
        summary="An infant was admitted to hospital with injuries",
    )
