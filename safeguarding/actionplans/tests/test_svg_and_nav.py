from django.urls import reverse

from safeguarding.actionplans.svg import BAR_WIDTH, status_bar_chart


def test_bars_are_proportional_and_labelled():
    svg = status_bar_chart(
        [
            {"status": "on_track", "label": "On track", "count": 4},
            {"status": "off_track", "label": "Off track <b>", "count": 1},
        ]
    )
    assert f'width="{BAR_WIDTH}"' in svg
    assert f'width="{BAR_WIDTH // 4}"' in svg
    assert "Off track &lt;b&gt;" in svg  # labels are escaped
    assert 'role="img"' in svg
    assert "<title" in svg


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
