"""Members at scale: search, members page, xlsx import and export, each beside its baseline.

On a demo store of `--members N` (100,000 by default; built once with `python -m desktop demo`
and kept in the cache folder, `--cache-dir`), side by side in one run:

- search: search_members(query, limit=50) for a phone prefix, pinyin initials, a common and
  a rare name fragment, SEARCH_CALLS calls each. Targets: phone <= 5 ms, name/pinyin <= 50 ms.
- members page: from just before building the page (imports done, database open) to the first
  paint of its table, MembersPage against a QTableView over a minimal model holding one raw
  sqlite3 keyset page; RSS growth across the same span. Targets: <= 1.5x, <= 25 MB.
- import: a 100,000-row x 10-column xlsx, read_member_rows + plan_import + apply_import into a
  fresh database, against python-calamine + one executemany into a plain table. Target <= 2x.
- export: export_members to xlsx against xlsxwriter's constant_memory writer of the same rows
  (skipped when xlsxwriter is not installed). Targets: <= 1.8x, peak RSS growth <= 30 MB.

Every case runs in its own process (benchmarks/members_child.py), so memory figures and
caches are the case's own; the two sides of a comparison alternate.
"""

import datetime as dt
import importlib.util
import json
import random
import shutil
import statistics
import subprocess
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

from benchmarks.core import (
    ChildFailed,
    Options,
    Result,
    child_environment,
    qt_platform,
    time_to_markers,
)

NAME = "members"
CHILD = Path(__file__).resolve().parent / "members_child.py"
SEED = 20261123
SEARCH_CALLS = 30
# (case, query, target in ms for the median)
QUERIES = (
    ("phone prefix", "138", 5.0),
    ("pinyin initials", "zs", 50.0),
    ("common name fragment", "王", 50.0),
    ("rare name fragment", "诸葛", 50.0),  # about 1 in 1,000: the scan finds fewer than 50
)
PAGE_RATIO, PAGE_GROWTH_MB = 1.5, 25.0
IMPORT_ROWS, IMPORT_RATIO = 100_000, 2.0
EXPORT_RATIO, EXPORT_GROWTH_MB = 1.8, 30.0
HEAVY_RUNS = 3  # import and export take seconds: at most this many runs per side


def run(options: Options) -> list[Result]:
    cache = options.cache_dir or Path(tempfile.gettempdir()) / "shopcircle-bench-cache"
    cache.mkdir(parents=True, exist_ok=True)
    env = child_environment(options)
    env["SHOPCIRCLE_HOME"] = str(options.workdir / "home")
    env.pop("SHOPCIRCLE_DB", None)
    env.pop("SHOPCIRCLE_REPORT_FIRST_PAINT", None)
    demo = cached_demo_store(options, env, cache)
    store = options.workdir / "demo.db"  # a copy: nothing measured may change the cached one
    shutil.copyfile(demo, store)
    results: list[Result] = []
    sections: list[tuple[str, Callable[[], list[Result]]]] = [
        ("search", lambda: search_results(options, env, store)),
        ("members page", lambda: page_results(options, env, store)),
        ("import", lambda: import_results(options, env, cache)),
        ("export", lambda: export_results(options, env, store)),
    ]
    unknown = set(options.sections) - {section for section, _ in sections}
    if unknown:
        raise ValueError(f"unknown section(s) {', '.join(sorted(unknown))}; "
                         f"known: {', '.join(section for section, _ in sections)}")
    for section, measure in sections:
        if options.sections and section not in options.sections:
            continue
        options.log(f"  {section} ...")
        try:
            results += measure()
        except Exception as error:  # one broken section must not hide the others
            if options.verbose:
                traceback.print_exc()
            first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
            results.append(Result(NAME, f"{section}: FAILED", note=first_line[:200],
                                  target="runs", passed=False))
    return results


# --- helpers ---------------------------------------------------------------------------------


