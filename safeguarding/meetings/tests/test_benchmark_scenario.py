"""The benchmark scenario (benchmarks/scenarios/meetings.py) at a tiny scale."""

from safeguarding.meetings.models import AgendaItem, Meeting, Newsflash


def test_benchmark_scenario_at_a_tiny_scale(db, monkeypatch):
    from benchmarks.generate import SIGN_INS, add_sign_ins, generate, parse_args
    from benchmarks.queries import scenario_pages
    from benchmarks.scenarios import meetings as scenario

    generate(parse_args(["--people", "80", "--agencies", "6"]), say=lambda *_: None)
    add_sign_ins()
    monkeypatch.setattr(scenario, "YEARS", 1)
    monkeypatch.setattr(scenario, "SUBGROUPS_1X", 1)
    counts = scenario.generate(1)
    assert counts["meetings"] == Meeting.objects.count() > 50
    assert counts["agenda items"] == AgendaItem.objects.count()
    assert counts["newsflashes"] == Newsflash.objects.count() > 0
    assert set(SIGN_INS) >= {page[2] for page in scenario.PAGES}
    pages = [page for page in scenario_pages() if page["label"].startswith("Meetings")]
    assert [page["status"] for page in pages] == [200] * 3
