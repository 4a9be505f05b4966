"""The front of `alliance-kg serve`: nginx (Debian's), configured here and run beside gunicorn, so that no client can
hold a worker thread by being slow.

nginx reads each request whole — its header within CLIENT_TIMEOUT, its body with at most CLIENT_TIMEOUT between two
reads, at most MAX_CONTENT_LENGTH — before it hands it to gunicorn on a unix socket in a private directory, and
takes the whole answer from gunicorn (in memory, then on disk) before it sends it on, with at most CLIENT_TIMEOUT
between two writes. A client may have CLIENT_REQUESTS requests in progress at once (429 beyond); X-Forwarded-For
is believed only from TRUSTED_PROXIES. Why nginx is in docs/security.md (The front).
"""

from __future__ import annotations

import getpass
import ipaddress
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from alliance_kg.server.proxy import trusted_proxies

NGINX_PATHS = ("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx")
UPSTREAM_MARGIN = 30  # seconds nginx waits for gunicorn beyond the longest a query may wait and run


def find_nginx() -> str:
    """The nginx binary; FileNotFoundError saying how to install it."""
    found = shutil.which("nginx") or next((p for p in NGINX_PATHS if os.access(p, os.X_OK)), None)
    if found is None:
        raise FileNotFoundError(
            "alliance-kg serve runs nginx in front of its workers, so that slow clients cannot hold them, and nginx "
            "is not installed: run `sudo apt-get install nginx` (`make serve` does it), or serve with --front none "
            "behind a buffering reverse proxy of your own"
        )
    return found


def listen_address(host: str, port: int) -> str:
    try:
        if ipaddress.ip_address(host).version == 6:
            return f"[{host}]:{port}"
    except ValueError:
        pass
    return f"{host}:{port}"


ERROR_PAGES = "/.alliance-kg/error/"  # internal locations: a named one cannot answer an unparsed request line (414)


def _plain(code: int, status: int, text: str) -> str:
    """An internal location that answers nginx's error `code` as `status` with `text` in plain text, as the app's
    own errors read. A URI, not a named location: nginx cannot redirect a request whose line it could not read to a
    named location ("empty URI in redirect"), and answers 500 instead."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return (
        f"        location = {ERROR_PAGES}{code} {{\n"
        "            internal;\n"
        '            default_type "text/plain; charset=utf-8";\n'
        "            add_header X-Content-Type-Options nosniff always;\n"
        + ("            add_header Retry-After 5 always;\n" if status in (429, 503) else "")
        + f'            return {status} "{status} {escaped}\\n";\n'
        "        }\n"
    )


def nginx_config(runtime: Path, socket: Path, host: str, port: int, config: Mapping[str, Any]) -> str:
    """nginx.conf for one server: everything it writes (pid, temporary files) under `runtime`."""
    client_timeout = int(config["CLIENT_TIMEOUT"])
    body_limit = int(config["MAX_CONTENT_LENGTH"])
    upstream_timeout = int(config["QUERY_TIMEOUT"]) + int(config["QUEUE_TIMEOUT"]) + UPSTREAM_MARGIN
    _, networks = trusted_proxies(config.get("TRUSTED_PROXIES"))
    realip = "".join(f"    set_real_ip_from {network};\n" for network in networks)
    if realip:
        realip += "    real_ip_header X-Forwarded-For;\n    real_ip_recursive on;\n"
    user = f"user {getpass.getuser()};\n" if os.geteuid() == 0 else ""  # as root, workers would be `nobody`
    errors = {  # nginx's own error: (the status sent, what it says)
        400: (400, "Bad Request: the request could not be read; send it again, well-formed"),
        408: (408, f"Request Timeout: the request was not sent within {client_timeout} s (CLIENT_TIMEOUT)"),
        413: (
            413,
            f"Content Too Large: the request body is larger than this endpoint's limit of {body_limit} bytes "
            "(MAX_CONTENT_LENGTH); send a shorter query, or run a server with a larger MAX_CONTENT_LENGTH",
        ),
        414: (414, "URI Too Long: the request line is longer than 8 kB; send the query by POST"),
        429: (
            429,
            f"Too Many Requests: you have {int(config['CLIENT_REQUESTS'])} requests in progress here, this "
            "endpoint's limit per client (CLIENT_REQUESTS); wait for their answers",
        ),
        494: (431, "Request Header Fields Too Large: a request header is longer than 8 kB"),
        502: (503, "Service Unavailable: the application server is not answering; try again in a moment"),
        504: (503, "Service Unavailable: the application server did not answer in time; try again in a moment"),
    }
    # `=status`: after a redirect nginx answers the original code (494 as 400), whatever the page returns
    pages = "".join(
        f"        error_page {code} ={status} {ERROR_PAGES}{code};\n" for code, (status, _) in errors.items()
    )
    locations = "".join(_plain(code, status, text) for code, (status, text) in errors.items())
    return f"""# Written by alliance-kg serve (alliance_kg/server/front.py) for this run; not to be edited.
{user}worker_processes 1;
worker_rlimit_nofile 16384;
pid {runtime}/nginx.pid;
error_log stderr crit;  # below crit, nginx names the request line, which holds the query string
daemon off;

