import datetime
import re

import pytest
from django.urls import reverse

from safeguarding.core.testing.pdfs import flowing_text, layout_pages
from safeguarding.inspections import services
from safeguarding.inspections.models import AuditTemplate, Case, CaseAudit, Inspection, TeamMember
from safeguarding.organisations.models import Agency

from .conftest import complete_audit, fieldwork

pytestmark = pytest.mark.django_db


def date_fields(prefix, day):
    return {prefix: f"{day:%d/%m/%Y}"}


def test_programme_page_and_generation(
    client, business_unit, county, django_assert_max_num_queries
):
    client.force_login(business_unit)
    response = client.post(reverse("inspections:programme_generate"), {"year": "2015"})
    assert response.status_code == 302
    assert Inspection.objects.count() == 3
    with django_assert_max_num_queries(15):
        page = client.get(reverse("inspections:programme"))
    text = page.content.decode()
    assert "Burnley and Pendle" in text
    assert "8 June 2015" in text
    again = client.post(reverse("inspections:programme_generate"), {"year": "2015"})
    assert again.status_code == 200
    assert "already has inspections" in again.content.decode()


def test_add_inspection_needs_reason_for_second_visit(client, business_unit, inspection, burnley):
    client.force_login(business_unit)
    start, end = fieldwork(inspection.fieldwork_start + datetime.timedelta(days=100))
    data = {
        "locality": burnley.pk,
        **date_fields("fieldwork_start", start),
        **date_fields("fieldwork_end", end),
    }
    response = client.post(reverse("inspections:inspection_create"), data)
    assert response.status_code == 200
    assert "has already had an inspection in this round" in response.content.decode()
    data["override_reason"] = "Follow-up requested by the board"
    assert client.post(reverse("inspections:inspection_create"), data).status_code == 302


