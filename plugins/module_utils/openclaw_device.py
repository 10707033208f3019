# -*- coding: utf-8 -*-
# Copyright: clawops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Device pairing through the gateway's own CLI (``openclaw devices ... --json``).

The logic behind the ``openclaw_device`` module, in plain Python (no Ansible import) so it is testable
with pytest:

* ``DeviceCLI`` runs ``openclaw devices <sub> --json`` locally or with ``docker exec`` in the gateway
  container, passing the gateway token by environment variable only (never on a command line).
* ``select_targets`` picks the pending requests (or paired devices) a task means, from the gateway's lists.
* ``run`` is the whole module: list, select, act (unless check mode), and the result to return.

Every failure is a ``DeviceError`` whose ``kind`` says which of the documented failures it is.
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ipaddress
import time

from ansible_collections.clawops.openclaw.plugins.module_utils.openclaw_cli import (
    OpenClawCLI,
    OpenClawCLIError,
    parse_json_output,
)

STATES = ("approved", "rejected", "removed", "list")

# The options both device modules take to reach the CLI (documented in doc_fragments/openclaw_cli.py).
CLI_ARGUMENT_SPEC = dict(
    container=dict(type="str"),
    container_user=dict(type="str"),
    docker_binary=dict(type="str", default="docker"),
    binary=dict(type="str", default="openclaw"),
    url=dict(type="str"),
    token=dict(type="str", no_log=True),
    timeout=dict(type="int", default=30),
)
# Selectors that match fields of a pending request or a paired device (option name -> JSON field).
MATCH_FIELDS = (
    ("device_id", "deviceId"),
    ("client_id", "clientId"),
    ("display_name", "displayName"),
    ("role", "role"),
    ("remote_ip", "remoteIp"),
)
TOKEN_ENV = "OPENCLAW_GATEWAY_TOKEN"
URL_ENV = "OPENCLAW_GATEWAY_URL"
PENDING_TTL_MINUTES = 5  # OpenClaw drops a pending request after five minutes.


class DeviceError(Exception):
    """A failure the module reports as ``msg``; ``kind`` names it for callers and tests.

    kinds: usage, unknown_request, no_match, ambiguous, unreachable, unauthorized, container, cli
    """

    def __init__(self, kind, msg, **details):
        super(DeviceError, self).__init__(msg)
        self.kind = kind
        self.msg = msg
        self.details = details


# --------------------------------------------------------------------------------------------------
# Running the CLI
# --------------------------------------------------------------------------------------------------
class DeviceCLI(OpenClawCLI):
    """``OpenClawCLI`` that knows which variables are secrets, to hand them over and to redact them.

    Like every variable, a secret reaches the CLI only through the environment (in a container as
    ``docker exec -e NAME``, name only), so its value never appears in any process's argv.
    """

    def __init__(self, secret_env=None, **kwargs):
        super(DeviceCLI, self).__init__(**kwargs)
        self.secret_env = dict((k, v) for k, v in (secret_env or {}).items() if v)
        self.env.update(self.secret_env)

    def redact(self, text):
        for value in self.secret_env.values():
            text = text.replace(value, "********")
        return text


def build_cli(params):
    """The ``DeviceCLI`` for the module's connection options."""
    env = {}
    if params.get("url"):
        env[URL_ENV] = params["url"]
    secret = {TOKEN_ENV: params["token"]} if params.get("token") else {}
    return DeviceCLI(
        binary=params.get("binary") or "openclaw",
        container=params.get("container") or None,
        container_user=params.get("container_user") or None,
        docker_binary=params.get("docker_binary") or "docker",
        env=env,
        secret_env=secret,
        # The CLI's own gateway timeout plus Node's start-up (a second or two on a small VPS).
        timeout=int(params.get("timeout") or 30) + 30,
    )


def devices_args(sub, target=None, timeout=30):
    """``devices <sub> --json --timeout <ms> [-- <target>]``: options first, the id after ``--``."""
    args = ["devices", sub, "--json", "--timeout", str(int(timeout) * 1000)]
    if target is not None:
        args += ["--", target]
    return args


def _first_line(text):
    for line in (text or "").splitlines():
        line = line.strip()
        if line:
            return line
    return ""


