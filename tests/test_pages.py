"""The visitor's library site, rendered by the real app over the starter library."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from conftest import STARTER, make_services
from helpline.ingest.action import import_paths
from helpline.web.app import create_app

HOSTILE_PAGE = """---
title: Escaping <script>alert(1)</script> test
url: https://helpline.example.org/library/escaping
topic: Tests > Escaping
last_revised: 2024-01-02
---
## A section with <b>markup</b>
Text with <script>alert('x')</script> inside.
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("pages")
    hostile = folder / "hostile.md"
    hostile.write_text(HOSTILE_PAGE)
    services = make_services(folder / "data", dense_enabled=False)
    assert not import_paths(services.sessions, services.encoder, [STARTER, hostile]).failures
    with TestClient(create_app(services)) as test_client:
        yield test_client
    services.engine.dispose()


@pytest.mark.parametrize("path", ["/", "/library", "/search?q=revumenib",
                                  "/library/targeted-therapy-drugs-for-acute-lymphocytic-leukemia-all-in-adults"])
def test_every_page_has_the_live_chat_button_at_the_bottom(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    html = response.text
    assert 'id="live-chat-button"' in html and ">\n      Live Chat</button>" in html
    assert html.index('id="live-chat-button"') > html.index("</main>")


def test_an_article_page_keeps_sections_lists_note_references_and_revision(client: TestClient) -> None:
    html = client.get("/library/targeted-therapy-drugs-for-acute-lymphocytic-leukemia-all-in-adults").text
    assert '<section id="how-revumenib-is-taken">' in html
    assert "<li>Imatinib (Gleevec)</li>" in html
    assert "(Note: This article is about ALL in adults" in html
    assert "Last Revised: December 5, 2024" in html
    assert '<ol class="references">' in html
    assert "Sample content written for the Helpline demo." in html


def test_cross_links_lead_to_our_own_pages_when_the_target_is_imported(client: TestClient) -> None:
    html = client.get("/library/targeted-therapy-drugs-for-acute-lymphocytic-leukemia-all-in-adults").text
    assert '<a href="/library/managing-cancer-related-side-effects">Managing Cancer-related Side Effects</a>' in html
    assert "See also:\n      Leukemia in Children\n" in html  # not imported: shown as plain text
    assert '<a href="/library/leukemia' not in html


def test_search_results_link_to_the_section(client: TestClient) -> None:
    html = client.get("/search", params={"q": "how is revumenib taken"}).text
    assert "/library/targeted-therapy-drugs-for-acute-lymphocytic-leukemia-all-in-adults#how-revumenib-is-taken" in html


def test_markup_in_the_library_or_a_query_is_escaped(client: TestClient) -> None:
    html = client.get("/library/escaping-script-alert-1-script-test").text
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "<b>markup</b>" not in html
    searched = client.get("/search", params={"q": "<script>alert(2)</script>"}).text
    assert "<script>alert(2)" not in searched


def test_an_unknown_article_is_not_found(client: TestClient) -> None:
    response = client.get("/library/no-such-article")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_chat_script_and_styles_are_served(client: TestClient) -> None:
    script = client.get("/static/chat.js")
    assert script.status_code == 200 and "/api/v1/chat" in script.text and "textContent" in script.text
    assert "innerHTML" not in script.text  # server text is never parsed as markup
    assert client.get("/static/site.css").status_code == 200
