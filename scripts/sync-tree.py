#!/usr/bin/env python3
"""Makes folder DEST hold exactly the files of SRC, touching only what differs.

    scripts/sync-tree.py SRC DEST

A file whose bytes differ (or that is new) is written and so gets the current time; an
unchanged file keeps its time; a file SRC does not have is removed. scripts/py-wheel.sh
builds from the unpacked sdist this way: maturin stamps every file of an sdist with one
fixed time, so an edited source unpacked over the last build would look older than that
build and cargo would keep the stale module.
"""

import filecmp
import shutil
import sys
from pathlib import Path


def sync(src: Path, dest: Path) -> int:
    wanted = {p.relative_to(src) for p in src.rglob("*") if p.is_file()}
    written = 0
    for rel in sorted(wanted):
        new, old = src / rel, dest / rel
        if not old.is_file() or not filecmp.cmp(new, old, shallow=False):
            old.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(new, old)  # the bytes only: the copy gets the current time
            written += 1
    for path in sorted(dest.rglob("*"), reverse=True):
        if path.is_file() and path.relative_to(dest) not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return written


if __name__ == "__main__":
    if len(sys.argv) != 3 or not Path(sys.argv[1]).is_dir():
        sys.exit(f"usage: {sys.argv[0]} SRC DEST")
    dest = Path(sys.argv[2])
    dest.mkdir(parents=True, exist_ok=True)
    print(f"sync-tree: {sync(Path(sys.argv[1]), dest)} files written to {dest}")
