"""The one error tree: every error has a stable code, an HTTP status and a CLI exit code."""

from __future__ import annotations


class HelplineError(Exception):
    """Base of every error the service reports to a user."""

    code = "internal_error"
    http_status = 500
    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(HelplineError):
    """The request itself is unusable (an empty question, an unknown option value)."""

    code = "invalid_input"
    http_status = 400
    exit_code = 2


class NotFound(HelplineError):
    code = "not_found"
    http_status = 404
    exit_code = 3


class ImportFailed(HelplineError):
    """Some files of an import could not be read; the rest were imported."""

    code = "import_failed"
    http_status = 422
    exit_code = 1


class Forbidden(HelplineError):
    """Refused: a missing or forged CSRF token, a foreign origin."""

    code = "forbidden"
    http_status = 403
    exit_code = 2


class RateLimited(HelplineError):
    """Too many requests from one client in a short time."""

    code = "rate_limited"
    http_status = 429
    exit_code = 1


class InvalidAddress(InvalidInput):
    """An e-mail address that cannot be used (malformed, or too long)."""

    code = "invalid_address"
    http_status = 422


class TokenInvalid(HelplineError):
    """A confirmation link whose token we do not know (mistyped, or replaced by a newer mail)."""

    code = "token_invalid"
    http_status = 404


class TokenExpired(HelplineError):
    """A confirmation link older than its time limit; nothing was changed."""

    code = "token_expired"
    http_status = 410


class MailNotSent(HelplineError):
    """The mail server could not take a mail now; what was stored stays stored."""

    code = "mail_not_sent"
    http_status = 503


class NotAuthenticated(HelplineError):
    """No valid staff session: log in (again)."""

    code = "not_authenticated"
    http_status = 401
    exit_code = 2


class Conflict(HelplineError):
    """The request lost a race or does not fit the current state (a conversation claimed by someone else)."""

    code = "conflict"
    http_status = 409
    exit_code = 1
