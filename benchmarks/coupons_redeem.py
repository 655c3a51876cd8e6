"""The redeem section's child side: build a store of a million coupons, time redeem() on it."""

import random
import sqlite3
import statistics
import sys
import time
from pathlib import Path

BATCH = 100_000  # generate_batch's most per call
WARMUP_CALLS = 5  # statements prepared and pages cached, as at a desk that has been open
KINDS = ("valid", "already redeemed", "unknown", "typo")


def build_store(path: Path, count: int) -> None:
    """A fresh SQLite store at `path` holding `count` printed coupons of one template."""
    from db import close_db, init_db
    from desktop.domain.coupon_issuing import generate_batch
    from desktop.domain.coupons import TemplateInput, add_template

    init_db(str(path))
    template = add_template(TemplateInput(title="满100减20", kind="amount", value=2000,
                                          min_spend_cents=10000))
    made = 0
    started = time.perf_counter()
    while made < count:
        made += generate_batch(template.id, min(BATCH, count - made), note="bench").issued
        print(f"  coupons: {made:,} of {count:,} ({time.perf_counter() - started:.0f} s)",
              file=sys.stderr, flush=True)
    close_db()
    # One closed, checkpointed file: the parent copies it.
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.close()


def time_redeem(path: Path, calls: int) -> dict[str, list[float]]:
    """Milliseconds of redeem() per call, `calls` different codes for each of KINDS."""
    from db import close_db, init_db
    from db.models import Coupon
    from desktop.domain import coupon_codes
    from desktop.domain.redemption import redeem

    init_db(str(path))
    rng = random.Random(20261123)
    top = Coupon.select(Coupon.id).order_by(Coupon.id.desc()).first().id
    ids = rng.sample(range(1, top + 1), 3 * calls + WARMUP_CALLS)
    codes = {coupon_id: code for coupon_id, code in Coupon.select(Coupon.id, Coupon.code).where(
        Coupon.id.in_(ids)).tuples()}
    issued = [codes[coupon_id] for coupon_id in ids if coupon_id in codes]
    warm, valid = issued[:WARMUP_CALLS], issued[WARMUP_CALLS:WARMUP_CALLS + calls]
    redeemed = issued[WARMUP_CALLS + calls:WARMUP_CALLS + 2 * calls]
    typo_sources = issued[WARMUP_CALLS + 2 * calls:WARMUP_CALLS + 3 * calls]
    unknown = coupon_codes.new_codes(calls, taken=set(codes))  # well formed, never issued
    typos = [_one_typo(code, rng) for code in typo_sources]
    for code in warm + redeemed:  # redeemed before the clock, at another desk
        redeem(code, "bench-setup")
    entries = {"valid": valid, "already redeemed": redeemed, "unknown": unknown,
               "typo": typos}
    expected = {"valid": {"redeemed"}, "already redeemed": {"already_redeemed"},
                "unknown": {"unknown"}, "typo": {"typo", "unknown"}}
    samples: dict[str, list[float]] = {kind: [] for kind in KINDS}
    verdicts: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for index in range(calls):
        for kind in KINDS:
            # A desk of its own per call: unknown codes at one desk would soon be throttled,
            # which is the desk's defence, not the look-up being timed.
            desk = f"bench-{index}"
            start = time.perf_counter()
            verdict = redeem(entries[kind][index], desk)
            samples[kind].append((time.perf_counter() - start) * 1000)
            verdicts[kind].append(verdict.reason)
    close_db()
    for kind in KINDS:
        wrong = set(verdicts[kind]) - expected[kind]
        if wrong:
            raise SystemExit(f"{kind}: unexpected verdicts {sorted(wrong)}")
    summary = {kind: f"median {statistics.median(values):.2f} ms"
               for kind, values in samples.items()}
    print(f"  redeem: {summary}", file=sys.stderr, flush=True)
    return samples | {"typo suggestions": verdicts["typo"].count("typo")}


def _one_typo(code: str, rng: random.Random) -> str:
    """`code` with one symbol replaced by another of the alphabet (as a cashier mistypes)."""
    from desktop.domain.coupon_codes import ALPHABET

    position = rng.randrange(len(code))
    wrong = rng.choice([symbol for symbol in ALPHABET if symbol != code[position]])
    return code[:position] + wrong + code[position + 1:]
