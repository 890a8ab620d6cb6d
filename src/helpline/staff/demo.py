"""Demo accounts: on a database without staff, one account per role with a random password, printed by serve."""

from __future__ import annotations

from helpline.db.staff_tables import ROLES
from helpline.errors import Conflict
from helpline.services import Services
from helpline.staff.accounts import Accounts
from helpline.staff.passwords import generate_password


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
