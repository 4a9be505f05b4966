"""What the app takes from the proxy in front of it: who the client is, and the public URL it is reached at.

- The client is the address of the connection, unless that peer is a trusted proxy (`TRUSTED_PROXIES`: addresses
  or networks, and `unix` for a local front on a unix socket, as `alliance-kg serve` runs nginx): then it is the
  last address of `X-Forwarded-For` that is not itself a trusted proxy. A header from anyone else is ignored, and
  one that is not a list of addresses counts the request to the proxy itself — never to a name the client chose.
- `PUBLIC_URL` (e.g. `https://sparql.example.org/`) is the scheme, host and path prefix the service names in its
  descriptions, links and relative-IRI base, whatever `Host` a request carried.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
UNIX = "unix"  # the peer of a connection on a unix socket (gunicorn gives it no address)


def trusted_proxies(configured: str | Iterable[str] | None) -> tuple[bool, tuple[Network, ...]]:
    """(whether a unix-socket peer is trusted, the trusted networks); ValueError names a malformed entry."""
    if configured is None:
        configured = ()
    if isinstance(configured, str):
        configured = configured.replace(",", " ").split()
    unix, networks = False, []
    for entry in (str(e).strip() for e in configured if str(e).strip()):
        if entry == UNIX:
            unix = True
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as error:
            raise ValueError(
                f"TRUSTED_PROXIES entry {entry!r} is not an address, a network (10.0.0.0/8) or 'unix': {error}"
            ) from error
    return unix, tuple(networks)


def public_url(configured: str | None) -> tuple[str, str, str] | None:
    """(scheme, host, path prefix) of `PUBLIC_URL`; ValueError unless it is an absolute http(s) URL."""
    if not configured:
        return None
    parts = urlsplit(str(configured).strip())
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(
            f"PUBLIC_URL {configured!r} must be the absolute http(s) URL the service is reached at, without a query "
            "or fragment (e.g. https://sparql.example.org/)"
        )
    return parts.scheme, parts.netloc, parts.path.rstrip("/")


class ProxyFront:
    """WSGI middleware: sets `REMOTE_ADDR` to the client, and the URL parts to `PUBLIC_URL`."""

    def __init__(self, app: Any, config: Mapping[str, Any]) -> None:
        self.app = app
        self.unix, self.networks = trusted_proxies(config.get("TRUSTED_PROXIES"))
        self.public = public_url(config.get("PUBLIC_URL"))

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        forwarded = environ.get("HTTP_X_FORWARDED_FOR")
        if forwarded is not None:
            peer = environ.get("REMOTE_ADDR") or ""
            if self._trusted(peer):
                environ["REMOTE_ADDR"] = self._client(forwarded, peer)
        if self.public is not None:
            scheme, host, prefix = self.public
            environ["wsgi.url_scheme"] = scheme
            environ["HTTP_HOST"] = host
            environ["SCRIPT_NAME"] = prefix + environ.get("SCRIPT_NAME", "")
        return self.app(environ, start_response)

    def _trusted(self, address: str) -> bool:
        try:
            parsed = ipaddress.ip_address(address)
        except ValueError:  # no address: a unix socket's peer
            return self.unix
        return any(parsed in network for network in self.networks)

    def _client(self, forwarded: str, peer: str) -> str:
        """The last address of `X-Forwarded-For` that is not a trusted proxy (the first if all are); `peer` if an
        entry on the way is not an address."""
        entries = [entry.strip() for entry in forwarded.split(",")]
        for entry in reversed(entries):
            try:
                address = ipaddress.ip_address(entry)
            except ValueError:
                return peer
            if not any(address in network for network in self.networks):
                return str(address)
        return entries[0] if entries and entries[0] else peer
