"""The Python lock files: every package pinned with hashes, covering pyproject.toml, and the
image's lock the same versions as the development one (issue 17, item 6). `make lock` makes them."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]


def parse(name: str) -> dict[str, tuple[str, list[str]]]:
    """{package: (version, hashes)} of a lock file in pip's requirements format."""
    text = (ROOT / name).read_text().replace("\\\n", " ")
    pinned = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = re.match(r"([A-Za-z0-9_.-]+)==([^\s;]+)", line)
        assert match, f"{name}: not a pinned requirement: {line[:80]}"
        pinned[canonicalize_name(match.group(1))] = (match.group(2), re.findall(r"--hash=sha256:[0-9a-f]{64}", line))
    return pinned


@pytest.fixture(scope="module")
def project():
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


@pytest.mark.parametrize("lock", ["requirements.lock", "requirements-dev.lock"])
def test_every_locked_package_has_hashes(lock):
    pinned = parse(lock)
    assert pinned
    assert not [name for name, (_, hashes) in pinned.items() if not hashes]


def _covers(pinned, requirements: list[str], lock: str) -> None:
    for text in requirements:
        req = Requirement(text)
        name = canonicalize_name(req.name)
        if name == "crisis-table":
            continue  # the project's own extras
        assert name in pinned, f"{lock} lacks {name}: run make lock"
        assert req.specifier.contains(pinned[name][0], prereleases=True), \
            f"{lock} has {name} {pinned[name][0]}, pyproject.toml asks {req.specifier}: run make lock"


def test_the_locks_cover_pyproject(project):
    runtime, dev = parse("requirements.lock"), parse("requirements-dev.lock")
    deps = project["project"]["dependencies"]
    extras = [r for group in project["project"]["optional-dependencies"].values() for r in group]
    build = project["build-system"]["requires"]
    _covers(runtime, deps + build, "requirements.lock")
    _covers(dev, deps + extras + build, "requirements-dev.lock")


def test_the_image_lock_has_the_development_versions():
    runtime, dev = parse("requirements.lock"), parse("requirements-dev.lock")
    differ = {n: (v, dev.get(n, (None,))[0]) for n, (v, _) in runtime.items() if dev.get(n, (None,))[0] != v}
    assert not differ, f"requirements.lock and requirements-dev.lock disagree: {differ}"


def test_make_and_ci_install_from_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    installs = re.findall(r"pip install ([^\n]*)", makefile)
    assert any("--require-hashes" in i and "-r $(LOCK)" in i for i in installs)
    assert "LOCK := requirements-dev.lock" in makefile
    assert all("--no-deps" in i for i in installs if "$(UV)" not in i)
    assert "make test" in (ROOT / ".ci" / "run").read_text()
