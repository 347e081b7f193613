import datetime
import zoneinfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from safeguarding.actionplans.models import Action, ActionPlan
from safeguarding.core.models import AuditEvent, OutboundEmail
from safeguarding.core.testing.mail import check_reads_well, received, text_body
from safeguarding.core.workdays import is_working_day, working_day_on_or_before
from safeguarding.inspections import services
from safeguarding.inspections.models import Case, CaseAudit, Inspection, Notice
from safeguarding.inspections.selectors import missing_sectors
from safeguarding.organisations.models import Area

from .conftest import complete_audit, fieldwork

pytestmark = pytest.mark.django_db


def test_notice_date_is_fourteen_days_before_or_the_working_day_before_that(inspection):
    assert inspection.notice_date == working_day_on_or_before(
        inspection.fieldwork_start - datetime.timedelta(days=14)
    )
    assert is_working_day(inspection.notice_date)
    assert inspection.code.startswith(f"MASPI-{inspection.fieldwork_start.year}-B")
    assert AuditEvent.objects.filter(
        verb="inspection scheduled", target_id=str(inspection.pk)
    ).exists()


def test_programme_visits_every_locality_before_any_twice(business_unit, children_board, county):
    first = services.generate_programme(business_unit, board=children_board, year=2015)
    second = services.generate_programme(business_unit, board=children_board, year=2016)
    localities = [i.locality.name for i in first + second]
    assert len(localities) == 6
    assert len(set(localities[:5])) == 5  # all five before any repeats
    assert localities[5] == localities[0]
    assert [i.fieldwork_start.month for i in first] == [6, 10, 2]
    assert all(i.fieldwork_start.weekday() == 0 for i in first)


def test_programme_year_cannot_be_generated_twice(business_unit, children_board, county):
    services.generate_programme(business_unit, board=children_board, year=2015)
    with pytest.raises(ValidationError) as error:
        services.generate_programme(business_unit, board=children_board, year=2015)
    assert "year" in error.value.message_dict


def test_second_visit_in_a_round_needs_a_reason(make_inspection, burnley):
    make_inspection(30)
    with pytest.raises(ValidationError) as error:
        make_inspection(120)
    message = error.value.message_dict["override_reason"][0]
    assert "Burnley and Pendle has already had an inspection" in message
    assert "Preston" in message
    again = make_inspection(120, override_reason="Board asked for a follow-up on CSE")
    assert again.override_reason == "Board asked for a follow-up on CSE"


def test_only_the_business_unit_schedules(make_person, children_board, burnley):
    lead = make_person(
        "agency_lead",
        lead_of=__import__(
            "safeguarding.organisations.tests.factories", fromlist=["AgencyFactory"]
        ).AgencyFactory(),
    )
    with pytest.raises(PermissionDenied):
        services.schedule_inspection(
            lead,
            board=children_board,
            locality=burnley,
            fieldwork_start=datetime.date(2030, 1, 7),
            fieldwork_end=datetime.date(2030, 1, 11),
        )


def test_moving_dates_moves_the_notice(inspection, business_unit):
    start, end = fieldwork(inspection.fieldwork_start + datetime.timedelta(days=7))
    moved = services.move_inspection(
        business_unit, inspection, fieldwork_start=start, fieldwork_end=end
    )
    assert moved.notice_date == Inspection.notice_for(start)
    assert is_working_day(moved.notice_date)


def test_reviewer_never_audits_own_agency(live, business_unit, police_reviewer):
    audits = CaseAudit.objects.filter(inspection=live).select_related("reviewer")
    assert audits.count() == 4
    assert all(a.reviewer.agency_id != a.agency_id for a in audits)
    police_record = live.cases.first().records.get(agency__name="Lancashire Constabulary")
    with pytest.raises(ValidationError) as error:
        services.assign_audit(business_unit, police_record, reviewer=police_reviewer)
    message = error.value.message_dict["reviewer"][0]
    assert "works for Lancashire Constabulary" in message
    assert "never audit their own agency's records" in message


