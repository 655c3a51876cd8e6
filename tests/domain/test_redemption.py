"""The redemption desk's verb: every verdict, typo suggestions, throttling, undo, and the race."""

import datetime as dt
import multiprocessing

import pytest

from db.models import AuditLog, Coupon, CouponTemplate, RedemptionAttempt, Staff
from desktop.domain import coupon_codes
from desktop.domain.errors import InvalidInput
from desktop.domain.redemption import redeem, throttle_wait, undo
from desktop.domain.store import current_store
from tests.support.redemption_race import till

T0 = dt.datetime(2026, 11, 23, 6, 0, 0)  # naive UTC, as stored
DESK = "till-1"


def make_coupon(code: str | None = None, issuer: str | None = None, min_spend: int = 0,
                **fields) -> Coupon:
    store = current_store()
    template = CouponTemplate.create(issuer_store=store, title="Autumn treat", kind="amount",
                                     value=2000, min_spend_cents=min_spend)
    return Coupon.create(code=code or coupon_codes.new_code(), issuer_uuid=issuer or store.uuid,
                         template=template, issued_at=T0 - dt.timedelta(days=1), **fields)


def local(value: dt.datetime) -> dt.datetime:
    return value.replace(tzinfo=dt.UTC).astimezone().replace(tzinfo=None)


def fresh(coupon: Coupon) -> Coupon:
    return Coupon.get_by_id(coupon.id)


def test_a_valid_code_is_redeemed_once_with_its_details_and_attempt(db):
    coupon = make_coupon()
    typed = coupon_codes.display(coupon.code).lower().replace("-", " ")

    verdict = redeem(typed, DESK, amount_cents=12_000, now=T0)

    assert (verdict.ok, verdict.reason) == (True, "redeemed")
    assert verdict.code == coupon_codes.display(coupon.code)
    assert verdict.title == "Autumn treat"
    assert verdict.value_text == "¥20 off"
    assert "¥120.00" in verdict.message
    stored = fresh(coupon)
    assert stored.redeemed_at == T0
    assert (stored.redeemed_desk, stored.redeemed_amount_cents) == (DESK, 12_000)
    attempt = RedemptionAttempt.get_by_id(verdict.attempt_id)
    assert (attempt.verdict, attempt.coupon_id, attempt.entered) == ("redeemed", coupon.id, typed)


def test_a_second_redemption_says_when_and_by_whom(db):
    coupon = make_coupon()
    li = Staff.create(store=current_store(), name="Li")
    redeem(coupon.code, DESK, staff_id=li.id, now=T0)

    verdict = redeem(coupon.code, "till-2", now=T0 + dt.timedelta(minutes=3))

    assert (verdict.ok, verdict.reason) == (False, "already_redeemed")
    assert verdict.redeemed_by == "Li"
    assert local(T0).strftime("%H:%M") in verdict.message
    assert "Li" in verdict.message
    assert fresh(coupon).redeemed_desk == DESK


def test_without_staff_the_desk_is_named(db):
    coupon = make_coupon()
    redeem(coupon.code, DESK, now=T0)
    verdict = redeem(coupon.code, "till-2", now=T0 + dt.timedelta(minutes=1))
    assert verdict.redeemed_by == DESK
    assert DESK in verdict.message


def test_the_same_code_at_the_same_desk_within_two_seconds_is_already_done(db):
    coupon = make_coupon()
    redeem(coupon.code, DESK, now=T0)

    again = redeem(coupon.code, DESK, now=T0 + dt.timedelta(seconds=1.5))
    later = redeem(coupon.code, DESK, now=T0 + dt.timedelta(seconds=3))
    elsewhere = redeem(coupon.code, "till-2", now=T0 + dt.timedelta(seconds=1))

    assert (again.ok, again.reason) == (True, "duplicate_scan")
    assert "just now" in again.message
    assert (later.ok, later.reason) == (False, "already_redeemed")
    assert elsewhere.reason == "already_redeemed"
    assert RedemptionAttempt.select().where(RedemptionAttempt.verdict == "redeemed").count() == 1


def test_an_expired_coupon_names_its_last_day(db):
    ends = T0 - dt.timedelta(hours=30)
    coupon = make_coupon(expires_at=ends)

    verdict = redeem(coupon.code, DESK, now=T0)

    assert (verdict.ok, verdict.reason) == (False, "expired")
    last_day = local(ends - dt.timedelta(microseconds=1)).date()
    assert verdict.expires_on == last_day
    assert last_day.isoformat() in verdict.message
    assert fresh(coupon).redeemed_at is None


def test_a_coupon_is_valid_until_its_expiry_instant(db):
    coupon = make_coupon(expires_at=T0 + dt.timedelta(seconds=1))
    assert redeem(coupon.code, DESK, now=T0).reason == "redeemed"


