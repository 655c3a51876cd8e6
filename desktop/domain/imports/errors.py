"""The refusal of member import (a file that cannot be read) and the person's cancel."""

from desktop.domain.errors import DomainError
from desktop.i18n import tr_noop


class ImportRejected(DomainError):
    """A file refused before any row was used; `reason_code` says why, nothing was written."""

    context = "imports"
    template = tr_noop("imports", "Cannot import {path}: {reason} {advice}")
    error_code = "import_rejected"
    exit_code = 2

    def __init__(self, *, path: object, reason: str, advice: str, reason_code: str) -> None:
        self.reason_code = reason_code
        super().__init__(path=str(path), reason=reason, advice=advice)


class ImportCancelled(DomainError):
    """The person cancelled the import (reading, planning or writing); nothing was changed.

    Defined here, below member_import, so that reading a file can raise it too;
    member_import re-exports it.
    """

    context = "member_import"
    template = tr_noop("member_import", "The import was cancelled; nothing was changed.")
    error_code = "import_cancelled"
    exit_code = 1


def check_cancel(cancel) -> None:
    """Raise ImportCancelled when `cancel` (a callable or None) says so."""
    if cancel is not None and cancel():
        raise ImportCancelled()