def test_team_missing_sector_warning(live):
    missing = missing_sectors(live)
    assert "Education" in missing
    assert "Police" not in missing
    assert "Health" not in missing


def test_case_references_are_pseudonyms_and_no_name_field(live):
    refs = list(live.cases.values_list("reference", flat=True))
    assert refs == [f"{live.code}-001", f"{live.code}-002", f"{live.code}-003"]
    names = {f.name for f in Case._meta.get_fields()} | {
        f.name for f in CaseAudit._meta.get_fields()
    }
    assert not {n for n in names if "name" in n}


def test_sample_reproduces_from_its_seed(live, business_unit, police):
    numbers = list(range(1, 21))
    assert services.sample_numbers(numbers, 5, 1234) == services.sample_numbers(numbers, 5, 1234)
    assert live.sample_seed == 42
    assert sorted(live.cases.filter(in_sample=True).values_list("number", flat=True)) == sorted(
        services.sample_numbers([1, 2, 3], 3, 42)
    )


def test_sample_drawn_with_recorded_seed(inspection, business_unit, police, today):
    inspection.notice_date = today
    for n in range(10):
        services.submit_case(business_unit, inspection, agency=police, record_number=f"R{n}")
    first = services.draw_sample(business_unit, inspection, size=4)
    inspection.refresh_from_db()
    seed = inspection.sample_seed
    again = services.draw_sample(business_unit, inspection, size=4, seed=seed)
    assert first == again
    event = AuditEvent.objects.filter(verb="sample drawn").last()
    assert event.payload["seed"] == seed


def test_agency_lead_submits_only_for_own_agency(make_inspection, police_lead, health):
    inspection = make_inspection(10)  # notice given 4 days ago
    case, warnings = services.submit_case(
        police_lead,
        inspection,
        agency=police_lead.agency,
        record_number="X1",
        notes="Mrs Jones made the referral",
        confirm_no_names=True,
    )
    assert case.reference.endswith("-001")
    assert warnings == ["notes"]
    with pytest.raises(ValidationError):
        services.submit_case(police_lead, inspection, agency=health, record_number="X2")


def test_agency_cannot_submit_before_notice(inspection, police_lead):
    with pytest.raises(PermissionDenied):
        services.submit_case(police_lead, inspection, agency=police_lead.agency, record_number="1")


def test_audit_submit_and_moderate(live, business_unit, health_reviewer, police_reviewer):
    own = CaseAudit.objects.filter(inspection=live, reviewer=police_reviewer).first()
    complete_audit(police_reviewer, own)
    with pytest.raises(PermissionDenied):  # the lead reviewer's own agency's records
        services.moderate_audit(health_reviewer, own, final_grade="good", theme_finals={})
    audit = CaseAudit.objects.filter(inspection=live, reviewer=health_reviewer).first()
    with pytest.raises(ValidationError):
        services.save_audit(health_reviewer, audit, answers={}, theme_grades={}, submit=True)
    complete_audit(health_reviewer, audit, grade="good")
    audit.refresh_from_db()
    assert audit.state == CaseAudit.State.SUBMITTED
    with pytest.raises(PermissionDenied):  # no longer editable
        complete_audit(health_reviewer, audit)
    with pytest.raises(ValidationError):  # a different grade needs a reason
        services.moderate_audit(
            business_unit, audit, final_grade="requires_improvement", theme_finals={}
        )
    services.moderate_audit(
        business_unit,
        audit,
        final_grade="requires_improvement",
        theme_finals={},
        note="Drift between reviews",
    )
    audit.refresh_from_db()
    assert audit.final_grade == "requires_improvement"
    assert audit.state == CaseAudit.State.MODERATED


def test_other_reviewer_cannot_complete_someone_elses_audit(live, health_reviewer, police_reviewer):
    audit = CaseAudit.objects.filter(inspection=live, reviewer=police_reviewer).first()
    with pytest.raises(PermissionDenied):
        complete_audit(health_reviewer, audit)