def test_move_dates_page(client, business_unit, inspection):
    client.force_login(business_unit)
    start, end = fieldwork(inspection.fieldwork_start + datetime.timedelta(days=7))
    response = client.post(
        reverse("inspections:inspection_edit", args=[inspection.pk]),
        {
            **date_fields("fieldwork_start", start),
            **date_fields("fieldwork_end", end),
        },
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.notice_date == Inspection.notice_for(start)


def test_team_page_warns_about_missing_sectors(client, business_unit, inspection, police_reviewer):
    client.force_login(business_unit)
    response = client.post(
        reverse("inspections:team_add", args=[inspection.pk]),
        {"person": police_reviewer.pk, "is_lead": "on"},
    )
    assert response.status_code == 302
    assert TeamMember.objects.get(inspection=inspection).is_lead
    page = client.get(
        reverse("inspections:inspection_detail", args=[inspection.pk])
    ).content.decode()
    assert "Nobody on the team is from" in page
    assert "Health" in page


def test_case_notes_with_a_name_need_confirmation(client, make_inspection, police_lead):
    inspection = make_inspection(10)
    client.force_login(police_lead)
    url = reverse("inspections:case_submit", args=[inspection.pk])
    data = {
        "agency": police_lead.agency.pk,
        "record_number": "CR-1",
        "notes": "Referred by Mrs Smith after DOB 01/02/2010 was checked",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "looks like a name" in text
    assert "date of birth" in text
    assert not Case.objects.exists()
    data["notes"] = "Two missing episodes; open to children's social care"
    assert client.post(url, data).status_code == 302
    assert Case.objects.get().reference == f"{inspection.code}-001"


def test_sample_page_records_the_seed(client, business_unit, inspection, police):
    for n in range(5):
        services.submit_case(business_unit, inspection, agency=police, record_number=f"R{n}")
    client.force_login(business_unit)
    response = client.post(
        reverse("inspections:sample_draw", args=[inspection.pk]), {"size": 3, "seed": 99}
    )
    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.sample_seed == 99
    assert inspection.cases.filter(in_sample=True).count() == 3


def test_assign_page_refuses_own_agency(client, business_unit, live, police_reviewer, police):
    CaseAudit.objects.filter(inspection=live).delete()
    record = live.cases.get(number=1).records.get(agency=police)
    client.force_login(business_unit)
    response = client.post(
        reverse("inspections:audit_assign", args=[live.pk]),
        {"record": record.pk, "reviewer": police_reviewer.pk},
    )
    assert response.status_code == 200
    assert "never audit their own agency" in response.content.decode().replace("&#x27;", "'")


def _audit_post(audit, grade="good"):
    data = {
        "grade": grade,
        "grade_reason": "Well recorded",
        "good_practice": "Prompt strategy meeting",
        "areas_for_improvement": "Child's voice",
    }
    for theme in audit.inspection.template.themes.prefetch_related("questions"):
        data[f"theme_{theme.pk}"] = grade
        data[f"reason_{theme.pk}"] = "Evidence seen"
        for question in theme.questions.all():
            data[f"answer_{question.pk}"] = "Yes"
    return data


def test_reviewer_saves_submits_and_someone_else_moderates(
    client, live, business_unit, police_reviewer, health_reviewer, police
):
    audit = CaseAudit.objects.filter(
        inspection=live, reviewer=health_reviewer, agency=police
    ).first()
    client.force_login(health_reviewer)
    url = reverse("inspections:audit_detail", args=[audit.pk])
    assert client.get(url).status_code == 200
    incomplete = client.post(url, {"submit": "1", "grade": "good"})
    assert incomplete.status_code == 400
    assert "Choose a grade for" in incomplete.content.decode()
    assert client.post(url, {**_audit_post(audit), "submit": "1"}).status_code == 302
    audit.refresh_from_db()
    assert audit.state == CaseAudit.State.SUBMITTED
    assert audit.theme_grades.count() == 4
    moderate = reverse("inspections:audit_moderate", args=[audit.pk])
    data = {"final_grade": "requires_improvement", "note": "Drift in the plan"}
    for entry in audit.theme_grades.all():
        data[f"final_{entry.theme_id}"] = "good"
    # The lead reviewer wrote this audit: someone else moderates it.
    assert client.post(moderate, data).status_code == 403
    assert "Moderate the grades" not in client.get(url).content.decode()
    audit.refresh_from_db()
    assert audit.state == CaseAudit.State.SUBMITTED
    client.force_login(business_unit)
    # The moderator sees the reviewer's grade and reasons beside each field they agree.
    form_page = client.get(moderate).content.decode()
    entry = audit.theme_grades.select_related("theme").first()
    assert f"The reviewer&#x27;s grade: {entry.get_grade_display()}." in form_page
    assert f"Their reasons: {entry.reason}" in form_page
    assert client.post(moderate, data).status_code == 302
    audit.refresh_from_db()
    assert audit.final_grade == "requires_improvement"


def test_report_page_pdf_and_publish(
    client, live, business_unit, health, django_assert_max_num_queries
):
    for audit in CaseAudit.objects.filter(inspection=live):
        complete_audit(audit.reviewer, audit)
    client.force_login(business_unit)
    assert (
        client.post(
            reverse("inspections:finding_create", args=[live.pk]),
            {"kind": "improvement", "text": "Hear the child's voice", "agency": health.pk},
        ).status_code
        == 302
    )
    with django_assert_max_num_queries(20):
        report = client.get(reverse("inspections:report", args=[live.pk]))
    text = report.content.decode()
    assert "<svg" in text
    assert "Number of theme grades by theme" in text
    pdf = client.get(reverse("inspections:report_pdf", args=[live.pk]))
    assert pdf.content.startswith(b"%PDF")
    end = live.fieldwork_end + datetime.timedelta(days=300)
    response = client.post(
        reverse("inspections:publish", args=[live.pk]),
        {"summary": "Good joint working", **date_fields("plan_end", end)},
    )
    assert response.status_code == 302
    live.refresh_from_db()
    assert live.action_plan.actions.get().owner_agency == health


def test_engagement_page(client, live, police_reviewer, health):
    client.force_login(police_reviewer)
    theme = live.template.themes.first()
    response = client.post(
        reverse("inspections:engagement_create", args=[live.pk]),
        {
            "kind": "interview",
            "agency": health.pk,
            "practitioner_role": "Health visitor",
            **date_fields("date", live.fieldwork_start),
            "themes": [theme.pk],
            "observations": "Clear about escalation routes",
        },
    )
    assert response.status_code == 302
    assert live.engagements.get().themes.get() == theme


def test_trends_page(client, business_unit, county):
    from safeguarding.inspections.demo import load_demo

    load_demo()
    client.force_login(business_unit)
    response = client.get(reverse("inspections:trends"))
    assert response.status_code == 200
    assert "Burnley and Pendle, October 2014" in response.content.decode()


def test_template_edit_page_makes_a_new_version(client, business_unit, inspection):
    client.force_login(business_unit)
    assert client.get(reverse("inspections:template_list")).status_code == 200
    response = client.post(
        reverse("inspections:template_edit", args=[inspection.template.pk]),
        {"text": "## Help and protection\n- Was the risk assessed?"},
    )
    assert response.status_code == 302
    assert AuditTemplate.objects.count() == 2


def test_home_items_for_reviewers(live, health_reviewer, police_reviewer):
    from safeguarding.inspections.home import audits_to_complete, audits_to_moderate

    items = audits_to_complete(health_reviewer)
    assert items
    assert all(i.deadline == live.fieldwork_end for i in items)
    assert items[0].title.startswith("Complete the case audit MASPI-")
    audit = CaseAudit.objects.filter(inspection=live, reviewer=police_reviewer).first()
    complete_audit(police_reviewer, audit)
    assert audits_to_moderate(health_reviewer) == []  # its own agency's records
    assert audits_to_moderate(police_reviewer) == []  # not the lead
    own = CaseAudit.objects.filter(inspection=live, reviewer=health_reviewer).first()
    complete_audit(health_reviewer, own)
    assert audits_to_moderate(health_reviewer) == []  # the lead's own audit


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_detail_page_queries_do_not_grow_with_the_data(
    client, live, business_unit, police, health, health_reviewer
):
    def add_some(n):
        services.record_engagement(
            business_unit,
            live,
            kind="interview",
            agency=health,
            practitioner_role="Nurse",
            date=live.fieldwork_start,
            observations="Knew the plan",
            themes=live.template.themes.all()[:n],
        )
        services.add_finding(business_unit, live, kind="good_practice", text=f"Joint visits {n}")

    client.force_login(business_unit)
    url = reverse("inspections:inspection_detail", args=[live.pk])
    add_some(1)
    _queries(client, url)  # the first page of a test also fills this process's caches
    before = _queries(client, url)
    assert before <= 30
    add_some(3)
    complete_audit(health_reviewer, CaseAudit.objects.filter(reviewer=health_reviewer).first())
    client.get(reverse("inspections:audit_detail", args=[CaseAudit.objects.first().pk]))
    assert _queries(client, url) == before
    audit = CaseAudit.objects.filter(inspection=live).first()
    assert _queries(client, reverse("inspections:audit_detail", args=[audit.pk])) <= 30


def test_cancel_page_frees_the_locality_for_the_round(client, business_unit, inspection, burnley):
    client.force_login(business_unit)
    url = reverse("inspections:inspection_cancel", args=[inspection.pk])
    assert "Say why" in client.post(url, {"reason": ""}).content.decode()
    assert client.post(url, {"reason": "Clashes with the Ofsted visit"}).status_code == 302
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.CANCELLED
    assert burnley in services.due_localities(inspection.board)


def test_home_page_lists_audits_to_complete(client, live, health_reviewer):
    client.force_login(health_reviewer)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "Complete the case audit" in response.content.decode()


def test_trends_download(client, business_unit, county):
    from safeguarding.inspections.demo import load_demo

    load_demo()
    client.force_login(business_unit)
    response = client.get(reverse("inspections:trends_export", args=["csv"]))
    body = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    assert "Case grades by inspection" in body
    assert "Burnley and Pendle, October 2014" in body
    assert client.get(reverse("inspections:trends_export", args=["pdf"])).status_code == 404


def test_remove_a_finding_before_publishing(client, live, business_unit, police_lead):
    finding = services.add_finding(business_unit, live, kind="good_practice", text="Joint visits")
    url = reverse("inspections:finding_remove", args=[live.pk, finding.pk])
    client.force_login(police_lead)
    assert client.post(url).status_code == 403
    client.force_login(business_unit)
    assert client.post(url).status_code == 302
    assert not live.findings.exists()


def test_grade_table_rows_are_escaped():
    from safeguarding.inspections.views import _grade_chart

    chart = _grade_chart([{"label": "<b>Agency</b>", "counts": [1, 2, 0, 0]}], "Grades", "Agency")
    assert "&lt;b&gt;Agency&lt;/b&gt;" in chart.table
    assert "&lt;b&gt;Agency&lt;/b&gt;" in chart.svg
    assert chart.table.count("govuk-table__cell--numeric") == 5
    assert ">3</td>" in chart.table  # the total, "All"
    assert "No grades recorded yet" in _grade_chart([], "Grades", "Agency").table


def test_report_pdf_columns_stand_apart_and_long_names_print_whole(
    client, live, business_unit, health
):
    """The grade columns' headers were printed over each other ("Requires improvemInadequate")
    and agency names cut at 40 characters, with letters beyond Latin-1 turned into "?"."""
    long_name = "East Pennine Hospitals NHS Trust, Łukasz Wiśniewski’s safeguarding team"
    Agency.objects.filter(pk=health.pk).update(name=long_name)
    for audit in CaseAudit.objects.filter(inspection=live):
        complete_audit(audit.reviewer, audit)
    client.force_login(business_unit)
    content = client.get(reverse("inspections:report_pdf", args=[live.pk])).content
    text = flowing_text(content)
    assert "Theme Outstanding Good Requires improvement Inadequate All" in text
    assert "Agency Outstanding Good Requires improvement Inadequate All" in text
    assert long_name in text
    headers = [line for line in layout_pages(content)[0].splitlines() if "Outstanding" in line]
    assert headers
    for line in headers:
        assert re.search(r"Outstanding\s{2,}Good\s{2,}Requires\s{2,}Inadequate\s{2,}All", line)


def test_the_sample_seed_is_shown_only_to_whoever_runs_the_inspection(
    client, business_unit, live, make_person
):
    """The seed draws the same sample again; to a locality board member it is noise."""
    url = reverse("inspections:inspection_detail", args=[live.pk])
    client.force_login(business_unit)
    assert "(seed 42)" in client.get(url).content.decode()
    client.force_login(make_person("cpb_member", area=live.locality))
    page = client.get(url).content.decode()
    assert "3 cases drawn on" in page
    assert "seed" not in page
