"""End to end in headless Chromium, three browser contexts: a visitor asks for a person during service hours; a
specialist logs in, claims the conversation from the queue, inserts a suggested passage and a referral, replies;
the visitor sees it live; the specialist closes it with topic codes; the supervisor's view counts it.

Debian's `chromium` through Playwright; screenshots in `test-artifacts/`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import time
from typing import Any

import pytest

from conftest import STARTER, make_services
from helpline.accounts.accounts import Accounts
from helpline.config import ServiceContacts, Settings
from helpline.directory.importer import ensure_sample_directory
from helpline.ingest.action import import_paths
from helpline.services import Services
from live_server import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, LiveServer, free_port, needs_chromium

PASSWORD = "harbor-violet-kettle-dances-82"  # noqa: S105 - a test account's


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Services]]:
    needs_chromium()
    folder = tmp_path_factory.mktemp("browser-staff")
    seed = make_services(folder)
    assert not import_paths(seed.sessions, seed.encoder, [STARTER]).failures
    ensure_sample_directory(seed.sessions)
    accounts = Accounts(seed.sessions)
    accounts.add(None, "sam", "specialist", PASSWORD, "Sam Rivera")
    accounts.add(None, "sue", "supervisor", PASSWORD, "Sue Park")
    seed.engine.dispose()
    port = free_port()
    services = Services(Settings(data_dir=folder), ServiceContacts(public_base_url=f"http://127.0.0.1:{port}"))
    # Chat staffed around the clock for this test, so that the hand-off goes to the queue and every clock is real.
    services.chat.hours = dataclasses.replace(services.hours, days=frozenset(range(7)), opens=time.min,
                                              closes=time.max, holidays=frozenset())
    server = LiveServer(services, port)
    server.start()
    yield server.base, services
    server.stop()


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(base + "/staff/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/staff")


def test_a_specialist_answers_a_visitor_live_and_the_supervisor_counts_it(served: tuple[str, Services]) -> None:
    from playwright.sync_api import expect, sync_playwright

    base, _ = served
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        visitor = browser.new_context(viewport={"width": 900, "height": 900}).new_page()
        specialist = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        supervisor = browser.new_context(viewport={"width": 1100, "height": 1000}).new_page()

        # The visitor asks, gets the first responder's answer, then asks for a person.
        visitor.goto(base + "/")
        visitor.get_by_role("button", name="Live Chat").click()
        chat = visitor.locator("#chat-panel")
        visitor.get_by_label("Your message").fill("How often is revumenib taken?")
        visitor.keyboard.press("Enter")
        expect(chat.locator("li.helpline").first).to_contain_text("twice a day", timeout=30_000)
        visitor.get_by_role("button", name="Talk to a person").click()
        expect(visitor.locator("#chat-status")).to_contain_text("You are number 1 in the queue", timeout=30_000)
        visitor.screenshot(path=str(ARTIFACTS / "staff-1-visitor-queued.png"))

        # The specialist logs in, finds the conversation in the queue and claims it.
        log_in(specialist, base, "sam")
        waiting = specialist.locator("#waiting li button").first
        expect(waiting).to_contain_text("waiting", timeout=15_000)
        waiting.click()
        expect(specialist.locator("#transcript li.visitor").first).to_contain_text("revumenib")
        specialist.get_by_role("button", name="Claim this conversation").click()
        expect(specialist.get_by_label("Reply to the visitor")).to_be_visible(timeout=15_000)
        expect(chat.locator("li.system").last).to_contain_text("Sam Rivera, a cancer information specialist",
                                                               timeout=30_000)

        # Typing shows both ways.
        visitor.get_by_label("Your message").press_sequentially("thank you", delay=30)
        expect(specialist.locator("#visitor-typing")).to_contain_text("typing", timeout=15_000)
        visitor.get_by_label("Your message").fill("")
        specialist.get_by_label("Reply to the visitor").press_sequentially("Hello! ", delay=30)
        expect(visitor.locator("#chat-typing")).to_contain_text("Sam Rivera is typing", timeout=15_000)

        # A suggested passage, inserted with its citation, and a referral from the directory.
        insert = specialist.locator("#suggestions li button").first
        expect(insert).to_be_visible(timeout=30_000)
        insert.click()
        expect(specialist.locator("#reply-citations li")).to_have_count(1)
        specialist.screenshot(path=str(ARTIFACTS / "staff-2-console-reply.png"))
        specialist.get_by_role("button", name="Send reply").click()
        answer = chat.locator("li.specialist").first
        expect(answer).to_contain_text("Sam Rivera, cancer information specialist", timeout=30_000)
        expect(answer.locator("ul.citations a").first).to_be_visible()
        specialist.get_by_label("Need").fill("rides")
        specialist.get_by_label("State or ZIP").fill("NY")
        specialist.get_by_role("button", name="Search directory").click()
        refer = specialist.locator("#directory li button").first
        expect(refer).to_be_visible(timeout=15_000)
        resource_name = specialist.locator("#directory li").first.inner_text().split("\n")[0]
        refer.click()
        expect(chat.locator("li.specialist").nth(1)).to_contain_text(resource_name, timeout=30_000)
        visitor.screenshot(path=str(ARTIFACTS / "staff-3-visitor-sees-reply.png"))

        # The specialist closes the conversation with topic codes; the visitor is told.
        specialist.locator("#work-tools summary").click()
        specialist.get_by_label("Cancer information").check()
        specialist.get_by_label("Referrals").check()
        specialist.get_by_label("Summary").fill("How often revumenib is taken; a ride program in New York.")
        specialist.get_by_role("button", name="Close conversation").click()
        expect(chat.locator("li.system").last).to_contain_text("closed this chat", timeout=30_000)
        expect(specialist.locator("#conversation-state")).to_contain_text("closed", timeout=15_000)

        # The supervisor's view counts it.
        log_in(supervisor, base, "sue")
        supervisor.goto(base + "/staff/supervisor")
        expect(supervisor.locator("#today-total")).to_have_text("1")
        expect(supervisor.locator('#today-by-topic li[data-topic="referrals"] .count')).to_have_text("1")
        expect(supervisor.locator('#today-by-topic li[data-topic="cancer_information"] .count')).to_have_text("1")
        expect(supervisor.locator("#referrals li").first).to_contain_text(resource_name)
        expect(supervisor.locator("#referrals .count").first).to_have_text("1")
        supervisor.screenshot(path=str(ARTIFACTS / "staff-4-supervisor.png"), full_page=True)
        browser.close()
