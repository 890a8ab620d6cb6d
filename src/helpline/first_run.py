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

from helpline.directory.importer import ensure_sample_directory
from helpline.ingest.action import import_paths
from helpline.library.store import count_library
from helpline.services import Services
from helpline.staff.demo import ensure_demo_accounts
from helpline.staff.desk import ensure_demo_canned

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
