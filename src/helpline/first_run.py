"""What `helpline serve` gives an empty database: the starter library, the sample resource directory, demo staff
accounts and a few canned responses. Each step only runs on an empty table, so it is safe at every start;
when several workers start together on an empty database, the one that loses a race on a unique row leaves the
step to the winner."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sqlalchemy.exc import IntegrityError

from helpline.accounts.accounts import Accounts
from helpline.accounts.passwords import generate_password
from helpline.console.desk import ensure_demo_canned
from helpline.db.staff_tables import ROLES
from helpline.directory.importer import ensure_sample_directory
from helpline.errors import Conflict
from helpline.ingest.action import import_paths
from helpline.library.store import count_library
from helpline.services import Services

STARTER = Path(__file__).resolve().parent / "starter"
log = logging.getLogger(__name__)
Result = TypeVar("Result")


@dataclass
class FirstRun:
    imported_starter: bool = False
    imported_resources: int = 0
    demo_accounts: list[tuple[str, str, str]] = field(default_factory=list)  # (username, role, password)


def _unless_raced(step: Callable[[], Result], otherwise: Result) -> Result:
    try:
        return step()
    except IntegrityError:
        log.info("another worker did this first-run step at the same moment")
        return otherwise


def ensure_demo_accounts(services: Services) -> list[tuple[str, str, str]]:
    """``[(username, role, password), …]`` for the accounts made now; ``[]`` when the database has staff already.

    The usernames are the role names ("specialist", "supervisor", "editor", "admin"). The passwords exist only
    in what this returns: whoever starts the demo must note them (or reset them with ``helpline user``).
    """
    accounts = Accounts(services.sessions)
    if accounts.count() > 0:
        return []
    made: list[tuple[str, str, str]] = []
    for role in ROLES:
        password = generate_password()
        try:
            accounts.add(None, role, role, password, f"Demo {role.capitalize()}")
        except Conflict:  # another worker made it at the same moment: its output holds the password
            continue
        made.append((role, role, password))
    return made


def prepare(services: Services) -> FirstRun:
    done = FirstRun()
    with services.sessions() as session:
        articles, _ = count_library(session)
    if articles == 0:
        done.imported_starter = _unless_raced(lambda: not import_paths(services.sessions, services.encoder,
                                                                         [STARTER]).failures, False)
    done.imported_resources = _unless_raced(lambda: ensure_sample_directory(services.sessions), 0)
    done.demo_accounts = _unless_raced(lambda: ensure_demo_accounts(services), [])
    _unless_raced(lambda: ensure_demo_canned(services.sessions), 0)  # titles are unique: one start wins
    return done
