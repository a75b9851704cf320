"""Errors read in Swedish on the portal's own styled page: 405 for a GET to a POST-only address, 400 for a bad request,
like the existing 403 and 404 pages."""


def _styled(html: str) -> bool:
    return 'class="site-header"' in html and 'href="/tillganglighet/"' in html and '<html lang="sv">' in html


def test_get_to_a_post_only_address_is_a_styled_swedish_405_with_allow(client, db):
    response = client.get("/accounts/logout/")  # logging out is POST only
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    html = response.content.decode()
    assert _styled(html)
    assert "<h1>Sidan kan inte öppnas så här</h1>" in html
    assert "Adressen används bara när ett formulär skickas" in html


def test_a_signed_in_user_gets_the_same_405_from_an_app_view(client, people):
    client.force_login(people["process_leader"])
    response = client.get("/ramprojekt/extern-digitalisering/mal/1/arkivera/")
    assert response.status_code == 405
    assert "<h1>Sidan kan inte öppnas så här</h1>" in response.content.decode()
    assert "post" in response["Allow"].lower()


def test_a_405_with_a_body_of_its_own_is_left_alone(rf):
    from django.http import HttpResponseNotAllowed

    from vudig.core.middleware import SwedishErrorPageMiddleware

    own = HttpResponseNotAllowed(["POST"], content=b'{"error": "POST"}')
    assert SwedishErrorPageMiddleware(lambda request: own)(rf.get("/")) is own


def test_a_bad_request_is_a_styled_swedish_400(client, db):
    response = client.get("/", HTTP_HOST="inte-var.example")  # a host the portal does not serve: SuspiciousOperation
    assert response.status_code == 400
    html = response.content.decode()
    assert _styled(html)
    assert "<h1>Felaktig begäran</h1>" in html
