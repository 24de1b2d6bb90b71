"""Alert channels: findings and source health to Slack, Teams, Telegram, Matrix, webhooks ... through Apprise.

    config.py    [[channel]] tables -> ChannelConfig; ${ENV_VAR} expansion, masking, URL check
    messages.py  findings / source health -> ChannelMessage (title, body, idempotency key): pure
    outbox.py    deliver(): plan messages into the outbox (storage/channels.py), send what is due, retry
    send.py      one message -> one Apprise service, or ChannelError (the only module importing Apprise)
    status.py    `monitor channels`: pending, sent, failed, last error, last success per channel

Nothing is imported here: monitor.config imports the channel config, and the delivery side imports
the store and the config in turn.
"""
