"""Benchmark tkit-lint against its targets, on real suites, in one run on one machine.

    python3 benchmarks/bench_lint.py [--runs 3] [--rate-runs 9] [--fixit-files 150]

The corpus comes from ``corpus.py`` (pandas' tests from the pandas wheel, the Rust crates'
and Go modules' sources; cached after the first run). Every time is the median of
``--runs`` runs, except the sub-second start-up and Rust and Go rates: those are the median
of ``--rate-runs`` runs, since three samples of a run that short are at the mercy of a
busy machine; they are taken in turn, round after round. A fixed pure-Python loop is
timed the same way at the start and after those rounds, and printed with its spread, to
show how steady the machine was. Measured:

- the bound: libcst's ``parse_module`` over every Python test file, in one process;
- tkit-lint with ``--jobs 2``: cold (cache folder emptied), warm (nothing changed) and warm
  with one file changed; peak memory (the main process plus two workers at their peak);
- the Rust and Go corpora with ``--jobs 1 --no-cache``, in MB of source per second;
- Fixit (``fixit lint``, installed from PyPI into its own virtual environment under the
  corpus cache, so it cannot change this environment's libcst) against tkit-lint
  ``--no-cache --jobs 2`` on the same fixed subset of files.

tkit-lint runs from bytecode, as an installed copy does: the package is compiled first,
whatever ``PYTHONDONTWRITEBYTECODE`` says. It prints a table and each target's ratio with
PASS or FAIL.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus

FIXIT_VERSION = "2.2.1"

_PARSE_ONLY = """
import sys, time, libcst
paths = sys.stdin.read().split("\\0")
sources = [open(p, encoding="utf-8").read() for p in paths]
times = []
for _ in range(int(sys.argv[1])):
    start = time.perf_counter()
    for source in sources:
        libcst.parse_module(source)
    times.append(time.perf_counter() - start)
