"""Unit tests for plugins/module_utils/openclaw_device.py: selection, command lines, failure messages.

The integration tests (tests/integration/test_openclaw_device.py) run the same code against a real gateway;
here the gateway's lists are literal data and the CLI is either inspected (argv/env) or replaced by a stub
at the process boundary (``FakeCLI``), or by a stand-in ``docker`` script that records what it was given.
"""
import json
import stat
import textwrap

import pytest

from ansible_collections.clawops.openclaw.plugins.module_utils import openclaw_device as od

NOW = 1_800_000_000_000
TOKEN = "s3cr3t-token-value"


def req(rid, ts, ip="203.0.113.1", name="laptop", client="openclaw-control-ui", role="operator", device=None):
    return {"requestId": rid, "deviceId": device or ("dev-" + rid), "displayName": name, "clientId": client,
            "clientMode": "ui", "role": role, "roles": [role], "scopes": ["operator.read"], "remoteIp": ip, "ts": ts}


def paired(device, ip="203.0.113.9", name="phone", client="openclaw-ios", role="operator", approved=1):
    return {"deviceId": device, "displayName": name, "clientId": client, "role": role, "roles": [role],
            "remoteIp": ip, "approvedAtMs": approved, "tokens": [{"role": role}]}


def params(**kw):
    base = {"state": "approved", "request_id": None, "latest": False, "all": False, "device_id": None,
            "client_id": None, "display_name": None, "role": None, "remote_ip": None, "container": None,
            "container_user": None, "docker_binary": "docker", "binary": "openclaw", "url": None, "token": None,
            "timeout": 30}
    base.update(kw)
    return base


LISTING = {
    "pending": [
        req("r1", NOW - 50_000, ip="203.0.113.1", name="laptop"),
        req("r2", NOW - 20_000, ip="203.0.113.2", name="tablet", client="openclaw-android"),
        req("r3", NOW - 10_000, ip="198.51.100.7", name="laptop", role="node", client="node-host"),
    ],
    "paired": [paired("dev-p1", ip="192.0.2.5", name="phone")],
}


# -- selection -------------------------------------------------------------------------------------
def test_request_id_selects_exactly_that_request():
    targets, already = od.select_targets(params(request_id="r2"), LISTING, NOW)
    assert [t["requestId"] for t in targets] == ["r2"] and already == []


def test_unknown_request_id_fails_with_its_own_kind_and_lists_what_is_pending():
    with pytest.raises(od.DeviceError) as err:
        od.select_targets(params(request_id="nope"), LISTING, NOW)
    assert err.value.kind == "unknown_request"
    assert "nope is not pending" in err.value.msg and "expire" in err.value.msg
    assert "r1" in err.value.msg and "r3" in err.value.msg


def test_latest_picks_the_newest_pending_request():
    targets, dummy = od.select_targets(params(latest=True), LISTING, NOW)
    assert [t["requestId"] for t in targets] == ["r3"]


def test_latest_combines_with_match_options():
    targets, dummy = od.select_targets(params(latest=True, display_name="laptop", role="operator"), LISTING, NOW)
    assert [t["requestId"] for t in targets] == ["r1"]


def test_several_matches_fail_as_ambiguous_and_name_each_match():
    with pytest.raises(od.DeviceError) as err:
        od.select_targets(params(display_name="laptop"), LISTING, NOW)
    assert err.value.kind == "ambiguous"
    assert err.value.msg.startswith("2 pending requests match display_name=laptop")
    assert "r1 (" in err.value.msg and "r3 (" in err.value.msg and "r2" not in err.value.msg
    assert "latest: true" in err.value.msg and "all: true" in err.value.msg


def test_all_takes_every_match_and_no_match_is_ok():
    targets, dummy = od.select_targets(params(all=True, display_name="laptop"), LISTING, NOW)
    assert sorted(t["requestId"] for t in targets) == ["r1", "r3"]
    assert od.select_targets(params(all=True, display_name="nobody"), LISTING, NOW) == ([], [])


