"""What every benchmark shares: options, results, statistics and running a timed child process."""

import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Options:
    """Settings for a run; benchmarks read the ones they need."""

    runs: int = 10  # measured runs per case
    warmup: int = 1  # unmeasured runs per case first (disk cache, .pyc files, font cache)
    workdir: Path = field(default_factory=Path)  # a fresh temporary folder for this run
    python: str = sys.executable
    # ShopCircle as a frozen executable (dist/ShopCircle/ShopCircle) instead of `python -m desktop`
    app: Path | None = None
    verbose: bool = False
    # The members benchmark: demo store size, and where built demo stores and files are kept
    # between runs (None: a folder under the system's temporary directory).
    members: int = 100_000
    cache_dir: Path | None = None
    # Only these sections of a benchmark (e.g. the members benchmark's "import"); () for all.
    sections: tuple[str, ...] = ()

    def log(self, message: str) -> None:
        if self.verbose:
            print(message, file=sys.stderr, flush=True)


@dataclass
class Result:
    """One measured case: its samples and summary, or a fact with no samples (note only)."""

    benchmark: str
    case: str
    unit: str = "ms"
    samples: list[float] = field(default_factory=list)
    note: str = ""
    # Targets: passed is None when the result has no target.
    target: str = ""
    passed: bool | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.samples) if self.samples else None

    @property
    def p90(self) -> float | None:
        return percentile(self.samples, 90) if self.samples else None

    def to_json(self) -> dict:
        data = asdict(self)
        data.update(
            n=len(self.samples),
            median=self.median,
            p90=self.p90,
            min=min(self.samples) if self.samples else None,
            max=max(self.samples) if self.samples else None,
        )
        return data


def percentile(samples: list[float], percent: float) -> float:
    """Linear-interpolated percentile (numpy's default), defined for a single sample too."""
    ordered = sorted(samples)
    position = (len(ordered) - 1) * percent / 100
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def qt_environment() -> dict[str, str]:
    """The environment for a Qt child: offscreen unless a display is there (or one is chosen)."""
    env = dict(os.environ)
    if "QT_QPA_PLATFORM" not in env:
        has_display = sys.platform in ("win32", "darwin") or bool(
            env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")
        )
        if not has_display:
            env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def child_environment(options: Options) -> dict[str, str]:
    """qt_environment() for a measured Python child, set up as an installed app would run.

    Compiled bytecode is cached (in the run's temporary folder, not the checkout), even when
    PYTHONDONTWRITEBYTECODE is set: without .pyc files every start compiles every module of
    the app, which no installed copy does. The warm-up runs fill the cache.
    """
    env = qt_environment()
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(options.workdir / "pycache")
    # The checkout's packages are importable even from a temporary working folder; an existing
    # PYTHONPATH (a stand-in, another checkout) still comes first.
    paths = [p for p in (env.get("PYTHONPATH", ""), str(REPO_ROOT)) if p]
    env["PYTHONPATH"] = os.pathsep.join(paths)
    return env


def qt_platform(env: dict[str, str]) -> str:
    return env.get("QT_QPA_PLATFORM", "native")


class ChildFailed(RuntimeError):
    """A measured program exited badly or never reported."""


def time_to_marker(
    command: list[str], env: dict[str, str], marker: str, cwd: Path, timeout: float = 60
) -> float:
    """Milliseconds from just before spawning `command` to the time.time() it prints after
    `marker` (a line `MARKER <time.time()>` on stdout); the child must then exit 0."""
    return time_to_markers(command, env, (marker,), cwd, timeout)[marker]


def time_to_markers(
    command: list[str], env: dict[str, str], markers: tuple[str, ...], cwd: Path,
    timeout: float = 60,
) -> dict[str, float]:
    """time_to_marker for several markers printed by one run: marker -> milliseconds."""
    started = time.time()
    process = subprocess.Popen(
        command,
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        raise ChildFailed(f"{command} took over {timeout} s\n{stderr[-2000:]}") from None
    found: dict[str, float] = {}
    for marker in markers:
        stamps = [line.split()[1] for line in stdout.splitlines() if line.startswith(marker + " ")]
        if process.returncode != 0 or len(stamps) != 1:
            raise ChildFailed(
                f"{' '.join(command)} exited {process.returncode} with {len(stamps)} {marker} "
                f"lines\nstdout: {stdout[-2000:]}\nstderr: {stderr[-2000:]}"
            )
        found[marker] = (float(stamps[0]) - started) * 1000
    return found
