"""Run benchmarks and print a table:  python benchmarks/run.py [NAME ...] [--runs N] [--json F].

Each benchmark is a module in this folder with `run(options) -> list[Result]`; add it to
BENCHMARKS below. With no NAME, all of them run.
"""

import argparse
import importlib
import json
import os
import platform
import sys
import tempfile
import time
import traceback
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.core import Options, Result, qt_environment, qt_platform

# name -> module
BENCHMARKS = {
    "startup": "benchmarks.startup",
    "members": "benchmarks.members",
    "coupons": "benchmarks.coupons",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description="ShopCircle benchmarks (see benchmarks/README.md)."
    )
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"of {', '.join(BENCHMARKS)}")
    parser.add_argument("--runs", type=int, default=10, help="measured runs per case (10)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured runs per case (1)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also save the results here")
    parser.add_argument("--python", default=sys.executable, help="interpreter to measure")
    parser.add_argument(
        "--app", type=Path, metavar="EXE", help="start this built ShopCircle instead of the source"
    )
    parser.add_argument(
        "--members", type=int, default=100_000, metavar="N",
        help="members in the demo store of the members benchmark (100000)",
    )
    parser.add_argument(
        "--cache-dir", type=Path, metavar="DIR",
        help="keep built demo stores and files here between runs (default: under the temp dir)",
    )
    parser.add_argument(
        "--section", action="append", default=[], metavar="NAME",
        help="run only this section of a benchmark (repeatable), e.g. members' import",
    )
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every run")
    args = parser.parse_args(argv)

    if args.list:
        for name, module in BENCHMARKS.items():
            doc = (importlib.import_module(module).__doc__ or "").strip().splitlines()
            print(f"{name:12} {doc[0] if doc else ''}")
        return 0
    unknown = [name for name in args.names if name not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.members < 1:
        parser.error("--members must be at least 1")

    results: list[Result] = []
    failures: list[str] = []
    for name in args.names or list(BENCHMARKS):
        print(f"running {name} ...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix=f"shopcircle-bench-{name}-") as workdir:
            options = Options(
                runs=args.runs,
                warmup=args.warmup,
                workdir=Path(workdir),
                python=args.python,
                app=args.app.resolve() if args.app else None,
                verbose=args.verbose,
                members=args.members,
                cache_dir=args.cache_dir.resolve() if args.cache_dir else None,
                sections=tuple(args.section),
            )
            try:
                results += importlib.import_module(BENCHMARKS[name]).run(options)
            except Exception as error:  # one broken benchmark must not hide the others
                failures.append(name)
                print(f"{name} FAILED: {error}", file=sys.stderr)
                if args.verbose:
                    traceback.print_exc()

    print(format_table(results))
    print(describe_machine_line())
    if args.json:
        payload = {
            "machine": describe_machine(),
            "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "runs": args.runs,
            "failed": failures,
            "results": [result.to_json() for result in results],
        }
        args.json.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"saved {args.json}")
    if failures:
        return 2
    if args.strict and any(result.passed is False for result in results):
        return 1
    return 0


def format_table(results: list[Result]) -> str:
    def number(value: float | None) -> str:
        if value is None:
            return ""
        return f"{value:.2f}" if abs(value) < 10 else f"{value:.0f}"

    headers = ["benchmark", "case", "n", "median", "p90", "min", "max", "unit", "target", "note"]
    rows = []
    for result in results:
        samples = result.samples
        spread = len(samples) > 1  # a single figure shows as the median alone
        target = ""
        if result.target:
            target = f"{result.target} {'ok' if result.passed else 'MISSED'}"
        rows.append(
            [
                result.benchmark,
                result.case,
                str(len(samples)) if samples else "",
                number(result.median),
                number(result.p90) if spread else "",
                number(min(samples)) if spread else "",
                number(max(samples)) if spread else "",
                result.unit if samples else "",
                target,
                result.note,
            ]
        )
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers) - 1)]
    numeric = {2, 3, 4, 5, 6}

    def line(cells: list[str]) -> str:
        parts = [
            cell.rjust(widths[i]) if i in numeric else cell.ljust(widths[i])
            for i, cell in enumerate(cells[:-1])
        ]
        return "  ".join([*parts, cells[-1]]).rstrip()

    rule = "  ".join("-" * width for width in widths) + "  " + "-" * 4
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])


def describe_machine() -> dict:
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "qt_platform": qt_platform(qt_environment()),
    }


def describe_machine_line() -> str:
    machine = describe_machine()
    return (
        f"({machine['platform']}, Python {machine['python']}, {machine['cpus']} CPUs, "
        f"QT_QPA_PLATFORM={machine['qt_platform']})"
    )


if __name__ == "__main__":
    sys.exit(main())
