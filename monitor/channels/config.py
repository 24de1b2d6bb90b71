"""The ``[[channel]]`` tables of the config: where alerts go, which findings, when.

    [[channel]]                      -> ChannelConfig (frozen, validated by monitor.config)
    name, url, when, min_confidence, kinds, health_alerts, failing_runs, max_attempts, retry_delay

``url`` is any Apprise URL, kept here as written: a secret comes in only through ``${ENV_VAR}``
(expanded by :func:`expand_url` at validation and again at send time) and never lives in this
object, in a log line, an error, the database or `monitor channels` (which show :func:`masked_url`).
A missing or empty variable, a URL Apprise cannot use and an unknown key are config errors naming
the file, the key and the channel.
"""

from __future__ import annotations

import os
import re
from typing import Annotated, Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

# What finding kinds a channel may ask for (monitor.records.FindingKind, plus the regulator's lists).
CHANNEL_KINDS: tuple[str, ...] = ("new_batch", "new_company", "new_total", "conflict", "new_regulation_event",
                                  "new_filing_list")
EMAIL_DIGEST = "email-digest"  # how `monitor channels` names the [digest] e-mail; no [[channel]] may take it

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_USERINFO_PASSWORD = re.compile(r"(?P<head>^[A-Za-z][A-Za-z0-9+.-]*://[^/@:]*:)(?P<secret>[^/@]+)(?=@)")
MASK = "****"


class MissingVariable(ValueError):
    """A ``${NAME}`` in a channel URL whose environment variable is not set (or empty)."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"environment variable {name} is not set (or is empty); the url takes secrets only "
                         f"through ${{{name}}} from the environment")


def variables(template: str) -> list[str]:
    """The environment variables a URL template names, in order, each once."""
    names = []
    for match in _VARIABLE.finditer(template):
        name = match.group(1)
        if not _NAME.match(name):
            raise ValueError(f"${{{name}}} is not an environment variable name (letters, digits and _ only)")
        if name not in names:
            names.append(name)
    return names


def expand_url(template: str, environ: Mapping[str, str] | None = None) -> str:
    """``${NAME}`` replaced by the environment's value; MissingVariable for one that is not set."""
    env = os.environ if environ is None else environ
    for name in variables(template):
        if not env.get(name):
            raise MissingVariable(name)
    return _VARIABLE.sub(lambda m: env[m.group(1)], template)


def secrets_of(template: str, environ: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """The expanded values of a template's variables, longest first: what :func:`scrub` removes."""
    env = os.environ if environ is None else environ
    values = {env.get(name, "") for name in variables(template)}
    return tuple(sorted((v for v in values if v), key=len, reverse=True))


def scrub(text: str, secrets: tuple[str, ...]) -> str:
    """``text`` with every secret replaced by ``****`` (a reply or log line that echoed one)."""
    for secret in secrets:
        text = text.replace(secret, MASK)
    return text


def masked_url(template: str) -> str:
    """The URL as configured, for people: ``${NAME}`` stays a name, a literal password becomes ``****``."""
    return _USERINFO_PASSWORD.sub(lambda m: m.group("head") + MASK, template)


class ChannelConfig(BaseModel):
    """One alert channel. ``when``: ``immediate`` (at the end of the run that raised the findings, one
    message per story) or ``digest`` (one message at the daily digest). ``health_alerts``: also announce
    a source failing ``failing_runs`` runs in a row, once per outage, and its recovery once.
    ``retry_delay`` (seconds) is the wait after the first failed attempt, doubled after each further
    one (capped at 15 minutes); after ``max_attempts`` the message is given up, its reason kept."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    name: Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    url: Annotated[str, Field(min_length=1, max_length=4000)]
    when: Literal["immediate", "digest"] = "immediate"
    min_confidence: Annotated[float, Field(ge=0.0, le=1.0)] = 0.0
    kinds: tuple[str, ...] = ()
    health_alerts: bool = False
    failing_runs: Annotated[int, Field(ge=1, le=1000)] = 3
    max_attempts: Annotated[int, Field(ge=1, le=100)] = 8
    retry_delay: Annotated[float, Field(gt=0, le=3600)] = 30.0

    @field_validator("kinds")
    @classmethod
    def _kinds(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for kind in value:
            if kind not in CHANNEL_KINDS:
                raise ValueError(f"unknown finding kind {kind!r}; allowed: {', '.join(CHANNEL_KINDS)} (empty: all)")
        return value

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if value == EMAIL_DIGEST:
            raise ValueError(f"{EMAIL_DIGEST!r} names the [digest] e-mail in `monitor channels`; choose another name")
        return value

    @field_validator("url")
    @classmethod
    def _usable_url(cls, value: str, info: ValidationInfo) -> str:
        name = info.data.get("name", "?")
        try:
            url = expand_url(value)
        except ValueError as exc:  # MissingVariable or a bad ${...}: the message names the variable
            raise ValueError(f"channel {name!r}: {exc}") from None
        from monitor.channels.send import apprise_accepts

        if not apprise_accepts(url):
            raise ValueError(f"channel {name!r}: {masked_url(value)!r} is not a URL Apprise can send to "
                             "(check the scheme and the parts it needs: https://github.com/caronc/apprise/wiki)")
        return value

    def accepts(self, kind: str, confidence: float) -> bool:
        """Whether a finding of this kind and confidence goes to this channel."""
        return confidence >= self.min_confidence and (not self.kinds or kind in self.kinds)
