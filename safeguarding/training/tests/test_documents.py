"""The sign-in sheet and the certificate read back with pdftotext: names print as written
(they were "?" beyond Latin-1) and agency names wrap in their column instead of running into
the signature column."""

import re

from django.urls import reverse

from safeguarding.core.testing.pdfs import flowing_text, layout_pages
from safeguarding.organisations.models import Agency

from .conftest import apply_and_approve, make_session, mark_when_it_starts

NAMES = ["Siobhán O’Neill", "Łukasz Wiśniewski", "Nguyễn Thị Minh"]
LONG_AGENCY = "Lancashire Teaching Hospitals NHS Foundation Trust Safeguarding Children Team"


def test_sign_in_sheet_and_certificate_print_names_and_agencies_whole(
    client, make_person, business_unit, course, health, manager
):
    Agency.objects.filter(pk=health.pk).update(name=LONG_AGENCY)
    session = make_session(business_unit, course, capacity=3)
    applications = [
        apply_and_approve(
            make_person("practitioner", agency=health, line_manager=manager, full_name=name),
            session,
            manager,
        )
        for name in NAMES
    ]
    client.force_login(business_unit)
    content = client.get(reverse("training:sign_in_sheet", args=[session.pk])).content
    text = flowing_text(content)
    for name in NAMES:
        assert f"{name} {LONG_AGENCY}" in text
    (page,) = layout_pages(content)
    assert re.search(r"Name\s{2,}Agency\s{2,}Signature", page)
    # The agency column wraps, so no line reaches into the signature column's place.
    signature_at = next(line for line in page.splitlines() if "Signature" in line).index(
        "Signature"
    )
    for line in page.splitlines():
        if "Lancashire" in line:
            assert len(line.rstrip()) < signature_at, line

    mark_when_it_starts(business_unit, applications[0], attended=True)
    client.force_login(applications[0].applicant)
    certificate = client.get(reverse("training:certificate", args=[applications[0].pk])).content
    text = flowing_text(certificate)
    assert "This is to certify that Siobhán O’Neill attended Recognising neglect" in text
