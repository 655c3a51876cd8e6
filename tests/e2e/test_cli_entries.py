"""`shopcircle entries add` end to end: JSON keys, QR targets, exit codes, rows (both DBs)."""

from db import close_db, init_db
from db.models import EntryPoint, EntryPointTag, Tag
from desktop.domain.settings import set_setting
from tests.e2e.test_cli import answer, db_arg, has_chinese, shopcircle  # noqa: F401


def test_add_each_kind_and_store_it(db_arg, tmp_path):  # noqa: F811
    template = shopcircle("--db", db_arg, "--json", "coupons", "template", "add", "--title",
                          "新客立减", "--type", "amount", "--value", "10", "--valid-days", "30",
                          home=tmp_path)
    template_id = answer(template)["id"]
    form = shopcircle("--db", db_arg, "--json", "entries", "add", "问卷星表单", "--kind", "form",
                      "--url", "https://www.wjx.cn/vm/abc.aspx?from=a", "--tags", "扫码，新客",
                      "--welcome", str(template_id), home=tmp_path)
    assert form.returncode == 0, form.stderr
    made = answer(form)
    code = made["channel_code"]
    assert made["qr_url"] == f"https://www.wjx.cn/vm/abc.aspx?from=a&sojumpparm={code}"
    assert made["qr_is_path"] is False

    page = answer(shopcircle("--db", db_arg, "--json", "entries", "add", "门口海报", "--kind",
                             "page", "--location", "门口", home=tmp_path))
    counter = answer(shopcircle("--db", db_arg, "--json", "entries", "add", "收银台", "--kind",
                                "counter", home=tmp_path))
    link = answer(shopcircle("--db", db_arg, "--json", "entries", "add", "公众号", "--kind",
                             "url", "--url", "https://mp.weixin.qq.com/s/xyz", home=tmp_path))
    assert counter["qr_url"] is None and link["qr_url"] == "https://mp.weixin.qq.com/s/xyz"

    init_db(db_arg)
    try:
        stored = EntryPoint.get_by_id(made["id"])
        assert (stored.name, stored.kind, stored.url_param, stored.channel_code,
                stored.welcome_template_id) == ("问卷星表单", "form", "sojumpparm", code,
                                                template_id)
        tags = {t.name for t in Tag.select().join(EntryPointTag)
                .where(EntryPointTag.entry_point == made["id"])}
        assert tags == {"扫码", "新客"}
        poster = EntryPoint.get_by_id(page["id"])
        assert page["qr_url"] == f"/s/{poster.token}" and page["qr_is_path"] is True
        assert poster.location == "门口"
        set_setting("signup_base_url", "http://192.168.1.20:8080")
    finally:
        close_db()

    second = answer(shopcircle("--db", db_arg, "--json", "entries", "add", "桌贴", "--kind",
                               "page", home=tmp_path))
    assert second["qr_url"].startswith("http://192.168.1.20:8080/s/")
    assert second["qr_is_path"] is False


def test_bad_input_is_refused_and_nothing_written(tmp_path):
    db = str(tmp_path / "shop.db")
    cases = [
        (["x", "--kind", "form"], "URL"),
        (["x", "--kind", "url", "--url", "ftp://a.example.com"], "URL"),
        (["x", "--kind", "form", "--url", "https://forms.example.com/f"], "Parameter"),
        (["x", "--kind", "form", "--url", "https://forms.example.com/f", "--param", "a-b"],
         "Parameter"),
        (["x", "--kind", "poster"], "Kind"),
        (["x", "--kind", "page", "--welcome", "99"], "Welcome coupon"),
        (["长" * 61, "--kind", "page"], "Name"),
    ]
    for args, field in cases:
        refused = shopcircle("--db", db, "--json", "entries", "add", *args, home=tmp_path)
        assert refused.returncode == 2, (args, refused.stdout)
        result = answer(refused)
        assert result["error"] == "invalid_input" and result["message"].startswith(field)
    missing_kind = shopcircle("--db", db, "--json", "entries", "add", "x", home=tmp_path)
    assert missing_kind.returncode == 2
    init_db(db)
    try:
        assert EntryPoint.select().count() == 0
    finally:
        close_db()


def test_chinese_text_output(tmp_path):
    added = shopcircle("--db", str(tmp_path / "shop.db"), "--lang", "zh_CN", "entries", "add",
                       "前台", "--kind", "page", home=tmp_path)
    assert added.returncode == 0, added.stderr
    assert has_chinese(added.stdout.replace("前台", "")) and "/s/" in added.stdout
    refused = shopcircle("--db", str(tmp_path / "shop.db"), "--lang", "zh_CN", "entries", "add",
                         "x", "--kind", "url", home=tmp_path)
    assert refused.returncode == 2 and has_chinese(refused.stderr)