@pytest.mark.parametrize("wanted, expected", [
    ("203.0.113.2", ["r2"]),
    ("::ffff:203.0.113.2", ["r2"]),
    ("198.51.100.0/24", ["r3"]),
])
def test_remote_ip_matches_addresses_and_networks(wanted, expected):
    targets, dummy = od.select_targets(params(remote_ip=wanted), LISTING, NOW)
    assert [t["requestId"] for t in targets] == expected


def test_remote_ip_network_matching_several_is_ambiguous():
    with pytest.raises(od.DeviceError) as err:
        od.select_targets(params(remote_ip="203.0.113.0/24"), LISTING, NOW)
    assert err.value.kind == "ambiguous"


def test_role_and_client_id_match():
    assert [t["requestId"] for t in od.select_targets(params(role="node"), LISTING, NOW)[0]] == ["r3"]
    assert [t["requestId"] for t in od.select_targets(params(client_id="openclaw-android"), LISTING, NOW)[0]] == ["r2"]


def test_role_matches_any_of_the_requested_roles():
    entry = req("r9", NOW, role="operator")
    entry["roles"] = ["operator", "node"]
    assert od.entry_matches(entry, {"role": "node"})
    assert not od.entry_matches(entry, {"role": "admin"})


def test_already_paired_device_is_ok_not_a_failure():
    targets, already = od.select_targets(params(remote_ip="192.0.2.5"), LISTING, NOW)
    assert targets == [] and [d["deviceId"] for d in already] == ["dev-p1"]


def test_pending_request_wins_over_an_existing_pairing_of_the_same_device():
    listing = {"pending": [req("up1", NOW, device="dev-p1", ip="192.0.2.5")], "paired": LISTING["paired"]}
    targets, already = od.select_targets(params(device_id="dev-p1"), listing, NOW)
    assert [t["requestId"] for t in targets] == ["up1"] and already == []


def test_no_match_fails_and_says_nothing_is_paired_either():
    with pytest.raises(od.DeviceError) as err:
        od.select_targets(params(display_name="toaster"), LISTING, NOW)
    assert err.value.kind == "no_match"
    assert "no pending request matches display_name=toaster and no paired device does either" in err.value.msg


def test_latest_with_nothing_pending_fails():
    with pytest.raises(od.DeviceError) as err:
        od.select_targets(params(latest=True), {"pending": [], "paired": []}, NOW)
    assert err.value.kind == "no_match"


def test_reject_uses_the_same_selection_but_never_counts_paired_devices():
    with pytest.raises(od.DeviceError) as err:
        od.select_targets(params(state="rejected", remote_ip="192.0.2.5"), LISTING, NOW)
    assert err.value.kind == "no_match"


def test_removed_selects_paired_devices_and_absent_is_ok():
    targets, dummy = od.select_targets(params(state="removed", display_name="phone"), LISTING, NOW)
    assert [t["deviceId"] for t in targets] == ["dev-p1"]
    assert od.select_targets(params(state="removed", device_id="gone"), LISTING, NOW) == ([], [])


def test_removed_latest_is_the_most_recently_approved():
    listing = {"pending": [], "paired": [paired("a", approved=5), paired("b", approved=9), paired("c", approved=7)]}
    targets, dummy = od.select_targets(params(state="removed", latest=True, display_name="phone"), listing, NOW)
    assert [t["deviceId"] for t in targets] == ["b"]


@pytest.mark.parametrize("kw, fragment", [
    ({}, "needs a selector"),
    ({"state": "rejected"}, "needs a selector"),
    ({"latest": True, "all": True}, "mutually exclusive"),
    ({"state": "list", "request_id": "r1"}, "takes no selector"),
    ({"state": "removed", "request_id": "r1"}, "works on paired devices"),
])
def test_invalid_combinations_are_refused_before_anything_runs(kw, fragment):
    with pytest.raises(od.DeviceError) as err:
        od.validate(params(**kw))
    assert err.value.kind == "usage" and fragment in err.value.msg


