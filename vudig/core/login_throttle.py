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
    """The client's address: REMOTE_ADDR, or, behind N trusted proxies, the address the outermost one saw.

    Only the last N entries of X-Forwarded-For were written by our own proxies; anything further left is
    client-controlled and ignored.
    """
    proxies = settings.VUDIG_TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies > 0 and forwarded:
        return forwarded[-min(proxies, len(forwarded))]
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
