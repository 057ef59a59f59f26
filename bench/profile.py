"""Summarise py-spy samples (``--format raw``, as ``python -m bench --profile DIR`` writes them).

    python -m bench.profile DIR/cxgame-1000-r0-vote_burst.txt [more files] [--top 25]

Prints the share of samples per function: where the time is spent (self) and
what it is spent under (inclusive, each function counted once per stack).
"""
from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

LINE = re.compile(r":\d+\)$")


def load(paths: list[Path]) -> tuple[int, Counter, Counter]:
    total, own, under = 0, Counter(), Counter()
    for path in paths:
        for line in path.read_text(errors="replace").splitlines():
            stack, _, count = line.rpartition(" ")
            if not stack or not count.isdigit():
                continue
            samples = int(count)
            frames = [LINE.sub(")", frame) for frame in stack.split(";")]
            total += samples
            own[frames[-1]] += samples
            for frame in set(frames):
                under[frame] += samples
    return total, own, under


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    total, own, under = load(args.files)
    print(f"{total} samples in {len(args.files)} file(s)")
    for title, counts in (("self", own), ("inclusive", under)):
        print(f"\n{title}:")
        for frame, samples in counts.most_common(args.top):
            print(f"  {100 * samples / max(total, 1):5.1f}%  {frame}")


if __name__ == "__main__":
    main()