def classify_failure(cli, sub, rc, data, out, err):
    """A ``DeviceError`` for a failed ``openclaw devices <sub>`` run, from what the CLI printed."""
    where = cli.describe()
    message = ""
    error_type = ""
    if isinstance(data, dict) and isinstance(data.get("error"), dict):
        message = str(data["error"].get("message") or "")
        error_type = str(data["error"].get("type") or "")
    stderr = cli.redact(err or "")
    text = cli.redact(message) or _first_line(stderr) or _first_line(cli.redact(out or ""))
    low = (message + "\n" + stderr).lower()

    if cli.container:
        if "no such container" in low:
            return DeviceError("container", "container %s does not exist on this host (docker exec said: %s). "
                               "Set container: to the gateway container's name (`docker ps`)."
                               % (cli.container, _first_line(stderr)))
        if "is not running" in low or "is paused" in low or "is restarting" in low:
            return DeviceError("container", "container %s is not running (docker exec said: %s). "
                               "Start the gateway first." % (cli.container, _first_line(stderr)))
        if "executable file not found" in low or ("no such file or directory" in low and rc in (126, 127)):
            return DeviceError("container", "%s not found inside container %s (docker exec said: %s). "
                               "Set binary: to the OpenClaw CLI's path in the image."
                               % (cli.binary, cli.container, _first_line(stderr)))
        if "cannot connect to the docker daemon" in low or "permission denied while trying to connect" in low:
            return DeviceError("container", "cannot reach the Docker engine to exec into %s: %s "
                               "(run with become: true, or as a member of the docker group)."
                               % (cli.container, _first_line(stderr)))
    if error_type == "gateway_transport_error" or "gateway not reachable" in low or "econnrefused" in low:
        reason = text or "no answer"
        return DeviceError("unreachable", "gateway unreachable via %s: %s. Is the gateway running, and are "
                           "url/container pointing at it?" % (where, reason))
    if "gateway url override requires explicit credentials" in low:
        return DeviceError("unauthorized", "url is set but no token: with an explicit url the CLI does not reuse "
                           "the config's credentials. Set token: (the gateway's gateway.auth.token).")
    if "unauthorized" in low or "token mismatch" in low or "token missing" in low or "password mismatch" in low:
        return DeviceError("unauthorized", "the gateway rejected the credentials: %s. Set token: to the "
                           "gateway's gateway.auth.token (OPENCLAW_GATEWAY_TOKEN in the gateway's env file)."
                           % text)
    if "unknown requestid" in low or "no pending device request matches" in low:
        return DeviceError("unknown_request", "the gateway no longer knows this request: %s" % text)
    return DeviceError("cli", "`%s devices %s` failed (exit %s): %s" % (where, sub, rc, text or "no output"))


def call(cli, sub, target=None, timeout=30):
    """Run ``openclaw devices <sub> [target] --json``; the parsed JSON, or a ``DeviceError``."""
    try:
        rc, out, err = cli.run(devices_args(sub, target, timeout))
    except OpenClawCLIError as exc:
        raise DeviceError("cli", "cannot run the OpenClaw CLI (%s): %s" % (cli.describe(), cli.redact(str(exc))))
    data = parse_json_output(out)
    if rc != 0 or (isinstance(data, dict) and data.get("ok") is False):
        raise classify_failure(cli, sub, rc, data, out, err)
    if not isinstance(data, dict):
        raise DeviceError("cli", "`%s devices %s` printed no JSON: %s"
                          % (cli.describe(), sub, _first_line(cli.redact(out or err or "")) or "no output"))
    return data


def list_devices(cli, timeout=30):
    data = call(cli, "list", timeout=timeout)
    return {
        "pending": [e for e in data.get("pending") or [] if isinstance(e, dict)],
        "paired": [e for e in data.get("paired") or [] if isinstance(e, dict)],
    }


# --------------------------------------------------------------------------------------------------
# Selecting
# --------------------------------------------------------------------------------------------------
def _ip(value):
    """An ``ip_address`` (IPv4-mapped IPv6 folded to IPv4), or None when value is not an address."""
    try:
        addr = ipaddress.ip_address(str(value).strip())
    except ValueError:
        return None
    mapped = getattr(addr, "ipv4_mapped", None)
    return mapped or addr


def ip_matches(wanted, actual):
    """``wanted`` is an address or a CIDR network; compared as addresses, not strings."""
    if actual is None or actual == "":
        return False
    addr = _ip(actual)
    if "/" in str(wanted):
        try:
            net = ipaddress.ip_network(str(wanted).strip(), strict=False)
        except ValueError:
            return False
        return addr is not None and addr.version == net.version and addr in net
    want = _ip(wanted)
    if want is not None and addr is not None:
        return want == addr
    return str(wanted).strip() == str(actual).strip()


