"""Throttles failed logins per (username, client address).

Keying on both means an attacker elsewhere cannot lock a real user out, and a lock ends by itself after the
window (settings.LOGIN_FAILURE_WINDOW_SECONDS), so nobody is locked out for long.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(username: str, address: str) -> str:
    digest = hashlib.sha256(f"{username.strip().lower()}|{address}".encode()).hexdigest()
    return f"login-failures:{digest}"


def client_address(request) -> str:
    # REMOTE_ADDR only: X-Forwarded-For is client-controlled unless the proxy rewrites it.
    return request.META.get("REMOTE_ADDR", "")


def is_throttled(username: str, address: str) -> bool:
    return cache.get(_key(username, address), 0) >= settings.LOGIN_FAILURE_LIMIT


def record_failure(username: str, address: str) -> None:
    key = _key(username, address)
    if cache.add(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def clear_failures(username: str, address: str) -> None:
    cache.delete(_key(username, address))
