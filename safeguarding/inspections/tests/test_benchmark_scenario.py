import pytest

from safeguarding.inspections.models import CaseAudit, Inspection

pytestmark = pytest.mark.django_db


def test_benchmark_scenario_at_a_tiny_scale(monkeypatch):
    from benchmarks.generate import SIGN_INS, add_sign_ins, generate, parse_args
    from benchmarks.queries import scenario_pages
    from benchmarks.scenarios import inspections as scenario

    generate(parse_args(["--people", "80", "--agencies", "6"]), say=lambda *_: None)
    add_sign_ins()
    monkeypatch.setattr(scenario, "AUDITS_1X", 90)
    counts = scenario.generate(1)
    assert counts["inspections"] == Inspection.objects.count() == 30
    assert counts["case audits"] == CaseAudit.objects.count() == 90
    published = Inspection.objects.filter(published_at__isnull=False)
    assert all(i.grade_summary["audits"] == 3 for i in published)
    assert set(SIGN_INS) >= {page[2] for page in scenario.PAGES}
    pages = [p for p in scenario_pages() if p["label"].startswith("Inspections")]
    assert [page["status"] for page in pages] == [200] * 3
