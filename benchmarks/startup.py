"""Start-up: time to the first painted main window, ShopCircle against a bare PySide6 window.

Both programs print `FIRST_PAINT <time.time()>` at their window's first paint and exit; the
time is measured from just before spawning them, so it includes the interpreter, imports
and building the window. They alternate (ABBA...) so drift in the machine's load hits both
alike. Target: ShopCircle's median within 1.5x the bare window's.

ShopCircle paints its frame from the look remembered at the last start and opens the
database right after; it also prints `WINDOW_READY <time.time()>` once the database is
open and the page shows its data. That time is reported too, beside the first paint, so
the figure for "the window is usable" is never hidden behind the one for "it appeared".

Then one `python -X importtime` start of ShopCircle shows which modules it loads at start-up:
heavy libraries used by one feature (openpyxl, qrcode, pypinyin, psycopg2, ...) should load
when that feature is first used, not here.
"""

import subprocess
from collections import defaultdict
from pathlib import Path

from benchmarks.core import (
    ChildFailed,
    Options,
    Result,
    child_environment,
    qt_platform,
    time_to_marker,
    time_to_markers,
)

NAME = "startup"
TARGET_RATIO = 1.5
BARE_WINDOW = Path(__file__).resolve().parent / "bare_window.py"
# Libraries one feature needs; loading them at start-up costs every launch.
HEAVY_MODULES = (
    "openpyxl",  # import/export
    "qrcode",  # entry points, posters
    "pypinyin",  # pinyin-initials search
    "psycopg2",  # PostgreSQL only
    "PySide6.QtPrintSupport",  # printing
    "PIL",
    "numpy",
)
TOP_IMPORTS = 10
FAILED_IMPORT_US = 200


def run(options: Options) -> list[Result]:
    env = child_environment(options)
    env["SHOPCIRCLE_HOME"] = str(options.workdir / "home")
    env["SHOPCIRCLE_REPORT_FIRST_PAINT"] = "1"
    env.pop("SHOPCIRCLE_DB", None)
    database = options.workdir / "startup.db"
    shopcircle = [str(options.app)] if options.app else [options.python, "-m", "desktop"]
    app = [*shopcircle, "--db", str(database), "--smoke-test"]
    bare = [options.python, str(BARE_WINDOW)]
    cases = {"bare PySide6 window": bare, "ShopCircle main window": app}

    # Create the database first so that no measured run pays for creating it.
    created = subprocess.run(
        [*shopcircle, "--db", str(database), "check"],
        env=env,
        cwd=options.workdir,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
    )
    if created.returncode != 0:
        raise ChildFailed(f"`check` exited {created.returncode}\n{created.stderr[-2000:]}")
    for round_ in range(options.warmup):
        for case, command in cases.items():
            options.log(f"  warm-up {round_ + 1}: {case}")
            time_to_marker(command, env, "FIRST_PAINT", options.workdir)

    samples: dict[str, list[float]] = {case: [] for case in cases}
    ready_samples: list[float] = []
    order = list(cases)
    for round_ in range(options.runs):
        for case in order if round_ % 2 == 0 else reversed(order):
            if cases[case] is app:
                times = time_to_markers(
                    app, env, ("FIRST_PAINT", "WINDOW_READY"), options.workdir
                )
                ready_samples.append(times["WINDOW_READY"])
                milliseconds = times["FIRST_PAINT"]
            else:
                milliseconds = time_to_marker(cases[case], env, "FIRST_PAINT", options.workdir)
            samples[case].append(milliseconds)
            options.log(f"  run {round_ + 1}: {case} {milliseconds:.0f} ms")

    note = f"first paint, QT_QPA_PLATFORM={qt_platform(env)}"
    bare_result = Result(
        NAME, "bare PySide6 window", samples=samples["bare PySide6 window"], note=note
    )
    app_result = Result(
        NAME,
        "ShopCircle main window",
        samples=samples["ShopCircle main window"],
        note=note + (f", frozen: {options.app}" if options.app else ""),
    )
    ready_result = Result(
        NAME,
        "ShopCircle database open, page shown",
        samples=ready_samples,
        note="WINDOW_READY: the same runs, until the page shows the store's data",
    )
    ratio = app_result.median / bare_result.median
    ratio_p90 = app_result.p90 / bare_result.p90
    ratio_result = Result(
        NAME,
        "ShopCircle / bare (medians)",
        unit="x",
        samples=[ratio],
        note=f"p90 ratio {ratio_p90:.2f}x; "
        + ("meets the target" if ratio <= TARGET_RATIO else "MISSES the target"),
        target=f"<= {TARGET_RATIO}x",
        passed=ratio <= TARGET_RATIO,
    )
    if options.app:  # a frozen build has no -X importtime
        return [bare_result, app_result, ready_result, ratio_result]
    return [bare_result, app_result, ready_result, ratio_result,
            *import_results(options, env, app)]