def test_a_coupon_not_valid_yet_names_the_first_day(db):
    starts = T0 + dt.timedelta(days=3)
    coupon = make_coupon(valid_from=starts)

    verdict = redeem(coupon.code, DESK, now=T0)

    assert (verdict.ok, verdict.reason) == (False, "not_yet_valid")
    assert local(starts).date().isoformat() in verdict.message
    assert fresh(coupon).redeemed_at is None


def test_the_minimum_spend_is_checked_only_when_an_amount_is_given(db):
    low, exact, unchecked = (make_coupon(min_spend=10_000) for _ in range(3))

    below = redeem(low.code, DESK, amount_cents=8_000, now=T0)
    at_minimum = redeem(exact.code, DESK, amount_cents=10_000, now=T0)
    without_amount = redeem(unchecked.code, DESK, now=T0)

    assert (below.ok, below.reason) == (False, "below_min_spend")
    assert "¥100.00" in below.message and "¥80.00" in below.message
    assert fresh(low).redeemed_at is None
    assert at_minimum.reason == without_amount.reason == "redeemed"


def test_an_impossible_bill_is_bad_input_and_nothing_is_recorded(db):
    coupon = make_coupon()
    with pytest.raises(InvalidInput):
        redeem(coupon.code, DESK, amount_cents=-5, now=T0)
    assert RedemptionAttempt.select().count() == 0
    assert fresh(coupon).redeemed_at is None


def test_a_voided_coupon_is_refused(db):
    coupon = make_coupon(voided_at=T0 - dt.timedelta(hours=1), void_reason="lost")
    verdict = redeem(coupon.code, DESK, now=T0)
    assert (verdict.ok, verdict.reason) == (False, "voided")
    assert fresh(coupon).redeemed_at is None


def test_unknown_entries_of_every_kind_get_the_same_words(db):
    issued = make_coupon()
    partners = make_coupon(issuer="another-store-uuid")
    wrong_check = issued.code[:-1] + next(
        s for s in coupon_codes.ALPHABET if s != issued.code[-1])
    never_issued = coupon_codes.new_code()
    bad_check = never_issued[:-1] + next(
        s for s in coupon_codes.ALPHABET if s != never_issued[-1])
    # A wrong check symbol on an issued code is one edit from it: a typo (tested below).
    entries = ["HELLO", "", "12345", never_issued, bad_check, partners.code, "K7QM-3XHP-9TR"]

    # One desk each: five unknown entries at one desk would slow it down.
    verdicts = [redeem(entry, f"desk-{n}", now=T0) for n, entry in enumerate(entries)]

    assert {(v.ok, v.reason, v.message, v.code, v.suggestion) for v in verdicts} == {
        (False, "unknown", "Unknown code. Check the code and try again.", None, None)}
    assert redeem(wrong_check, "till-2", now=T0).reason == "typo"
    assert fresh(partners).redeemed_at is None


def test_a_typo_names_the_one_issued_code_a_single_edit_away(db):
    coupon = make_coupon()
    code = coupon.code
    substituted = code[:3] + ("A" if code[3] != "A" else "B") + code[4:]
    swapped = next(code[:i] + code[i + 1] + code[i] + code[i + 2:]
                   for i in range(len(code) - 1) if code[i] != code[i + 1])
    look_alike = code[:5] + "0" + code[6:]
    shown = coupon_codes.display(code)

    for desk, entry in enumerate((substituted, swapped, code[1:], look_alike)):
        verdict = redeem(entry, f"desk-{desk}", now=T0)
        assert (verdict.ok, verdict.reason, verdict.suggestion) == (False, "typo", shown)
        assert shown in verdict.message
    assert fresh(coupon).redeemed_at is None


def test_no_suggestion_when_two_issued_codes_are_one_edit_away(db):
    original = coupon_codes.new_code()
    entry = original[:2] + ("Z" if original[2] != "Z" else "Y") + original[3:]
    neighbours = list(coupon_codes.single_edits(entry))[:2]
    for code in neighbours:
        make_coupon(code=code)

    verdict = redeem(entry, DESK, now=T0)

    assert (verdict.reason, verdict.suggestion) == ("unknown", None)
    assert verdict.message == "Unknown code. Check the code and try again."


