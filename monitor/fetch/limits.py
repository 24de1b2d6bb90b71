"""The knobs of the fetcher, in one frozen record with the defaults in one place.

The config's ``[fetch]`` defaults (monitor.config.FetchSettings) are these constants too, so a
Fetcher built without a config and a run under the default config fetch alike.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_USER_AGENT = "monitor/0.1 (AI-regulation news monitor; +https://github.com/monitor-project/monitor)"
# Requests in flight over the whole fetcher. Measured on the feed farm (1,000 feeds at 50 ms,
# benchmarks/README.md): with aiohttp's pool a request in flight costs almost no CPU, so the bound
# is set by latency: 1,000 304s take ~1.6 s of waiting at 32, ~0.8 s at 64. (per_host stays low:
# it is what a real host sees.)
DEFAULT_CONCURRENCY = 64


@dataclass(frozen=True, slots=True)
class FetchLimits:
    """Bounds on one fetch and on the fetcher as a whole.

    ``total_timeout`` bounds one attempt from the request to the last body byte, so a server that
    trickles a byte a second still ends; ``connect_timeout`` bounds the TCP (and TLS) set-up. Retries
    wait ``random() * min(backoff_max, backoff_base * 2**attempt)`` (full jitter), or the server's
    Retry-After when it sends one no longer than ``max_retry_after``.
    """

    connect_timeout: float = 10.0
    total_timeout: float = 30.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    retries: int = 2
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    max_retry_after: float = 120.0
    concurrency: int = DEFAULT_CONCURRENCY
    per_host: int = 2
    user_agent: str = DEFAULT_USER_AGENT

    def __post_init__(self) -> None:
        positive = ("connect_timeout", "total_timeout", "max_bytes", "concurrency", "per_host")
        for name in positive:
            if getattr(self, name) <= 0:
                raise ValueError(f"FetchLimits.{name} must be positive, got {getattr(self, name)!r}")
        for name in ("max_redirects", "retries", "backoff_base", "backoff_max", "max_retry_after"):
            if getattr(self, name) < 0:
                raise ValueError(f"FetchLimits.{name} must not be negative, got {getattr(self, name)!r}")


def human_size(n: int) -> str:
    """``5_000_000`` -> ``"5 MB"``: sizes in messages a person reads."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:g} MB"
    if n >= 1_000:
        return f"{n / 1_000:g} KB"
    return f"{n} bytes"


def human_seconds(s: float) -> str:
    return f"{s:g} s"
