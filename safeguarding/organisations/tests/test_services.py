import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safeguarding.core.models import AuditEvent
from safeguarding.organisations import services
from safeguarding.organisations.models import Agency, Area, Person, Role, RoleAssignment
from safeguarding.organisations.selectors import people_visible_to
from safeguarding.organisations.tests.factories import (
    AgencyEmailDomainFactory,
    AgencyFactory,
    PersonFactory,
)


@pytest.fixture
def administrator(make_person):
    return make_person("administrator", is_staff=True, is_superuser=True)


@pytest.mark.parametrize(
    "call",
    [
        lambda user: services.create_agency(user, name="X", sector="police"),
        lambda user: services.update_agency(user, AgencyFactory(), sector="police"),
        lambda user: services.create_person(user, email="x@x.example", full_name="X"),
        lambda user: services.update_person(user, PersonFactory(), job_title="X"),
        lambda user: services.deactivate_person(user, PersonFactory()),
        lambda user: services.assign_role(user, PersonFactory(), "practitioner"),
        lambda user: services.remove_role(
            user, RoleAssignment.objects.create(person=PersonFactory(), role="practitioner")
        ),
    ],
)
def test_every_write_refuses_people_without_the_rule(make_person, call):
    lead = make_person("agency_lead", lead_of=AgencyFactory())
    with pytest.raises(PermissionDenied):
        call(lead)
    assert not AuditEvent.objects.exists()


def test_create_agency_normalises_and_audits(business_unit, children_board):
    agency = services.create_agency(
        business_unit,
        name="  New   Trust ",
        sector=Agency.Sector.HEALTH,
        email_domains="@Trust.example; trust-mail.example trust.example",
        boards=[children_board],
    )
    assert agency.name == "New Trust"
    assert agency.slug == "new-trust"
    assert sorted(agency.email_domains.values_list("domain", flat=True)) == [
        "trust-mail.example",
        "trust.example",
    ]
    event = AuditEvent.objects.get()
    assert (event.verb, event.actor_id, event.target_id) == (
        "agency created",
        business_unit.pk,
        str(agency.pk),
    )


def test_agency_slug_never_clashes_with_the_new_page(business_unit):
    assert services.create_agency(business_unit, name="New", sector="other").slug == "new-2"


def test_update_agency_records_only_what_changed(business_unit, adults_board):
    agency = AgencyFactory(name="Trust")
    AgencyEmailDomainFactory(agency=agency, domain="old.example")
    services.update_agency(
        business_unit, agency, email_domains=["new.example"], boards=[adults_board]
    )
    changed = AuditEvent.objects.get().payload["changed"]
    assert changed == {
        "email_domains": [["old.example"], ["new.example"]],
        "boards": [[], ["Lancashire Safeguarding Adults Board"]],
    }
    services.update_agency(business_unit, agency, sector=agency.sector)
    assert AuditEvent.objects.count() == 1  # nothing changed, nothing recorded


def test_domains_must_be_unique_across_agencies(business_unit):
    AgencyEmailDomainFactory(agency=AgencyFactory(name="Owner"), domain="shared.example")
    with pytest.raises(ValidationError) as caught:
        services.create_agency(
            business_unit, name="Other", sector="other", email_domains="shared.example"
        )
    assert caught.value.message_dict["email_domains"] == [
        "'shared.example' already belongs to Owner"
    ]


def test_people_e_mail_is_unique_whatever_the_case(business_unit):
    PersonFactory(email="dup@x.example")
    with pytest.raises(ValidationError) as caught:
        services.create_person(business_unit, email="DUP@x.example", full_name="Dup")
    assert "email" in caught.value.message_dict


def test_nobody_manages_themselves_or_deactivates_themselves(business_unit):
    with pytest.raises(ValidationError):
        services.update_person(business_unit, business_unit, line_manager=business_unit)
    with pytest.raises(ValidationError):
        services.deactivate_person(business_unit, business_unit)


def test_only_administrators_change_administrators(business_unit, administrator):
    with pytest.raises(PermissionDenied):
        services.update_person(business_unit, administrator, email="mine@x.example")
    with pytest.raises(PermissionDenied):
        services.deactivate_person(business_unit, administrator)
    with pytest.raises(PermissionDenied):
        services.assign_role(business_unit, PersonFactory(), Role.ADMINISTRATOR)
    other = PersonFactory()
    services.assign_role(administrator, other, Role.ADMINISTRATOR)
    other.refresh_from_db()
    assert other.is_staff
    assert other.is_superuser


def test_roles_need_their_scope_and_nothing_else(business_unit, children_board, county):
    person = PersonFactory()
    preston_district = Area.objects.get(kind="district", name="Preston")
    with pytest.raises(ValidationError) as caught:
        services.assign_role(business_unit, person, Role.BUSINESS_UNIT)
    assert "board" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        services.assign_role(business_unit, person, Role.CPB_MEMBER, area=preston_district)
    assert "area" in caught.value.message_dict
    # a stray scope is dropped rather than stored
    assignment = services.assign_role(
        business_unit, person, Role.PRACTITIONER, board=children_board
    )
    assert assignment.board is None
    represented = AgencyFactory()
    member = services.assign_role(
        business_unit, person, Role.BOARD_MEMBER, board=children_board, agency=represented
    )
    assert member.agency == represented
    assert person.has_role(Role.BOARD_MEMBER, board=children_board)


def test_deactivated_person_is_signed_out_and_it_is_audited(client, business_unit):
    person = PersonFactory()
    client.force_login(person)
    assert client.get("/home/").status_code == 200
    services.deactivate_person(business_unit, person)
    person.refresh_from_db()
    assert not person.is_active
    assert AuditEvent.objects.filter(verb="person deactivated", target_id=str(person.pk)).exists()
    assert client.get("/home/").status_code == 302


def test_line_managers_see_their_reports(make_person):
    manager = make_person("practitioner", agency=AgencyFactory(name="M"))
    report = PersonFactory(agency=AgencyFactory(name="R"), line_manager=manager)
    stranger = PersonFactory(agency=AgencyFactory(name="S"))
    visible = set(people_visible_to(manager))
    assert report in visible
    assert stranger not in visible
    assert manager in visible


def test_signed_out_sees_nobody(db):
    from django.contrib.auth.models import AnonymousUser

    PersonFactory()
    assert not people_visible_to(AnonymousUser()).exists()
    assert Person.objects.exists()
