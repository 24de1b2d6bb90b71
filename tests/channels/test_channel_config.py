"""[[channel]] tables: as the issue writes them, defaults, and errors that name the file, the key, the channel."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.channels.config import expand_url, masked_url, scrub, secrets_of
from monitor.config import load_config
from monitor.errors import ConfigError

ISSUE_EXAMPLE = '''
[[channel]]
name = "policy-team"
url = "json://127.0.0.1:9000/hook"   # any Apprise URL; secrets through ${ENV_VAR} expansion only
when = "immediate"                   # "immediate" or "digest"
min_confidence = 0.0                 # only findings at or above it (see the findings issue)
kinds = []                           # finding kinds; empty = all
'''


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "monitor.toml"
    path.write_text(f'database_url = "sqlite:///{tmp_path / "m.db"}"\n' + text, encoding="utf-8")
    return path


def _error(path: Path) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(str(path))
    return caught.value


def test_the_issue_example_loads_with_the_documented_defaults(tmp_path: Path) -> None:
    config = load_config(str(_write(tmp_path, ISSUE_EXAMPLE)))
    (channel,) = config.channels
    assert (channel.name, channel.url, channel.when, channel.min_confidence, channel.kinds) == (
        "policy-team", "json://127.0.0.1:9000/hook", "immediate", 0.0, ())
    assert (channel.health_alerts, channel.failing_runs, channel.max_attempts, channel.retry_delay) == (False, 3, 8, 30.0)


def test_an_unknown_key_is_an_error_naming_file_key_and_what_is_allowed(tmp_path: Path) -> None:
    error = _error(_write(tmp_path, ISSUE_EXAMPLE + 'colour = "red"\n'))
    assert str(tmp_path / "monitor.toml") in str(error) and error.key == "channel[0].colour"
    assert "min_confidence" in str(error) and "health_alerts" in str(error)


def test_a_missing_environment_variable_names_file_key_and_variable(tmp_path: Path) -> None:
    path = _write(tmp_path, '[[channel]]\nname = "slack"\nurl = "slack://${SLACK_A}/${SLACK_B}/${SLACK_C}"\n')
    error = _error(path)
    assert error.path == str(path) and error.key == "channel[0].url"
    assert "SLACK_A" in str(error) and "'slack'" in str(error)


def test_an_empty_environment_variable_is_missing_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOK_TOKEN", "")
    error = _error(_write(tmp_path, '[[channel]]\nname = "hook"\nurl = "json://127.0.0.1:9000/${HOOK_TOKEN}"\n'))
    assert "HOOK_TOKEN" in str(error) and error.key == "channel[0].url"


def test_a_url_apprise_cannot_use_names_the_channel(tmp_path: Path) -> None:
    for url in ("nonsense://somewhere", "slack://only-one-token", "not a url"):
        error = _error(_write(tmp_path, f'[[channel]]\nname = "ops"\nurl = "{url}"\n'))
        assert error.key == "channel[0].url" and "'ops'" in str(error) and "Apprise" in str(error), url


def test_other_mistakes_are_config_errors(tmp_path: Path) -> None:
    base = '[[channel]]\nname = "a"\nurl = "json://127.0.0.1:9000/hook"\n'
    assert _error(_write(tmp_path, base + 'when = "hourly"\n')).key == "channel[0].when"
    assert _error(_write(tmp_path, base + 'kinds = ["new_bach"]\n')).key == "channel[0].kinds"
    assert _error(_write(tmp_path, base + "min_confidence = 1.5\n")).key == "channel[0].min_confidence"
    assert _error(_write(tmp_path, base + "failing_runs = 0\n")).key == "channel[0].failing_runs"
    assert "duplicate channel name" in str(_error(_write(tmp_path, base + base)))
    assert "email-digest" in str(_error(_write(tmp_path, base.replace('"a"', '"email-digest"'))))


def test_a_secret_is_expanded_for_sending_only_and_masked_everywhere_else(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOK_TOKEN", "s3cr3t-t0ken-value")
    monkeypatch.setenv("HOOK_PASSWORD", "pa55w0rd-value")
    template = "json://bot:${HOOK_PASSWORD}@127.0.0.1:9000/${HOOK_TOKEN}"
    config = load_config(str(_write(tmp_path, f'[[channel]]\nname = "hook"\nurl = "{template}"\n')))
    # The config object keeps the template: the secret is nowhere in it, nor in its repr.
    assert "s3cr3t" not in repr(config) and "pa55w0rd" not in repr(config)
    assert expand_url(template) == "json://bot:pa55w0rd-value@127.0.0.1:9000/s3cr3t-t0ken-value"
    assert masked_url(template) == "json://bot:****@127.0.0.1:9000/${HOOK_TOKEN}"
    assert masked_url("json://bot:literal@127.0.0.1/x") == "json://bot:****@127.0.0.1/x"
    assert scrub("refused https://x/s3cr3t-t0ken-value for bot:pa55w0rd-value", secrets_of(template)) == \
        "refused https://x/**** for bot:****"


def test_a_bad_url_error_does_not_print_the_expanded_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOKEN", "s3cr3t-t0ken-value")
    error = _error(_write(tmp_path, '[[channel]]\nname = "x"\nurl = "nonsense://${TOKEN}"\n'))
    assert "s3cr3t" not in str(error) and "${TOKEN}" in str(error)


def test_the_readme_example_loads_with_its_variables_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import re

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```toml\n(.*?)```", readme[readme.index("## Channels"):], re.S).group(1)  # type: ignore[union-attr]
    # Shaped like Slack's tokens (Apprise checks their form), invented.
    for name, value in (("SLACK_TOKEN_A", "T1JJ3T3L2"), ("SLACK_TOKEN_B", "A1BRTD4JD"),
                        ("SLACK_TOKEN_C", "TIiajkdnlazkcOXrIdevi7FQ"), ("INGEST_TOKEN", "ingest-token-value")):
        monkeypatch.setenv(name, value)
    config = load_config(str(_write(tmp_path, block)))
    assert [(c.name, c.url.split(":")[0]) for c in config.channels] == [("policy-team", "slack"), ("ingest", "jsons")]