def test_publish_turns_improvements_into_actions(
    live, business_unit, health, police_reviewer, health_reviewer
):
    for audit in CaseAudit.objects.filter(inspection=live):
        complete_audit(audit.reviewer, audit)
    services.add_finding(business_unit, live, kind="good_practice", text="Prompt strategy meetings")
    services.add_finding(
        business_unit, live, kind="improvement", text="Record the child's voice", agency=health
    )
    with pytest.raises(ValidationError):
        services.add_finding(business_unit, live, kind="improvement", text="No owner")
    plan = services.publish_report(
        business_unit,
        live,
        summary="Mostly good practice",
        board_received_on=None,
        plan_end=live.fieldwork_end + datetime.timedelta(days=365),
    )
    live.refresh_from_db()
    assert plan.origin_kind == ActionPlan.Origin.PRACTICE_INSPECTION
    assert plan.origin_reference == f"inspections.inspection:{live.pk}"
    assert list(plan.shared_with.all()) == [live.locality]
    action = Action.objects.get(plan=plan)
    assert action.owner_agency == health
    assert action.what == "Record the child's voice"
    assert live.status == Inspection.Status.REPORTED
    assert live.grade_summary["audits"] == 4
    assert sum(live.grade_summary["overall"]) == 4
    assert live.visible_until == plan.period_end


def test_publish_refused_while_audits_in_progress(live, business_unit):
    with pytest.raises(ValidationError):
        services.publish_report(
            business_unit,
            live,
            summary="x",
            board_received_on=None,
            plan_end=live.fieldwork_end + datetime.timedelta(days=365),
        )


def test_template_edit_makes_a_new_version_and_inspections_keep_theirs(inspection, business_unit):
    old = inspection.template
    new = services.save_template(
        business_unit,
        old,
        text="## Help and protection\n- Was the risk assessed?\n## Voice\n- Heard?",
    )
    assert new.version == old.version + 1
    inspection.refresh_from_db()
    assert inspection.template == old
    assert services.default_template() == new
    with pytest.raises(ValidationError):
        services.save_template(business_unit, old, text="A question before any theme")


def at(day):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(9), zoneinfo.ZoneInfo("Europe/London")),
        tick=False,
    )


def test_notices_sent_once_exactly_two_weeks_before(
    business_unit,
    children_board,
    burnley,
    police_lead,
    health_lead,
    school_lead,
    django_capture_on_commit_callbacks,
):
    from safeguarding.inspections.sweeps import send_inspection_notices

    with at(datetime.date(2015, 9, 1)):
        inspection = services.schedule_inspection(
            business_unit,
            board=children_board,
            locality=burnley,
            fieldwork_start=datetime.date(2015, 10, 12),
            fieldwork_end=datetime.date(2015, 10, 16),
        )
    with at(datetime.date(2015, 9, 27)), django_capture_on_commit_callbacks(execute=True):
        assert send_inspection_notices() == 0  # a day early
    with at(datetime.date(2015, 9, 28)), django_capture_on_commit_callbacks(execute=True):
        assert send_inspection_notices() == 2  # police and health serve Burnley; the school not
        assert send_inspection_notices() == 0  # the sweep runs again
    with at(datetime.date(2015, 9, 29)), django_capture_on_commit_callbacks(execute=True):
        assert send_inspection_notices() == 0  # the next day, after a restart
    assert sorted(m.to[0] for m in mail.outbox) == sorted([police_lead.email, health_lead.email])
    assert "two weeks' notice" in mail.outbox[0].body
    assert "12 October 2015" in mail.outbox[0].body
    assert OutboundEmail.objects.filter(purpose="inspections.fieldwork_notice").count() == 2
    notices = Notice.objects.filter(inspection=inspection)
    assert notices.count() == 2
    assert {n.sent_at.date() for n in notices} == {datetime.date(2015, 9, 28)}
    inspection.refresh_from_db()
    assert inspection.status == Inspection.Status.NOTIFIED


