"""The bench's synthetic data, one module per app; importing this package registers every builder.

The apps know nothing of the bench: each module here reads its app's models and constants and registers its builders
with ``bench.builders.register``.
"""

from . import core, forums, maturity, measures, projects, reports, steeringgroups  # noqa: F401
