"""End to end in a real headless Chromium: the visitor opens the site, chats, and follows a citation.

Debian's `chromium` is driven by Playwright (`executable_path=/usr/bin/chromium`; Playwright's own browser
download does not work here). Screenshots go to `test-artifacts/`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import select

from conftest import STARTER, make_services, write_article
from helpline.config import ServiceContacts, Settings
from helpline.db.contact_tables import ChatMessage, FollowUp
from helpline.ingest.action import import_paths
from helpline.services import Services
from live_server import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, LiveServer, free_port, needs_chromium
from test_chat import SATURDAY

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Services]]:
    needs_chromium()
    folder = tmp_path_factory.mktemp("browser")
    seed = make_services(folder)
    assert not import_paths(seed.sessions, seed.encoder, [STARTER]).failures
    seed.engine.dispose()
    port = free_port()
    services = Services(Settings(data_dir=folder), ServiceContacts(public_base_url=f"http://127.0.0.1:{port}"))
    services.chat.clock = lambda: SATURDAY  # outside chat hours: the visitor may leave a message
    server = LiveServer(services, port)
    server.start()
    yield server.base, services
    server.stop()
    services.engine.dispose()


@pytest.fixture(scope="module")
def site(served: tuple[str, Services]) -> str:
    return served[0]


def open_chat_and_ask(playwright: Playwright, base: str, question: str) -> tuple[Browser, Page]:
    """A fresh Chromium on the site's home page, with the chat open and ``question`` sent."""
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    page = browser.new_page()
    page.goto(base + "/")
    page.get_by_role("button", name="Live Chat").click()
    page.get_by_label("Your message").fill(question)
    page.keyboard.press("Enter")
    return browser, page


def test_a_visitor_chats_follows_the_citation_and_leaves_a_message_out_of_hours(
        served: tuple[str, Services]) -> None:
    from playwright.sync_api import expect, sync_playwright

    site, services = served
    ARTIFACTS.mkdir(exist_ok=True)
    profile = ARTIFACTS / "chromium-profile"
    shutil.rmtree(profile, ignore_errors=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1100, "height": 900})
        page.goto(site + "/")
        expect(page.get_by_role("heading", name="Cancer information, any hour")).to_be_visible()
        page.get_by_role("button", name="Live Chat").click()
        chat = page.locator("#chat-panel")
        expect(chat).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "1-chat-open.png"))
        page.get_by_label("Your message").fill("How often is revumenib taken?")
        page.keyboard.press("Enter")
        reply = chat.locator("li.helpline").first
        expect(reply).to_contain_text("twice a day", timeout=30_000)
        citation = reply.locator("ul.citations a").first
        expect(citation).to_contain_text("How revumenib is taken")
        page.screenshot(path=str(ARTIFACTS / "2-cited-answer.png"))
        citation.click()
        page.wait_for_url("**/library/*#how-revumenib-is-taken")
        expect(page.locator("#how-revumenib-is-taken h2")).to_have_text("How revumenib is taken")
        page.screenshot(path=str(ARTIFACTS / "3-cited-section.png"))

        # On the new page the conversation is still there, once, and live.
        page.get_by_role("button", name="Live Chat").click()
        expect(chat.locator("li.visitor")).to_have_count(1)
        expect(chat.locator("li.helpline")).to_have_count(1)
        page.get_by_role("button", name="Talk to a person").click()
        expect(chat.locator("li.system").last).to_contain_text("Chat opens Monday 30 November at 09:00",
                                                               timeout=30_000)
        expect(page.locator("#chat-status")).to_contain_text(services.contacts.helpline_phone)
        page.get_by_label("Your name").fill("Rosa")
        page.get_by_label("E-mail or phone number").fill("rosa@example.org")
        page.get_by_label("Your question").fill("Is there help with rides to my infusions?")
        page.screenshot(path=str(ARTIFACTS / "4-leave-a-message.png"))
        page.get_by_role("button", name="Leave message").click()
        expect(chat.locator("li.system").last).to_contain_text("Your message is with our specialists",
                                                               timeout=30_000)
        expect(page.locator("#leave-message")).to_be_hidden()
        page.screenshot(path=str(ARTIFACTS / "5-message-left.png"))
        browser.close()
    with services.sessions() as session:
        [left] = session.scalars(select(FollowUp)).all()
    assert (left.name, left.contact, left.question) == ("Rosa", "rosa@example.org",
                                                        "Is there help with rides to my infusions?")
    assert left.conversation_id is not None


