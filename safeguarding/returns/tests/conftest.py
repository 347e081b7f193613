import datetime

import pytest

from safeguarding.organisations.models import RoleAssignment
from safeguarding.organisations.tests.factories import AgencyFactory, PersonFactory
from safeguarding.returns import services

DEADLINE = datetime.date(2030, 6, 28)


@pytest.fixture(autouse=True)
def uploads_in_a_temporary_folder(settings, tmp_path):
    settings.SITE_URL = "http://hub.example.org:8123"  # e-mails' links are checked against it
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "uploads"), "base_url": None},
        },
    }


@pytest.fixture
def police(children_board):
    agency = AgencyFactory(name="Lancashire Constabulary", sector="police")
    agency.boards.add(children_board)
    return agency


@pytest.fixture
def health(children_board):
    agency = AgencyFactory(name="Community Health Trust", sector="health")
    agency.boards.add(children_board)
    return agency


@pytest.fixture
def police_lead(make_person, police):
    return make_person("agency_lead", lead_of=police, agency=police, full_name="Pat Police")


@pytest.fixture
def health_lead(make_person, health):
    return make_person("agency_lead", lead_of=health, agency=health, full_name="Harriet Health")


@pytest.fixture
def police_colleague(police):
    return PersonFactory(agency=police, full_name="Colin Colleague")


@pytest.fixture
def police_board_member(make_person, police, children_board):
    person = make_person("practitioner", agency=police, full_name="Bea Member")
    RoleAssignment.objects.create(
        person=person, role="board_member", board=children_board, agency=police
    )
    return person


@pytest.fixture
def library(business_unit, children_board):
    return {t.kind: t for t in services.ensure_library(business_unit, children_board)}


@pytest.fixture
def section_11(library):
    return library["section_11"]


@pytest.fixture
def sent(business_unit, children_board, section_11, police, health, police_lead, health_lead):
    return services.send_request(
        business_unit,
        board=children_board,
        version=services.latest_version(section_11),
        title="Section 11 audit 2030",
        deadline=DEADLINE,
        agencies=[police, health],
        sent_on=datetime.date(2030, 4, 1),
    )


@pytest.fixture
def police_return(sent, police):
    return sent.returns.get(agency=police)


def questions_of(answered):
    from safeguarding.returns.selectors import structure

    return [q for s in structure(answered.template_version_id) for q in s.questions.all()]


def by_key(answered):
    return {q.key: q for q in questions_of(answered)}
