"""Delivery: findings out to people, each message written to an outbox before it is sent, at least once.

    in:  stored findings not delivered yet (storage: findings, evidence, source health)
    out: e-mail digests (SMTP) and channel messages (Apprise), each marked sent only after the
         server took it; what failed stays pending and is sent again

    outbox.py         the e-mail digest job: pending findings -> outbox (storage/outbox.py) -> SMTP;
                      `monitor digest preview|send` and the daemon's digest job
    monitor/digest    a digest built, rendered (text and HTML) and mailed: pure but for the SMTP send
    monitor/channels  alert channels (Slack, Teams, Telegram, webhooks ... through Apprise), with their
                      own outbox (monitor/channels/outbox.py, storage/channels.py), after every run

monitor/digest and monitor/channels are delivery too; they stay where they are (self-contained
packages, imported by their own names) rather than move under this one. Nothing is imported here.
"""
