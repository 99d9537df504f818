"""The import layers of the README hold, and the check (make lint) fails on a planted breach.

lint-imports (import-linter) reads the contracts from pyproject.toml. Each planted case runs
it on a copy of the package with one import added, so a contract that stopped catching
what it names would fail here, not only on the day someone breaks the layers.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

pytestmark = pytest.mark.skipif(
    not LINT_IMPORTS.exists(), reason="import-linter 未安装（make venv 会安装）"
)


def lint(root: Path) -> subprocess.CompletedProcess:
    # The copy comes first on the path, ahead of the editable install of the real tree.
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root), "HOME": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def copy(tmp_path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(
        ROOT / "liangxin",
        tmp_path / "liangxin",
        ignore=shutil.ignore_patterns("__pycache__", "static", "jinja2", "migrations"),
    )
    return tmp_path


def plant(root: Path, module: str, line: str) -> None:
    path = root.joinpath(*module.split(".")).with_suffix(".py")
    if not path.exists():
        path = root.joinpath(*module.split("."), "__init__.py")
        path.parent.mkdir(exist_ok=True)
    path.write_text(path.read_text() + f"\n{line}\n" if path.exists() else f"{line}\n")


def test_the_tree_keeps_its_layers_and_has_no_cycle(copy):
    result = lint(copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 kept, 0 broken" in result.stdout


def test_the_ground_floor_importing_an_app_breaks_the_layers(copy):
    plant(copy, "liangxin.core.contributions", "import liangxin.members.models  # noqa")
    result = lint(copy)
    assert result.returncode == 1
    assert "liangxin.core is not allowed to import liangxin.members" in result.stdout


def test_siblings_importing_each_other_break_the_layers(copy):
    plant(copy, "liangxin.dues.selectors", "import liangxin.mobility.selectors  # noqa")
    result = lint(copy)
    assert result.returncode == 1
    assert "liangxin.dues is not allowed to import liangxin.mobility" in result.stdout


def test_a_cycle_through_a_new_unlisted_app_is_caught(copy):
    # A new app that no layer names yet: the acyclic contract still covers it.
    plant(copy, "liangxin.newapp", "import liangxin.members.models  # noqa")
    plant(copy, "liangxin.members.selectors", "import liangxin.newapp  # noqa")
    result = lint(copy)
    assert result.returncode == 1
    assert "No cycles are allowed in liangxin" in result.stdout
