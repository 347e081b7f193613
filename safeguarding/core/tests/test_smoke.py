from django.urls import reverse


def test_public_home_needs_no_sign_in(client, county):
    response = client.get(reverse("public:home"))
    assert response.status_code == 200
    assert "Lancashire Safeguarding Children Board" in response.text


def test_contact_page_shows_the_boards_address(client, county):
    response = client.get(reverse("public:contact"))
    assert "County Hall" in response.text
    assert "01632 960 401" in response.text


def test_home_lists_what_needs_the_person(client, business_unit):
    client.force_login(business_unit)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert "What needs you" in response.text
    assert response.headers["Cache-Control"].count("no-store") == 1


def test_healthz_reports_database_and_queue(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["oldest_waiting_task_seconds"] == 0
