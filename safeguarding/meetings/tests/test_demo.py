import datetime

from django.utils import timezone

from safeguarding.meetings.demo import SEED_ITEMS, load_demo
from safeguarding.meetings.models import AgendaItem, Meeting, Newsflash
from safeguarding.meetings.newsflash import build_body, render_html


def test_demo_reads_like_the_seed_and_loads_once(county):
    assert load_demo() > 0
    assert load_demo() == 0
    seed = Meeting.objects.get(kind="board", date=datetime.date(2015, 3, 20))
    assert seed.items.count() == 12
    assert seed.minutes_locked
    newsflash = Newsflash.objects.get(meeting=seed)
    assert newsflash.is_published
    assert newsflash.title == "Summary from LSCB held on Friday 20 March 2015"
    body = newsflash.body
    for title, _purpose, _presenter, in_summary, agreed in SEED_ITEMS:
        if in_summary:
            assert f"## {title}" in body
            assert agreed in body
    assert "Next LSCB Executive Meeting: 27th April 2015" in body
    assert "Next LSCB: 8th May 2015" in body
    assert "Lancashire Safeguarding Children Board Newsflash" in body
    assert (
        "Safeguarding Business Unit, County Hall, Fishergate, Preston, PR1 0XX, "
        "01632 960 401 / 01632 960 402" in body
    )
    # A freshly generated newsflash from the demo meeting has the same sections.
    generated = build_body(seed)
    assert generated in body
    assert "The board approved its Business Plan for 2015/16" in render_html(body)


def test_every_cpb_carries_the_summary_on_its_next_meeting(county):
    load_demo()
    newsflash = Newsflash.objects.get()
    items = AgendaItem.objects.filter(from_newsflash=newsflash).select_related("meeting__area")
    assert len(items) == 5
    assert {item.meeting.area.name for item in items} == {
        "Burnley and Pendle",
        "Chorley, South Ribble and West Lancashire",
        "Fylde, Lancaster and Wyre",
        "Hyndburn, Ribble Valley and Rossendale",
        "Preston",
    }
    assert all(item.meeting.date.month == 4 for item in items)
    cpbs = Meeting.objects.filter(kind="cpb")
    assert cpbs.count() >= 5 * 6
    # The history's CPB meetings are in 2015; the present's are around today.
    today = timezone.localdate()
    history = [m for m in cpbs if m.date.year < 2016]
    assert {m.date.year for m in history} == {2015}
    assert len(history) == 5 * 5
    assert all(abs((m.date - today).days) < 120 for m in cpbs if m.date.year >= 2016)
    assert Meeting.objects.filter(kind="executive", date=datetime.date(2015, 4, 27)).exists()
    assert Meeting.objects.filter(kind="board", date=datetime.date(2015, 5, 8)).exists()
