"""Worker processes that end with the process that started them.

A pool's workers wait for tasks on a pipe, and the parent's death does not close it for them: after a
SIGKILL of `run-once` alone (the OOM killer, `timeout -s KILL`) the parse workers, and multiprocessing's
resource tracker that they keep open, lived on for good. Each worker therefore watches its parent from
a thread: a spawned child holds the read end of a pipe whose other end only the parent holds
(``multiprocessing.parent_process().sentinel``), which becomes readable when the parent is gone,
whatever killed it. This works on every POSIX system and on Windows, unlike Linux's
PR_SET_PDEATHSIG, which also fires when merely the parent *thread* that started the worker ends.

Kept tiny on purpose: a worker imports this module before its first task.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from multiprocessing.process import BaseProcess

# The status a worker ends with when its parent died; no one reads it (the parent is gone).
ORPHANED_EXIT_STATUS = 70


def die_with_parent() -> None:
    """Pool initializer: end this worker as soon as its parent process ends."""
    parent = multiprocessing.parent_process()
    if parent is None:  # not started by multiprocessing: nothing to watch
        return
    threading.Thread(target=_exit_when_gone, args=(parent,), name="monitor-parent-watch", daemon=True).start()


def _exit_when_gone(parent: BaseProcess) -> None:
    parent.join()  # blocks on the sentinel: no polling
    # os._exit, not sys.exit: the main thread may be inside a task, and nothing of ours needs cleaning up.
    os._exit(ORPHANED_EXIT_STATUS)