# -- presentation ----------------------------------------------------------------------------------
def test_pending_table_is_aligned_newest_first_with_age():
    lines = od.pending_table(LISTING["pending"], NOW)
    assert lines[0].split() == ["REQUEST", "ID", "NAME", "CLIENT", "ROLE", "REMOTE", "IP", "AGE"]
    assert [line.split()[0] for line in lines[1:]] == ["r3", "r2", "r1"]
    assert lines[1].endswith("10s ago")
    assert lines[3].endswith("50s ago")
    # columns line up: every row has its IP where the header's REMOTE IP column starts
    col = lines[0].index("REMOTE IP")
    assert [line[col:].split()[0] for line in lines[1:]] == ["198.51.100.7", "203.0.113.2", "203.0.113.1"]


def test_device_chosen_text_cannot_break_the_table_or_messages():
    evil = req("r7", NOW, name="pwn\n\x1b[2Jcleared")
    lines = od.pending_table([evil], NOW)
    assert len(lines) == 2 and "\x1b" not in lines[1] and "pwn??[2Jcleared" in lines[1]
    assert "\n" not in od.summarize(evil, NOW)


def test_pending_table_when_empty():
    assert od.pending_table([], NOW) == ["No pending device pairing requests."]


def test_age_formatting():
    assert [od.format_age(ms) for ms in (0, 59_999, 60_000, 3_599_999, 7_200_000)] == \
        ["0s ago", "59s ago", "1m ago", "59m ago", "2h ago"]


# -- command lines and environment ----------------------------------------------------------------
def test_local_command_line_and_token_only_in_environment():
    cli = od.build_cli(params(binary="/opt/oc/bin/openclaw", url="ws://127.0.0.1:18789", token=TOKEN, timeout=12))
    argv = cli.argv(od.devices_args("approve", "r1", 12))
    assert argv == ["/opt/oc/bin/openclaw", "devices", "approve", "--json", "--timeout", "12000", "--", "r1"]
    env = cli._process_env(None)
    assert env["OPENCLAW_GATEWAY_TOKEN"] == TOKEN and env["OPENCLAW_GATEWAY_URL"] == "ws://127.0.0.1:18789"
    assert TOKEN not in " ".join(argv)


def test_container_command_line_passes_token_by_name_only():
    cli = od.build_cli(params(container="openclaw-gateway", container_user="node", token=TOKEN,
                              url="ws://127.0.0.1:18789"))
    argv = cli.argv(od.devices_args("list"))
    assert argv == ["docker", "exec", "-i", "-u", "node", "-e", "OPENCLAW_GATEWAY_TOKEN",
                    "-e", "OPENCLAW_GATEWAY_URL", "openclaw-gateway", "openclaw",
                    "devices", "list", "--json", "--timeout", "30000"]
    assert TOKEN not in " ".join(argv)
    # the docker client gets the value in its own environment and copies it into the exec'd process
    assert cli._process_env(None)["OPENCLAW_GATEWAY_TOKEN"] == TOKEN


def test_container_command_line_without_token_or_url_uses_the_containers_own_settings():
    cli = od.build_cli(params(container="openclaw-gateway", binary="/app/openclaw.mjs", docker_binary="/usr/bin/docker"))
    assert cli.argv(od.devices_args("reject", "r2")) == [
        "/usr/bin/docker", "exec", "-i", "openclaw-gateway", "/app/openclaw.mjs",
        "devices", "reject", "--json", "--timeout", "30000", "--", "r2"]
    assert "-e" not in cli.argv(["devices", "list"])


