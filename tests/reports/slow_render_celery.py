"""The portal's Celery app with slow PDF renders, for the worker started by test_worker_kill.py (``-A`` this module).

Every render sleeps RENDER_DELAY_SECONDS before WeasyPrint draws, and says so in the worker's log, so the test has
time to kill the worker in the middle of a render and can tell from the log that it did. Only this test's worker
imports it: the portal's own renders never wait.
"""

import logging
import time

from celery import signals

from vudig.celery import app

__all__ = ["app"]

RENDER_DELAY_SECONDS = 6
RENDER_STARTED = "slow render: started"
RENDER_DRAWN = "slow render: drawn"

logger = logging.getLogger(__name__)


@signals.worker_init.connect
def slow_down_renders(**kwargs):
    """Wrap the render step once the worker has set Django up and imported the tasks."""
    # Imported here, not at the top: celery loads this module before Django's apps are ready.
    from reports import rendering

    draw = rendering.render_to_pdf

    def slow_render_to_pdf(*args, **kwargs):
        logger.warning(RENDER_STARTED)
        time.sleep(RENDER_DELAY_SECONDS)
        pdf = draw(*args, **kwargs)
        logger.warning(RENDER_DRAWN)
        return pdf

    rendering.render_to_pdf = slow_render_to_pdf