def test_five_unknown_entries_in_a_minute_slow_the_desk_down_more_each_time(db):
    coupon = make_coupon()
    for second in range(5):
        assert redeem("NOPE", DESK, now=T0 + dt.timedelta(seconds=second)).reason == "unknown"
    last_bad = T0 + dt.timedelta(seconds=4)

    blocked = redeem(coupon.code, DESK, now=last_bad + dt.timedelta(seconds=1))
    other_desk = redeem("NOPE", "till-2", now=last_bad + dt.timedelta(seconds=1))

    assert (blocked.ok, blocked.reason, blocked.wait_seconds) == (False, "throttled", 4)
    assert "4 s" in blocked.message
    assert fresh(coupon).redeemed_at is None
    assert other_desk.reason == "unknown"
    # After the first delay the desk judges again; one more bad entry doubles the delay.
    sixth = redeem("NOPE", DESK, now=last_bad + dt.timedelta(seconds=5))
    assert sixth.reason == "unknown"
    assert throttle_wait(DESK, last_bad + dt.timedelta(seconds=5)) == 10
    assert redeem("NOPE", DESK, now=last_bad + dt.timedelta(seconds=14)).reason == "throttled"
    # A minute after the burst the desk is back to normal.
    later = last_bad + dt.timedelta(seconds=70)
    assert throttle_wait(DESK, later) == 0
    assert redeem(coupon.code, DESK, now=later).reason == "redeemed"


def test_four_unknown_entries_do_not_slow_the_desk(db):
    for second in range(4):
        redeem("NOPE", DESK, now=T0 + dt.timedelta(seconds=second))
    assert throttle_wait(DESK, T0 + dt.timedelta(seconds=4)) == 0


def test_every_entry_is_recorded(db):
    coupon = make_coupon()
    entries = [coupon.code, coupon.code, "NOPE", coupon.code]
    for index, entry in enumerate(entries):
        redeem(entry, DESK, now=T0 + dt.timedelta(seconds=index))
    verdicts = [a.verdict for a in RedemptionAttempt.select().order_by(RedemptionAttempt.id)]
    assert verdicts == ["redeemed", "duplicate_scan", "unknown", "already_redeemed"]


def test_undo_within_five_minutes_at_the_same_desk_puts_the_coupon_back(db):
    coupon = make_coupon()
    verdict = redeem(coupon.code, DESK, amount_cents=5_000, now=T0)

    outcome = undo(verdict.attempt_id, DESK, now=T0 + dt.timedelta(minutes=4, seconds=59))

    assert (outcome.ok, outcome.reason) == (True, "undone")
    stored = fresh(coupon)
    assert (stored.redeemed_at, stored.redeemed_desk, stored.redeemed_amount_cents) == (
        None, "", None)
    assert RedemptionAttempt.get_by_id(verdict.attempt_id).undone_at is not None
    audit = AuditLog.get(AuditLog.action == "coupon_redemption_undone")
    assert (audit.entity, audit.entity_id) == ("coupon", coupon.id)
    again = undo(verdict.attempt_id, DESK, now=T0 + dt.timedelta(minutes=5))
    assert (again.ok, again.reason) == (False, "already_undone")
    assert redeem(coupon.code, DESK, now=T0 + dt.timedelta(minutes=6)).reason == "redeemed"


def test_undo_is_refused_after_five_minutes_at_another_desk_or_without_a_redemption(db):
    coupon = make_coupon()
    verdict = redeem(coupon.code, DESK, now=T0)
    unknown = redeem("NOPE", DESK, now=T0)

    late = undo(verdict.attempt_id, DESK, now=T0 + dt.timedelta(minutes=5, seconds=1))
    elsewhere = undo(verdict.attempt_id, "till-2", now=T0 + dt.timedelta(minutes=1))
    nothing = undo(unknown.attempt_id, DESK, now=T0)
    missing = undo(999_999, DESK, now=T0)

    assert [o.reason for o in (late, elsewhere, nothing, missing)] == [
        "too_late", "other_desk", "not_found", "not_found"]
    assert not any(o.ok for o in (late, elsewhere, nothing, missing))
    assert "5 minutes" in late.message
    assert fresh(coupon).redeemed_at == T0
    assert AuditLog.select().where(AuditLog.action == "coupon_redemption_undone").count() == 0


@pytest.mark.parametrize("tills", [3])
def test_tills_in_separate_processes_redeem_each_code_exactly_once(db, database_url, tills):
    rounds = 4
    codes = [make_coupon().code for _ in range(rounds)]
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(tills)
    results = context.Queue()
    processes = [context.Process(target=till, args=(database_url, f"till-{n}", codes,
                                                     barrier, results))
                 for n in range(tills)]
    for process in processes:
        process.start()
    answers = [results.get(timeout=40) for _ in range(tills * rounds)]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0

    for code in codes:
        reasons = sorted(reason for c, _desk, reason in answers if c == code)
        assert reasons == ["already_redeemed"] * (tills - 1) + ["redeemed"]
        winner = next(desk for c, desk, reason in answers if c == code and reason == "redeemed")
        assert Coupon.get(Coupon.code == code).redeemed_desk == winner