def _fake_docker(tmp_path, stdout, rc=0, stderr=""):
    """A stand-in `docker` that records its argv and environment, then prints a canned CLI answer."""
    record = tmp_path / "record.json"
    script = tmp_path / "docker"
    script.write_text(textwrap.dedent("""\
        #!/usr/bin/env python3
        import json, os, sys
        json.dump({"argv": sys.argv[1:], "env": dict(os.environ)}, open(%r, "w"))
        sys.stdout.write(%r)
        sys.stderr.write(%r)
        sys.exit(%d)
        """) % (str(record), stdout, stderr, rc))
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, record


def test_container_mode_really_runs_docker_exec_with_the_token_in_env_only(tmp_path):
    docker, record = _fake_docker(tmp_path, json.dumps({"pending": [], "paired": []}))
    cli = od.build_cli(params(container="openclaw-gateway", docker_binary=str(docker), token=TOKEN))
    assert od.list_devices(cli) == {"pending": [], "paired": []}
    seen = json.loads(record.read_text())
    assert seen["argv"] == ["exec", "-i", "-e", "OPENCLAW_GATEWAY_TOKEN", "openclaw-gateway", "openclaw",
                            "devices", "list", "--json", "--timeout", "30000"]
    assert seen["env"]["OPENCLAW_GATEWAY_TOKEN"] == TOKEN


@pytest.mark.parametrize("stderr, rc, kind, fragment", [
    ("Error response from daemon: No such container: openclaw-gateway\n", 1, "container", "does not exist"),
    ("Error response from daemon: Container 0123abc is not running\n", 1, "container", "is not running"),
    ('OCI runtime exec failed: exec failed: unable to start container process: exec: "openclaw": '
     'executable file not found in $PATH: unknown\n', 126, "container", "not found inside container"),
    ("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n", 1,
     "container", "cannot reach the Docker engine"),
])
def test_docker_failures_are_named(tmp_path, stderr, rc, kind, fragment):
    docker, dummy = _fake_docker(tmp_path, "", rc=rc, stderr=stderr)
    cli = od.build_cli(params(container="openclaw-gateway", docker_binary=str(docker)))
    with pytest.raises(od.DeviceError) as err:
        od.list_devices(cli)
    assert err.value.kind == kind and fragment in err.value.msg


def test_missing_local_binary_is_a_clear_failure(tmp_path):
    cli = od.build_cli(params(binary=str(tmp_path / "no-such-openclaw")))
    with pytest.raises(od.DeviceError) as err:
        od.list_devices(cli)
    assert err.value.kind == "cli" and "no-such-openclaw" in err.value.msg


# The CLI's own answers, as printed by `openclaw devices ... --json` 2026.9.6 (recorded from real runs).
UNREACHABLE = {"ok": False, "error": {"type": "gateway_transport_error", "kind": "closed",
                                      "message": "Gateway not reachable at ws://127.0.0.1:18998 (ECONNREFUSED).",
                                      "reason": "connect ECONNREFUSED 127.0.0.1:18998"},
               "gateway": {"url": "ws://127.0.0.1:18998", "urlSource": "env OPENCLAW_GATEWAY_URL"}}
MISMATCH = {"ok": False, "error": {"type": "cli_error", "message": "unauthorized: gateway token mismatch (use this "
                                   "gateway's gateway.auth.token or pair the device)"}}
NEEDS_TOKEN = {"ok": False, "error": {"type": "cli_error", "message": "gateway url override requires explicit "
                                      "credentials\nFix: pass --token or --password *** --url"}}
UNKNOWN = {"ok": False, "error": {"type": "cli_error", "message": "unknown requestId"}}


