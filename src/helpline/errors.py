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
