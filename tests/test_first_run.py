"""What `helpline serve` gives an empty database, once, even when two workers start together."""

from __future__ import annotations

import threading
from pathlib import Path

from sqlalchemy import func, select

from conftest import make_services
from helpline.accounts.sessions import StaffSessions
from helpline.db.staff_tables import CannedResponse, Resource, StaffUser
from helpline.first_run import FirstRun, prepare


def test_an_empty_database_gets_the_demo_content_once_even_from_two_workers_at_once(tmp_path: Path) -> None:
    workers = [make_services(tmp_path, dense_enabled=False) for _ in range(2)]
    workers[0].engine  # noqa: B018  (migrate once before the race: the race is about the content)
    results: list[FirstRun] = []
    threads = [threading.Thread(target=lambda services=services: results.append(prepare(services)))
               for services in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2
    with workers[0].sessions() as session:
        users = session.scalars(select(StaffUser.username).order_by(StaffUser.username)).all()
        resources = session.scalar(select(func.count()).select_from(Resource))
        canned = session.scalar(select(func.count()).select_from(CannedResponse))
    assert users == ["admin", "editor", "specialist", "supervisor"]
    assert resources and canned == 3
    printed = [account for result in results for account in result.demo_accounts]
    assert sorted(role for _, role, _ in printed) == ["admin", "editor", "specialist", "supervisor"]
    username, _, password = next(account for account in printed if account[1] == "specialist")
    assert StaffSessions(workers[0].sessions).login(username, password, "127.0.0.1").staff.role == "specialist"
    again = prepare(workers[1])
    assert again == FirstRun()  # nothing more on a second start
    for services in workers:
        services.engine.dispose()