def entry_matches(entry, criteria):
    """True when the request/device satisfies every given criterion (option name -> wanted value)."""
    for option, field in MATCH_FIELDS:
        wanted = criteria.get(option)
        if wanted is None or wanted == "":
            continue
        if option == "remote_ip":
            if not ip_matches(wanted, entry.get(field)):
                return False
        elif option == "role":
            roles = set(r for r in (entry.get("roles") or []) if r)
            if entry.get("role"):
                roles.add(entry["role"])
            if wanted not in roles:
                return False
        elif entry.get(field) != wanted:
            return False
    return True


def criteria_of(params):
    return dict((option, params.get(option)) for option, dummy in MATCH_FIELDS if params.get(option) not in (None, ""))


def describe_criteria(params):
    parts = []
    if params.get("request_id"):
        parts.append("request_id=%s" % params["request_id"])
    for option, value in sorted(criteria_of(params).items()):
        parts.append("%s=%s" % (option, value))
    if params.get("latest"):
        parts.append("latest")
    if params.get("all"):
        parts.append("all")
    return ", ".join(parts) or "no selector"


def printable(value):
    """Text a remote device chose (its display name...) made safe for one line of terminal output."""
    return "".join(c if c.isprintable() else "?" for c in str(value))


def summarize(entry, now_ms=None):
    """One line naming a request or device for messages: id, name, client, role, ip, age."""
    ident = printable(entry.get("requestId") or entry.get("deviceId") or "?")
    bits = [printable(entry.get("displayName") or "-"), "client %s" % printable(entry.get("clientId") or "-"),
            "role %s" % printable(entry.get("role") or "-"), "ip %s" % printable(entry.get("remoteIp") or "-")]
    if entry.get("ts") and now_ms:
        bits.append(format_age(now_ms - entry["ts"]))
    return "%s (%s)" % (ident, ", ".join(bits))


