"""The Coupons tab of the member detail panel: loaded with the member, newest first, states."""

import datetime as dt

import pytest

from db.models import Coupon
from desktop.domain.coupon_codes import display
from desktop.domain.coupon_issuing import issue_to_members
from desktop.domain.coupons import TemplateInput, add_template
from desktop.domain.members import MemberInput, add_member
from desktop.views import translation
from desktop.views.members.detail_panel import TAB_COUPONS, MemberDetailPanel
from tests.views.test_member_detail_panel import PANEL_WIDTH, panel, shown  # noqa: F401


def test_lists_the_members_coupons_newest_first(panel, qtbot):  # noqa: F811
    holder = add_member(MemberInput(name="王五", phone="13700137000"))
    other = add_member(MemberInput(name="赵六", phone="13700137001"))
    coffee = add_template(TemplateInput("免费咖啡一杯", "gift")).id
    money = add_template(TemplateInput("满100减20", "amount", 2000, valid_days=30)).id
    old = issue_to_members(coffee, [holder.id]).codes[0]
    Coupon.update(issued_at=dt.datetime(2026, 1, 1, 2, 0),
                  redeemed_at=dt.datetime(2026, 1, 5, 6, 30)).where(Coupon.code == old).execute()
    new = issue_to_members(money, [holder.id, other.id]).codes[0]
    shown(qtbot, panel, holder.id)
    panel.tabs.setCurrentIndex(TAB_COUPONS)
    assert panel.tabs.tabText(TAB_COUPONS) == "Coupons"
    titles = [title for title, _, _ in panel.coupons.lines]
    assert titles == ["满100减20", "免费咖啡一杯"]
    assert panel.coupons.lines[0][2] == display(new)
    assert panel.coupons.lines[0][1].startswith("Valid until ")
    assert panel.coupons.lines[1][1].startswith("Redeemed 2026-01-0")
    assert panel.coupons.heading.text() == "Coupons (2)"

    nobody = add_member(MemberInput(name="孙七", phone="13700137002"))
    shown(qtbot, panel, nobody.id)
    assert panel.coupons.lines == []
    assert panel.coupons.note_label.text().startswith("No coupons yet")


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_coupons_tab_fits_the_narrow_panel(qtbot, sqlite_db, language):
    translation.apply_language(language)
    holder = add_member(MemberInput(name="欧阳娜娜·长名字测试会员", phone="13700137000"))
    for title in ("满100减20 周末全场通用 长标题测试 满100减20 周末全场通用", "免费咖啡一杯"):
        issue_to_members(add_template(TemplateInput(title, "gift", valid_days=30)).id,
                         [holder.id])
    widget = MemberDetailPanel()
    qtbot.addWidget(widget)
    widget.resize(PANEL_WIDTH, 720)
    widget.show()
    shown(qtbot, widget, holder.id)
    widget.tabs.setCurrentIndex(TAB_COUPONS)
    assert widget.minimumSizeHint().width() <= PANEL_WIDTH
    assert widget.tabs.tabBar().sizeHint().width() <= widget.tabs.width()
