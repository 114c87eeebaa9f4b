"""The fault matrix: each scenario's expectation and observation, written by the suite's run.

A test in ``tests/faults`` declares its row with ``@pytest.mark.fault(area, scenario,
expected)`` (on a parametrized case: ``pytest.param(..., marks=fault(...))``) and records
what it saw with the ``observe`` fixture: ``observe.member(...)``, ``observe.store(...)``,
``observe.staff(...)``, deterministic words only (no times, ids or dates). Rows whose test
lives elsewhere in the suite are listed in ``tests/faults/references.py`` with the test that
asserts them.

At the end of a run that included every module of ``tests/faults`` and every referenced test
(``make test``, or ``pytest tests/faults``, which adds the referenced tests by itself), the
matrix is rendered to ``docs/fault-matrix.md``: rewritten when it changed, unless ``CI`` is
set, where a difference fails the run with one line instead, so a stale file cannot land.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FAULTS = Path(__file__).resolve().parent
DOCUMENT = ROOT / "docs" / "fault-matrix.md"
MARKER = "fault"

_observations = pytest.StashKey["Observation"]()


@dataclass
class Observation:
    """What one scenario showed, by who saw it."""

    facts: dict[str, list[str]] = field(
        default_factory=lambda: {
            "member": [],
            "staff": [],
            "store": [],
            "PerfectGym": [],
            "operator": [],
        }
    )

    def member(self, *facts: str) -> None:
        """What the member saw (Telegram messages at the fake, or the engine's replies)."""
        self.facts["member"].extend(facts)

    def store(self, *facts: str) -> None:
        """What the database holds afterwards (ledger, links, conversations, updates)."""
        self.facts["store"].extend(facts)

    def staff(self, *facts: str) -> None:
        """What staff saw (the Slack feed at the fake, or the engine's staff events)."""
        self.facts["staff"].extend(facts)

    def perfectgym(self, *facts: str) -> None:
        """What PerfectGym (the sandbox) holds afterwards: purchases, cancelations."""
        self.facts["PerfectGym"].extend(facts)

    def operator(self, *facts: str) -> None:
        """What the operator saw (HTTP answers, /healthz, the process's output)."""
        self.facts["operator"].extend(facts)

    def render(self) -> str:
        parts = [f"{who}: {'; '.join(facts)}" for who, facts in self.facts.items() if facts]
        return "<br>".join(parts)


@dataclass
class Row:
    area: str
    scenario: str
    expected: str
    test: str
    """The node id shown; a reference without ``[...]`` stands for every parametrized case."""
    nodeids: list[str] = field(default_factory=list)


@dataclass
class _Run:
    rows: list[Row] = field(default_factory=list)
    outcomes: dict[str, str] = field(default_factory=dict)
    observed: dict[str, str] = field(default_factory=dict)
    faults_files: set[str] = field(default_factory=set)
    collected_files: set[str] = field(default_factory=set)
    deselected: set[str] = field(default_factory=set)
    problem: str | None = None


_RUN = pytest.StashKey[_Run]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(area, scenario, expected): a row of the fault matrix (docs/fault-matrix.md)",
    )
    config.stash[_RUN] = _Run()
    _add_referenced_tests(config)


def _add_referenced_tests(config: pytest.Config) -> None:
    """``pytest tests/faults`` also runs the tests the matrix refers to elsewhere."""
    args = [Path(arg.split("::")[0]).resolve() for arg in config.args]
    if args and all(arg == FAULTS for arg in args):
        from tests.faults.references import REFERENCES

        tests = dict.fromkeys(str(ROOT / reference.test) for reference in REFERENCES)
        config.args.extend(tests)


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    from tests.faults.references import REFERENCES

    run = config.stash[_RUN]
    run.rows.clear()
    run.collected_files = {item.nodeid.split("::")[0] for item in items}
    for item in items:
        marker = item.get_closest_marker(MARKER)
        if marker is not None:
            area, scenario, expected = _marker_args(marker, item.nodeid)
            run.rows.append(Row(area, scenario, expected, item.nodeid, [item.nodeid]))
    for reference in REFERENCES:
        matching = [
            item.nodeid
            for item in items
            if item.nodeid == reference.test or item.nodeid.startswith(reference.test + "[")
        ]
        run.rows.append(
            Row(reference.area, reference.scenario, reference.expected, reference.test, matching)
        )


