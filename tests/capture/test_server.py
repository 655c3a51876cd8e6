"""The sign-up server over real HTTP on 127.0.0.1: the page, sign-ups, hardening (both DBs)."""

import http.client
import io
import re
import socket
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

import pytest

from db.models import Consent, Coupon, Member, SignupEvent
from desktop import i18n
from desktop.capture.app import Limits, RateLimiter, SignupApp
from desktop.capture.server import SignupServer, lan_address
from desktop.domain.coupon_codes import display
from desktop.domain.coupons import TemplateInput, add_template
from desktop.domain.entry_points import EntryPointInput, add_entry_point

FORM = {"name": "张三", "phone": "13800138000", "birthday": "", "marketing": "1"}


@pytest.fixture
def entry(db):
    welcome = add_template(TemplateInput(title="新客立减10元", kind="amount", value=1000,
                                         valid_days=30)).id
    return add_entry_point(EntryPointInput(name="门口海报", kind="page",
                                           welcome_template_id=welcome))


def serve(limits=None):
    server = SignupServer("127.0.0.1", 0, limits=limits)
    server.start()
    return server


@pytest.fixture
def server(entry):
    running = serve()
    yield running
    running.stop()


def request(server, method, path, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def post(server, token, fields):
    return request(server, "POST", f"/s/{token}", urlencode(fields),
                   {"Content-Type": "application/x-www-form-urlencoded"})


def test_page_is_served_with_security_headers_and_records_the_open(server, entry):
    status, headers, page = request(server, "GET", f"/s/{entry.token}")
    assert status == 200
    assert headers["Content-Security-Policy"].startswith(
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert "Server" not in headers
    assert 'type="tel" inputmode="numeric"' in page
    assert re.search(r'<input type="checkbox" name="partner" value="1">', page)  # unticked
    assert 'name="website"' in page and "<details>" in page
    assert [e.kind for e in SignupEvent.select()] == ["opened"]


def test_sign_up_stores_member_consents_and_shows_the_coupon(server, entry):
    status, _headers, page = post(server, entry.token, FORM)
    assert status == 200
    member = Member.get(Member.phone == "13800138000")
    coupon = Coupon.get(Coupon.member == member.id)
    assert display(coupon.code) in page
    assert "<svg" in page and "Show this to the cashier." in page
    assert {(c.kind, c.given) for c in Consent.select()} == {
        ("marketing", True), ("partner_sharing", False)}


def test_known_phone_is_recognised_without_a_duplicate(server, entry):
    post(server, entry.token, FORM)
    status, _headers, page = post(server, entry.token, FORM | {"name": "李四"})
    assert status == 200
    assert "already a member" in page and "张三" in page
    assert Member.select().count() == 1
    assert Coupon.select().where(Coupon.member.is_null(False)).count() == 1


def test_wrong_token_and_other_paths_are_404(server, entry):
    for path in ("/s/" + "A" * 43, "/", "/s/", f"/s/{entry.token}/x", "/favicon.ico"):
        assert request(server, "GET", path)[0] == 404
    assert post(server, "B" * 43, FORM)[0] == 404
    assert Member.select().count() == 0


def test_a_one_megabyte_body_is_413(server, entry):
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as raw:
        raw.sendall((f"POST /s/{entry.token} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
                     "Content-Type: application/x-www-form-urlencoded\r\n"
                     f"Content-Length: {1024 * 1024}\r\n\r\n").encode() + b"a" * 1024)
        assert raw.recv(100).startswith(b"HTTP/1.1 413")
    assert Member.select().count() == 0


def test_the_app_refuses_a_large_body_before_reading_it(entry):
    class Unreadable(io.RawIOBase):
        def read(self, *_args):
            raise AssertionError("the body was read")

    environ = {"REQUEST_METHOD": "POST", "PATH_INFO": f"/s/{entry.token}",
               "HTTP_HOST": "shop:80", "CONTENT_LENGTH": str(16 * 1024 + 1),
               "CONTENT_TYPE": "application/x-www-form-urlencoded", "wsgi.input": Unreadable()}
    setup_testing_defaults(environ)
    statuses = []
    SignupApp("shop:80")(environ, lambda status, headers: statuses.append(status))
    assert statuses == ["413 Payload Too Large"]


def test_a_flood_from_one_client_gets_429(entry):
    server = serve(Limits(per_client_per_minute=60, client_burst=5))
    try:
        statuses = [request(server, "GET", f"/s/{entry.token}")[0] for _ in range(8)]
    finally:
        server.stop()
    assert statuses[:5] == [200] * 5
    assert statuses[5:] == [429] * 3


def test_a_flood_from_everyone_together_gets_429(entry):
    server = serve(Limits(overall_per_second=0.01, overall_burst=3))
    try:
        statuses = [request(server, "GET", f"/s/{entry.token}")[0] for _ in range(5)]
    finally:
        server.stop()
    assert statuses == [200, 200, 200, 429, 429]


def test_rate_limiter_refills_with_time():
    now = [0.0]
    limiter = RateLimiter(rate_per_second=1, burst=2, clock=lambda: now[0])
    assert [limiter.allow("a") for _ in range(3)] == [True, True, False]
    assert limiter.allow("b")
    now[0] = 1.0
    assert limiter.allow("a") and not limiter.allow("a")


def test_markup_in_a_name_is_stored_literally_and_escaped(server, entry):
    _status, _headers, page = post(server, entry.token, FORM | {"name": "<img src=x>"})
    assert Member.get().name == "<img src=x>"
    assert "&lt;img src=x&gt;" in page and "<img src=x>" not in page


@pytest.mark.parametrize("fields", [
    FORM | {"name": "张\x07三"},
    FORM | {"name": "x" * 10_000},  # 10,000 Chinese characters are 90 KB encoded: 413
    FORM | {"phone": "1" * 10_000},
])
def test_control_characters_and_long_fields_are_refused_beside_the_field(server, entry,
                                                                          fields):
    status, _headers, page = post(server, entry.token, fields)
    assert status == 200
    assert 'class="problem"' in page and 'method="post"' in page
    assert Member.select().count() == 0


def test_missing_consent_reshows_the_form_with_the_values_typed(server, entry):
    _status, _headers, page = post(server, entry.token, FORM | {"marketing": ""})
    assert "Please tick this box to join." in page
    assert 'value="张三"' in page
    assert Member.select().count() == 0


def test_a_host_header_other_than_the_servers_address_is_400(server, entry):
    status, _headers, _page = request(server, "GET", f"/s/{entry.token}",
                                      headers={"Host": "evil.example"})
    assert status == 400
    assert SignupEvent.select().count() == 0


def test_a_filled_honeypot_pretends_success_and_stores_nothing(server, entry):
    status, _headers, page = post(server, entry.token, FORM | {"website": "http://spam"})
    assert status == 200 and "You are now a member" in page
    assert Member.select().count() == 0
    assert Coupon.select().where(Coupon.member.is_null(False)).count() == 0


def test_the_page_speaks_chinese_when_the_store_does(server, entry):
    i18n.set_language("zh_CN")
    page = request(server, "GET", f"/s/{entry.token}")[2]
    assert 'lang="zh-CN"' in page and "手机号" in page


def test_stop_closes_the_port(entry):
    server = serve()
    port = server.port
    server.stop()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_lan_address_is_an_ipv4_address():
    assert re.fullmatch(r"\d+\.\d+\.\d+\.\d+", lan_address())
