"""monitor.run.memory: freed heap goes back to the operating system (glibc on Linux)."""

from __future__ import annotations

import sys

import pytest

from monitor.run.memory import release_free_heap


def _resident_bytes() -> int:
    with open("/proc/self/statm") as handle:
        return int(handle.read().split()[1]) * 4096


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's; a no-op elsewhere")
def test_release_free_heap_returns_fragmented_memory() -> None:
    # 4 KB blocks come from the C heap (above pymalloc's 512 bytes). Keeping every 64th pins the heap
    # top, so glibc cannot shrink it by itself: the freed 60 MB stay resident until trimmed.
    blocks = [bytes(4000) + i.to_bytes(8, "little") for i in range(16_000)]
    kept = blocks[::64]
    del blocks
    before = _resident_bytes()
    if not release_free_heap():
        pytest.skip("not glibc: malloc_trim unavailable")
    freed = before - _resident_bytes()
    assert freed > 30 * 2**20, f"only {freed / 2**20:.1f} MB returned"
    assert len(kept) == 250
