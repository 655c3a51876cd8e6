"""The settings card for data care: where the data is, back up now, restore a backup."""

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from db.locations import backups_dir
from desktop.domain import backups
from desktop.domain.errors import DomainError
from desktop.domain.store import get_store_profile
from desktop.i18n import tr
from desktop.tasks.background import run_database_task
from desktop.views import dialogs
from desktop.views.page import PageContext
from desktop.views.widgets import Card, label, link_button

log = logging.getLogger(__name__)


class BackupsCard(Card):
    """Back up now, restore from a backup (after a confirmation), open the backups folder.

    Both run on the database thread; the buttons are disabled until the result is in.
    """

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.body.addWidget(label(tr("Settings", "Data and backups"), "heading"))
        self.body.addWidget(label(tr(
            "Settings", "ShopCircle makes a backup every day you open it, and before every "
            "upgrade and restore. Make one yourself before big changes, or copy one to a USB "
            "stick now and then."), "muted", wrap=True))
        self.database_label = label(
            tr("Settings", "Database: {path}").format(path=context.database.target.display),
            "path", wrap=True)
        self.body.addWidget(self.database_label)
        self.last_backup_label = label("", wrap=True)
        self.body.addWidget(self.last_backup_label)
        row = QHBoxLayout()
        row.setSpacing(10)
        self.backup_button = QPushButton(tr("Settings", "Back up now"))
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(tr("Settings", "Restore from a backup…"))
        self.restore_button.clicked.connect(self.restore)
        folder_button = link_button(tr("Settings", "Open the backups folder"))
        folder_button.clicked.connect(lambda: dialogs.open_folder_in_explorer(backups_dir()))
        row.addWidget(self.backup_button)
        row.addWidget(self.restore_button)
        row.addWidget(folder_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.refresh()

    def refresh(self) -> None:
        """Show the newest backup."""
        entries = backups.list_backups()
        if entries:
            newest = entries[0]
            text = tr("Settings", "Newest backup: {time} ({size})").format(
                time=newest.created.strftime("%Y-%m-%d %H:%M"), size=_size(newest.size_bytes))
        else:
            text = tr("Settings", "No backup yet.")
        self.last_backup_label.setText(text)

    def back_up_now(self) -> None:
        self._busy(True)
        run_database_task(backups.make_backup, self._backed_up,
                          self._failure(tr("Settings", "The backup could not be made")))

    def restore(self) -> None:
        source = dialogs.choose_open_file(
            self, tr("Settings", "Choose a backup to restore"),
            tr("Settings", "ShopCircle backups (*.db *.zip)"), str(backups_dir()))
        if source is None:
            return
        try:
            manifest = backups.check_backup(source)
        except DomainError as problem:
            dialogs.show_error(self, tr("Settings", "This backup cannot be restored"),
                               problem.user_message())
            return
        when = _made_at(manifest.created, source)
        question = tr(
            "Settings", "Restore the backup {name}{when}?\n\nEverything in the database now "
            "is replaced by the backup. A backup of the data as it is now is made first, so "
            "this can be undone by restoring that one.").format(
                name=source.name, when=f" ({when})")
        if not dialogs.confirm(self, tr("Settings", "Restore a backup"), question,
                               tr("Settings", "Restore")):
            return
        before = get_store_profile()
        self._busy(True)
        run_database_task(lambda: backups.restore_backup(source),
                          lambda outcome: self._restored(outcome, before),
                          self._failure(tr("Settings", "The backup could not be restored")))

    # -- results, on the UI thread ----------------------------------------------------------

    def _backed_up(self, result: backups.BackupResult) -> None:
        self._busy(False)
        self.refresh()
        self.context.notify(tr("Settings", "Backup saved: {name}").format(name=result.path.name))

    def _restored(self, outcome: backups.RestoreOutcome, before) -> None:
        log.info("Backup restored; safety backup kept")
        dialogs.show_info(self, tr("Settings", "Backup restored"), tr(
            "Settings", "The backup was restored. The data it replaced was kept in "
            "{path}.").format(path=outcome.safety_backup))
        # Everything may have changed, the store's name, colours and language included.
        self.context.profile_saved(before, get_store_profile())

    def _failure(self, title: str):
        def failed(error: Exception) -> None:
            self._busy(False)
            message = error.user_message() if isinstance(error, DomainError) else str(error)
            dialogs.show_error(self, title, message)

        return failed

    def _busy(self, busy: bool) -> None:
        self.backup_button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy)


def _size(size_bytes: int) -> str:
    if size_bytes >= 1024 * 1024:
        return f"{size_bytes / (1024 * 1024):.1f} MB"
    return f"{max(1, round(size_bytes / 1024))} KB"


def _made_at(created_utc: dt.datetime | None, path: Path) -> str:
    """When a backup was made, in local time: from its manifest, else the file's time."""
    if created_utc is not None:
        local = created_utc.replace(tzinfo=dt.UTC).astimezone()
    else:
        local = dt.datetime.fromtimestamp(path.stat().st_mtime)
    return local.strftime("%Y-%m-%d %H:%M")