def format_age(ms):
    seconds = max(0, int(ms // 1000))
    if seconds < 60:
        return "%ds ago" % seconds
    if seconds < 3600:
        return "%dm ago" % (seconds // 60)
    return "%dh ago" % (seconds // 3600)


def validate(params):
    """Refuse option combinations that cannot mean one thing."""
    state = params.get("state") or "approved"
    has_match = bool(criteria_of(params))
    if params.get("latest") and params.get("all"):
        raise DeviceError("usage", "latest and all are mutually exclusive: latest picks one request, all picks every match.")
    if state == "list":
        if params.get("request_id") or has_match or params.get("latest") or params.get("all"):
            raise DeviceError("usage", "state=list takes no selector; it returns every pending request and paired device.")
        return
    if state == "removed" and params.get("request_id"):
        raise DeviceError("usage", "state=removed works on paired devices: select them by device_id, client_id, "
                          "display_name, role or remote_ip (request_id names a pending request).")
    if not (params.get("request_id") or has_match or params.get("latest") or params.get("all")):
        raise DeviceError("usage", "state=%s needs a selector: request_id, latest: true, device_id, client_id, "
                          "display_name, role, remote_ip, or all: true. Use state=list to see the pending requests."
                          % state)


def select_targets(params, listing, now_ms=None):
    """What the task acts on: ``(targets, already)``.

    ``targets``: pending requests to approve/reject, or paired devices to remove.
    ``already``: for state=approved, paired devices that match when no pending request does (nothing to do).
    Raises ``DeviceError`` for an unknown request id, no match, or several matches without latest/all.
    """
    validate(params)
    state = params.get("state") or "approved"
    criteria = criteria_of(params)
    if state == "removed":
        pool, ts_key, noun = listing["paired"], "approvedAtMs", "paired device"
    else:
        pool, ts_key, noun = listing["pending"], "ts", "pending request"

    matches = [e for e in pool if entry_matches(e, criteria)]
    request_id = params.get("request_id")
    if request_id:
        matches = [e for e in matches if e.get("requestId") == request_id]

    if not matches:
        if state == "approved" and criteria:
            already = [d for d in listing["paired"] if entry_matches(d, criteria)]
            if already:
                return [], already
        if params.get("all") or state == "removed":
            return [], []
        if request_id:
            raise DeviceError(
                "unknown_request",
                "request %s is not pending on the gateway: unknown, already approved or rejected, or expired "
                "(requests expire after %d minutes; the device must connect again). Pending now: %s"
                % (request_id, PENDING_TTL_MINUTES, _pending_summary(listing["pending"], now_ms)),
                pending=listing["pending"])
        if not criteria:
            raise DeviceError("no_match", "no pending device pairing requests. Pending now: none.")
        raise DeviceError(
            "no_match",
            "no pending request matches %s%s. Pending now: %s"
            % (describe_criteria(params),
               " and no paired device does either" if state == "approved" else "",
               _pending_summary(listing["pending"], now_ms)),
            pending=listing["pending"])

    if params.get("latest"):
        newest = max(matches, key=lambda e: (e.get(ts_key) or 0))
        return [newest], []
    if params.get("all") or len(matches) == 1:
        return matches, []
    raise DeviceError(
        "ambiguous",
        "%d %ss match %s: %s. Narrow the selection (request_id, or more match options), or set latest: true "
        "(newest only) or all: true (every match)."
        % (len(matches), noun, describe_criteria(params), "; ".join(summarize(e, now_ms) for e in matches)),
        matches=matches)


def _pending_summary(pending, now_ms):
    if not pending:
        return "none"
    return "; ".join(summarize(e, now_ms) for e in pending)


# --------------------------------------------------------------------------------------------------
# Presenting
# --------------------------------------------------------------------------------------------------
PENDING_COLUMNS = (("REQUEST ID", "requestId"), ("NAME", "displayName"), ("CLIENT", "clientId"),
                   ("ROLE", "role"), ("REMOTE IP", "remoteIp"), ("AGE", None))


def pending_table(pending, now_ms=None):
    """The pending requests as aligned text lines (header first), newest first; one line when none."""
    if not pending:
        return ["No pending device pairing requests."]
    now_ms = now_ms or int(time.time() * 1000)
    rows = []
    for entry in sorted(pending, key=lambda e: -(e.get("ts") or 0)):
        row = []
        for dummy, field in PENDING_COLUMNS:
            if field is None:
                row.append(format_age(now_ms - entry["ts"]) if entry.get("ts") else "-")
            else:
                row.append(printable(entry.get(field) or "-"))
        rows.append(row)
    header = [title for title, dummy in PENDING_COLUMNS]
    widths = [max(len(r[i]) for r in [header] + rows) for i in range(len(header))]
    return ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip() for r in [header] + rows]


# --------------------------------------------------------------------------------------------------
# The module
# --------------------------------------------------------------------------------------------------
ACTIONS = {"approved": "approve", "rejected": "reject", "removed": "remove"}
PAST = {"approved": "approved", "rejected": "rejected", "removed": "removed"}


def run(params, check_mode=False, cli=None, now_ms=None):
    """List, select, act. Returns the module result (without ``invocation``); raises ``DeviceError``."""
    state = params.get("state") or "approved"
    timeout = int(params.get("timeout") or 30)
    validate(params)
    cli = cli or build_cli(params)
    listing = list_devices(cli, timeout)
    now_ms = now_ms or int(time.time() * 1000)
    result = {
        "changed": False,
        "state": state,
        "pending": listing["pending"],
        "paired": listing["paired"],
        "pending_table": pending_table(listing["pending"], now_ms),
        "selected": [],
        "already_paired": [],
        "results": [],
    }
    if state == "list":
        result["msg"] = "%d pending request(s), %d paired device(s)" % (len(listing["pending"]), len(listing["paired"]))
        return result

    targets, already = select_targets(params, listing, now_ms)
    result["selected"] = targets
    result["already_paired"] = already
    if not targets:
        if already:
            result["msg"] = "already paired, nothing to approve: %s" % "; ".join(summarize(d) for d in already)
        else:
            result["msg"] = "nothing matches %s; nothing to do" % describe_criteria(params)
        return result

    result["changed"] = True
    names = "; ".join(summarize(t, now_ms) for t in targets)
    if check_mode:
        result["msg"] = "would be %s (check mode): %s" % (PAST[state], names)
        return result

    pending = list(listing["pending"])
    paired = list(listing["paired"])
    for target in targets:
        if state == "removed":
            out = call(cli, "remove", target["deviceId"], timeout)
            paired = [d for d in paired if d.get("deviceId") != target["deviceId"]]
        else:
            try:
                out = call(cli, ACTIONS[state], target["requestId"], timeout)
            except DeviceError as exc:
                if exc.kind == "unknown_request":
                    exc.msg = ("request %s disappeared before it could be %s (it expired, or another operator "
                               "acted on it): %s" % (target["requestId"], PAST[state], exc.msg))
                    exc.args = (exc.msg,)
                raise
            pending = [p for p in pending if p.get("requestId") != target["requestId"]]
            device = out.get("device") if isinstance(out, dict) else None
            if state == "approved" and isinstance(device, dict) and device.get("deviceId"):
                paired = [d for d in paired if d.get("deviceId") != device["deviceId"]] + [device]
        result["results"].append(out)
    result["pending"] = pending
    result["paired"] = paired
    result["pending_table"] = pending_table(pending, now_ms)
    result["msg"] = "%s: %s" % (PAST[state], names)
    return result
