"""environment.yml (conda) and requirements.txt (pip) describe the same environment."""

from __future__ import annotations

import re
import sys
from importlib import metadata
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _requirements(path: Path) -> dict[str, str | None]:
    pins: dict[str, str | None] = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        m = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(?:==\s*([^\s;]+))?.*", line)
        assert m, f"{path.name}: cannot read line {line!r}"
        name = _norm(m.group(1))
        assert name not in pins, f"{path.name}: {name} listed twice"
        pins[name] = m.group(2)
    return pins


@pytest.fixture(scope="module")
def environment() -> dict:
    return yaml.safe_load((REPO / "environment.yml").read_text())


@pytest.fixture(scope="module")
def locked() -> dict[str, str | None]:
    return _requirements(REPO / "requirements.txt")


def _conda_deps(environment) -> tuple[list[str], list[str]]:
    conda, pip = [], []
    for dep in environment["dependencies"]:
        if isinstance(dep, dict):
            pip += dep.get("pip", [])
        else:
            conda.append(str(dep))
    return conda, pip


def test_every_requirement_is_pinned_exactly(locked):
    unpinned = [n for n, v in locked.items() if not v]
    assert unpinned == [], f"requirements.txt must pin every package with ==: {unpinned}"


def test_top_level_requirements_are_in_the_lock_file(locked):
    top = _requirements(REPO / "requirements.in")
    assert set(top) <= set(locked), f"missing from requirements.txt: {sorted(set(top) - set(locked))}"
    for name, pin in top.items():
        if pin:
            assert locked[name] == pin, f"{name}: requirements.in pins {pin}, requirements.txt {locked[name]}"


def test_environment_pip_section_installs_the_lock_file_and_the_package(environment):
    _, pip = _conda_deps(environment)
    assert "-r requirements.txt" in pip
    assert "-e ." in pip


def test_python_version_agrees_with_pyproject(environment):
    conda, _ = _conda_deps(environment)
    python = [d for d in conda if re.match(r"python\b", d) and not d.startswith("python-")]
    assert len(python) == 1, "environment.yml must pin python once"
    version = re.split(r"[=<>]+", python[0], maxsplit=1)[1]
    pyproject = (REPO / "pyproject.toml").read_text()
    requires = re.search(r'requires-python\s*=\s*"([^"]+)"', pyproject).group(1)
    assert requires == f">={version},<3.{int(version.split('.')[1]) + 1}", (
        f"environment.yml has python={version}, pyproject.toml requires-python={requires}")
    assert f"{sys.version_info.major}.{sys.version_info.minor}" == version


def _conda_pin_problems(conda: list[str], locked: dict[str, str | None]) -> list[str]:
    """Conda packages (besides python and pip) must be pinned exactly as in requirements.txt."""
    problems = []
    for dep in conda:
        m = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:==?\s*(\S+))?", dep.strip())
        if not m:
            problems.append(f"cannot read dependency {dep!r}")
            continue
        name, version = _norm(m.group(1)), m.group(2)
        if name in ("python", "pip"):
            continue
        if name not in locked:
            problems.append(f"{name} is not in requirements.txt")
        elif version != locked[name]:
            problems.append(f"{name}={version or '(unpinned)'} but requirements.txt has {locked[name]}")
    return problems


def test_conda_packages_match_the_lock_file(environment, locked):
    conda, _ = _conda_deps(environment)
    assert _conda_pin_problems(conda, locked) == []


def test_conda_pin_check_catches_disagreements():
    locked = {"pandas": "3.1.1", "papermill": "2.7.0"}
    assert _conda_pin_problems(["python=3.11", "pip", "pandas=3.1.1", "papermill==2.7.0"], locked) == []
    assert _conda_pin_problems(["pandas=3.0.0", "papermill", "nodejs=20"], locked) == [
        "pandas=3.0.0 but requirements.txt has 3.1.1",
        "papermill=(unpinned) but requirements.txt has 2.7.0",
        "nodejs is not in requirements.txt",
    ]


def test_installed_packages_are_the_pinned_versions(locked):
    """The environment the tests run in is the one requirements.txt describes."""
    wrong = {}
    for name, pin in locked.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != pin:
            wrong[name] = (pin, installed)
    assert wrong == {}, f"pinned vs installed: {wrong}"
