"""The overview page: counts from the database, an empty state, where the data lives."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

from db.locations import backups_dir, data_dir
from desktop.domain.overview import StoreOverview, store_overview
from desktop.domain.store import get_store_profile
from desktop.i18n import tr
from desktop.views import dialogs
from desktop.views.page import Page, PageContext
from desktop.views.widgets import Card, label, link_button, primary_button


class StatCard(Card):
    """One figure: a big number, what it counts, and a hint under it."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, spacing=4)
        self.caption = label(caption, "muted", wrap=True)
        self.value = label("0", "stat")
        self.hint = label("", "muted", wrap=True)
        self.body.addWidget(self.caption)
        self.body.addWidget(self.value)
        self.body.addWidget(self.hint)
        self.body.addStretch(1)

    def set_figures(self, value: int, hint: str = "") -> None:
        self.value.setText(f"{value:,}")
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))


class HomePage(Page):
    """What the shop has so far, and how to begin when it has nothing yet."""

    def __init__(self, context: PageContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setObjectName("PageScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll)
        content = QWidget()
        scroll.setWidget(content)
        layout = QVBoxLayout(content)
        layout.setContentsMargins(28, 24, 28, 28)
        layout.setSpacing(16)

        layout.addWidget(label(tr("Home", "Overview"), "title"))
        self.subtitle = label("", "muted", wrap=True)
        layout.addWidget(self.subtitle)

        stats = QGridLayout()
        stats.setHorizontalSpacing(16)
        self.members_card = StatCard(tr("Home", "Members"))
        self.purchases_card = StatCard(tr("Home", "Purchases"))
        self.coupons_card = StatCard(tr("Home", "Coupons issued"))
        for column, card in enumerate((self.members_card, self.purchases_card, self.coupons_card)):
            stats.addWidget(card, 0, column)
            stats.setColumnStretch(column, 1)
        layout.addLayout(stats)

        self.welcome_card = self._build_welcome()
        layout.addWidget(self.welcome_card)
        layout.addWidget(self._build_data_card())
        layout.addStretch(1)

    def _build_welcome(self) -> Card:
        card = Card(spacing=10)
        card.body.addWidget(label(tr("Home", "Welcome to ShopCircle"), "heading"))
        card.body.addWidget(label(tr(
            "Home",
            "ShopCircle helps your shop turn walk-in customers into regulars: customers join "
            "as members by scanning a QR poster, get a welcome coupon, and come back for "
            "birthday and win-back offers; you swap coupons with partner shops nearby and see "
            "what works on the dashboard. Everything stays on this computer.",
        ), wrap=True))
        card.body.addWidget(label(tr(
            "Home", "No members or purchases yet. Start by filling in your store's name, logo "
            "and colours: posters and coupons print them.",
        ), "muted", wrap=True))
        row = QHBoxLayout()
        self.setup_button = primary_button(tr("Home", "Set up your store"))
        self.setup_button.clicked.connect(lambda: self.context.show_page("settings"))
        row.addWidget(self.setup_button)
        row.addStretch(1)
        card.body.addLayout(row)
        return card

    def _build_data_card(self) -> Card:
        card = Card(spacing=8)
        card.body.addWidget(label(tr("Home", "Where your data is kept"), "heading"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        self.database_path = label(self.context.database.target.display, "path", wrap=True)
        self.backups_path = label(str(backups_dir()), "path", wrap=True)
        rows = (
            (tr("Home", "Database"), self.database_path),
            (tr("Home", "Backups"), self.backups_path),
        )
        for row, (caption, value) in enumerate(rows):
            caption_label = label(caption, "muted")
            caption_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(caption_label, row, 0)
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(1, 1)
        card.body.addLayout(grid)
        open_row = QHBoxLayout()
        open_button = link_button(tr("Home", "Open the data folder"))
        open_button.clicked.connect(lambda: dialogs.open_folder_in_explorer(data_dir()))
        open_row.addWidget(open_button)
        open_row.addStretch(1)
        card.body.addLayout(open_row)
        return card

    def refresh(self) -> None:
        figures: StoreOverview = store_overview()
        days = figures.period_days
        self.subtitle.setText(
            tr("Home", "{store} at a glance; recent figures cover the last {days} days.").format(
                store=get_store_profile().name, days=days
            )
        )
        self.members_card.set_figures(
            figures.members,
            tr("Home", "+{count} new in the last {days} days").format(
                count=figures.new_members, days=days
            ),
        )
        self.purchases_card.set_figures(
            figures.purchases, tr("Home", "in the last {days} days").format(days=days)
        )
        self.coupons_card.set_figures(
            figures.coupons_issued,
            tr("Home", "in the last {days} days, {count} redeemed").format(
                days=days, count=figures.coupons_redeemed
            ),
        )
        self.welcome_card.setVisible(figures.is_empty)
