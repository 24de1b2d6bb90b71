"""Load ``config/monitor.toml`` once into typed, frozen objects.

Every key is declared here with its default; unknown keys, wrong types, duplicate source names and
bad URLs stop the command with a :class:`ConfigError` that names the file, the key and what is
allowed. Paths in the file are relative to the file itself. Environment overrides:
``MONITOR_CONFIG`` (which file), ``MONITOR_DATABASE_URL``; the SMTP password is read only from
``MONITOR_SMTP_PASSWORD`` and never stored in these objects; a ``[[channel]]`` url takes its
secrets through ``${ENV_VAR}``, expanded only to check it and to send (monitor/channels/config.py).

The bundled config, rules and dataset (``config/`` in the source tree) are installed as the package
``monitor.bundled`` and found through importlib.resources, so the defaults work from any working
directory after ``pip install .`` as well as in a source checkout.
"""

from __future__ import annotations

import datetime as dt
import importlib.resources
import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from monitor.errors import ConfigError
from monitor.channels.config import ChannelConfig
from monitor.fetch.limits import DEFAULT_CONCURRENCY, DEFAULT_USER_AGENT
from monitor.fetch.urls import allowed_private_entry

# A filesystem path, not a Traversable: the config names its rules and dataset relative to itself.
# Wheels install as plain files, so the package's files are real paths.
BUNDLED_DIR = Path(str(importlib.resources.files("monitor.bundled")))
DEFAULT_CONFIG_PATH = BUNDLED_DIR / "monitor.toml"

_INTERVAL = re.compile(r"^\s*(\d+)\s*(s|m|h|d)\s*$")
_INTERVAL_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> dt.timedelta:
    match = _INTERVAL.match(text)
    if not match:
        raise ValueError("must be a number with a unit s, m, h or d, e.g. '30m' or '6h'")
    seconds = int(match.group(1)) * _INTERVAL_UNITS[match.group(2)]
    if seconds < 60:
        raise ValueError("must be at least 1 minute ('1m'): polling news sources faster than that is impolite")
    return dt.timedelta(seconds=seconds)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class SourceConfig(_Strict):
    """One source to poll: a feed, a listing page whose links lead to articles, or ``filings``: a
    regulator's announcement page (or, with ``link_pattern`` / ``link_selector``, a listing of
    announcements) whose attachments are filing lists (monitor.filings; ``max_articles`` caps the
    attachments read in one pass)."""

    name: Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    kind: Literal["feed", "page", "filings"]
    url: str
    interval: dt.timedelta = dt.timedelta(minutes=30)
    language: str | None = None
    enabled: bool = True
    full_text: bool = False
    allow_private_network: bool = False
    allow_private_hosts: list[str] = Field(default_factory=list)  # more private hosts or networks its links may reach
    respect_robots: bool = True
    headers: dict[str, str] = Field(default_factory=dict)
    link_selector: str | None = None
    link_pattern: str | None = None
    title_selector: str | None = None
    date_selector: str | None = None
    body_selector: str | None = None
    max_articles: Annotated[int, Field(ge=1, le=500)] = 30

    @field_validator("interval", mode="before")
    @classmethod
    def _interval(cls, value: Any) -> Any:
        if isinstance(value, str):
            return parse_interval(value)
        if isinstance(value, dt.timedelta) and value > dt.timedelta(0):  # built in code (tests, the demo)
            return value
        # A bare number has no unit (30 seconds? minutes?) and true/0/-5 are no interval at all.
        raise ValueError(f"must be a string: a number with a unit s, m, h or d, e.g. '30m' or '6h' (got {value!r})")

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an absolute http:// or https:// URL")
        return value

    @model_validator(mode="after")
    def _filings_options(self) -> "SourceConfig":
        if self.kind == "filings" and (self.full_text or self.title_selector or self.date_selector or self.body_selector):
            raise ValueError("full_text, title_selector, date_selector and body_selector do not apply to a filings "
                             "source (its attachments are tables, not articles)")
        return self

    @field_validator("allow_private_hosts")
    @classmethod
    def _private_hosts(cls, value: list[str]) -> list[str]:
        for entry in value:
            allowed_private_entry(entry)  # ValueError names the entry and what is allowed
        return value

    @field_validator("link_pattern")
    @classmethod
    def _pattern(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"is not a valid regular expression ({exc})") from None
        return value