@pytest.mark.parametrize("data, stderr, kind, fragment", [
    (UNREACHABLE, "", "unreachable", "gateway unreachable via openclaw: Gateway not reachable at ws://127.0.0.1:18998"),
    (MISMATCH, "", "unauthorized", "the gateway rejected the credentials: unauthorized: gateway token mismatch"),
    (NEEDS_TOKEN, "", "unauthorized", "url is set but no token"),
    (UNKNOWN, "", "unknown_request", "no longer knows this request"),
    (None, "No pending device request matches r1. Run openclaw devices list and retry with the current request ID.\n",
     "unknown_request", "no longer knows this request"),
    ({"ok": False, "error": {"type": "cli_error", "message": "boom"}}, "", "cli", "failed (exit 1): boom"),
])
def test_cli_failures_are_classified(data, stderr, kind, fragment):
    cli = od.build_cli(params())
    out = json.dumps(data) if data is not None else ""
    error = od.classify_failure(cli, "list", 1, data, out, stderr)
    assert error.kind == kind and fragment in error.msg


def test_token_never_appears_in_failure_messages():
    cli = od.build_cli(params(token=TOKEN))
    data = {"ok": False, "error": {"type": "cli_error", "message": "unauthorized: token %s rejected" % TOKEN}}
    error = od.classify_failure(cli, "list", 1, data, json.dumps(data), "echo %s" % TOKEN)
    assert TOKEN not in error.msg and "********" in error.msg


# -- the whole flow with a stubbed process boundary -------------------------------------------------
class FakeCLI(od.DeviceCLI):
    """Answers `devices list` from a listing and records every other call (a stand-in for the process)."""

    def __init__(self, listing, answers=None):
        super(FakeCLI, self).__init__(binary="openclaw")
        self.listing = listing
        self.answers = answers or {}
        self.calls = []

    def run(self, args, stdin=None, env=None):
        sub = args[1]
        self.calls.append((sub, args[-1] if "--" in args else None))
        if sub == "list":
            return 0, json.dumps(self.listing), ""
        return self.answers.get(sub, (0, json.dumps({"requestId": args[-1]}), ""))


def test_check_mode_selects_but_runs_nothing_but_list():
    cli = FakeCLI(LISTING)
    result = od.run(params(request_id="r2"), check_mode=True, cli=cli, now_ms=NOW)
    assert result["changed"] is True and [s["requestId"] for s in result["selected"]] == ["r2"]
    assert result["msg"].startswith("would be approved (check mode): r2")
    assert cli.calls == [("list", None)]
    assert [p["requestId"] for p in result["pending"]] == ["r1", "r2", "r3"]


def test_approve_calls_the_cli_with_the_selected_id_and_updates_the_lists():
    device = paired("dev-r2", ip="203.0.113.2", name="tablet")
    cli = FakeCLI(LISTING, {"approve": (0, json.dumps({"requestId": "r2", "device": device}), "")})
    result = od.run(params(remote_ip="203.0.113.2"), cli=cli, now_ms=NOW)
    assert cli.calls == [("list", None), ("approve", "r2")]
    assert result["changed"] is True
    assert [p["requestId"] for p in result["pending"]] == ["r1", "r3"]
    assert [d["deviceId"] for d in result["paired"]] == ["dev-p1", "dev-r2"]


def test_already_paired_is_not_changed_and_calls_nothing_else():
    cli = FakeCLI(LISTING)
    result = od.run(params(display_name="phone"), cli=cli, now_ms=NOW)
    assert result["changed"] is False and cli.calls == [("list", None)]
    assert result["msg"].startswith("already paired")


def test_request_that_vanishes_between_list_and_approve_gets_a_clear_message():
    cli = FakeCLI(LISTING, {"approve": (1, "", "No pending device request matches r2. Run openclaw devices list.\n")})
    with pytest.raises(od.DeviceError) as err:
        od.run(params(request_id="r2"), cli=cli, now_ms=NOW)
    assert err.value.kind == "unknown_request" and "r2 disappeared before it could be approved" in err.value.msg


def test_list_state_changes_nothing():
    cli = FakeCLI(LISTING)
    result = od.run(params(state="list"), cli=cli, now_ms=NOW)
    assert result["changed"] is False and cli.calls == [("list", None)]
    assert len(result["pending_table"]) == 4
