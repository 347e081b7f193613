"""The business unit starts its morning on the home page: on the demo county, every app's
work for it is there, grouped by the board it is for, oldest deadline first, in words that
read naturally, and the page's queries do not grow with the work."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from safeguarding.core.home import items_for
from safeguarding.organisations.models import Board, Person

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def test_the_business_unit_home_page_shows_each_apps_work_by_board(client):
    with time_machine.travel(datetime(2026, 12, 3, 9, tzinfo=LONDON), tick=False):
        call_command("load_demo_county")
        officer = Person.objects.get(email="business.unit@demo.example")
        with CaptureQueriesContext(connection) as queries:
            items = items_for(officer, None)
        categories = {item.category for item in items if item.board}
        assert {
            "Meeting coming up",
            "Minutes to write",
            "Training applications to decide (no line manager named)",
            "Action escalated to the business unit",
            "Inspection in its notice period",
        } <= categories
        # Grouped by board, each group oldest first; the board being worked for comes first.
        boards = [item.board for item in items if item.board]
        assert boards == sorted(boards)
        working_for = Board.objects.get(short_name="LSCB")
        first = [item.board for item in items_for(officer, working_for) if item.board][0]
        assert first == working_for.name
        for board in set(boards):
            deadlines = [item.deadline for item in items if item.board == board]
            assert deadlines == sorted(deadlines)
        # No title is cut inside another cut title.
        assert not [item.title for item in items if item.title.count("...") > 1]
        assert len(queries) <= 25

        client.force_login(officer)
        page = client.get(reverse("home")).text
        assert "For the Lancashire Safeguarding Children Board" in page
        assert "For the Lancashire Safeguarding Adults Board" in page
        assert "Nothing needs you" not in page