# --- what start-up imports -------------------------------------------------------------------


class ImportLine:
    """One line of `-X importtime`: self and cumulative microseconds, nesting depth, module."""

    def __init__(self, self_us: int, cumulative_us: int, depth: int, module: str) -> None:
        self.self_us, self.cumulative_us, self.depth, self.module = (
            self_us,
            cumulative_us,
            depth,
            module,
        )


def parse_importtime(stderr: str) -> list[ImportLine]:
    lines = []
    for text in stderr.splitlines():
        if not text.startswith("import time:"):
            continue
        fields = text[len("import time:") :].split("|", 2)
        if len(fields) != 3 or not fields[0].strip().isdigit():
            continue  # the header line
        name = fields[2]
        depth = (len(name) - len(name.lstrip()) - 1) // 2
        lines.append(ImportLine(int(fields[0]), int(fields[1]), depth, name.strip()))
    return lines


def importer_chain(lines: list[ImportLine], index: int) -> list[str]:
    """Who imported lines[index]: its parent, grandparent ... (importtime lists children first)."""
    chain, depth = [], lines[index].depth
    for line in lines[index + 1 :]:
        if line.depth < depth:
            chain.append(line.module)
            depth = line.depth
            if depth == 0:
                break
    return chain


def import_results(options: Options, env: dict[str, str], app: list[str]) -> list[Result]:
    env = dict(env)
    env.pop("SHOPCIRCLE_REPORT_FIRST_PAINT", None)
    completed = subprocess.run(
        [app[0], "-X", "importtime", *app[1:]],
        env=env,
        cwd=options.workdir,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=120,
    )
    if completed.returncode != 0:
        raise ChildFailed(
            f"-X importtime start exited {completed.returncode}\n{completed.stderr[-2000:]}"
        )
    lines = parse_importtime(completed.stderr)
    results = []
    first_index = {}
    for index, line in enumerate(lines):
        # A refused import (db hides the PostgreSQL drivers while peewee loads) is listed
        # too, at a few microseconds: only a real load counts.
        if line.cumulative_us >= FAILED_IMPORT_US:
            first_index.setdefault(line.module, index)
    for module in HEAVY_MODULES:
        index = first_index.get(module)
        if index is None:
            results.append(
                Result(
                    NAME,
                    f"imports {module}",
                    note="not at start-up (lazy)",
                    target="lazy",
                    passed=True,
                )
            )
            continue
        via = " <- ".join(importer_chain(lines, index)) or "desktop.__main__"
        results.append(
            Result(
                NAME,
                f"imports {module}",
                samples=[lines[index].cumulative_us / 1000],
                note=f"EAGER, imported by {via}",
                target="lazy",
                passed=False,
            )
        )
    total_ms = sum(line.self_us for line in lines) / 1000
    results.append(
        Result(
            NAME,
            "imports: all modules",
            samples=[total_ms],
            note=f"{len(lines)} modules (one -X importtime run)",
        )
    )
    by_package: dict[str, list[ImportLine]] = defaultdict(list)
    for line in lines:
        by_package[line.module.split(".")[0]].append(line)
    ranked = sorted(by_package.items(), key=lambda item: -sum(x.self_us for x in item[1]))
    for package, members in ranked[:TOP_IMPORTS]:
        heaviest = sorted(members, key=lambda x: -x.self_us)[:3]
        most = ", ".join(f"{x.module} {x.self_us / 1000:.1f}" for x in heaviest)
        results.append(
            Result(
                NAME,
                f"imports: {package}.*",
                samples=[sum(x.self_us for x in members) / 1000],
                note=f"{len(members)} modules, self time summed; most: {most}",
            )
        )
    return results