class FetchSettings(_Strict):
    connect_timeout: Annotated[float, Field(gt=0, le=120)] = 10.0
    total_timeout: Annotated[float, Field(gt=0, le=600)] = 30.0
    max_bytes: Annotated[int, Field(ge=1024, le=200_000_000)] = 5_000_000
    max_redirects: Annotated[int, Field(ge=0, le=20)] = 5
    retries: Annotated[int, Field(ge=0, le=10)] = 2
    concurrency: Annotated[int, Field(ge=1, le=256)] = DEFAULT_CONCURRENCY  # why 64: monitor/fetch/limits.py
    per_host: Annotated[int, Field(ge=1, le=128)] = 2  # low: it is what a real host sees
    user_agent: str = DEFAULT_USER_AGENT
    max_backoff: Annotated[float, Field(ge=60)] = 6 * 3600.0  # the longest a failing source waits
    article_delay: Annotated[float, Field(ge=0, le=60)] = 1.0  # seconds between article-page requests to one host


class DigestSettings(_Strict):
    smtp_host: str = "localhost"
    smtp_port: Annotated[int, Field(ge=1, le=65535)] = 1025
    security: Literal["plain", "starttls", "ssl"] = "plain"
    username: str = ""
    sender: str = "monitor@example.org"
    recipients: list[str] = Field(default_factory=lambda: ["analyst@example.org"])
    send_at: dt.time = dt.time(8, 0)
    timezone: str = "Asia/Shanghai"
    send_empty: bool = False
    timeout: Annotated[float, Field(gt=0, le=300)] = 30.0

    @field_validator("send_at", mode="before")
    @classmethod
    def _send_at(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return dt.time.fromisoformat(value)
            except ValueError:
                raise ValueError("must be a time of day HH:MM, e.g. '08:00'") from None
        return value

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError("must be an IANA time zone name such as 'Asia/Shanghai' or 'UTC'") from None
        return value

    @field_validator("recipients")
    @classmethod
    def _recipients(cls, value: list[str]) -> list[str]:
        for address in value:
            if "@" not in address or any(c in address for c in "\r\n,; "):
                raise ValueError(f"{address!r} is not a single e-mail address")
        return value


class MonitorConfig(_Strict):
    """The whole validated config. ``path`` is the file it came from; paths below are resolved."""

    path: Path
    database_url: str
    rules: Path
    dataset: Path
    dataset_as_of: dt.date | None = None
    sources: tuple[SourceConfig, ...] = ()
    fetch: FetchSettings = FetchSettings()
    digest: DigestSettings = DigestSettings()
    channels: tuple[ChannelConfig, ...] = ()  # [[channel]]: alert channels (monitor/channels)

    @model_validator(mode="after")
    def _unique_names(self) -> "MonitorConfig":
        seen: set[str] = set()
        for index, source in enumerate(self.sources):
            if source.name in seen:
                raise ValueError(f"source[{index}].name: duplicate source name {source.name!r}; names must be unique")
            seen.add(source.name)
        channels: set[str] = set()
        for index, channel in enumerate(self.channels):
            if channel.name in channels:
                raise ValueError(f"channel[{index}].name: duplicate channel name {channel.name!r}; names must be unique")
            channels.add(channel.name)
        return self

    def source(self, name: str) -> SourceConfig:
        for source in self.sources:
            if source.name == name:
                return source
        raise ConfigError(f"no source named {name!r}; known: {', '.join(s.name for s in self.sources) or 'none'}",
                          path=str(self.path))


_TOP_LEVEL_KEYS = ("database_url", "rules", "dataset", "dataset_as_of", "source", "fetch", "digest", "channel")


def config_path_from_env(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The file to load: the explicit path, else $MONITOR_CONFIG, else the bundled default."""
    chosen = explicit or os.environ.get("MONITOR_CONFIG") or DEFAULT_CONFIG_PATH
    return Path(chosen).expanduser().resolve()


def load_config(path: str | os.PathLike[str] | None = None, *, database_url: str | None = None) -> MonitorConfig:
    """Read and validate the config; ``database_url`` (from ``--db``) beats $MONITOR_DATABASE_URL beats the file."""
    file = config_path_from_env(path)
    try:
        raw = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError("config file not found (set --config or MONITOR_CONFIG)", path=str(file)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config file: {exc}", path=str(file)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"not valid TOML: {exc}", path=str(file)) from None
    return config_from_mapping(raw, file, database_url=database_url)


def config_from_mapping(raw: dict[str, Any], file: Path, *, database_url: str | None = None) -> MonitorConfig:
    unknown = sorted(set(raw) - set(_TOP_LEVEL_KEYS))
    if unknown:
        raise ConfigError(f"unknown key; allowed top-level keys: {', '.join(_TOP_LEVEL_KEYS)}", path=str(file), key=unknown[0])
    base = file.parent
    data = dict(raw)
    data["sources"] = data.pop("source", [])
    data["channels"] = data.pop("channel", [])
    data["path"] = file
    url = database_url or os.environ.get("MONITOR_DATABASE_URL") or data.get("database_url") or default_database_url()
    data["database_url"] = resolve_database_url(url, base)
    for key, default in (("rules", "rules.toml"), ("dataset", "known/dataset.toml")):
        value = data.get(key, default)
        data[key] = (base / value).resolve() if isinstance(value, str) else value
    try:
        return MonitorConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc), path=str(file), key=_location(exc.errors()[0])) from None


def default_database_url() -> str:
    """Where a config without ``database_url`` keeps its data: the user's data directory
    (~/.local/share/monitor on Linux), never beside the bundled config inside the installed package."""
    return f"sqlite:///{platformdirs.user_data_path('monitor') / 'monitor.db'}"


def resolve_database_url(url: str, base: Path) -> str:
    """Make a relative SQLite path relative to the config file, not to the working directory."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and url != prefix + ":memory:":
        rest = url[len(prefix):]
        return prefix + str((base / rest).resolve())
    return url


def _location(error: Any) -> str:
    parts: list[str] = []
    for item in error["loc"]:
        if isinstance(item, int):
            parts[-1:] = [f"{parts[-1] if parts else ''}[{item}]"]
        else:
            parts.append({"sources": "source", "channels": "channel"}.get(str(item), str(item)))
    return ".".join(parts)


def _describe(exc: ValidationError) -> str:
    error = exc.errors()[0]
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        allowed = _allowed_keys(error["loc"])
        message = f"unknown key; allowed keys here: {', '.join(allowed)}" if allowed else "unknown key"
    elif error["type"] == "literal_error":
        message = f"{message} (got {error.get('input')!r})"
    more = exc.error_count() - 1
    return message + (f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else "")


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    section = next((item for item in loc if isinstance(item, str) and item in ("sources", "fetch", "digest", "channels")),
                   None)
    model = {"sources": SourceConfig, "fetch": FetchSettings, "digest": DigestSettings,
             "channels": ChannelConfig}.get(section or "")
    if model is None:
        return list(_TOP_LEVEL_KEYS)
    return list(model.model_fields)


def smtp_password() -> str | None:
    """The SMTP password, only ever from the environment."""
    return os.environ.get("MONITOR_SMTP_PASSWORD") or None
