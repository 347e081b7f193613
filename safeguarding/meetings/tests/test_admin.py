import pytest


@pytest.mark.parametrize("model", ["meeting", "agendaitem", "newsflash", "subscriber"])
def test_admin_lists_are_read_only(client, make_person, meeting, item, model, children_board):
    from safeguarding.meetings import services

    services.subscribe(children_board, "reader@example.org")
    services.draft_newsflash(make_person("business_unit", board=children_board), meeting)
    admin = make_person("administrator", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(f"/admin/meetings/{model}/").status_code == 200
    assert client.get(f"/admin/meetings/{model}/add/").status_code == 403
