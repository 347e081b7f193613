from datetime import timedelta

import pytest
from django.utils import timezone

from safeguarding.core.workdays import (
    add_working_days,
    working_day_on_or_after,
    working_day_on_or_before,
)
from safeguarding.inspections import services
from safeguarding.organisations.models import Agency, Area
from safeguarding.organisations.tests.factories import AgencyFactory


def fieldwork(day):
    """Five working days of fieldwork from the working day on or after `day`: (start, end)."""
    start = working_day_on_or_after(day)
    return start, add_working_days(start, 4)


def locality(name):
    return Area.objects.get(kind=Area.Kind.LOCALITY, name=name)


def district(name):
    return Area.objects.get(kind=Area.Kind.DISTRICT, name=name)


@pytest.fixture
def burnley(county):
    return locality("Burnley and Pendle")


@pytest.fixture
def preston(county):
    return locality("Preston")


def _agency(name, sector, districts):
    agency = AgencyFactory(name=name, sector=sector)
    agency.districts.set([district(d) for d in districts])
    return agency


@pytest.fixture
def police(county):
    return _agency("Lancashire Constabulary", Agency.Sector.POLICE, ["Burnley", "Preston"])


@pytest.fixture
def health(county):
    return _agency("East Pennine Hospitals", Agency.Sector.HEALTH, ["Burnley", "Pendle"])


@pytest.fixture
def school(county):
    return _agency("Preston Academy", Agency.Sector.EDUCATION, ["Preston"])


@pytest.fixture
def police_lead(make_person, police):
    return make_person("agency_lead", lead_of=police, agency=police, full_name="Pat Police Lead")


@pytest.fixture
def health_lead(make_person, health):
    return make_person("agency_lead", lead_of=health, agency=health, full_name="Hal Health Lead")


@pytest.fixture
def school_lead(make_person, school):
    return make_person("agency_lead", lead_of=school, agency=school)


@pytest.fixture
def police_reviewer(make_person, police):
    return make_person("inspection_reviewer", agency=police, full_name="Ruth Police Reviewer")


@pytest.fixture
def health_reviewer(make_person, health):
    return make_person("inspection_reviewer", agency=health, full_name="Hugh Health Reviewer")


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def make_inspection(business_unit, children_board, burnley):
    """Fieldwork from the working day on or before `start_in_days` from today, for five
    working days, whatever day the suite runs: -1 is in fieldwork today (begun on the last
    working day before today), 10 and 14 have had their notice date (14: by today), 30 has
    not (the notice date is at least a week away)."""

    def make(start_in_days=30, locality=None, **kwargs):
        start = working_day_on_or_before(timezone.localdate() + timedelta(days=start_in_days))
        return services.schedule_inspection(
            business_unit,
            board=children_board,
            locality=locality or burnley,
            fieldwork_start=start,
            fieldwork_end=add_working_days(start, 4),
            criteria="Children at risk of sexual exploitation",
            **kwargs,
        )

    return make


@pytest.fixture
def inspection(make_inspection):
    """Fieldwork starts in 30 days: the notice date is 16 days away (not yet announced)."""
    return make_inspection(30)


@pytest.fixture
def live(
    make_inspection,
    business_unit,
    police,
    health,
    police_reviewer,
    health_reviewer,
    police_lead,
    health_lead,
):
    """An inspection in fieldwork: notice given, team of two (health lead reviewer), three
    cases submitted and sampled, audits assigned."""
    inspection = make_inspection(-1)
    services.add_team_member(business_unit, inspection, person=health_reviewer, is_lead=True)
    services.add_team_member(business_unit, inspection, person=police_reviewer)
    services.submit_case(business_unit, inspection, agency=police, record_number="P-100")
    services.submit_case(business_unit, inspection, agency=police, record_number="P-101")
    case, _ = services.submit_case(business_unit, inspection, agency=health, record_number="H-1")
    services.submit_case(
        business_unit, inspection, agency=police, record_number="P-102", reference=case.reference
    )
    services.draw_sample(business_unit, inspection, size=3, seed=42)
    services.assign_audits(business_unit, inspection)
    inspection.refresh_from_db()
    return inspection


def complete_audit(reviewer, audit, grade="good", submit=True):
    themes = list(audit.inspection.template.themes.prefetch_related("questions"))
    return services.save_audit(
        reviewer,
        audit,
        answers={q.pk: "Seen and recorded" for t in themes for q in t.questions.all()},
        theme_grades={t.pk: (grade, "Clear evidence on file") for t in themes},
        grade=grade,
        grade_reason="Timely and well recorded",
        good_practice="Strategy meeting held the same day",
        areas_for_improvement="Record the child's views more fully",
        submit=submit,
    )