def test_the_chat_panel_works_from_the_keyboard_on_a_phone_sized_screen(site: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 375, "height": 740})
        page.goto(site + "/library")
        page.locator("#live-chat-button").focus()
        page.keyboard.press("Enter")
        expect(page.locator("#chat-panel")).to_be_visible()
        expect(page.get_by_label("Your message")).to_be_focused()
        assert page.locator("#chat-log").get_attribute("aria-live") == "polite"
        page.keyboard.type("<b>hello</b> can I talk to a real person?")
        page.keyboard.press("Enter")
        reply = page.locator("#chat-log li.helpline").first
        expect(reply).to_contain_text("specialist", timeout=30_000)
        assert page.locator("#chat-log b").count() == 0  # the visitor's markup is shown as text
        page.keyboard.press("Escape")
        expect(page.locator("#chat-panel")).to_be_hidden()
        page.screenshot(path=str(ARTIFACTS / "6-phone.png"))
        browser.close()


def test_a_message_typed_while_the_server_restarts_is_delivered_once(tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    needs_chromium()
    services = make_services(tmp_path, dense_enabled=False)
    assert not import_paths(services.sessions, services.encoder, [STARTER]).failures
    server = LiveServer(services)
    server.start()
    with sync_playwright() as playwright:
        browser, page = open_chat_and_ask(playwright, server.base, "what is leukemia?")
        expect(page.locator("#chat-log li.helpline")).to_have_count(1, timeout=30_000)
        server.stop()  # the connection drops; the visitor keeps typing
        page.get_by_label("Your message").fill("How often is revumenib taken?")
        page.keyboard.press("Enter")
        expect(page.locator("#chat-log li.visitor.pending")).to_have_count(1)
        server.start()
        expect(page.locator("#chat-log li.helpline")).to_have_count(2, timeout=40_000)
        expect(page.locator("#chat-log li.helpline").last).to_contain_text("twice a day")
        expect(page.locator("#chat-log li.visitor.pending")).to_have_count(0)
        page.reload()  # the reloaded page shows the conversation once, from where it was
        expect(page.locator("#chat-log li.visitor")).to_have_count(2)
        expect(page.locator("#chat-log li.helpline")).to_have_count(2)
        page.screenshot(path=str(ARTIFACTS / "7-after-restart.png"))
        browser.close()
    server.stop()
    with services.sessions() as session:
        texts = session.scalars(select(ChatMessage.text).where(ChatMessage.sender == "visitor")).all()
    assert texts == ["what is leukemia?", "How often is revumenib taken?"]
    services.engine.dispose()


LEUKEMIA_ARTICLES = {
    "leukemia-children": ("Leukemia in Children", "children", [
        ("What leukemia is", "Leukemia is a cancer of the cells in the bone marrow that make blood. It is the most "
                             "common cancer in children, and most children who have it have the acute "
                             "lymphoblastic kind."),
        ("How leukemia is treated in children", "Most children have chemotherapy in several phases over two to "
                                                "three years, cared for by a team at a children's cancer centre. "
                                                "Some also need a stem cell transplant."),
    ]),
    "leukemia-adults": ("Leukemia in Adults", "adults", [
        ("What leukemia is", "Leukemia is a cancer of the cells in the bone marrow that make blood. In adults the "
                             "kinds seen most often are chronic lymphocytic and acute myeloid leukemia."),
        ("How leukemia is treated in adults", "Adults may have chemotherapy, targeted drugs, immunotherapy or a "
                                              "stem cell transplant, depending on the kind of leukemia and how fast "
                                              "it grows."),
    ]),
}


def write_leukemia_articles(folder: Path) -> Path:
    """Two sample articles of our own on one focus, one for children and one for adults."""
    for name, (title, audience, sections) in LEUKEMIA_ARTICLES.items():
        write_article(folder, name, title, audience, sections)
    return folder


def test_a_question_that_does_not_say_whom_it_is_about_gets_both_audiences_as_buttons(
        tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    needs_chromium()
    services = make_services(tmp_path / "data")
    assert not import_paths(services.sessions, services.encoder,
                            [write_leukemia_articles(tmp_path / "library")]).failures
    server = LiveServer(services)
    server.start()
    try:
        with sync_playwright() as playwright:
            browser, page = open_chat_and_ask(playwright, server.base, "how is leukemia treated?")
            chat = page.locator("#chat-log")
            first = chat.locator("li.helpline").first
            # Either an answer with the other audience's article offered, or a question which one is meant: both
            # come with the two articles as buttons.
            choices = first.locator(".choices button")
            expect(choices).to_have_count(2, timeout=30_000)
            assert sorted(choices.all_text_contents()) == ["Leukemia in Adults", "Leukemia in Children"]
            chosen = "Leukemia in Children"
            page.screenshot(path=str(ARTIFACTS / "8-audience-choices.png"))
            first.get_by_role("button", name=chosen).click()
            expect(choices.first).to_be_disabled()
            expect(chat.locator("li.visitor").last).to_have_text(f"About {chosen}: how is leukemia treated?")
            answer = chat.locator("li.helpline").nth(1)
            expect(answer.locator("ul.citations a").first).to_contain_text(chosen, timeout=30_000)
            page.screenshot(path=str(ARTIFACTS / "9-chosen-audience.png"))
            browser.close()
    finally:
        server.stop()
        services.engine.dispose()
