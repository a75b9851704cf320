"""The embedded mode (no broker) orders a report without waiting: the render runs after commit in a background thread
of the web process, with its own database connection, closed afterwards; a render that fails ends as misslyckad."""

import datetime as dt
import os
import threading
import time

import pytest
from django.db import OperationalError, connection, connections
from django.urls import reverse

from reports import services
from reports.constants import ReportState
from reports.models import Report
from reports.rendering import RenderResult
from vudig.core.models import OutboxState, OutboxTask

pytestmark = pytest.mark.django_db(transaction=True)

ORDER = {"kind": "handlingsplan", "period_start": "2026-01-01", "period_end": "2026-04-30"}
WAIT = 20  # seconds a background step may take before the test gives up


@pytest.fixture
def embedded(settings):
    """The embedded default of base.py: eager tasks, run in background threads (the test settings run them inline).

    Two threads writing at once need a real database: the tests' in-memory SQLite (shared cache) refuses a write at
    once while another thread reads, where a SQLite file or PostgreSQL waits. So these run on PostgreSQL (CI
    requires it); on SQLite they are skipped, as the other threaded tests are.
    """
    if connection.vendor != "postgresql":
        problem = "bakgrundstrådarna behöver PostgreSQL (DATABASE_URL)"
        if os.environ.get("VUDIG_REQUIRE_WORKER") == "1":
            pytest.fail(problem)
        pytest.skip(problem)
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.OUTBOX_IN_BACKGROUND = True
    return settings


def _until(check, what: str):
    """Wait for ``check()``; the tests' in-memory SQLite refuses a read while the other thread writes: look again."""
    deadline = time.monotonic() + WAIT
    while True:
        try:
            if check():
                return
        except OperationalError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"inte inom {WAIT} s: {what}")
        time.sleep(0.1)


class HeldRender:
    """A render that starts, says so, and finishes only when the test lets it (it records where it ran)."""

    def __init__(self, *, fail: bool = False):
        self.started, self.release = threading.Event(), threading.Event()
        self.fail = fail
        self.thread_name = self.connection = None

    def __call__(self, request):
        self.thread_name = threading.current_thread().name
        self.connection = connections["default"]
        self.started.set()
        assert self.release.wait(WAIT), "the test never released the render"
        if self.fail:
            raise ValueError("mallen saknar ett fält")
        return RenderResult(pdf=b"%PDF-1.7\n%test\n", title="Handlingsplan", gather_seconds=0.0, pdf_seconds=0.0)


@pytest.fixture
def closed_in(monkeypatch):
    """Names of the threads that closed a database connection (SQLite keeps an in-memory one open whatever is asked,
    so the test watches the call)."""
    names = []
    wrapper = type(connections["default"])
    original = wrapper.close

    def close(self):
        names.append(threading.current_thread().name)
        return original(self)

    monkeypatch.setattr(wrapper, "close", close)
    return names


def _render_row():
    """The outbox row of the render (a finished report also queues the notice e-mail to whoever ordered it)."""
    return OutboxTask.objects.get(task_name__endswith="render_report_task")


def _state(report_id):
    return Report.objects.values_list("state", flat=True).get(pk=report_id)


def test_ordering_returns_before_the_render_finishes_and_the_report_turns_klar(
    client, people, embedded, monkeypatch, closed_in
):
    render = HeldRender()
    monkeypatch.setattr(services, "render_report", render)
    client.force_login(people["kommunchef"])

    response = client.post(reverse("reports:list"), ORDER)  # returns although the render is held

    assert response.status_code == 302 and not render.release.is_set()
    assert render.started.wait(WAIT), "the render never started"
    report = Report.objects.get()  # read once the thread is in the render (it holds no transaction there)
    assert report.state == ReportState.PAGAR
    assert render.thread_name.startswith("vudig-outbox") and render.thread_name != threading.current_thread().name
    assert render.connection is not connections["default"]  # the thread's own connection, not the request's

    render.release.set()
    _until(lambda: _state(report.pk) == ReportState.KLAR, "rapporten blev klar")
    _until(lambda: _render_row().state == OutboxState.DONE, "utkorgens rad blev klar")
    report.refresh_from_db()
    assert report.file.read().startswith(b"%PDF-")
    _until(lambda: render.thread_name in closed_in, "trådens anslutning stängdes")


def test_a_render_that_fails_in_the_background_ends_as_misslyckad(client, people, embedded, monkeypatch, closed_in):
    render = HeldRender(fail=True)
    monkeypatch.setattr(services, "render_report", render)
    client.force_login(people["kommunchef"])

    assert client.post(reverse("reports:list"), ORDER).status_code == 302
    assert render.started.wait(WAIT)
    report = Report.objects.get()
    render.release.set()

    _until(lambda: _state(report.pk) == ReportState.MISSLYCKAD, "rapporten blev misslyckad")
    _until(lambda: _render_row().state == OutboxState.DONE, "utkorgens rad blev klar")
    report.refresh_from_db()
    assert "mallen saknar ett fält" in report.failure_reason
    _until(lambda: render.thread_name in closed_in, "trådens anslutning stängdes")


def test_a_task_that_raises_in_the_background_leaves_its_outbox_row_failed(people, embedded, monkeypatch):
    def broken(*, report_id):
        raise RuntimeError("arbetet kraschade")

    monkeypatch.setattr(services, "report_render", broken)
    report = services.report_request(
        kind="handlingsplan",
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 4, 30),
        by=people["kommunchef"],
    )
    _until(lambda: _render_row().state == OutboxState.FAILED, "utkorgens rad blev misslyckad")
    assert "arbetet kraschade" in _render_row().last_error
    assert _state(report.pk) == ReportState.KOAD  # nothing claimed it; an operator retries the row from the admin
