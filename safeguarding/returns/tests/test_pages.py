import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from safeguarding.returns import services
from safeguarding.returns.models import Answer, Request, Return, Template

from .conftest import by_key


def _section(answered, number):
    return answered.template_version.sections.order_by("position")[number - 1]


def test_the_lead_sees_the_request_on_their_home_page(client, police_lead, police_return):
    client.force_login(police_lead)
    page = client.get(reverse("home")).content.decode()
    assert "Section 11 audit 2030" in page
    assert reverse("returns:return_detail", args=[police_return.pk]) in page


def test_the_lead_answers_a_section_without_javascript(client, police_lead, police_return):
    client.force_login(police_lead)
    section = _section(police_return, 5)
    url = reverse("returns:return_section", args=[police_return.pk, section.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["form"]
    questions = by_key(police_return)
    data = {
        "loaded": form.initial["loaded"],
        f"q{questions['training-score'].pk}": "2",
        f"q{questions['training-how'].pk}": "All officers complete an e-learning module.",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert Answer.objects.get(question=questions["training-score"]).score == 2
    detail = client.get(reverse("returns:return_detail", args=[police_return.pk]))
    assert "All officers complete" in detail.content.decode()


def test_a_bad_score_is_shown_beside_the_field(client, police_lead, police_return):
    client.force_login(police_lead)
    section = _section(police_return, 5)
    url = reverse("returns:return_section", args=[police_return.pk, section.pk])
    question = by_key(police_return)["training-score"]
    response = client.post(url, {"loaded": "{}", f"q{question.pk}": "9"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_two_colleagues_on_one_section_keep_each_others_answers(
    client, police_lead, police_colleague, police_return
):
    services.invite_colleague(police_lead, police_return, police_colleague)
    section = _section(police_return, 5)
    url = reverse("returns:return_section", args=[police_return.pk, section.pk])
    questions = by_key(police_return)
    client.force_login(police_lead)
    loaded_by_lead = client.get(url).context["form"].initial["loaded"]
    other = client.__class__()
    other.force_login(police_colleague)
    loaded_by_colleague = other.get(url).context["form"].initial["loaded"]
    client.post(url, {"loaded": loaded_by_lead, f"q{questions['training-score'].pk}": "3"})
    other.post(
        url,
        {"loaded": loaded_by_colleague, f"q{questions['training-how'].pk}": "Written by Colin"},
    )
    answers = {a.question.key: a for a in police_return.answers.select_related("question")}
    assert answers["training-score"].score == 3
    assert answers["training-how"].text == "Written by Colin"


def test_evidence_upload_and_download(client, police_lead, police_return, health_lead):
    client.force_login(police_lead)
    url = reverse("returns:evidence_add", args=[police_return.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "file": SimpleUploadedFile("policy.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf"),
            "description": "Safeguarding policy",
            "question": "",
        },
    )
    assert response.status_code == 302
    evidence = police_return.evidence.get()
    download = client.get(reverse("returns:evidence_download", args=[evidence.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    client.force_login(health_lead)
    assert client.get(reverse("returns:evidence_download", args=[evidence.pk])).status_code == 404


def test_another_agency_gets_404(client, health_lead, police_return):
    client.force_login(health_lead)
    for name in ("return_detail", "sign_off", "moderate", "evidence_add", "invite"):
        assert client.get(reverse(f"returns:{name}", args=[police_return.pk])).status_code == 404


def _answer_all(lead, answered):
    answers = {}
    for question in by_key(answered).values():
        if question.kind == "scale":
            answers[question.pk] = {"score": 3}
    services.save_answers(lead, answered, answers)


def test_sign_off_then_moderate_then_the_agency_sees_the_reason(
    client, business_unit, police_lead, police_return
):
    client.force_login(police_lead)
    check = client.get(reverse("returns:sign_off", args=[police_return.pk]))
    assert "Answer every" not in check.content.decode()
    assert "There is a problem" in check.content.decode()
    _answer_all(police_lead, police_return)
    response = client.post(reverse("returns:sign_off", args=[police_return.pk]))
    assert response.status_code == 302
    police_return.refresh_from_db()
    assert police_return.is_locked
    client.force_login(business_unit)
    url = reverse("returns:moderate", args=[police_return.pk])
    assert client.get(url).status_code == 200
    question = by_key(police_return)["information-sharing-score"]
    response = client.post(
        url, {f"q{question.pk}": "1", f"q{question.pk}_reason": "No sharing agreement seen"}
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    client.force_login(police_lead)
    page = client.get(reverse("returns:return_detail", args=[police_return.pk])).content.decode()
    assert "No sharing agreement seen" in page
    assert "Moderated score: 1: Partly met" in page or "Partly met (1)" in page


def test_the_business_unit_sends_a_request_from_the_section_11_template(
    client, business_unit, children_board, police, health, police_lead
):
    client.force_login(business_unit)
    url = reverse("returns:request_create")
    page = client.get(url)
    assert page.status_code == 200
    assert not Template.objects.exists()  # showing the form writes nothing
    response = client.post(
        url,
        {
            "submission": page.context["form"]["submission"].value(),
            "title": "Section 11, 2031",
            "template": "ready:section_11",
            "deadline": "28/06/2030",
            "sectors": ["police"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:5000]
    sent = Request.objects.get(title="Section 11, 2031")
    assert list(sent.returns.values_list("agency__name", flat=True)) == [police.name]


def test_compliance_pages(client, business_unit, police_lead, police_return, sent):
    _answer_all(police_lead, police_return)
    services.sign_off(police_lead, police_return)
    client.force_login(business_unit)
    detail = client.get(reverse("returns:request_detail", args=[sent.pk]))
    assert detail.status_code == 200
    assert "Scores by standard across agencies" in detail.content.decode()
    csv = client.get(reverse("returns:request_detail", args=[sent.pk]) + "?download=csv")
    assert b"Lancashire Constabulary" in b"".join(csv.streaming_content)
    tri = client.get(reverse("returns:triangulation", args=[sent.pk]))
    assert tri.status_code == 200
    agency = client.get(reverse("returns:agency_scores", args=[police_return.agency_id]))
    assert agency.status_code == 200
    assert "<svg" in agency.content.decode()
    for name in ("home", "request_list", "template_list", "findings_create"):
        assert client.get(reverse(f"returns:{name}")).status_code == 200


def test_late_filter(client, business_unit, sent, police_return):
    Request.objects.filter(pk=sent.pk).update(deadline=datetime.date(2020, 1, 1))
    client.force_login(business_unit)
    page = client.get(reverse("returns:home") + "?late=true")
    assert page.status_code == 200
    assert "Late" in page.content.decode()
    assert Return.objects.count() == 2


@pytest.mark.parametrize("name", ["reopen", "ask_evidence", "challenge"])
def test_moderator_forms_show(client, business_unit, police_lead, police_return, name):
    _answer_all(police_lead, police_return)
    services.sign_off(police_lead, police_return)
    client.force_login(business_unit)
    assert client.get(reverse(f"returns:{name}", args=[police_return.pk])).status_code == 200
