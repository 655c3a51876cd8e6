"""The overview page counts what is in the database and explains itself when it is empty."""

import datetime as dt
import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from db.models import Coupon, CouponTemplate, Member, Purchase, utcnow
from desktop.domain.overview import store_overview
from desktop.domain.store import current_store


def _member(phone: str, **fields) -> Member:
    return Member.create(store=current_store(), name="张三", phone=phone, **fields)


def _purchase(member: Member, days_ago: int, cents: int = 3000, **fields) -> Purchase:
    return Purchase.create(
        member=member, store=current_store(), amount_cents=cents,
        at=utcnow() - dt.timedelta(days=days_ago), **fields,
    )


def _coupon(days_ago: int, redeemed: bool = False) -> Coupon:
    template = CouponTemplate.get_or_none() or CouponTemplate.create(title="9折", kind="percent",
                                                                        value=10)
    issued = utcnow() - dt.timedelta(days=days_ago)
    return Coupon.create(
        code=uuid.uuid4().hex[:12].upper(), issuer_uuid=current_store().uuid, template=template,
        issued_at=issued, redeemed_at=issued if redeemed else None,
    )


def _fill_store():
    old = _member("13800138000", created_at=utcnow() - dt.timedelta(days=200))
    new = _member("13800138001")
    merged = _member("13800138002", merged_into=new)
    _member("13800138003", anonymised_at=utcnow())
    first = _purchase(new, days_ago=2)
    _purchase(new, days_ago=1, cents=-3000, refund_of=first)  # a refund is not a purchase
    _purchase(old, days_ago=45)  # outside the 30 days
    _purchase(merged, days_ago=3)
    _coupon(days_ago=5, redeemed=True)
    _coupon(days_ago=6)
    _coupon(days_ago=60, redeemed=True)


def test_overview_counts_current_members_and_recent_activity(sqlite_db):
    _fill_store()
    figures = store_overview()
    assert figures.members == 2  # merged and anonymised members are gone
    assert figures.new_members == 1
    assert figures.purchases == 2
    assert figures.coupons_issued == 2
    assert figures.coupons_redeemed == 1
    assert not figures.is_empty


def test_empty_store_shows_what_the_app_is_for(main_window, qtbot):
    home = main_window.page("home")
    assert home.members_card.value.text() == "0"
    assert home.welcome_card.isVisible()
    assert home.database_path.text() == str(main_window.database.target.path)
    qtbot.mouseClick(home.setup_button, Qt.MouseButton.LeftButton)
    assert main_window.current_page_key == "settings"


def test_home_shows_the_counts_and_hides_the_welcome(main_window):
    _fill_store()
    home = main_window.show_page("home")  # refreshes on every visit
    assert home.members_card.value.text() == "2"
    assert home.members_card.hint.text() == "+1 new in the last 30 days"
    assert home.purchases_card.value.text() == "2"
    assert home.coupons_card.value.text() == "2"
    assert home.coupons_card.hint.text() == "in the last 30 days, 1 redeemed"
    assert not home.welcome_card.isVisible()


def test_open_data_folder_asks_the_system(main_window, qtbot, recorded_dialogs, isolated_home):
    home = main_window.page("home")
    button = next(b for b in home.findChildren(QPushButton) if b.text() == "Open the data folder")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert recorded_dialogs.named("open_folder_in_explorer") == [(isolated_home,)]