def test_cancelled_inspection_sends_no_notice(make_inspection, business_unit, police_lead):
    inspection = make_inspection(14)
    services.cancel_inspection(business_unit, inspection, reason="Merged with the next one")
    services.send_notices(inspection)
    assert not mail.outbox


def test_unknown_locality_kind_refused(business_unit, children_board, county):
    district = Area.objects.filter(kind=Area.Kind.DISTRICT).first()
    with pytest.raises(ValidationError):
        services.schedule_inspection(
            business_unit,
            board=children_board,
            locality=district,
            fieldwork_start=datetime.date(2030, 1, 7),
            fieldwork_end=datetime.date(2030, 1, 11),
        )


def test_subject_access_lists_reviews(live, police_reviewer):
    from safeguarding.inspections.data_protection import inspection_reviews

    data = inspection_reviews(police_reviewer)
    assert data["review_teams"][0]["inspection"] == live.code
    assert all(row["case"].startswith(live.code) for row in data["case_audits"])


def test_business_unit_told_to_choose_a_team(make_inspection, business_unit, police_reviewer):
    from safeguarding.inspections.home import inspections_to_prepare

    inspection = make_inspection(30)
    items = inspections_to_prepare(business_unit, None)
    assert [i.deadline for i in items] == [inspection.notice_date]
    services.add_team_member(business_unit, inspection, person=police_reviewer, is_lead=True)
    assert inspections_to_prepare(business_unit, None) == []


def test_nobody_moderates_an_audit_they_wrote(
    live, make_person, business_unit, health_reviewer, health, school
):
    """The lead reviewer moderates the team's audits, never their own; neither do business-unit
    staff or superusers who audited a case themselves."""
    own = CaseAudit.objects.filter(inspection=live, reviewer=health_reviewer).first()
    complete_audit(health_reviewer, own)
    own.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.moderate_audit(health_reviewer, own, final_grade="good", theme_finals={})
    colleague = make_person("inspection_reviewer", agency=school)
    services.add_team_member(business_unit, live, person=colleague)
    other = CaseAudit.objects.filter(inspection=live, reviewer=health_reviewer).last()
    assert other.pk != own.pk
    other = services.assign_audit(business_unit, other.record, reviewer=colleague)
    complete_audit(colleague, other)
    other.refresh_from_db()
    services.moderate_audit(health_reviewer, other, final_grade="good", theme_finals={})
    other.refresh_from_db()
    assert other.state == CaseAudit.State.MODERATED
    own.refresh_from_db()
    assert own.state == CaseAudit.State.SUBMITTED

    superuser = make_person("inspection_reviewer", agency=school, is_superuser=True)
    services.add_team_member(business_unit, live, person=superuser)
    theirs = CaseAudit.objects.get(inspection=live, agency=health)
    theirs = services.assign_audit(business_unit, theirs.record, reviewer=superuser)
    complete_audit(superuser, theirs)
    theirs.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.moderate_audit(superuser, theirs, final_grade="good", theme_finals={})
    theirs.refresh_from_db()
    assert theirs.state == CaseAudit.State.SUBMITTED


def test_notice_reads_well_as_received(
    business_unit, children_board, burnley, police_lead, settings, mailoutbox
):
    from safeguarding.inspections.sweeps import send_inspection_notices

    settings.SITE_URL = "http://hub.example.org:8123"
    with at(datetime.date(2015, 9, 1)):
        inspection = services.schedule_inspection(
            business_unit,
            board=children_board,
            locality=burnley,
            fieldwork_start=datetime.date(2015, 10, 12),
            fieldwork_end=datetime.date(2015, 10, 16),
        )
    with at(datetime.date(2015, 9, 28)):
        send_inspection_notices()
        (message,) = received()
    assert check_reads_well(message) == []
    text = text_body(message)
    assert "Fieldwork: Monday 12 October 2015 to Friday 16 October 2015" in text
    assert f"http://hub.example.org:8123/inspections/{inspection.pk}/" in text
    assert "two weeks' notice" in text