print(" ".join(map(str, times)))
"""

_MEASURED_LINT = """
import resource, sys
from pathlib import Path
from tkit_scaffold.cli import main
code = main(sys.argv[1:])
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(own, workers, file=sys.stderr)
sys.exit(code)
"""


def compile_package(env: dict[str, str]) -> None:
    """Measure tkit-lint as an installed package runs, from bytecode: an environment that
    turns bytecode caching off (``PYTHONDONTWRITEBYTECODE``) would add compiling every
    module of the package to every run, which no installed copy pays."""
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    spec = importlib.util.find_spec("tkit_scaffold")
    assert spec is not None and spec.submodule_search_locations is not None
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", *spec.submodule_search_locations],
        env=env,
        check=True,
        capture_output=True,
    )


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples)


def python_test_files(root: Path) -> list[Path]:
    return sorted(
        path
        for path in root.rglob("*.py")
        if path.name.startswith("test_") or path.name.endswith("_test.py")
    )


def timed(command: Sequence[str], cwd: Path, env: dict[str, str]) -> tuple[float, str]:
    start = time.perf_counter()
    completed = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if completed.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} failed:\n{completed.stderr[-3000:]}")
    return elapsed, completed.stderr


def lint_command(*flags: str) -> list[str]:
    return [sys.executable, "-c", _MEASURED_LINT, "--quiet", "--exit-zero", *flags]


def repeat(runs: int, prepare: Callable[[], None], measure: Callable[[], float]) -> float:
    samples = []
    for _ in range(runs):
        prepare()
        samples.append(measure())
    return median(samples)


_MACHINE_CHECK = "sum(range(10_000_000))"


def machine_check(samples: int) -> tuple[float, float, float]:
    """Median, fastest and slowest time of a fixed pure-Python loop in a fresh process: a
    steady machine gives close figures, a busy or throttled one does not."""
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", _MACHINE_CHECK], check=True)
        times.append(time.perf_counter() - start)
    return median(times), min(times), max(times)


def fixit_executable() -> Path:
    venv = corpus.cache_dir() / "fixit-venv"
    executable = venv / "bin" / "fixit"
    if not executable.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run(
            [str(venv / "bin" / "pip"), "install", "-q", f"fixit=={FIXIT_VERSION}"], check=True
        )
    return executable


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def megabytes(paths: Sequence[Path]) -> float:
    return sum(path.stat().st_size for path in paths) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    parser.add_argument(
        "--rate-runs",
        type=int,
        default=9,
        help="runs per sub-second measurement: start-up, Rust and Go rates (median)",
    )
    parser.add_argument(
        "--fixit-files", type=int, default=150, help="size of the subset linted by both tools"
    )
    args = parser.parse_args()
    runs = max(1, args.runs)
    rate_runs = max(1, args.rate_runs)
    steadiness = [machine_check(rate_runs)]

    pandas, rust, go = corpus.pandas_tests(), corpus.rust_sources(), corpus.go_sources()
    work = Path(tempfile.mkdtemp(prefix="tkit-bench-"))
    try:
        suite = work / "tests"
        shutil.copytree(pandas, suite)
        files = python_test_files(suite)
        size = megabytes(files)
        cache_dir = work / "cache"
        env = {**os.environ, "TKIT_CACHE_DIR": str(cache_dir), "CI": "1"}
        env.pop("NO_COLOR", None)
        compile_package(env)

        # The bound: libcst parse-only, one process.
        parse = subprocess.run(
            [sys.executable, "-c", _PARSE_ONLY, str(runs)],
            input="\0".join(map(str, files)),
            capture_output=True,
            text=True,
            check=True,
        )
        bound = median([float(value) for value in parse.stdout.split()])

        peaks: list[float] = []

        def lint(*flags: str) -> Callable[[], float]:
            def measure() -> float:
                elapsed, stderr = timed(lint_command(*flags, "tests"), work, env)
                own, workers = (int(value) for value in stderr.split()[-2:])
                peaks.append((own + 2 * workers) / 1024)  # ru_maxrss is in KiB
                return elapsed

            return measure

        def empty_cache() -> None:
            shutil.rmtree(cache_dir, ignore_errors=True)

        cold = repeat(runs, empty_cache, lint("--jobs", "2"))
        warm = repeat(runs, lambda: None, lint("--jobs", "2"))
        changed_file = files[len(files) // 2]
        original = changed_file.read_text(encoding="utf-8")
        edits = iter(range(runs))

        def change_one() -> None:
            changed_file.write_text(original + f"\n# edit {next(edits)}\n", encoding="utf-8")

        one_changed = repeat(runs, change_one, lint("--jobs", "2"))
        changed_file.write_text(original, encoding="utf-8")
        peak = max(peaks)

        # What every run pays before its first file (interpreter, imports, configuration):
        # the same command on an empty folder. Subtracted, it leaves the rate at which a
        # core works through source once started, printed beside the end-to-end rate. The
        # three are measured in turn, round after round, so that a spell of a busy machine
        # falls on all of them alike rather than on whichever ran then.
        empty = work / "empty"
        empty.mkdir()
        folders = {"start-up": empty, "rust": rust, "go": go}
        samples: dict[str, list[float]] = {name: [] for name in folders}
        for _ in range(rate_runs):
            for name, folder in folders.items():
                command = lint_command("--no-cache", "--jobs", "1", str(folder))
                samples[name].append(timed(command, work, env)[0])
        start_up = median(samples["start-up"])
        rates = {
            name: (megabytes(sorted(root.rglob(pattern))), median(samples[name]))
            for name, root, pattern in (("rust", rust, "*.rs"), ("go", go, "*_test.go"))
        }
        steadiness.append(machine_check(rate_runs))

        subset = files[: args.fixit_files]
        relative = [str(path.relative_to(work)) for path in subset]
        fixit = fixit_executable()
        fixit_time = repeat(
            runs, lambda: None, lambda: timed([str(fixit), "lint", *relative], work, env)[0]
        )
        tkit_subset = repeat(
            runs,
            lambda: None,
            lambda: timed(lint_command("--no-cache", "--jobs", "2", *relative), work, env)[0],
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(
        f"tkit-lint benchmark, {datetime.date.today().isoformat()}, {os.cpu_count()} cores "
        f"({cpu_model()}), Python {platform.python_version()}, median of {runs} runs "
        f"({rate_runs} for the start-up and the Rust and Go rates)"
    )
    print(
        f"Python corpus: {len(files)} files, {size:.1f} MB (pandas {corpus.PANDAS_VERSION} tests)"
    )
    for when, (middle, fastest, slowest) in zip(
        ("at the start", "after the start-up and rate rounds"), steadiness, strict=True
    ):
        print(
            f"Machine check {when}: a fixed Python loop took {middle:.3f} s "
            f"(median of {rate_runs}; fastest {fastest:.3f} s, slowest {slowest:.3f} s)"
        )
    print()
    print("| measurement | time | target | ratio | result |")
    print("|---|---:|---|---:|---|")

    def row(name: str, seconds: float, target: str, ratio: float, limit: float) -> None:
        verdict = "PASS" if ratio <= limit else "FAIL"
        print(f"| {name} | {seconds:.2f} s | {target} | {ratio:.3f} | {verdict} |")

    print(f"| libcst parse-only, 1 process (bound) | {bound:.2f} s | | | |")
    row("tkit-lint cold, --jobs 2", cold, "<= 0.75 x bound", cold / bound, 0.75)
    row("tkit-lint warm, nothing changed", warm, "<= 3% of cold", warm / cold, 0.03)
    row("tkit-lint warm, one file changed", one_changed, "<= 5% of cold", one_changed / cold, 0.05)
    memory_verdict = "PASS" if peak < 500 else "FAIL"
    print(f"| peak memory, --jobs 2 | {peak:.0f} MB | < 500 MB | | {memory_verdict} |")
    print(f"| start-up: empty folder, --no-cache --jobs 1 | {start_up:.2f} s | | | |")
    for name, (size_mb, seconds) in rates.items():
        for label, spent in (("", seconds), (", start-up excluded", seconds - start_up)):
            rate = size_mb / spent
            verdict = "PASS" if rate >= 3 else "FAIL"
            print(
                f"| {name} corpus, {size_mb:.1f} MB, --jobs 1{label} | {spent:.2f} s "
                f"| >= 3 MB/s per core | {rate:.1f} MB/s | {verdict} |"
            )
    speedup = fixit_time / tkit_subset
    print(f"| Fixit {FIXIT_VERSION} `fixit lint`, {len(subset)} files | {fixit_time:.2f} s | | | |")
    verdict = "PASS" if speedup >= 15 else "FAIL"
    print(
        f"| tkit-lint --no-cache --jobs 2, same {len(subset)} files | {tkit_subset:.2f} s "
        f"| >= 15x faster than Fixit | {speedup:.1f}x | {verdict} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
