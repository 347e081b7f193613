from django.urls import reverse


def test_nav_shows_actions_to_partnership_roles_only(client, roles):
    client.force_login(roles["burnley_chair"])
    assert f'href="{reverse("actionplans:plan_list")}"' in client.get("/home/").text
    client.force_login(roles["practitioner"])
    assert f'href="{reverse("actionplans:plan_list")}"' not in client.get("/home/").text


def test_admin_lists_action_plans_read_only(admin_client, action):
    response = admin_client.get("/admin/actionplans/action/")
    assert response.status_code == 200
    assert "Train front-line officers" in response.text
    assert admin_client.get("/admin/actionplans/action/add/").status_code == 403
