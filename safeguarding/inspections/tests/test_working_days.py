"""Issue 12: fieldwork starts and ends on working days (weekdays that are not England bank
holidays) however the dates arrive (the schedule and move pages, the API, the programme
generator), and notices are due and go out on working days."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from safeguarding.core.workdays import (
    add_working_days,
    is_working_day,
    working_day_on_or_after,
)
from safeguarding.inspections import services
from safeguarding.inspections.models import Inspection, Notice

from .conftest import fieldwork

pytestmark = pytest.mark.django_db

SUNDAY = datetime.date(2030, 6, 9)
SPRING_BANK_HOLIDAY = datetime.date(2030, 5, 27)
BOXING_DAY_SUBSTITUTE = datetime.date(2026, 12, 28)


def at(day, hour=9):
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(hour), zoneinfo.ZoneInfo("Europe/London")),
        tick=False,
    )


def _future(kind: str) -> datetime.date:
    """A Sunday, or a weekday bank holiday, at least 30 days from today (whatever today is),
    so a move to it is not refused for the notice period first."""
    day = timezone.localdate() + datetime.timedelta(days=30)
    while True:
        day += datetime.timedelta(days=1)
        if kind == "sunday" and day.weekday() == 6:
            return day
        if kind == "bank holiday" and day.weekday() < 5 and not is_working_day(day):
            return day


def _schedule(business_unit, board, locality, start, end):
    return services.schedule_inspection(
        business_unit, board=board, locality=locality, fieldwork_start=start, fieldwork_end=end
    )


# --- The service -----------------------------------------------------------------------------


def test_fieldwork_starting_on_a_sunday_is_refused_naming_the_day(
    business_unit, children_board, burnley
):
    with pytest.raises(ValidationError) as refused:
        _schedule(
            business_unit,
            children_board,
            burnley,
            datetime.date(2026, 12, 6),
            datetime.date(2026, 12, 10),
        )
    assert refused.value.message_dict == {
        "fieldwork_start": ["Fieldwork must start on a working day: 6 December 2026 is a Sunday"]
    }
    assert not Inspection.objects.exists()


def test_fieldwork_ending_on_a_bank_holiday_is_refused_naming_the_holiday(
    business_unit, children_board, burnley
):
    with pytest.raises(ValidationError) as refused:
        _schedule(
            business_unit,
            children_board,
            burnley,
            datetime.date(2026, 12, 21),
            BOXING_DAY_SUBSTITUTE,
        )
    assert refused.value.message_dict == {
        "fieldwork_end": [
            "Fieldwork must end on a working day: 28 December 2026 is a bank holiday "
            "(Boxing Day substitute)"
        ]
    }


def test_fieldwork_starting_on_a_bank_holiday_is_refused(business_unit, children_board, burnley):
    with pytest.raises(ValidationError) as refused:
        _schedule(
            business_unit,
            children_board,
            burnley,
            SPRING_BANK_HOLIDAY,
            datetime.date(2030, 5, 31),
        )
    assert refused.value.message_dict == {
        "fieldwork_start": [
            "Fieldwork must start on a working day: 27 May 2030 is a bank holiday "
            "(Spring Bank Holiday)"
        ]
    }


def test_moving_fieldwork_onto_a_sunday_or_a_bank_holiday_is_refused(inspection, business_unit):
    sunday = _future("sunday")
    with pytest.raises(ValidationError) as refused:
        services.move_inspection(
            business_unit,
            inspection,
            fieldwork_start=sunday,
            fieldwork_end=add_working_days(sunday, 4),
        )
    assert list(refused.value.message_dict) == ["fieldwork_start"]
    assert "is a Sunday" in refused.value.message_dict["fieldwork_start"][0]

    holiday = _future("bank holiday")
    start = working_day_on_or_after(holiday - datetime.timedelta(days=7))
    with pytest.raises(ValidationError) as refused:
        services.move_inspection(
            business_unit, inspection, fieldwork_start=start, fieldwork_end=holiday
        )
    assert list(refused.value.message_dict) == ["fieldwork_end"]
    assert "is a bank holiday (" in refused.value.message_dict["fieldwork_end"][0]
    inspection.refresh_from_db()
    assert inspection.version == 1  # nothing was saved


# --- The pages and the API -------------------------------------------------------------------


def test_the_schedule_form_shows_the_sunday_in_the_error_summary(client, business_unit, burnley):
    client.force_login(business_unit)
    response = client.post(
        reverse("inspections:inspection_create"),
        {"locality": burnley.pk, "fieldwork_start": "09/06/2030", "fieldwork_end": "14/06/2030"},
    )
    assert response.status_code in (200, 400)
    html = response.content.decode()
    summary = html[html.index("govuk-error-summary__title") :]
    assert (
        '<a href="#id_fieldwork_start">Fieldwork must start on a working day: 9 June 2030 is a '
        "Sunday</a>" in summary
    )
    assert not Inspection.objects.exists()


def test_the_move_form_shows_the_bank_holiday_in_the_error_summary(
    client, business_unit, inspection
):
    client.force_login(business_unit)
    holiday = _future("bank holiday")
    start = working_day_on_or_after(holiday - datetime.timedelta(days=7))
    response = client.post(
        reverse("inspections:inspection_edit", args=[inspection.pk]),
        {
            "fieldwork_start": f"{start:%d/%m/%Y}",
            "fieldwork_end": f"{holiday:%d/%m/%Y}",
            "version": inspection.version,
        },
    )
    assert response.status_code in (200, 400)
    html = response.content.decode()
    summary = html[html.index("govuk-error-summary__title") :]
    assert '<a href="#id_fieldwork_end">Fieldwork must end on a working day: ' in summary
    assert "is a bank holiday (" in summary
    inspection.refresh_from_db()
    assert inspection.fieldwork_end != holiday


def test_the_api_answers_400_naming_the_field(client, business_unit, children_board, burnley):
    client.force_login(business_unit)
    response = client.post(
        "/api/inspections/",
        {
            "board": children_board.pk,
            "locality": burnley.pk,
            "fieldwork_start": "2030-06-09",
            "fieldwork_end": "2030-06-14",
        },
        content_type="application/json",
    )
    assert response.status_code == 400, response.content
    (error,) = response.json()["errors"]
    assert error["field"] == "fieldwork_start"
    assert error["message"] == "Fieldwork must start on a working day: 9 June 2030 is a Sunday"
    assert not Inspection.objects.exists()


def test_the_api_refuses_a_move_onto_a_bank_holiday(client, business_unit, inspection):
    client.force_login(business_unit)
    holiday = _future("bank holiday")
    response = client.patch(
        f"/api/inspections/{inspection.pk}/",
        {"fieldwork_start": holiday.isoformat(), "version": inspection.version},
        content_type="application/json",
    )
    # The start is refused before the end (left as it was) is compared with it.
    assert response.status_code == 400, response.content
    (error,) = response.json()["errors"]
    assert error["field"] == "fieldwork_start"
    assert "is a bank holiday (" in error["message"]


# --- The programme and the notices -----------------------------------------------------------


def test_the_programme_is_on_working_days_year_after_year():
    for year in range(2015, 2046):
        dates = services.programme_dates(year)
        assert [start.month for start, _ in dates] == [6, 10, 2], year
        for start, end in dates:
            assert is_working_day(start), start
            assert is_working_day(end), end
            assert end == add_working_days(start, services.FIELDWORK_DAYS)
            notice = Inspection.notice_for(start)
            assert is_working_day(notice), (start, notice)
            assert datetime.timedelta(days=14) <= start - notice <= datetime.timedelta(days=18)


def test_a_generated_programme_gives_notice_before_the_spring_bank_holiday(
    business_unit, children_board, county
):
    with at(datetime.date(2029, 4, 1)):
        made = services.generate_programme(business_unit, board=children_board, year=2030)
    for inspection in made:
        for day in (inspection.notice_date, inspection.fieldwork_start, inspection.fieldwork_end):
            assert is_working_day(day), inspection
    june = made[0]
    assert june.fieldwork_start == datetime.date(2030, 6, 10)
    # Two weeks before is 27 May, the Spring bank holiday: notice goes the Friday before.
    assert june.notice_date == datetime.date(2030, 5, 24)


def test_notices_go_out_on_working_days_only(
    business_unit, children_board, burnley, police_lead, health_lead
):
    from safeguarding.inspections.sweeps import send_inspection_notices

    with at(datetime.date(2030, 4, 1)):
        inspection = _schedule(
            business_unit, children_board, burnley, *fieldwork(datetime.date(2030, 6, 10))
        )
    assert inspection.notice_date == datetime.date(2030, 5, 24)
    # The sweep did not run on the Friday; at the weekend and on the bank holiday it waits.
    for day in (datetime.date(2030, 5, 25), datetime.date(2030, 5, 26), SPRING_BANK_HOLIDAY):
        with at(day):
            assert send_inspection_notices() == 0, day
            assert services.send_notices(inspection) == 0, day
    with at(datetime.date(2030, 5, 28)):
        assert send_inspection_notices() == 2
    assert {n.sent_at.date() for n in Notice.objects.filter(inspection=inspection)} == {
        datetime.date(2030, 5, 28)
    }


def test_notices_go_out_on_the_notice_date(business_unit, children_board, burnley, police_lead):
    from safeguarding.inspections.sweeps import send_inspection_notices

    with at(datetime.date(2030, 4, 1)):
        inspection = _schedule(
            business_unit, children_board, burnley, *fieldwork(datetime.date(2030, 6, 10))
        )
    with at(datetime.date(2030, 5, 23)):
        assert send_inspection_notices() == 0  # a day early
    with at(datetime.date(2030, 5, 24)):
        assert send_inspection_notices() == 1
    assert is_working_day(Notice.objects.get(inspection=inspection).sent_at.date())


# --- The fixtures, whatever day the suite runs -------------------------------------------------

AWKWARD_DAYS = [
    datetime.date(2026, 12, 4),  # a Friday
    datetime.date(2026, 12, 6),  # a Sunday
    datetime.date(2026, 12, 24),  # Christmas Eve, the last working day before Christmas
    datetime.date(2026, 12, 25),  # Christmas Day
    datetime.date(2026, 12, 26),  # Boxing Day, a Saturday
    datetime.date(2026, 12, 28),  # the Boxing Day substitute
    datetime.date(2026, 12, 29),  # the first working day after
    datetime.date(2027, 3, 26),  # Good Friday
    datetime.date(2027, 3, 29),  # Easter Monday
]


@pytest.mark.parametrize("today", AWKWARD_DAYS, ids=str)
def test_the_fixtures_keep_their_meaning_on_any_day(
    today, make_inspection, business_unit, preston, county
):
    with at(today):
        assert timezone.localdate() == today
        live = make_inspection(-1)
        assert live.notice_date < live.fieldwork_start <= today <= live.fieldwork_end
        assert live.phase(today) == "Fieldwork"
        due = make_inspection(14, locality=preston)
        assert due.notice_date <= today < due.fieldwork_start
        later = make_inspection(30, override_reason="Follow-up asked for by the board")
        assert later.notice_date > today
        for inspection in (live, due, later):
            for day in (inspection.notice_date, inspection.fieldwork_start):
                assert is_working_day(day), (today, inspection)
            assert is_working_day(inspection.fieldwork_end), (today, inspection)
        # The write matrix's move: fieldwork from the working day on or after 20 days away.
        start = working_day_on_or_after(today + datetime.timedelta(days=20))
        services.move_inspection(
            business_unit, later, fieldwork_start=start, fieldwork_end=add_working_days(start, 4)
        )


def test_a_move_too_soon_names_the_earliest_start(business_unit, children_board, burnley):
    with at(datetime.date(2030, 4, 1)):
        inspection = _schedule(
            business_unit, children_board, burnley, *fieldwork(datetime.date(2030, 7, 1))
        )
    # On the Spring bank holiday, fieldwork a fortnight on would have had its notice on the
    # Friday before: the first start with its notice still to come is the Tuesday.
    start, end = fieldwork(datetime.date(2030, 6, 10))
    with at(SPRING_BANK_HOLIDAY), pytest.raises(ValidationError) as refused:
        services.move_inspection(
            business_unit, inspection, fieldwork_start=start, fieldwork_end=end
        )
    assert refused.value.message_dict == {
        "fieldwork_start": [
            "Enter a start date on or after 11 June 2030, so agencies get their two weeks' notice"
        ]
    }
