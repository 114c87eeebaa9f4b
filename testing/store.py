"""A fresh, migrated SQLite store per test at the cost of a file copy: ``open_store(path)``.

Every migration on a new file costs about 20 ms (a dozen commits, each synced to disk);
copying a file that has them all costs a fraction of that. The copy is a database of its
own, the same as ``Store.open`` creates on an empty path (``tests/store/test_migrations.py``
runs the migrations themselves).
"""

from __future__ import annotations

import atexit
import functools
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from bot.store import Store


def open_store(path: str | os.PathLike[str], **options: Any) -> Store:
    """``Store.open(path)``; a new file gets the whole schema copied in first."""
    target = Path(path)
    if not target.exists():
        shutil.copyfile(_template(), target)
    return Store.open(target, **options)


@functools.cache
def _template() -> Path:
    """One migrated database per process, in a directory removed at exit."""
    directory = tempfile.mkdtemp(prefix="store-template-")
    atexit.register(shutil.rmtree, directory, ignore_errors=True)
    template = Path(directory) / "template.sqlite3"
    Store.open(template).close()
    leftovers = sorted(p.name for p in Path(directory).iterdir() if p != template)
    if leftovers:  # a WAL not checkpointed into the file would be lost by the copy
        raise RuntimeError(f"the template store left {leftovers} beside it")
    return template
