"""Two people at once on the directory: edits of an agency or a person never silently undo
each other, the add forms sent twice add one, and a people import confirmed twice imports once
and shows the first import's result."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from safeguarding.core.concurrency import EditConflict
from safeguarding.core.testing.races import race
from safeguarding.organisations import services
from safeguarding.organisations.models import Agency, Person
from safeguarding.organisations.tests.factories import AgencyFactory, PersonFactory

from .test_imports import PEOPLE, csv_bytes


@pytest.fixture
def second_editor(make_person, children_board):
    return make_person("business_unit", board=children_board, full_name="Sam Second")


def test_stale_person_edit_is_refused_through_the_api(business_unit, second_editor):
    person = PersonFactory(job_title="Social worker")
    api = APIClient()
    api.force_authenticate(second_editor)
    url = f"/api/people/{person.pk}/"
    assert api.get(url).json()["version"] == 1
    assert api.patch(url, {"job_title": "Team manager", "version": 1}).status_code == 200

    api.force_authenticate(business_unit)
    stale = api.patch(url, {"phone": "01772 000000"}, HTTP_IF_MATCH='"1"')
    assert stale.status_code == 409
    message = stale.json()["errors"][0]["message"]
    assert "Sam Second" in message
    assert "job title to 'Team manager'" in message
    person.refresh_from_db()
    assert (person.job_title, person.phone) == ("Team manager", "")


def test_stale_agency_edit_is_refused(business_unit, second_editor):
    agency = AgencyFactory(name="Agency A")
    services.update_agency(second_editor, agency, version=1, name="Agency A (North)")
    with pytest.raises(EditConflict):
        services.update_agency(business_unit, agency, version=1, sector="health")
    agency.refresh_from_db()
    assert agency.name == "Agency A (North)"


def test_stale_person_edit_is_refused_on_the_page(client, business_unit, second_editor):
    person = PersonFactory(job_title="Social worker")
    services.update_person(second_editor, person, version=1, job_title="Team manager")
    client.force_login(business_unit)
    response = client.post(
        reverse("organisations:person_edit", args=[person.pk]),
        {"full_name": person.full_name, "email": person.email, "job_title": "x", "version": 1},
    )
    assert response.status_code == 200
    assert "by Sam Second" in response.content.decode()


def test_the_same_person_form_sent_twice_adds_one_person(client, business_unit):
    client.force_login(business_unit)
    data = {
        "full_name": "Nina New",
        "email": "nina@agency.example",
        "is_active": "on",
        "submission": str(uuid.uuid4()),
    }
    url = reverse("organisations:person_create")
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert Person.objects.filter(email="nina@agency.example").count() == 1


def test_the_same_agency_form_sent_twice_adds_one_agency(client, business_unit):
    client.force_login(business_unit)
    data = {
        "name": "Fylde Coast Youth Service",
        "sector": "voluntary",
        "contribution_status": "private",
    }
    data["submission"] = str(uuid.uuid4())
    url = reverse("organisations:agency_create")
    first, second = client.post(url, data), client.post(url, data)
    assert first.status_code == second.status_code == 302, first.content.decode()
    assert Agency.objects.filter(name="Fylde Coast Youth Service").count() == 1


def _upload_people(client, county):
    # A partner of the importer's board, so theirs to name its lead.
    AgencyFactory(name="Agency A").boards.set([county["children"]])
    upload = SimpleUploadedFile("people.csv", csv_bytes(PEOPLE), "text/csv")
    response = client.post(reverse("organisations:import"), {"kind": "people", "upload": upload})
    assert response.status_code == 302
    page = client.get(reverse("organisations:import_confirm")).content.decode()
    return page.split('name="submission" value="')[1].split('"')[0]


def test_a_second_confirm_of_one_import_shows_the_first_result(client, business_unit, county):
    client.force_login(business_unit)
    token = _upload_people(client, county)
    confirm = {"action": "import", "submission": token}
    first = client.post(reverse("organisations:import_confirm"), confirm)
    second = client.post(reverse("organisations:import_confirm"), confirm, follow=True)

    assert first.url == reverse("organisations:person_list")
    assert second.redirect_chain[0][0] == reverse("organisations:person_list")
    assert "You sent this form twice" in second.content.decode()
    assert Person.objects.filter(email__endswith="@a.example").count() == 3


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_confirms_at_once_import_once(business_unit, county):
    client = Client()
    client.force_login(business_unit)
    token = _upload_people(client, county)
    twin = Client()
    twin.cookies = client.cookies  # the same browser session, sending the confirm twice
    answers = []

    def confirm(browser):
        response = browser.post(
            reverse("organisations:import_confirm"), {"action": "import", "submission": token}
        )
        answers.append(response.status_code)

    assert race(lambda: confirm(client), lambda: confirm(twin)) == [None, None]
    assert answers == [302, 302]
    assert Person.objects.filter(email__endswith="@a.example").count() == 3
