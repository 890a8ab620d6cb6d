"""Live chat and the specialists' claims on PostgreSQL, under concurrency: sequence numbers without gaps or
doubles, one message per client id, one winner per claim. Needs the server at 127.0.0.1:5432 (see
test_postgres.py); each run creates and drops its own database."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from conftest import STARTER, make_services
from helpline.accounts.accounts import Accounts
from helpline.accounts.identity import Staff
from helpline.db.contact_tables import ChatMessage, ConversationEvent
from helpline.db.staff_tables import StaffUser
from helpline.errors import Conflict
from helpline.ingest.action import import_paths
from helpline.services import Services
from test_chat import OPEN
from test_postgres import database_url  # noqa: F401  (the fixture: a fresh database per module)

pytestmark = pytest.mark.postgres
PASSWORD = "marble-thistle-orbit-wanders-61"  # noqa: S105 - a test account's


@pytest.fixture(scope="module")
def helpline(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:  # noqa: F811
    services = make_services(Path(tmp_path_factory.mktemp("pg-chat")), database_url=database_url,
                             dense_enabled=False)
    assert not import_paths(services.sessions, services.encoder, [STARTER]).failures
    services.chat.clock = lambda: OPEN
    accounts = Accounts(services.sessions)
    for username in ("sam", "kim"):
        accounts.add(None, username, "specialist", PASSWORD, username.title())
    yield services
    services.engine.dispose()


def run_together(*calls: object) -> list[object]:
    """Start every call at the same moment in its own thread; their results or exceptions, in order."""
    results: list[object] = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(index: int, call: object) -> None:
        barrier.wait()
        try:
            results[index] = call()  # type: ignore[operator]
        except Exception as error:  # noqa: BLE001 - the test inspects what each call raised
            results[index] = error

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_sends_get_gapless_sequence_numbers_and_resends_are_stored_once(helpline: Services) -> None:
    conversation, token = helpline.chat.start()
    texts = ["what is leukemia?", "what is imatinib?", "how is revumenib taken?", "what is ALL?"]
    calls = [lambda i=i, t=t: helpline.chat.post(conversation, token, f"client-pg-{i:04d}", t)
             for i, t in enumerate(texts)]
    calls += [lambda: helpline.chat.post(conversation, token, "client-pg-0000", texts[0])] * 2  # resends
    results = run_together(*calls)
    assert not [result for result in results if isinstance(result, Exception)], results
    with helpline.sessions() as session:
        seqs = session.scalars(select(ConversationEvent.seq).where(ConversationEvent.conversation_id == conversation)
                               .order_by(ConversationEvent.seq)).all()
        visitor = session.scalars(select(ChatMessage.client_id).where(ChatMessage.conversation_id == conversation,
                                                                      ChatMessage.sender == "visitor")).all()
    assert seqs == list(range(1, 2 * len(texts) + 1))
    assert sorted(visitor) == [f"client-pg-{i:04d}" for i in range(len(texts))]


def test_two_specialists_claiming_at_once_on_postgres_one_wins(helpline: Services) -> None:
    conversation, token = helpline.chat.start()
    helpline.chat.request_person(conversation, token)
    with helpline.sessions() as session:
        staff = [Staff(user.id, user.username, user.display_name, user.role, "test")
                 for user in session.scalars(select(StaffUser).order_by(StaffUser.username))]
    results = run_together(*(lambda person=person: helpline.work.claim(person, conversation) for person in staff))
    assert sum(isinstance(result, Conflict) for result in results) == 1
    assert sum(isinstance(result, list) for result in results) == 1
