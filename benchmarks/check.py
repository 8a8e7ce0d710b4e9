"""Time `factdesk check` against reading and composing the same files with libyaml alone:
`python benchmarks/check.py [--claims 10000] [--runs 9]`.

The baseline is the least any check of these files costs on this engine (`yaml_floor.py`): every
claim and source file read and composed into libyaml's node tree (line and column marks kept, as
the check needs them), nothing else; split over one forked process per core, as the check does,
and also in one process. Both are run as commands, interpreter start included, interleaved with the check
(a, b, c, a, b, c, …), so that a slow spell of the machine falls on all three.
"""

from __future__ import annotations

import argparse
import os
import platform
import shlex
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

import synthetic  # the script's own folder is on sys.path when it is run as a script
import yaml_floor
from measure import Case, table_row

TARGET_SECONDS = 3.0  # at 10,000 claims


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time factdesk check against libyaml alone.")
    parser.add_argument("--claims", type=int, default=10_000, help="claims in the synthetic publication")
    parser.add_argument("--runs", type=int, default=9, help="runs of each; the table gives medians")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic publication")
    parser.add_argument("--scripts", action="store_true",
                        help="a fifth of the sources in Japanese, Chinese, Russian, Arabic and Hebrew")
    args = parser.parse_args(argv)
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="factdesk-check-bench-") as tmp:
        project = Path(tmp)
        print(f"writing {args.claims} synthetic claims into {project}", file=sys.stderr)
        synthetic.write_publication(project, args.claims, args.seed, args.scripts)
        files = len(yaml_floor.yaml_files(project))
        floor = [sys.executable, str(Path(__file__).with_name("yaml_floor.py")), str(project)]
        check = Case("factdesk check", [str(Path(sys.executable).parent / "factdesk"), "check", "--root", str(project)])
        alone = Case("libyaml, one process", [*floor, "1"])
        parallel = Case(f"libyaml, {cores} processes", [*floor, str(cores)])
        for run in range(1, args.runs + 1):
            for case in (check, alone, parallel):
                case.run()
                print(f"run {run}/{args.runs}: {case.last_run()}", file=sys.stderr)
    print(f"| {args.claims} claims, {files} YAML files | median s | min s | max s | peak MiB | ratio to baseline |")
    print("|---|---:|---:|---:|---:|---:|")
    print(table_row("factdesk check", check, parallel))
    print(table_row(f"baseline: read and compose every file with libyaml, {cores} processes", parallel, parallel))
    print(table_row("read and compose every file with libyaml, one process", alone, parallel))
    print()
    print(f"command: {shlex.join([sys.executable, *sys.argv])}")
    print(f"{args.runs} run(s) of each, interleaved; seed {args.seed}"
          f"{'; a fifth of the sources in Japanese, Chinese, Russian, Arabic and Hebrew' if args.scripts else ''}")
    print(f"machine: os.cpu_count() = {cores}, {platform.platform()}, Python {platform.python_version()}, "
          f"PyYAML {version('pyyaml')}")
    verdict = "met" if check.median < TARGET_SECONDS else f"missed by {check.median / TARGET_SECONDS:.2f}x"
    print(f"target: check < {TARGET_SECONDS:.0f} s at 10,000 claims (measured {check.median:.2f} s at "
          f"{args.claims}: {verdict if args.claims == 10_000 else 'not the target size'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
