"""openclaw_device against a real OpenClaw 2026.9.6 gateway process (one gateway for this module).

Pending requests are real: ``ws_client`` performs the device-identity handshake with a fresh Ed25519 key and
an X-Forwarded-For address (the gateway trusts 127.0.0.1 as a proxy), and the gateway holds it with
PAIRING_REQUIRED. Whether a key may connect afterwards is asked of the gateway again, never assumed.
Most tests call the module's logic (module_utils) directly; the last ones drive the module through
``ansible-playbook playbooks/approve_device.yml`` with the local binary.
"""
import json
import os
import subprocess
import uuid

import pytest

from gateway_fixture import OPENCLAW_BIN, REPO, gateway_fixture
from ansible_collections.clawops.openclaw.plugins.module_utils import openclaw_device as od

gateway = gateway_fixture()


def params(gw, **kw):
    base = {"state": "approved", "request_id": None, "latest": False, "all": False, "device_id": None,
            "client_id": None, "display_name": None, "role": None, "remote_ip": None, "container": None,
            "container_user": None, "docker_binary": "docker", "binary": str(OPENCLAW_BIN), "url": gw.url,
            "token": gw.token, "timeout": 15}
    base.update(kw)
    return base


@pytest.fixture
def clean(gateway, monkeypatch):
    """An empty pairing table, and the CLI's HOME inside the test gateway's directory."""
    monkeypatch.setenv("HOME", str(gateway.home))
    gateway.reset_pairing()
    return gateway


def pending_ids(gw):
    return lists(gw)[0]


def paired_ids(gw):
    return lists(gw)[1]


def lists(gw):
    """(pending request ids, paired device ids), asked of the gateway through the real CLI."""
    data = gw.cli("devices", "list", "--json")
    return [p["requestId"] for p in data["pending"]], [d["deviceId"] for d in data["paired"]]


# -- listing ---------------------------------------------------------------------------------------
def test_list_returns_the_real_pending_request_structured(clean):
    key, rid = clean.request_pairing("203.0.113.10", display_name="list-me")
    result = od.run(params(clean, state="list"))
    assert result["changed"] is False
    [entry] = result["pending"]
    assert (entry["requestId"], entry["deviceId"], entry["displayName"], entry["clientId"], entry["role"],
            entry["remoteIp"]) == (rid, key.device_id, "list-me", "test", "operator", "203.0.113.10")
    assert result["paired"] == []
    assert rid in result["pending_table"][1] and "203.0.113.10" in result["pending_table"][1]


# -- approve ---------------------------------------------------------------------------------------
def test_approve_by_id_lets_that_same_key_connect(clean):
    key, rid = clean.request_pairing("203.0.113.11", display_name="approve-me")
    other, other_rid = clean.request_pairing("203.0.113.12", display_name="bystander")
    assert not clean.connect(key, forwarded_for="203.0.113.11").ok

    result = od.run(params(clean, request_id=rid))

    assert result["changed"] is True and [s["requestId"] for s in result["selected"]] == [rid]
    assert key.device_id in [d["deviceId"] for d in result["paired"]]
    assert clean.connect(key, forwarded_for="203.0.113.11", display_name="approve-me").ok
    # only that request: the bystander is still waiting and still held
    assert pending_ids(clean) == [other_rid]
    assert clean.connect(other, forwarded_for="203.0.113.12", display_name="bystander").pairing_required


def test_reapproving_a_paired_device_is_ok_not_changed(clean):
    key, rid = clean.request_pairing("203.0.113.13", display_name="twice")
    first = od.run(params(clean, display_name="twice"))
    assert first["changed"] is True
    paired_before = paired_ids(clean)

    again = od.run(params(clean, display_name="twice"))

    assert again["changed"] is False
    assert [d["deviceId"] for d in again["already_paired"]] == [key.device_id]
    assert paired_ids(clean) == paired_before
    # the spent request id itself is gone: naming it again is the unknown-request failure, by design
    with pytest.raises(od.DeviceError) as err:
        od.run(params(clean, request_id=rid))
    assert err.value.kind == "unknown_request"


