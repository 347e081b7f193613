"""One rule for the line manager named on an application, through the page and the API alike:
an active person of the applicant's agency whose agency has confirmed them, not the applicant."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.test import APIClient

from safeguarding.organisations.tests.factories import AgencyFactory, PersonFactory
from safeguarding.training import services
from safeguarding.training.models import Application, Status


@pytest.fixture
def not_allowed(health, manager):
    """Line managers the applicant may not name, and why."""
    return {
        "another agency": PersonFactory(agency=AgencyFactory(name="Elsewhere")),
        "unconfirmed": PersonFactory(agency=health, agency_confirmed=False),
        "inactive": PersonFactory(agency=health, is_active=False),
    }


def test_the_api_refuses_a_line_manager_the_page_would_not_offer(applicant, session, not_allowed):
    api = APIClient()
    api.force_authenticate(applicant)
    for reason, person in not_allowed.items():
        response = api.post(
            "/api/training-applications/",
            {"session": session.pk, "reason": "For my work", "line_manager": person.pk},
            format="json",
        )
        assert response.status_code == 400, reason
        assert response.json()["errors"][0]["field"] == "line_manager", reason
    assert not Application.objects.exists()


def test_the_apply_page_offers_and_accepts_only_the_same_people(
    client, applicant, manager, session, not_allowed
):
    client.force_login(applicant)
    url = reverse("training:apply", args=[session.pk])
    offered = set(client.get(url).context["form"].fields["line_manager"].queryset)
    assert manager in offered
    assert applicant not in offered
    assert not offered & set(not_allowed.values())
    for person in not_allowed.values():
        response = client.post(
            url, {"reason": "For my work", "line_manager": person.pk, "confirm": "on"}
        )
        assert "line_manager" in response.context["form"].errors
    assert not Application.objects.exists()
    response = client.post(
        url, {"reason": "For my work", "line_manager": manager.pk, "confirm": "on"}
    )
    assert response.status_code == 302
    assert Application.objects.get().line_manager == manager


def test_the_service_names_the_field(applicant, session, not_allowed):
    for person in [applicant, *not_allowed.values()]:
        with pytest.raises(services.ValidationError) as caught:
            services.apply(applicant, session, reason="For my work", line_manager=person)
        assert list(caught.value.message_dict) == ["line_manager"]


def test_an_unconfirmed_person_named_earlier_cannot_approve(applicant, session, health):
    newcomer = PersonFactory(agency=health)
    application = services.apply(applicant, session, reason="For my work", line_manager=newcomer)
    newcomer.agency_confirmed = False  # e.g. moved agency and awaiting the new lead
    newcomer.save()
    with pytest.raises(PermissionDenied):
        services.approve(newcomer, application)
    api = APIClient()
    api.force_authenticate(newcomer)
    response = api.post(f"/api/training-applications/{application.pk}/approve/", {})
    assert response.status_code == 403
    application.refresh_from_db()
    assert application.status == Status.AWAITING_APPROVAL


def test_an_unconfirmed_applicant_is_offered_none_of_the_agencys_staff(
    client, make_person, health, manager, session
):
    newcomer = make_person("practitioner", agency=health, agency_confirmed=False)
    client.force_login(newcomer)
    url = reverse("training:apply", args=[session.pk])
    response = client.get(url)
    assert not response.context["form"].fields["line_manager"].queryset.exists()
    assert manager.full_name not in response.text
    with pytest.raises(services.ValidationError):
        services.apply(newcomer, session, reason="For my work", line_manager=manager)
    # Without a line manager the training team decides.
    application = services.apply(newcomer, session, reason="For my work", line_manager=None)
    assert application.line_manager is None
