"""End to end in a real headless Chromium: the visitor opens the site, chats, and follows a citation.

Debian's `chromium` is driven by Playwright (`executable_path=/usr/bin/chromium`; Playwright's own browser
download does not work here). Screenshots go to `test-artifacts/`.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from conftest import PROJECT_ROOT, STARTER, make_services
from helpline.config import ServiceContacts, Settings
from helpline.ingest.action import import_paths
from helpline.services import Services
from helpline.web.app import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it")
    folder = tmp_path_factory.mktemp("browser")
    seed = make_services(folder)
    assert not import_paths(seed.sessions, seed.encoder, [STARTER]).failures
    seed.engine.dispose()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    services = Services(Settings(data_dir=folder), ServiceContacts(public_base_url=base))
    server = uvicorn.Server(uvicorn.Config(create_app(services), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline:
            pytest.fail("the web service did not start within 60 s")
        time.sleep(0.1)
    yield base
    server.should_exit = True
    thread.join(timeout=10)
    services.engine.dispose()


def test_a_visitor_chats_and_follows_the_citation(site: str) -> None:
    from playwright.sync_api import expect, sync_playwright

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
        browser.close()


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
        page.screenshot(path=str(ARTIFACTS / "4-phone.png"))
        browser.close()