def _marker_args(marker: pytest.Mark, nodeid: str) -> tuple[str, str, str]:
    values = dict(zip(("area", "scenario", "expected"), marker.args, strict=False))
    values.update(marker.kwargs)
    missing = [name for name in ("area", "scenario", "expected") if not values.get(name)]
    if missing:
        raise pytest.UsageError(f"{nodeid}: @pytest.mark.fault needs {', '.join(missing)}")
    return str(values["area"]), str(values["scenario"]), str(values["expected"])


def pytest_deselected(items: list[pytest.Item]) -> None:
    for item in items:
        item.config.stash[_RUN].deselected.add(item.nodeid)


def pytest_collection_finish(session: pytest.Session) -> None:
    run = session.config.stash[_RUN]
    for item in session.items:
        path = Path(str(item.path))
        if path.parent == FAULTS and path.name.startswith("test_"):
            run.faults_files.add(path.name)


@pytest.fixture
def observe(request: pytest.FixtureRequest) -> Observation:
    """Where a scenario records what it saw (rendered into the matrix's Observed column)."""
    observation = Observation()
    request.node.stash[_observations] = observation
    return observation


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report: pytest.TestReport = yield
    run = item.config.stash[_RUN]
    outcome = _outcome(report)
    if outcome is not None and (report.when == "call" or outcome != "passed"):
        if run.outcomes.get(item.nodeid, "passed") == "passed":
            run.outcomes[item.nodeid] = outcome
    observation = item.stash.get(_observations, None)
    if observation is not None:
        run.observed[item.nodeid] = observation.render()
    return report


def _outcome(report: pytest.TestReport) -> str | None:
    if hasattr(report, "wasxfail"):
        return "xpassed" if report.passed else "xfailed"
    if report.skipped:
        return "skipped"
    if report.failed:
        return "failed"
    if report.when == "call":
        return "passed"
    return None


_WORST = ("failed", "xpassed", "skipped", "xfailed", "passed")


