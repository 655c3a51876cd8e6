"""Coupons at scale: a print-ready PDF of 10,000 coupons beside segno's QR matrices alone.

- generate: 10,000 codes generated and stored in one batch (generate_batch, SQLite).
  Target: <= 1 s (the issue's).
- print: write_pdf of 10,000 cards (10 an A4 page, long Chinese texts, vector QR codes,
  fonts embedded) against segno computing the same 10,000 QR matrices (error correction M)
  and nothing else. Target: <= 1.7x (the issue's). segno is a benchmark-only extra
  (`pip install -e .[dev,bench]`); without it the section is listed as skipped.
- redeem: redeem() on a store of 1,000,000 coupons (built once into the cache folder,
  `--cache-dir`), for a valid code, an already redeemed one, an unknown one and a typo,
  REDEEM_CALLS different codes each. Target: <= 10 ms (the issue's), median and p90.

Each side runs in its own process (benchmarks/coupons_child.py), the two alternating,
min(--runs, 3) times each.
"""

import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.core import ChildFailed, Options, Result, qt_environment

NAME = "coupons"
CHILD = Path(__file__).resolve().parent / "coupons_child.py"
PRINT_COUNT, PRINT_RATIO = 10_000, 1.7
GENERATE_COUNT, GENERATE_LIMIT_MS = 10_000, 1000
HEAVY_RUNS = 3
REDEEM_STORE, REDEEM_CALLS, REDEEM_LIMIT_MS = 1_000_000, 200, 10.0


def run(options: Options) -> list[Result]:
    results: list[Result] = []
    if not options.sections or "generate" in options.sections:
        results += generate_section(options)
    if not options.sections or "print" in options.sections:
        results += print_section(options)
    if not options.sections or "redeem" in options.sections:
        results += redeem_section(options)
    return results


def redeem_section(options: Options) -> list[Result]:
    store = options.workdir / "redeem.db"  # a copy: redeeming writes
    shutil.copyfile(cached_coupon_store(options), store)
    out = options.workdir / "redeem.json"
    command = [options.python, str(CHILD), "redeem", "--count", str(REDEEM_CALLS),
               "--db", str(store), "--out", str(out)]
    completed = subprocess.run(command, env=qt_environment(), cwd=options.workdir,
                               capture_output=True, text=True, encoding="utf-8",
                               errors="replace", timeout=600)
    if completed.returncode != 0 or not out.exists():
        raise ChildFailed(f"redeem exited {completed.returncode}\n{completed.stderr[-2000:]}")
    figures = json.loads(out.read_text(encoding="utf-8"))
    results = []
    for kind in ("valid", "already redeemed", "unknown", "typo"):
        note = f"{REDEEM_CALLS} calls, each a different code; {REDEEM_STORE:,} coupons, SQLite"
        if kind == "typo":
            note += f"; {figures['typo suggestions']} with a suggestion"
        result = Result(NAME, f"redeem: {kind}", samples=figures[kind], note=note,
                        target=f"<= {REDEEM_LIMIT_MS:.0f} ms (median and p90)")
        result.passed = result.median <= REDEEM_LIMIT_MS and result.p90 <= REDEEM_LIMIT_MS
        results.append(result)
    return results


def cached_coupon_store(options: Options) -> Path:
    """A store of REDEEM_STORE printed coupons, built once per schema into the cache folder."""
    from db.migrations import SCHEMA_VERSION

    cache = options.cache_dir or Path(tempfile.gettempdir()) / "shopcircle-bench-cache"
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"coupons-{REDEEM_STORE}-schema{SCHEMA_VERSION}.db"
    if path.exists():
        options.log(f"  coupon store: {path} (cached)")
        return path
    partial = path.with_name(path.name + ".partial")
    for leftover in cache.glob(partial.name + "*"):  # -wal, -shm of an interrupted build
        leftover.unlink()
    print(f"  building a store of {REDEEM_STORE:,} coupons in {path} (once) ...",
          file=sys.stderr, flush=True)
    out = options.workdir / "build-store.json"
    # stderr is not captured: the child's progress lines show as it builds.
    completed = subprocess.run(
        [options.python, str(CHILD), "build-store", "--count", str(REDEEM_STORE),
         "--db", str(partial), "--out", str(out)],
        env=qt_environment(), cwd=options.workdir, stdout=subprocess.DEVNULL, timeout=3600)
    if completed.returncode != 0 or not out.exists():
        raise ChildFailed(f"build-store exited {completed.returncode}")
    partial.replace(path)
    return path


def print_section(options: Options) -> list[Result]:
    if importlib.util.find_spec("segno") is None:
        return [Result(NAME, "print: segno baseline", note="skipped: pip install -e .[bench]")]
    env = qt_environment()
    runs = min(options.runs, HEAVY_RUNS)
    app = Result(NAME, f"print: PDF of {PRINT_COUNT:,} coupons")
    base = Result(NAME, f"print: segno, {PRINT_COUNT:,} QR matrices")
    for index in range(options.warmup + runs):
        for case, result in (("print", app), ("print-baseline", base)):
            seconds = child(options, env, case)
            options.log(f"  {case} run {index}: {seconds:.2f} s")
            if index >= options.warmup:
                result.samples.append(seconds * 1000)
    ratio = app.median / base.median
    pdf = options.workdir / "print.pdf"
    note = (f"{app.median / 1000:.1f} s / {base.median / 1000:.1f} s (medians); "
            f"PDF {pdf.stat().st_size / 2**20:.0f} MB")
    return [app, base, Result(NAME, "print: PDF / segno", unit="x", samples=[ratio],
                              note=note, target=f"<= {PRINT_RATIO}x",
                              passed=ratio <= PRINT_RATIO)]


def generate_section(options: Options) -> list[Result]:
    env = qt_environment()
    result = Result(NAME, f"generate: {GENERATE_COUNT:,} codes made and stored",
                    target=f"<= {GENERATE_LIMIT_MS} ms", note="generate_batch, fresh SQLite store")
    for index in range(options.warmup + options.runs):
        seconds = child(options, env, "generate", GENERATE_COUNT)
        if index >= options.warmup:
            result.samples.append(seconds * 1000)
    result.passed = result.median <= GENERATE_LIMIT_MS
    return [result]


def child(options: Options, env: dict[str, str], case: str, count: int = PRINT_COUNT) -> float:
    """Run one case of coupons_child.py and return its seconds."""
    out = options.workdir / f"{case}.json"
    out.unlink(missing_ok=True)
    out.with_suffix(".db").unlink(missing_ok=True)
    command = [options.python, str(CHILD), case, "--count", str(count), "--out", str(out),
               "--pdf", str(options.workdir / "print.pdf")]
    completed = subprocess.run(command, env=env, cwd=options.workdir, capture_output=True,
                               text=True, encoding="utf-8", errors="replace", timeout=600)
    if completed.returncode != 0 or not out.exists():
        raise ChildFailed(f"{case} exited {completed.returncode}\n{completed.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))["seconds"]