events {{
    worker_connections 8192;
}}

http {{
    access_log off;  # the app writes the access log (one JSON line per request, without the query)
    server_tokens off;
    sendfile on;
    tcp_nodelay on;
    client_body_temp_path {runtime}/client_body;
    proxy_temp_path {runtime}/proxy;
    fastcgi_temp_path {runtime}/fastcgi;
    uwsgi_temp_path {runtime}/uwsgi;
    scgi_temp_path {runtime}/scgi;

    # Deadlines: the whole header within CLIENT_TIMEOUT; at most CLIENT_TIMEOUT between two reads of the body and
    # between two writes of the answer; an idle kept-alive connection is closed after CLIENT_TIMEOUT.
    client_header_timeout {client_timeout}s;
    client_body_timeout {client_timeout}s;
    send_timeout {client_timeout}s;
    keepalive_timeout {client_timeout}s;
    keepalive_requests 1000;
    reset_timedout_connection on;
    lingering_time {client_timeout}s;
    client_header_buffer_size 1k;
    large_client_header_buffers 4 8k;
    client_max_body_size {body_limit};
    client_body_buffer_size {body_limit};

    # Requests in progress per client (by address, after X-Forwarded-For from TRUSTED_PROXIES).
    limit_conn_zone $binary_remote_addr zone=clients:10m;
    limit_conn clients {int(config["CLIENT_REQUESTS"])};
    limit_conn_status 429;
{realip}
    map $http_host $alliance_kg_host {{
        "" $server_addr:$server_port;
        default $http_host;
    }}

    upstream alliance_kg {{
        server unix:{socket} max_fails=0;
    }}

    server {{
        listen {listen_address(host, port)};

        location / {{
            proxy_pass http://alliance_kg;
            proxy_http_version 1.1;
            proxy_set_header Connection close;
            proxy_set_header Host $alliance_kg_host;
            proxy_set_header X-Forwarded-For $remote_addr;  # the client, as this front established it
            proxy_set_header X-Forwarded-Proto "";
            proxy_set_header X-Forwarded-Protocol "";
            proxy_set_header X-Forwarded-Ssl "";
            proxy_set_header Forwarded "";
            proxy_request_buffering on;  # the whole body before gunicorn sees the request
            proxy_buffering on;  # the whole answer taken from gunicorn at once, sent on at the client's pace
            proxy_buffer_size 16k;
            proxy_buffers 64 16k;
            proxy_busy_buffers_size 64k;
            proxy_max_temp_file_size 1024m;
            proxy_connect_timeout 5s;
            proxy_send_timeout {upstream_timeout}s;
            proxy_read_timeout {upstream_timeout}s;
            proxy_next_upstream off;  # never send a request twice
            proxy_intercept_errors off;  # the app's own errors go through as they are
        }}

{pages}
{locations}    }}
}}
"""
