"""The window issues birthday coupons behind itself, once a day."""

import datetime as dt

from db import close_db, init_db
from db.models import Coupon, Member
from desktop.domain.coupons import TemplateInput, add_template
from desktop.domain.settings import get_setting, set_setting
from desktop.domain.store import current_store
from tests.support.window_runs import run_window_until_its_database_work_is_done


def _store_with_a_birthday_tomorrow(path) -> None:
    init_db(path)
    set_setting("first_run_done", True)
    template = add_template(TemplateInput(title="生日快乐券", kind="amount", value=2000,
                                          valid_days=30))
    set_setting("birthday_coupon_template", template.id)
    set_setting("birthday_coupon_days_before", 3)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    Member.create(store=current_store(), name="张三", phone="13800138000",
                  birth_month=tomorrow.month, birth_day=tomorrow.day,
                  birthday_key=tomorrow.month * 100 + tomorrow.day)
    Member.create(store=current_store(), name="李四", phone="13900139000")  # no birthday
    close_db()


def _birthday_coupons(path) -> list[str]:
    init_db(path)
    try:
        holders = [coupon.member.name for coupon in Coupon.select()]
        last_run = get_setting("birthday_coupons_last_run")
    finally:
        close_db()
    assert last_run == dt.date.today().isoformat()
    return holders


def test_opening_the_window_issues_birthday_coupons_once(tmp_path, qapp):
    path = tmp_path / "shop.db"
    _store_with_a_birthday_tomorrow(path)
    run_window_until_its_database_work_is_done(qapp, path)
    assert _birthday_coupons(path) == ["张三"]
    run_window_until_its_database_work_is_done(qapp, path)  # the same day: nothing more
    assert _birthday_coupons(path) == ["张三"]


def test_a_failed_run_is_told_in_the_window_and_tried_again_next_time(
    tmp_path, qapp, monkeypatch
):
    from desktop.domain import coupon_issuing
    from desktop.views.main_window import MainWindow

    path = tmp_path / "shop.db"
    _store_with_a_birthday_tomorrow(path)
    notices = []
    monkeypatch.setattr(MainWindow, "notify", lambda window, text: notices.append(text))

    def broken(now=None):
        raise OSError("disk full")

    with monkeypatch.context() as patch:
        patch.setattr(coupon_issuing, "issue_birthday_coupons", broken)
        run_window_until_its_database_work_is_done(qapp, path)
    assert notices == ["Birthday coupons could not be issued today: disk full"]
    run_window_until_its_database_work_is_done(qapp, path)
    assert _birthday_coupons(path) == ["张三"]
