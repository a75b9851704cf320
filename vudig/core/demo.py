"""The registry of sample data for ``load_demo``: each app registers its loader in its own ``demo.py``.

A loader is ``def load(users: dict[str, User]) -> None``; it must be safe to run again. Loaders run in the order
of INSTALLED_APPS (the order core's AppConfig.ready() finds them), so an app may use what an earlier one made.
"""

from __future__ import annotations

from collections.abc import Callable

Loader = Callable[[dict], None]
_LOADERS: dict[str, Loader] = {}


def register(load: Loader) -> Loader:
    """Add an app's demo loader (usable as a decorator); registering the same module again replaces it."""
    _LOADERS[load.__module__] = load
    return load


def loaders() -> list[Loader]:
    return list(_LOADERS.values())


from .identity import demo as _identity_demo  # noqa: E402, F401 (the example group mapping for load_demo)
