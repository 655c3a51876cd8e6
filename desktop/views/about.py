"""The About box: name, version, where the database, backups and logs are, the licence."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from db import DatabaseInfo
from db.locations import backups_dir, data_dir, logs_dir
from desktop import __version__
from desktop.i18n import tr
from desktop.views import dialogs
from desktop.views.widgets import app_logo, label, link_button


class AboutDialog(QDialog):
    """Who we are and where everything is kept, for the shop and whoever supports it."""

    def __init__(self, database: DatabaseInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(tr("About", "About ShopCircle"))
        self.setFixedWidth(620)  # a fixed width keeps wrapped paths and text at a known height
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(14)

        top = QHBoxLayout()
        top.setSpacing(16)
        top.addWidget(app_logo(64, self))
        titles = QVBoxLayout()
        titles.setSpacing(2)
        titles.addWidget(label(tr("About", "ShopCircle"), "title"))
        version = tr("About", "Version {version}").format(version=__version__)
        self.version_label = label(version, "muted")
        titles.addWidget(self.version_label)
        titles.addWidget(label(tr(
            "About",
            "Members, QR sign-up, coupons and partner exchange for your shop, on your own PC.",
        ), wrap=True))
        top.addLayout(titles, 1)
        layout.addLayout(top)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        self.database_label = label(database.target.display, "path", wrap=True)
        self.schema_label = label(str(database.schema_version), "path")
        rows: list[tuple[str, QLabel, Path | None]] = [
            (tr("About", "Database"), self.database_label,
             database.target.path.parent if database.target.path else None),
            (tr("About", "Schema version"), self.schema_label, None),
            (tr("About", "Data folder"), label(str(data_dir()), "path", wrap=True), data_dir()),
            (tr("About", "Backups"), label(str(backups_dir()), "path", wrap=True), backups_dir()),
            (tr("About", "Log files"), label(str(logs_dir()), "path", wrap=True), logs_dir()),
        ]
        for row, (caption, value, folder) in enumerate(rows):
            caption_label = label(caption, "muted")
            grid.addWidget(caption_label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1, Qt.AlignmentFlag.AlignTop)
            for widget in (caption_label, value):
                widget.setMinimumHeight(26)
                widget.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            if folder is not None:
                button = link_button(tr("About", "Open"))
                button.setMinimumHeight(26)
                button.setAccessibleName(tr("About", "Open {folder}").format(folder=caption))
                button.clicked.connect(
                    lambda _c=False, f=folder: dialogs.open_folder_in_explorer(f)
                )
                grid.addWidget(button, row, 2, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(grid)

        layout.addWidget(label(tr(
            "About", "Proprietary software. Copyright © ShopCircle. All rights reserved."
        ), "muted", wrap=True))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        close.setProperty("primary", True)
        layout.addWidget(buttons)
