"""Text from third parties made storable on every backend."""

from __future__ import annotations


def storable_text(text: str, limit: int) -> str:
    """``text`` as every backend stores it: no NUL (PostgreSQL refuses it), no lone surrogate (the
    drivers cannot encode it), at most ``limit`` characters. For messages built from what a server sent,
    which the failure handlers store: a handler that raised on them would lose the failure itself."""
    cleaned = text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    return cleaned[:limit]