def test_latest_picks_the_newest_of_several(clean):
    made = [clean.request_pairing("198.51.100.%d" % (20 + i), display_name="fleet-%d" % i) for i in range(3)]
    ts = {p["requestId"]: p["ts"] for p in clean.cli("devices", "list", "--json")["pending"]}
    assert len(set(ts.values())) == 3, "requests need distinct timestamps to have a newest: %r" % ts
    newest_key, newest_rid = max(made, key=lambda m: ts[m[1]])

    result = od.run(params(clean, latest=True))

    assert [s["requestId"] for s in result["selected"]] == [newest_rid]
    assert sorted(pending_ids(clean)) == sorted(rid for dummy, rid in made if rid != newest_rid)
    assert clean.connect(newest_key, forwarded_for=result["selected"][0]["remoteIp"]).ok


def test_match_on_remote_ip_picks_the_right_one_of_two(clean):
    key_a, rid_a = clean.request_pairing("192.0.2.31", display_name="same-name")
    key_b, rid_b = clean.request_pairing("192.0.2.32", display_name="same-name")

    result = od.run(params(clean, remote_ip="192.0.2.32"))

    assert [s["requestId"] for s in result["selected"]] == [rid_b]
    assert clean.connect(key_b, forwarded_for="192.0.2.32").ok
    assert pending_ids(clean) == [rid_a]
    assert clean.connect(key_a, forwarded_for="192.0.2.31").pairing_required


def test_several_matches_fail_and_change_nothing(clean):
    dummy, rid_a = clean.request_pairing("192.0.2.41", display_name="dup")
    dummy, rid_b = clean.request_pairing("192.0.2.42", display_name="dup")
    with pytest.raises(od.DeviceError) as err:
        od.run(params(clean, display_name="dup"))
    assert err.value.kind == "ambiguous"
    assert rid_a in err.value.msg and rid_b in err.value.msg
    assert sorted(pending_ids(clean)) == sorted([rid_a, rid_b])


def test_unknown_request_id_is_the_clear_error(clean):
    clean.request_pairing("192.0.2.50", display_name="waiting")
    bogus = str(uuid.uuid4())
    with pytest.raises(od.DeviceError) as err:
        od.run(params(clean, request_id=bogus))
    assert err.value.kind == "unknown_request"
    assert err.value.msg.startswith("request %s is not pending on the gateway" % bogus)
    assert "waiting" in err.value.msg  # what is pending instead


def test_the_cli_itself_reports_an_unknown_id_and_the_module_names_it(clean):
    cli = od.build_cli(params(clean))
    with pytest.raises(od.DeviceError) as err:
        od.call(cli, "reject", str(uuid.uuid4()))
    assert err.value.kind == "unknown_request"


# -- reject / remove -------------------------------------------------------------------------------
def test_reject_removes_the_request_and_the_key_still_cannot_connect(clean):
    key, rid = clean.request_pairing("203.0.113.60", display_name="reject-me")

    result = od.run(params(clean, state="rejected", request_id=rid))

    assert result["changed"] is True
    pending, paired = lists(clean)
    assert rid not in pending and key.device_id not in paired
    retry = clean.connect(key, forwarded_for="203.0.113.60")
    assert retry.pairing_required and retry.request_id != rid


def test_remove_unpairs_and_is_idempotent(clean):
    key, rid = clean.request_pairing("203.0.113.70", display_name="remove-me")
    od.run(params(clean, request_id=rid))
    assert clean.connect(key, forwarded_for="203.0.113.70").ok

    removed = od.run(params(clean, state="removed", device_id=key.device_id))
    assert removed["changed"] is True and key.device_id not in paired_ids(clean)
    assert clean.connect(key, forwarded_for="203.0.113.70").pairing_required
    assert od.run(params(clean, state="removed", device_id=key.device_id))["changed"] is False


# -- check mode ------------------------------------------------------------------------------------
def test_check_mode_reports_what_would_be_approved_without_approving(clean):
    key, rid = clean.request_pairing("203.0.113.80", display_name="maybe")

    result = od.run(params(clean, remote_ip="203.0.113.80"), check_mode=True)

    assert result["changed"] is True and [s["requestId"] for s in result["selected"]] == [rid]
    assert lists(clean) == ([rid], [])
    assert clean.connect(key, forwarded_for="203.0.113.80").pairing_required


