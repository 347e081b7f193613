"""The home page keeps each person's items until the data behind them changes (core.home,
core.fragments): a repeat asks only for the data's versions, and new work shows at once."""

from django.urls import reverse

from safeguarding.core.home import data_read
from safeguarding.organisations.models import Role
from safeguarding.training import services


def test_every_provider_says_what_it_reads():
    assert data_read() is not None


def test_a_repeat_is_cheap_and_new_work_shows_at_once(
    client, applicant, manager, session, staff, django_assert_max_num_queries
):
    client.force_login(manager)
    home = reverse("home")
    assert "Training application to approve" not in client.get(home).content.decode()
    with django_assert_max_num_queries(5):  # session, person, board, versions, roles list
        client.get(home)
    application = services.apply(applicant, session, reason="Need it", line_manager=manager)
    assert "Training application to approve" in client.get(home).content.decode()
    services.approve(manager, application)
    assert "Training application to approve" not in client.get(home).content.decode()


def test_a_new_role_brings_its_work_at_once(client, make_person, children_board, session, staff):
    someone = make_person(full_name="New Officer")
    client.force_login(someone)
    home = reverse("home")
    client.get(home)
    services.apply(staff[0], session, reason="Need it", line_manager=None)
    assert "Training applications to decide" not in client.get(home).content.decode()
    someone.roles.create(role=Role.BUSINESS_UNIT, board=children_board)
    assert "Training applications to decide" in client.get(home).content.decode()
