"""The phone page's HTML: the form, the result, and the plain error pages; every text escaped.

Inline CSS only, the system font stack, one column, inputs of 16 px so iPhones do not zoom.
"""

from html import escape

from desktop.capture.signup import SignupForm, SignupPage, SignupResult
from desktop.domain.store import COLOR_PATTERN
from desktop.i18n import current_language, tr
from desktop.printing.qr_matrix import QUIET_ZONE, qr_rows

FALLBACK_COLOR = "#C8102E"
HONEYPOT = "website"  # hidden from people; a bot that fills every field fills it too
STYLE = """
*{box-sizing:border-box}
body{margin:0;font-family:-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",
sans-serif;font-size:16px;line-height:1.5;color:#222;background:#f6f6f6}
main{max-width:480px;margin:0 auto;padding:20px 16px 40px}
header{text-align:center;margin-bottom:16px}
header img{max-width:96px;max-height:96px}
h1{font-size:22px;margin:8px 0;color:var(--brand);overflow-wrap:anywhere}
form,.card{background:#fff;border-radius:12px;padding:16px}
label{display:block;margin-top:14px;font-weight:600}
input[type=text],input[type=tel]{display:block;width:100%;font-size:16px;padding:12px;
margin-top:6px;border:1px solid #bbb;border-radius:8px}
.check{display:flex;gap:10px;align-items:flex-start;font-weight:400}
.check input{width:22px;height:22px;margin:2px 0 0;flex:none}
.problem{color:#b00020;font-size:15px;margin:4px 0 0}
details{margin-top:14px;color:#444;font-size:15px}
details p{white-space:pre-line}
summary{color:var(--brand);cursor:pointer}
button{display:block;width:100%;margin-top:20px;padding:14px;font-size:18px;color:#fff;
background:var(--brand);border:0;border-radius:10px}
.trap{display:none}
.code{font-size:32px;font-weight:700;letter-spacing:2px;text-align:center;margin:12px 0;
overflow-wrap:anywhere}
.qr{display:block;width:220px;height:220px;margin:8px auto}
.center{text-align:center}
"""


def form_page(page: SignupPage, form: SignupForm | None = None,
              problems: dict[str, str] | None = None) -> str:
    """The sign-up form; after a refused POST, the values typed and a message per field."""
    form = form or SignupForm()
    problems = problems or {}
    fields = [
        _input("name", tr("signup", "Name"), form.name, problems, 'autocomplete="name"'),
        _input("phone", tr("signup", "Mobile number"), form.phone, problems,
               'type="tel" inputmode="numeric" autocomplete="tel"'),
        _input("birthday", tr("signup", "Birthday (optional, e.g. 1990-05-03)"),
               form.birthday, problems, 'autocomplete="bday"'),
        _check("marketing", tr("signup", "I agree that the shop keeps my details and sends me "
                                         "member offers."), form.marketing, problems),
        _check("partner", tr("signup", "Optional: I agree that partner shops may receive my "
                                       "details to send me their offers."), form.partner,
               problems),
        f"<details><summary>{_e(tr('signup', 'Privacy notice'))}</summary>"
        f"<p>{_e(page.privacy_notice)}</p></details>",
        f'<div class="trap" aria-hidden="true"><label>{HONEYPOT}<input type="text" '
        f'name="{HONEYPOT}" tabindex="-1" autocomplete="off"></label></div>',
        f'<button type="submit">{_e(tr("signup", "Join"))}</button>',
    ]
    body = f'<form method="post" novalidate>{"".join(fields)}</form>'
    return _document(page, tr("signup", "Become a member"), body)


def result_page(page: SignupPage, result: SignupResult) -> str:
    """After a sign-up: the welcome coupon's code and QR, or a welcome back for a known phone."""
    if result.known:
        line = tr("signup", "Welcome back, {name}! You are already a member.")
    else:
        line = tr("signup", "Welcome, {name}! You are now a member.")
    parts = [f"<p>{_e(line.format(name=result.name))}</p>"]
    if result.coupon_code:
        parts += [f"<p>{_e(tr('signup', 'Your welcome coupon:'))}</p>",
                  f'<div class="code">{_e(result.coupon_code)}</div>',
                  qr_svg(result.coupon_code.replace("-", "")),
                  f"<p><strong>{_e(tr('signup', 'Show this to the cashier.'))}</strong></p>"]
    body = f'<div class="card center">{"".join(parts)}</div>'
    return _document(page, tr("signup", "Thank you"), body)


def message_page(title: str, message: str) -> str:
    """A plain page for 404, 413, 429 and the like: no store details, nothing from the DB."""
    body = f'<div class="card center"><p>{_e(message)}</p></div>'
    return _document(None, title, body)


def qr_svg(data: str) -> str:
    """The QR code of `data` as an inline SVG: one path, dark modules only."""
    rows = qr_rows(data)
    size = len(rows)
    runs = []
    for y, row in enumerate(rows):
        x = 0
        while x < size:
            if row >> (size - 1 - x) & 1:
                start = x
                while x < size and row >> (size - 1 - x) & 1:
                    x += 1
                runs.append(f"M{start + QUIET_ZONE} {y + QUIET_ZONE}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    full = size + 2 * QUIET_ZONE
    return (f'<svg class="qr" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {full} {full}" '
            f'shape-rendering="crispEdges" role="img" aria-label="{_e(data)}">'
            f'<rect width="{full}" height="{full}" fill="#fff"/>'
            f'<path d="{"".join(runs)}" fill="#000"/></svg>')


def _input(name: str, label: str, value: str, problems: dict[str, str], extra: str) -> str:
    kind = "" if "type=" in extra else 'type="text" '
    return (f'<label for="{name}">{_e(label)}</label>'
            f'<input {kind}id="{name}" name="{name}" value="{_e(value)}" {extra}>'
            + _problem(name, problems))


def _check(name: str, sentence: str, ticked: bool, problems: dict[str, str]) -> str:
    checked = " checked" if ticked else ""
    return (f'<label class="check"><input type="checkbox" name="{name}" value="1"{checked}>'
            f"<span>{_e(sentence)}</span></label>" + _problem(name, problems))


def _problem(name: str, problems: dict[str, str]) -> str:
    return f'<p class="problem">{_e(problems[name])}</p>' if name in problems else ""


def _document(page: SignupPage | None, title: str, body: str) -> str:
    brand = page.primary_color if page and COLOR_PATTERN.match(page.primary_color) else ""
    header = ""
    if page is not None:
        logo = f'<img src="{_e(page.logo_data_uri)}" alt="">' if page.logo_data_uri else ""
        header = f"<header>{logo}<h1>{_e(page.store_name)}</h1><p>{_e(title)}</p></header>"
    lang = "zh-CN" if current_language() == "zh_CN" else "en"
    return ('<!DOCTYPE html>'
            f'<html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            f"<title>{_e(page.store_name if page else title)}</title>"
            f"<style>:root{{--brand:{brand or FALLBACK_COLOR}}}{STYLE}</style></head>"
            f"<body><main>{header or f'<h1>{_e(title)}</h1>'}{body}</main></body></html>")


def _e(text: str) -> str:
    return escape(text or "", quote=True)
