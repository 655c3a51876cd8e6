"""Typed errors of the business rules, each carrying a translatable message and exit code."""

from desktop.i18n import tr, tr_noop


class DomainError(Exception):
    """A refusal the user can act on. `template` is English source marked with tr_noop.

    `context` is the translation context the template was marked in; a subclass whose
    messages are marked under another context sets it.
    """

    context = "errors"
    template = tr_noop("errors", "The operation was refused.")
    error_code = "refused"
    exit_code = 1  # CLI contract: 1 business refusal, 2 bad input, 3 environment

    def __init__(self, **details: object) -> None:
        self.details = details
        super().__init__(self.template.format(**details))

    def user_message(self) -> str:
        """The message in the current language, details filled in."""
        return tr(self.context, self.template).format(**self.details)


class InvalidInput(DomainError):
    """Input that cannot be used; nothing was written."""

    template = tr_noop("errors", "{field}: {problem}")
    error_code = "invalid_input"
    exit_code = 2


class FileUnusable(DomainError):
    """A file that cannot be read or written; nothing was changed."""

    template = tr_noop("errors", "The file {path} cannot be used: {reason}")
    error_code = "file_unusable"
    exit_code = 2
