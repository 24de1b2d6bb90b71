"""The sending process the crash test kills: `python -m tests.channels.crash_sender CONFIG` delivers once.

It is what the end of `monitor run-once` does (monitor.channels.outbox.deliver), without the fetching
around it, so that the kills land while messages are being written, sent and marked.
"""

from __future__ import annotations

import sys

from monitor.channels.outbox import deliver
from monitor.config import load_config
from storage import Store


def main(config_path: str) -> int:
    config = load_config(config_path)
    store = Store.open(config.database_url)
    try:
        report = deliver(config, store)
    finally:
        store.close()
    print(f"planned {report.planned}, sent {len(report.sent)}, failed {len(report.failed)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
