"""The sign-up listener: told of each stored sign-up once it is committed, never of refusals."""

from urllib.parse import urlencode

from db.models import Member
from desktop.capture.server import SignupServer
from tests.capture.test_server import FORM, entry, request  # noqa: F401  (the fixture)


def post(server, token, fields):
    return request(server, "POST", f"/s/{token}", urlencode(fields),
                   {"Content-Type": "application/x-www-form-urlencoded"})


def test_the_listener_hears_new_and_known_sign_ups_after_commit(entry):  # noqa: F811
    heard = []

    def listener(result):
        # Committed already: another connection sees the member.
        heard.append((result, Member.select().where(Member.id == result.member_id).count()))

    server = SignupServer("127.0.0.1", 0, on_signup=listener)
    server.start()
    try:
        post(server, entry.token, FORM)
        post(server, entry.token, FORM | {"name": "李四"})
        post(server, entry.token, FORM | {"phone": "12"})  # refused: no sign-up
        post(server, entry.token, FORM | {"website": "spam"})  # honeypot: nothing stored
    finally:
        server.stop()
    assert [(r.name, r.known, r.entry_point_id, r.entry_point_name, seen)
            for r, seen in heard] == [("张三", False, entry.id, "门口海报", 1),
                                      ("张三", True, entry.id, "门口海报", 1)]
    assert heard[0][0].coupon_code and heard[1][0].coupon_code is None


def test_a_failing_listener_does_not_hide_the_stored_sign_up(entry):  # noqa: F811
    def listener(_result):
        raise RuntimeError("listener bug")

    server = SignupServer("127.0.0.1", 0, on_signup=listener)
    server.start()
    try:
        status, _headers, page = post(server, entry.token, FORM)
    finally:
        server.stop()
    assert status == 200 and "张三" in page
    assert Member.select().count() == 1
