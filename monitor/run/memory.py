"""Hand freed heap back to the operating system between the stages of a long run.

glibc returns freed memory in the middle of its heap only when asked (``malloc_trim``). A cold run
frees tens of megabytes as it goes (feed bodies, parsed entries, each batch of documents read for
analysis), interleaved with what it keeps (the story index), so without trimming that memory stays
resident until the process exits. Measured after analysing 50,000 farm entries: 153 MB resident,
140 MB after one trim. Elsewhere (musl, macOS, Windows) this is a no-op.
"""

from __future__ import annotations

import ctypes
import functools
import sys
from typing import Callable


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None).malloc_trim  # type: ignore[no-any-return]
    except (OSError, AttributeError):  # not glibc
        return None


def release_free_heap() -> bool:
    """Trim the C heap; True when the platform could do it."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
