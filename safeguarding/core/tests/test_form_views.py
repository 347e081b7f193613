"""The one form-handling helper (core.form_views): what every form page does once sent."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.signed_cookies import SessionStore
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from safeguarding.core.form_views import act, submit


class TitleForm(forms.Form):
    title = forms.CharField()
    link = forms.CharField(required=False)


def _request(method="post", data=None):
    request = getattr(RequestFactory(), method)("/somewhere/", data or {})
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


def _said(request):
    return [(message.level_tag, message.message) for message in get_messages(request)]


def test_a_valid_form_calls_the_service_then_says_so_and_redirects(db):
    request = _request(data={"title": "Plan"})
    calls = []
    response = submit(
        request,
        TitleForm(request.POST),
        lambda data: calls.append(data) or "made",
        success_message=lambda result: f"The plan has been {result}",
        redirect_to="/plans/1/",
    )
    assert response.status_code == 302
    assert response.url == "/plans/1/"
    assert calls == [{"title": "Plan", "link": ""}]
    assert _said(request) == [("success", "The plan has been made")]


def test_a_get_or_an_invalid_form_leaves_the_view_to_show_the_form_and_calls_nothing():
    def service(data):
        raise AssertionError("the service must not be called")

    assert (
        submit(_request("get"), TitleForm(), service, success_message="", redirect_to="/") is None
    )
    request = _request(data={"title": ""})
    form = TitleForm(request.POST)
    assert submit(request, form, service, success_message="Done", redirect_to="/") is None
    assert "title" in form.errors
    assert _said(request) == []


@pytest.mark.parametrize(
    ("refusal", "field"),
    [
        ({"title": "Enter a title the board will know"}, "title"),
        ({"url": "Enter a link that starts with https://"}, "link"),  # the service's name
        ("The plan has been closed", None),
    ],
)
def test_a_services_refusal_is_shown_on_the_form(refusal, field, db):
    from safeguarding.core.models import AuditEvent

    request = _request(data={"title": "Plan"})
    form = TitleForm(request.POST)

    def service(data):
        AuditEvent.objects.create(
            actor_label="x", verb="plan created", target_type="t", target_id="1"
        )
        raise ValidationError(refusal)

    response = submit(
        request, form, service, success_message="Done", redirect_to="/", aliases={"url": "link"}
    )
    assert response is None
    errors = form.errors.get(field or "__all__")
    assert errors
    # What the refused service wrote is rolled back.
    assert not AuditEvent.objects.exists()


def test_a_button_without_a_form_says_what_happened_or_why_not(db):
    request = _request()
    assert act(request, lambda: None, success_message="Published", redirect_to="/n/").url == "/n/"
    assert _said(request) == [("success", "Published")]

    def refused():
        raise ValidationError("Approve the newsflash before publishing it")

    request = _request()
    response = act(
        request, refused, success_message="Published", redirect_to="/n/", refused_redirect_to="/e/"
    )
    assert response.url == "/e/"
    assert _said(request) == [("error", "Approve the newsflash before publishing it")]