def _result(run: _Run, row: Row) -> str:
    outcomes = [run.outcomes.get(nodeid, "not run") for nodeid in row.nodeids]
    if not outcomes or "not run" in outcomes:
        return "not run"
    return min(outcomes, key=_WORST.index)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    run = session.config.stash[_RUN]
    if hasattr(session.config, "workeroutput"):  # a pytest-xdist worker: the controller writes
        session.config.workeroutput[_WORKER_OUTPUT] = _shipped(run)
        return
    modules = {p.name for p in FAULTS.glob("test_*.py")}
    if not modules <= run.faults_files:
        return  # a partial run: the matrix needs every scenario
    lost = [row.test for row in run.rows if not row.nodeids]
    renamed = [test for test in lost if test.split("::")[0] in run.collected_files]
    missing = [test for test in lost if not (ROOT / test.split("::")[0]).is_file()]
    if renamed or missing:
        run.problem = (
            f"fault matrix not written: the referenced test {(renamed + missing)[0]} does "
            "not exist (renamed or moved? fix tests/faults/references.py)"
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        return
    if lost:
        return  # the referenced tests' modules were not part of this run
    results = [_result(run, row) for row in run.rows]
    if "not run" in results:
        return  # deselected or stopped early (-k, -x, an interrupt): nothing complete
    text = render(run.rows, results, run.observed)
    current = DOCUMENT.read_text(encoding="utf-8") if DOCUMENT.is_file() else None
    if current == text:
        return
    if os.environ.get("CI"):
        run.problem = (
            "fault matrix: docs/fault-matrix.md differs from what this run observed; run "
            "the suite without CI set and commit the file it writes"
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        return
    DOCUMENT.parent.mkdir(exist_ok=True)
    DOCUMENT.write_text(text, encoding="utf-8")
    run.problem = "fault matrix: docs/fault-matrix.md rewritten"


_WORKER_OUTPUT = "fault_matrix"


def _shipped(run: _Run) -> dict[str, object]:
    """What one worker saw, in the plain types pytest-xdist carries back to the controller."""
    return {
        "rows": [[r.area, r.scenario, r.expected, r.test, r.nodeids] for r in run.rows],
        "outcomes": run.outcomes,
        "observed": run.observed,
        "faults_files": sorted(run.faults_files),
        "collected_files": sorted(run.collected_files),
    }


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """Under ``-n``, each worker collects every test but runs only some: the controller joins
    their outcomes and observations and renders the matrix once, as a single process would."""
    shipped = getattr(node, "workeroutput", {}).get(_WORKER_OUTPUT)
    if not shipped:
        return
    run = node.config.stash[_RUN]
    if not run.rows:
        run.rows = [Row(a, s, e, t, list(ids)) for a, s, e, t, ids in shipped["rows"]]
    run.outcomes.update(shipped["outcomes"])
    run.observed.update(shipped["observed"])
    run.faults_files.update(shipped["faults_files"])
    run.collected_files.update(shipped["collected_files"])


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    problem = terminalreporter.config.stash[_RUN].problem
    if problem:
        failed = terminalreporter.config.stash[_RUN].problem != (
            "fault matrix: docs/fault-matrix.md rewritten"
        )
        terminalreporter.write_line(problem, red=failed, bold=failed)


# -- the document ------------------------------------------------------------------------------

HEADER = """\
# Fault matrix

What the bot does when something goes wrong, scenario by scenario: what a member, the
operator and the studio's staff should see, and what the test run observed. This file is
written by the test suite (`tests/faults`, see `tests/faults/matrix.py`); do not edit it by
hand. `make test` rewrites it, and fails in CI when the committed file is not the one the
run produced.

Result: **pass** (the test asserts the expectation), **xfail** (the expectation is not met
yet; the test is marked so and flips to pass once it is), **FAIL**, **skipped** (with why).
Rows marked "test elsewhere" are asserted by the named test outside `tests/faults`.
"""

_RESULTS = {
    "passed": "pass",
    "xfailed": "xfail",
    "xpassed": "XPASS",
    "failed": "FAIL",
    "skipped": "skipped",
    "not run": "not run",
}


def render(rows: list[Row], results: list[str], observed: dict[str, str]) -> str:
    """The whole document: areas in ``AREAS`` order, rows in test order within them."""
    lines = [HEADER]
    areas: dict[str, list[tuple[Row, str]]] = {}
    ordered = sorted(zip(rows, results, strict=True), key=lambda pair: _area_order(pair[0].area))
    for row, result in ordered:
        areas.setdefault(row.area, []).append((row, result))
    for area, members in areas.items():
        lines.append(f"\n## {area}\n")
        lines.append("| scenario | expected | observed | result | test |")
        lines.append("|---|---|---|---|---|")
        for row, result in members:
            seen = " ".join(observed.get(nodeid, "") for nodeid in row.nodeids).strip()
            if not seen and _elsewhere(row.test):
                seen = "as asserted by the test"
            cells = (row.scenario, row.expected, seen, _RESULTS[result], f"`{row.test}`")
            lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"


AREAS = (
    "PerfectGym failures on writes",
    "Crashes and restarts",
    "Two processes",
    "Duplicate, reordered and replayed deliveries",
    "Updates accepted, then the database failed (issue 12 #1)",
    "The database locked, read-only, full or corrupt (issue 12 #2)",
    "Clock jumps",
    "Hostile input at every entry point",
    "Issue 12 findings 3-9",
    "Found by the fault matrix",
)


def _area_order(area: str) -> int:
    return AREAS.index(area) if area in AREAS else len(AREAS)


def _elsewhere(test: str) -> bool:
    return not test.startswith("tests/faults/")


def _cell(text: str) -> str:
    return " ".join(text.replace("|", "\\|").split())
