"""Fetching over HTTP with the limits and policies in :class:`FetchLimits` (see :mod:`.client`)."""

from monitor.fetch.client import Fetcher
from monitor.fetch.slots import HostSlots
from monitor.fetch.limits import DEFAULT_USER_AGENT, FetchLimits

__all__ = ["DEFAULT_USER_AGENT", "FetchLimits", "Fetcher", "HostSlots"]
