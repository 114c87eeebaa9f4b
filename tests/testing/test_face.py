"""``testing``'s face: light to import, every name it offers resolves to its module's."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import testing
from tests.conftest import REPO_ROOT


def test_importing_testing_loads_nothing_else() -> None:
    code = (
        "import sys, testing; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('testing', 'bot', 'conversations', 'adapters', 'httpx', 'respx', 'starlette')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "['testing']"


@pytest.mark.parametrize("name", testing.__all__)
def test_each_name_comes_from_its_module(name: str) -> None:
    home = importlib.import_module(testing._HOMES[name])
    assert getattr(testing, name) is getattr(home, name)


def test_the_face_names_every_home_and_nothing_else() -> None:
    assert sorted(testing.__all__) == sorted(testing._HOMES)
    with pytest.raises(AttributeError, match="no attribute 'FakeTelegram'"):
        _ = testing.FakeTelegram
