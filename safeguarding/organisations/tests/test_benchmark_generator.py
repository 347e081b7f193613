"""Smoke tests for the benchmark tools at a tiny scale (the benchmarks themselves never run in
the suite: script/bench runs them)."""

from collections import Counter

import pytest
from allauth.account.models import EmailAddress
from django.test import RequestFactory

from benchmarks.generate import (
    BENCH_EMAIL,
    BENCH_PASSWORD,
    add_rush_sign_ins,
    generate,
    parse_args,
    rush_sign_in_emails,
)
from benchmarks.views import ceiling
from safeguarding.organisations.demo.names import JOB_TITLES
from safeguarding.organisations.models import Agency, Person, Role, RoleAssignment

PRACTITIONER_TITLES = {title for _, titles in JOB_TITLES.values() for title in titles}


@pytest.fixture
def tiny(db):
    return generate(parse_args(["--people", "60", "--agencies", "6"]), say=lambda *_: None)


def test_generator_makes_the_people_asked_for_with_every_role(tiny):
    assert tiny["people"] == Person.objects.count() == 60
    assert tiny["agencies"] == Agency.objects.count() == 6
    assert tiny["roles"] == RoleAssignment.objects.count()
    held = Counter(RoleAssignment.objects.values_list("role", flat=True))
    assert set(held) == set(Role.values)
    for agency in Agency.objects.all():
        assert agency.boards.exists()
        assert agency.districts.exists()


def test_generated_practitioners_have_a_manager_in_their_agency(tiny):
    staff = Person.objects.filter(job_title__in=PRACTITIONER_TITLES).select_related("line_manager")
    assert staff.count() > 20
    for person in staff:
        assert person.line_manager.agency_id == person.agency_id


def test_only_the_benchmark_sign_in_has_a_password(tiny):
    usable = [person.email for person in Person.objects.all() if person.has_usable_password()]
    assert usable == [BENCH_EMAIL]
    bench = Person.objects.get(email=BENCH_EMAIL)
    assert bench.check_password(BENCH_PASSWORD)
    assert EmailAddress.objects.filter(user=bench, verified=True).exists()
    assert len(bench.scope_ids(Role.BUSINESS_UNIT, "board")) == 2  # both boards


def test_the_sign_in_rush_s_people_share_one_hash_of_the_known_password(tiny):
    assert add_rush_sign_ins(10) == {"rush sign-ins": 10}
    emails = rush_sign_in_emails()
    assert len(emails) == len(set(emails)) == 10
    people = Person.objects.filter(email__in=emails)
    assert {person.password for person in people} == {people[0].password}  # hashed once
    assert people[0].check_password(BENCH_PASSWORD)
    assert all(person.agency_confirmed and person.is_active for person in people)
    assert EmailAddress.objects.filter(email__in=emails, verified=True).count() == 10
    assert BENCH_EMAIL not in emails


def test_ceiling_renders_fifty_rows_without_the_database(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = ceiling(RequestFactory().get("/bench/ceiling/"))
    html = response.content.decode()
    assert html.count('<tr class="govuk-table__row">') == 51  # the heading row and 50 rows
    assert "<caption" in html


def test_the_sign_in_rush_times_each_hasher_and_reads_a_process_group_s_cpu():
    import os

    from benchmarks.sign_ins import group_cpu_seconds, time_checks

    rows = time_checks(1)
    assert [row["label"].split(",")[0].split(" ")[0] for row in rows] == [
        "PBKDF2-SHA256",
        "Argon2id",
        "Argon2id",
    ]
    assert all(row["cpu"] > 0 and row["wall"] > 0 for row in rows)
    assert group_cpu_seconds(os.getpgid(0)) > 0