# -- failures of the connection --------------------------------------------------------------------
def test_wrong_token_is_its_own_clear_error(clean):
    with pytest.raises(od.DeviceError) as err:
        od.run(params(clean, state="list", token="not-the-token"))
    assert err.value.kind == "unauthorized"
    assert "rejected the credentials" in err.value.msg and "token mismatch" in err.value.msg
    assert "not-the-token" not in err.value.msg


def test_unreachable_gateway_is_its_own_clear_error(clean):
    from gateway_fixture import free_port
    url = "ws://127.0.0.1:%d" % free_port()
    with pytest.raises(od.DeviceError) as err:
        od.run(params(clean, state="list", url=url))
    assert err.value.kind == "unreachable"
    assert err.value.msg.startswith("gateway unreachable") and url in err.value.msg


# -- the playbook, through ansible-playbook -----------------------------------------------------------
def run_playbook(gw, tmp_path, *extra):
    """ansible-playbook playbooks/approve_device.yml on localhost with the local CLI; (rc, stdout, recap)."""
    inventory = tmp_path / "hosts.yml"
    inventory.write_text(json.dumps({"openclaw": {"hosts": {"localhost": {
        "ansible_connection": "local", "ansible_become": False,
        "ansible_python_interpreter": str(REPO / ".venv" / "bin" / "python")}}}}))
    secrets = tmp_path / "gateway.yml"  # the token reaches ansible through a vars file, not the command line
    secrets.write_text(json.dumps({"openclaw_device_container": "", "openclaw_device_binary": str(OPENCLAW_BIN),
                                   "openclaw_device_url": gw.url, "openclaw_device_token": gw.token}))
    env = dict(os.environ, ANSIBLE_CONFIG=str(REPO / "ansible.cfg"), HOME=str(gw.home),
               ANSIBLE_COLLECTIONS_PATH=str(REPO / ".cache" / "collections"), ANSIBLE_NOCOLOR="1",
               ANSIBLE_LOCAL_TEMP=str(tmp_path / "ansible-tmp"), ANSIBLE_REMOTE_TEMP=str(tmp_path / "ansible-tmp"))
    cmd = [str(REPO / ".venv" / "bin" / "ansible-playbook"), "-i", str(inventory), "-e", "@%s" % secrets,
           str(REPO / "playbooks" / "approve_device.yml")] + list(extra)
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=False)
    recap = proc.stdout[proc.stdout.rfind("PLAY RECAP"):]
    assert gw.token not in proc.stdout + proc.stderr
    return proc.returncode, proc.stdout + proc.stderr, recap


def test_playbook_without_selector_prints_a_table_and_changes_nothing(clean, tmp_path):
    dummy, rid = clean.request_pairing("203.0.113.90", display_name="table-row")
    rc, out, recap = run_playbook(clean, tmp_path)
    assert rc == 0, out
    assert "changed=0" in recap and "failed=0" in recap
    row = [line for line in out.splitlines() if rid in line]
    assert row and "table-row" in row[0] and "203.0.113.90" in row[0] and "operator" in row[0], out
    assert "REQUEST ID" in out
    assert pending_ids(clean) == [rid]


def test_playbook_approves_by_ip_then_is_not_changed_and_rejects(clean, tmp_path):
    key, dummy = clean.request_pairing("203.0.113.91", display_name="pb-approve")
    other, other_rid = clean.request_pairing("203.0.113.92", display_name="pb-reject")

    rc, out, recap = run_playbook(clean, tmp_path, "-e", "match_ip=203.0.113.91")
    assert rc == 0 and "changed=1" in recap, out
    assert clean.connect(key, forwarded_for="203.0.113.91").ok

    rc, out, recap = run_playbook(clean, tmp_path, "-e", "match_ip=203.0.113.91")
    assert rc == 0 and "changed=0" in recap and "already paired" in out, out

    rc, out, recap = run_playbook(clean, tmp_path, "-e", "request_id=%s" % other_rid, "-e", "reject=true")
    assert rc == 0 and "changed=1" in recap, out
    assert pending_ids(clean) == []
    assert clean.connect(other, forwarded_for="203.0.113.92").pairing_required


