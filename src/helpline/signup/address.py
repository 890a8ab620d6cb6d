"""Checking and normalising an e-mail address before it is stored or mailed."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email

from helpline.errors import InvalidAddress


def normalise_address(text: str) -> str:
    """The address in one canonical form (lower case, domain in ASCII), or ``InvalidAddress`` saying why.

    Checks the syntax only, never DNS: a sign-up must not wait on the network, and the confirmation mail is
    the real test that the address works. The whole address is lower-cased so that ``Jane@…`` and ``jane@…``
    are one sign-up (hardly any mail server treats them as two people).
    """
    text = text.strip()
    if not text:
        raise InvalidAddress("Please enter your e-mail address.")
    try:
        checked = validate_email(text, check_deliverability=False, allow_smtputf8=False)
    except EmailNotValidError as error:
        raise InvalidAddress(f"That e-mail address does not look right: {error}") from error
    return (checked.ascii_email or checked.normalized).lower()
