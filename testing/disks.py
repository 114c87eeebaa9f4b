"""File systems that fail the bot's database honestly: full, or mounted read-only.

``chmod`` does not stop root (CI runs as root) and ``PRAGMA query_only`` is not the bot's
path, so these are real mounts: a tmpfs of a given size (``small_disk``; fill it to make the
disk full) and a read-only bind mount of a directory (``read_only``). Both need root and
``mount``; without them ``MountRefused`` says so in one line.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path


class MountRefused(Exception):
    """This machine does not let the tests mount file systems (not root, or no capability)."""


def _mount(*args: str) -> None:
    try:
        done = subprocess.run(["mount", *args], capture_output=True, text=True, timeout=10)
    except FileNotFoundError:
        raise MountRefused("no mount command on this machine") from None
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "refused"
        raise MountRefused(f"mount {' '.join(args)} refused: {reason}")


def _unmount(where: Path) -> None:
    done = subprocess.run(["umount", str(where)], capture_output=True, timeout=10)
    if done.returncode != 0:  # something still holds a file there: detach it anyway
        subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=10)


@contextlib.contextmanager
def small_disk(where: Path, size: str = "1m") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``where`` (created) while the context lasts."""
    where.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where))
    try:
        yield where
    finally:
        _unmount(where)


def fill(disk: Path) -> Path:
    """Write a file until ``disk`` has no space left; delete it to free the space again."""
    filler = disk / "filler"
    with filler.open("wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65_536)
                handle.flush()
        except OSError:
            pass
    return filler


@contextlib.contextmanager
def read_only(directory: Path, where: Path) -> Iterator[Path]:
    """``directory`` seen read-only at ``where`` (a read-only bind mount) while it lasts."""
    where.mkdir(parents=True, exist_ok=True)
    _mount("--bind", str(directory), str(where))
    try:
        _mount("-o", "remount,bind,ro", str(where))
        yield where
    finally:
        _unmount(where)


__all__ = ["MountRefused", "fill", "read_only", "small_disk"]