def test_playbook_unknown_request_fails_with_the_message(clean, tmp_path):
    bogus = str(uuid.uuid4())
    rc, out, recap = run_playbook(clean, tmp_path, "-e", "request_id=%s" % bogus)
    assert rc != 0 and "failed=1" in recap
    assert "request %s is not pending on the gateway" % bogus in out


# -- container mode (docker exec) ------------------------------------------------------------------
# A stand-in for the gateway container: a local Debian image carrying only the CLI (this checkout's
# .cache/openclaw mounted read-only at the same path, plus the host's libatomic that Node needs), on the host
# network so it reaches the test gateway on loopback. It proves the module's real `docker exec` path: command
# line, token passed by name only, failures of docker itself. The gateway *in* its container is proven by the
# molecule/gateway scenario. `make integration` starts the engine and builds the image first; without them
# these tests fail (they are never skipped).
STAND_IN_IMAGES = ("clawops/systemd-debian:12", "clawops/systemd-debian:13")
LIBATOMIC = "/usr/lib/x86_64-linux-gnu/libatomic.so.1"


def docker_ok(*args):
    try:
        return subprocess.run(["docker"] + list(args), capture_output=True, text=True, timeout=60,
                              check=False).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


@pytest.fixture(scope="module")
def docker_engine():
    if not docker_ok("version", "--format", "{{.Server.Version}}"):
        pytest.fail("no Docker engine answers: run `make docker` (make integration does)")


@pytest.fixture(scope="module")
def cli_container(docker_engine):
    image = next((i for i in STAND_IN_IMAGES if docker_ok("image", "inspect", i)), None)
    if image is None:
        pytest.fail("no local image %s to stand in for the gateway container: run `make images`" % " or ".join(STAND_IN_IMAGES))
    if not os.path.exists(LIBATOMIC):
        pytest.fail("host has no %s to lend the stand-in container (apt-get install libatomic1)" % LIBATOMIC)
    cache = str(REPO / ".cache" / "openclaw")
    name = "clawops-devtest-%s" % uuid.uuid4().hex[:8]
    subprocess.run(["docker", "run", "-d", "--rm", "--name", name, "--network", "host",
                    "-v", "%s:%s:ro" % (cache, cache),
                    "-v", "%s:%s:ro" % (os.path.realpath(LIBATOMIC), LIBATOMIC),
                    image, "sleep", "infinity"], check=True, capture_output=True, timeout=120)
    try:
        yield name
    finally:
        subprocess.run(["docker", "rm", "-f", name], capture_output=True, timeout=60, check=False)


def test_container_mode_approves_through_docker_exec(clean, cli_container):
    key, rid = clean.request_pairing("203.0.113.100", display_name="via-container")
    result = od.run(params(clean, container=cli_container, request_id=rid))
    assert result["changed"] is True and [s["requestId"] for s in result["selected"]] == [rid]
    assert clean.connect(key, forwarded_for="203.0.113.100").ok
    again = od.run(params(clean, container=cli_container, remote_ip="203.0.113.100"))
    assert again["changed"] is False


def test_container_mode_wrong_token_is_the_same_clear_error(clean, cli_container):
    with pytest.raises(od.DeviceError) as err:
        od.run(params(clean, container=cli_container, state="list", token="not-the-token"))
    assert err.value.kind == "unauthorized" and "not-the-token" not in err.value.msg


def test_container_mode_missing_container_is_named(clean, docker_engine):
    with pytest.raises(od.DeviceError) as err:
        od.run(params(clean, container="clawops-no-such-container", state="list"))
    assert err.value.kind == "container"
    assert err.value.msg.startswith("container clawops-no-such-container does not exist")


def test_playbook_in_container_mode_approves_latest(clean, cli_container, tmp_path):
    key, rid = clean.request_pairing("203.0.113.101", display_name="pb-container")
    # The stand-in image has no `node` user (the playbook's default for OpenClaw images): "" = the image's user.
    rc, out, recap = run_playbook(clean, tmp_path, "-e", "openclaw_device_container=%s" % cli_container,
                                  "-e", "openclaw_device_container_user=", "-e", "latest=true")
    assert rc == 0 and "changed=1" in recap and rid in out, out
    assert clean.connect(key, forwarded_for="203.0.113.101").ok
