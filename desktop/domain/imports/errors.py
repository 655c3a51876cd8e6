"""The one refusal of member import: a file that cannot be read, with what to do about it."""

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