def child(options: Options, env: dict[str, str], case: str, db: Path, *extra: str,
          timeout: float = 600) -> dict:
    """Run one case of members_child.py to the end and return its figures."""
    out = options.workdir / f"{case}.json"
    out.unlink(missing_ok=True)
    command = [options.python, str(CHILD), case, "--db", str(db), "--out", str(out), *extra]
    completed = subprocess.run(command, env=env, cwd=options.workdir, capture_output=True,
                               text=True, encoding="utf-8", errors="replace", timeout=timeout)
    if completed.returncode != 0 or not out.exists():
        raise ChildFailed(f"{case} exited {completed.returncode}\n{completed.stderr[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def ratio_result(case: str, app: Result, base: Result, limit: float) -> Result:
    ratio = app.median / base.median
    return Result(NAME, case, unit="x", samples=[ratio],
                  note=f"{app.median:.0f} ms / {base.median:.0f} ms (medians)",
                  target=f"<= {limit}x", passed=ratio <= limit)


def growth_result(case: str, samples: list[float], limit: float, note: str) -> Result:
    return Result(NAME, case, unit="MB", samples=samples, note=note, target=f"<= {limit:.0f} MB",
                  passed=statistics.median(samples) <= limit)


def cached_demo_store(options: Options, env: dict[str, str], cache: Path) -> Path:
    """The demo store of options.members members, built once per size, seed and schema."""
    from db.migrations import SCHEMA_VERSION

    path = cache / f"demo-{options.members}-seed{SEED}-schema{SCHEMA_VERSION}.db"
    if path.exists():
        options.log(f"  demo store: {path} (cached)")
        return path
    partial = path.with_name(path.name + ".partial")
    for leftover in cache.glob(partial.name + "*"):  # -wal, -shm of an interrupted build
        leftover.unlink()
    options.log(f"  building a demo store of {options.members:,} members in {path} ...")
    built = subprocess.run(
        [options.python, "-m", "desktop", "--db", str(partial), "demo",
         "--members", str(options.members), "--seed", str(SEED)],
        env=env, cwd=options.workdir, capture_output=True, text=True, encoding="utf-8",
        errors="replace", timeout=120 + options.members / 500,
    )
    if built.returncode != 0:
        raise ChildFailed(f"`demo` exited {built.returncode}\n{built.stderr[-2000:]}")
    # A checkpointed, closed SQLite file: one file to copy.
    import sqlite3

    connection = sqlite3.connect(partial)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.execute("PRAGMA journal_mode=DELETE")
    connection.close()
    partial.replace(path)
    return path


# --- search ----------------------------------------------------------------------------------


def search_results(options: Options, env: dict[str, str], store: Path) -> list[Result]:
    figures = child(options, env, "search", store, "--calls", str(SEARCH_CALLS),
                    "--queries", *(query for _, query, _ in QUERIES))
    results = []
    for case, query, limit in QUERIES:
        samples, found = figures[query]["samples"], figures[query]["found"]
        median = statistics.median(samples)
        results.append(Result(
            NAME, f"search: {case}", samples=samples,
            note=f"search_members({query!r}, limit=50): {found} found, "
                 f"{options.members:,} members",
            target=f"<= {limit:.0f} ms", passed=median <= limit))
    return results


# --- members page ----------------------------------------------------------------------------


def page_results(options: Options, env: dict[str, str], store: Path) -> list[Result]:
    cases = {"bare keyset model": "bare-page", "MembersPage": "page"}
    paints: dict[str, list[float]] = {case: [] for case in cases}
    growth: dict[str, list[float]] = {case: [] for case in cases}
    order = list(cases)
    for round_ in range(options.warmup + options.runs):
        for case in order if round_ % 2 == 0 else reversed(order):
            out = options.workdir / f"{cases[case]}.json"
            command = [options.python, str(CHILD), cases[case], "--db", str(store),
                       "--out", str(out)]
            times = time_to_markers(command, env, ("BUILD_START", "FIRST_PAINT"),
                                    options.workdir)
            figures = json.loads(out.read_text(encoding="utf-8"))
            if round_ < options.warmup:
                continue
            paints[case].append(times["FIRST_PAINT"] - times["BUILD_START"])
            growth[case].append(figures["rss_growth_mb"])
            options.log(f"  run {round_ + 1}: {case} {paints[case][-1]:.0f} ms, "
                        f"{figures['rss_growth_mb']:.1f} MB, {figures['rows']} rows")
    note = f"build to first paint of the table, QT_QPA_PLATFORM={qt_platform(env)}"
    bare = Result(NAME, "page: bare keyset model", samples=paints["bare keyset model"],
                  note=note + "; one raw sqlite3 keyset page")
    page = Result(NAME, "page: MembersPage", samples=paints["MembersPage"],
                  note=note + f"; {options.members:,} members")
    return [
        bare, page,
        ratio_result("page: MembersPage / bare", page, bare, PAGE_RATIO),
        growth_result("page: MembersPage RSS growth", growth["MembersPage"], PAGE_GROWTH_MB,
                      f"bare model: {statistics.median(growth['bare keyset model']):.1f} MB"),
    ]


# --- import ----------------------------------------------------------------------------------


def import_file(cache: Path, rows: int = IMPORT_ROWS) -> Path:
    """A member list as another program exports it: 10 columns, Chinese headers, built once."""
    path = cache / f"members-import-{rows}-seed{SEED}.xlsx"
    if path.exists():
        return path
    from openpyxl import Workbook

    from desktop.domain import demo_names as names

    rng = random.Random(SEED)
    surnames = [name for name, _ in names.SURNAMES]
    weights = [weight for _, weight in names.SURNAMES]
    prefixes = ("130", "131", "132", "135", "136", "137", "138", "139", "150", "151", "152",
                "158", "159", "177", "180", "186", "187", "188", "189", "199")
    phones = rng.sample(range(len(prefixes) * 10**8), rows)
    tags = ("", "", "老客户", "爱喝咖啡", "周末", "老客户, 周末", "学生")
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("会员")
    sheet.append(["姓名", "手机号", "性别", "生日", "微信号", "会员等级", "积分", "标签", "备注",
                  "注册日期"])
    start = dt.date(2019, 1, 1)
    for number in range(rows):
        female = rng.random() < 0.55
        given = rng.choice(names.GIVEN_FEMALE if female else names.GIVEN_MALE)
        phone = phones[number]
        birthday = (dt.datetime(rng.randint(1960, 2006), rng.randint(1, 12), rng.randint(1, 28))
                    if rng.random() < 0.7 else None)
        sheet.append([
            rng.choices(surnames, weights)[0] + given,
            prefixes[phone // 10**8] + f"{phone % 10**8:08d}",
            "女" if female else "男",
            birthday,
            f"wx_{rng.getrandbits(32):08x}" if rng.random() < 0.4 else None,
            "VIP" if rng.random() < 0.05 else None,
            rng.randint(0, 5000),
            rng.choice(tags) or None,
            "老顾客介绍" if rng.random() < 0.1 else None,
            dt.datetime.combine(start + dt.timedelta(days=rng.randint(0, 2000)), dt.time(10)),
        ])
    partial = path.with_name(path.name + ".partial.xlsx")
    workbook.save(partial)
    partial.replace(path)
    return path


def import_results(options: Options, env: dict[str, str], cache: Path) -> list[Result]:
    source = import_file(cache)
    # The file is read from a copy in the work folder, so its name and folder are the run's.
    xlsx = options.workdir / "members-import.xlsx"
    shutil.copyfile(source, xlsx)
    cases = {"calamine + executemany": "import-baseline", "ShopCircle import": "import"}
    figures: dict[str, list[dict]] = {case: [] for case in cases}
    runs = min(options.runs, HEAVY_RUNS)
    order = list(cases)
    for round_ in range(runs):
        for case in order if round_ % 2 == 0 else reversed(order):
            fresh = options.workdir / f"import-{round_}-{cases[case]}.db"
            if cases[case] == "import":  # the schema is made before the clock starts
                child(options, env, "create", fresh)
            figures[case].append(child(options, env, cases[case], fresh, "--xlsx", str(xlsx)))
            options.log(f"  run {round_ + 1}: {case} {figures[case][-1]}")
            for leftover in options.workdir.glob(fresh.name + "*"):
                leftover.unlink()
            shutil.rmtree(options.workdir / "home" / "backups", ignore_errors=True)

    def middle(case: str, key: str) -> float:
        return statistics.median(figure[key] for figure in figures[case])

    app_figures = figures["ShopCircle import"]
    base = Result(
        NAME, "import: calamine + executemany", samples=[f["ms"] for f in
                                                         figures["calamine + executemany"]],
        note=f"{IMPORT_ROWS:,} rows x 10 columns: read "
             f"{middle('calamine + executemany', 'read_ms'):.0f} ms, insert "
             f"{middle('calamine + executemany', 'insert_ms'):.0f} ms")
    app = Result(
        NAME, "import: ShopCircle", samples=[f["ms"] for f in app_figures],
        note=f"read {middle('ShopCircle import', 'read_ms'):.0f}, plan "
             f"{middle('ShopCircle import', 'plan_ms'):.0f}, apply "
             f"{middle('ShopCircle import', 'apply_ms'):.0f} ms; {app_figures[-1]['imported']:,} "
             f"imported, {app_figures[-1]['rejected']} rejected; peak RSS +"
             f"{middle('ShopCircle import', 'peak_growth_mb'):.0f} MB")
    return [base, app, ratio_result("import: ShopCircle / baseline", app, base, IMPORT_RATIO)]


# --- export ----------------------------------------------------------------------------------


def export_results(options: Options, env: dict[str, str], store: Path) -> list[Result]:
    has_xlsxwriter = importlib.util.find_spec("xlsxwriter") is not None
    cases = {"ShopCircle export": "export"}
    if has_xlsxwriter:
        cases = {"xlsxwriter constant_memory": "export-baseline", **cases}
    figures: dict[str, list[dict]] = {case: [] for case in cases}
    order = list(cases)
    for round_ in range(min(options.runs, HEAVY_RUNS)):
        for case in order if round_ % 2 == 0 else reversed(order):
            out = options.workdir / f"{cases[case]}.xlsx"
            figures[case].append(child(options, env, cases[case], store, "--xlsx", str(out)))
            options.log(f"  run {round_ + 1}: {case} {figures[case][-1]}")
            out.unlink(missing_ok=True)
    app_figures = figures["ShopCircle export"]
    app = Result(NAME, "export: ShopCircle", samples=[f["ms"] for f in app_figures],
                 note=f"export_members to .xlsx, {app_figures[-1]['rows']:,} rows")
    growth = growth_result("export: ShopCircle peak RSS growth",
                           [f["peak_growth_mb"] for f in app_figures], EXPORT_GROWTH_MB,
                           "peak RSS during the export minus RSS before it")
    if not has_xlsxwriter:
        skipped = Result(NAME, "export: xlsxwriter constant_memory",
                         note="skipped: xlsxwriter is not installed "
                              "(`pip install -e .[bench]` to compare)")
        return [skipped, app, growth]
    base_figures = figures["xlsxwriter constant_memory"]
    base = Result(NAME, "export: xlsxwriter constant_memory",
                  samples=[f["ms"] for f in base_figures],
                  note=f"raw sqlite3 rows, {base_figures[-1]['rows']:,} rows, peak RSS +"
                       f"{statistics.median(f['peak_growth_mb'] for f in base_figures):.0f} MB")
    return [base, app, ratio_result("export: ShopCircle / xlsxwriter", app, base, EXPORT_RATIO),
            growth]
