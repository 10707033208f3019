"""Verify the gateway on the live instance: health, exposure, config and audit, file modes; then that a
no-change converge touches nothing, a config change restarts the gateway once and is live, secrets never
reach the output, and approve_device.yml approves a real pending request on the containerized gateway."""
import json
import pathlib
import secrets
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "shared"))
from clawtest import name, recap, run_playbook  # noqa: E402,F401

CONVERGE = "molecule/gateway/converge.yml"
CONTAINER = "openclaw-gateway"
PAIR_CLIENT = pathlib.Path(__file__).resolve().parents[1] / "pair_client.mjs"


def inspect(host):
    return json.loads(host.check_output(f"docker inspect {CONTAINER}"))[0]


def in_gateway(host, *argv):
    """Run the OpenClaw CLI (or anything) as `node` inside the gateway container."""
    return host.run("docker exec -u node %s %s" % (CONTAINER, " ".join(argv)))


def test_healthz_answers_on_loopback(host):
    out = host.check_output("curl -fsS http://127.0.0.1:18789/healthz")
    assert json.loads(out)["ok"] is True


def test_port_is_published_on_loopback_only(host):
    assert host.check_output(f"docker port {CONTAINER}").split() == ["18789/tcp", "->", "127.0.0.1:18789"]
    listeners = host.check_output("ss -Htln")
    assert "0.0.0.0:18789" not in listeners and "[::]:18789" not in listeners and "*:18789" not in listeners
    lan_ip = host.check_output("hostname -I").split()[0]
    assert host.run(f"curl -sS -m 5 http://{lan_ip}:18789/healthz").rc != 0


def test_live_config_is_valid_and_audit_has_no_critical(host):
    validate = in_gateway(host, "openclaw config validate --json")
    assert json.loads(validate.stdout)["valid"] is True, validate.stdout + validate.stderr
    audit = json.loads(in_gateway(host, "openclaw security audit --json").stdout)
    assert audit["summary"]["critical"] == 0, audit["findings"]


def test_state_files_are_private(host):
    config = host.file("/home/openclaw/.openclaw/openclaw.json")
    assert (config.mode, config.uid, config.gid) == (0o600, 1000, 1000)
    state = host.file("/home/openclaw/.openclaw")
    assert (state.mode, state.uid, state.gid) == (0o700, 1000, 1000)
    env = host.file("/home/openclaw/gateway/.env")
    assert (env.mode, env.user) == (0o600, "root")
    token = [line for line in env.content_string.splitlines() if line.startswith("OPENCLAW_GATEWAY_TOKEN=")]
    assert len(token) == 1 and len(token[0].split("=", 1)[1].strip("'")) == 64


def test_no_change_converge_rebuilds_and_restarts_nothing(host, name):
    before = inspect(host)
    rc, out = run_playbook(CONVERGE, name)
    assert rc == 0, out
    assert recap(out, name)["changed"] == 0, out
    after = inspect(host)
    assert after["State"]["StartedAt"] == before["State"]["StartedAt"]
    assert after["Image"] == before["Image"]
    assert after["Id"] == before["Id"]


def test_config_change_restarts_once_and_is_live(host, name):
    before = inspect(host)
    since = host.check_output("date -u +%Y-%m-%dT%H:%M:%S")
    rc, out = run_playbook(CONVERGE, name, {"gateway_config_extra": {"gateway": {"auth": {"rateLimit": {"maxAttempts": 7}}}}})
    assert rc == 0, out
    after = inspect(host)
    assert after["Id"] == before["Id"], "a config change must restart, not recreate"
    assert after["State"]["StartedAt"] != before["State"]["StartedAt"]
    starts = host.check_output(f"docker events --since {since} --until $(date -u +%Y-%m-%dT%H:%M:%S) "
                               f"--filter container={CONTAINER} --filter event=start --format '{{{{.Status}}}}'")
    assert starts.split() == ["start"]
    assert in_gateway(host, "openclaw config get gateway.auth.rateLimit.maxAttempts").stdout.strip() == "7"


def test_secrets_never_reach_the_output(host, name):
    """Change every secret at -vvv --diff (rewrites .env, recreates the container) and grep the log."""
    telegram = "1234567:" + secrets.token_hex(16)
    anthropic = "sk-ant-" + secrets.token_hex(20)
    tricky = "it's a $HOME \"quoted\" value"
    rc, out = run_playbook(CONVERGE, name, {
        "gateway_telegram_bot_token": telegram,
        "gateway_provider_keys": {"ANTHROPIC_API_KEY": anthropic},
        "gateway_extra_env": {"CLAWTEST_QUOTING": tricky},
    }, extra_args=["-vvv", "--diff"])
    assert rc == 0, out[-3000:]
    env = host.file("/home/openclaw/gateway/.env").content_string
    token = [line.split("=", 1)[1].strip("'") for line in env.splitlines() if line.startswith("OPENCLAW_GATEWAY_TOKEN=")][0]
    for secret in (token, telegram, anthropic):
        assert secret not in out
    # .env quoting is read back by compose exactly.
    assert in_gateway(host, "printenv CLAWTEST_QUOTING").stdout.rstrip("\n") == tricky
    assert in_gateway(host, "printenv TELEGRAM_BOT_TOKEN").stdout.strip() == telegram


def pair(host, keyfile, display_name):
    out = host.check_output(
        f"docker exec -i -u node {CONTAINER} node --input-type=module - {keyfile} '{display_name}' < /tmp/pair_client.mjs")
    return json.loads(out)


def test_approve_device_playbook_approves_a_pending_request(host, name):
    host.run(f"cat > /tmp/pair_client.mjs <<'EOF'\n{PAIR_CLIENT.read_text()}\nEOF")
    held = pair(host, "/tmp/molecule-device.pem", "molecule device")
    assert held["code"] == "PAIRING_REQUIRED" and held["requestId"], held

    rc, out = run_playbook("playbooks/approve_device.yml", name)
    assert rc == 0 and recap(out, name)["changed"] == 0, out
    assert held["requestId"] in out

    rc, out = run_playbook("playbooks/approve_device.yml", name, {"request_id": held["requestId"]})
    assert rc == 0 and recap(out, name)["changed"] == 1, out
    assert pair(host, "/tmp/molecule-device.pem", "molecule device")["ok"] is True

    rc, out = run_playbook("playbooks/approve_device.yml", name, {"match_ip": held["remoteIp"]})
    assert rc == 0 and recap(out, name)["changed"] == 0, out
