"""clawops.openclaw.openclaw_config run by ansible-playbook against a real OpenClaw 2026.9.6 CLI.

The seed's sandbox config (../shared/FACTS.md) is rejected with the enableNoVnc path and the
noVncEnabled hint, by the real validator and by the model alike; corrected, it is written with mode
0600, `openclaw config validate` accepts the written file, and a re-run (also after the gateway
stamped its `meta` block) changes nothing.
"""
import json
import os
import pathlib
import stat
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
OPENCLAW_BIN = pathlib.Path(os.environ.get("OPENCLAW_BIN", REPO / ".cache" / "openclaw" / "bin" / "openclaw"))

SEED_SANDBOX = {"agents": {"defaults": {"sandbox": {
    "mode": "all", "scope": "agent", "workspaceAccess": "rw",
    "docker": {"image": "openclaw-sandbox:bookworm-slim", "network": "openclaw-sandbox",
               "binds": ["/home/node/.claude-sandbox:/home/node/.claude:rw"],
               "dangerouslyAllowExternalBindSources": True},
    "browser": {"enabled": True, "enableNoVnc": True},
}}}, "gateway": {"bind": "lan", "auth": {"token": "${OPENCLAW_GATEWAY_TOKEN}"}}}


def fixed_seed():
    config = json.loads(json.dumps(SEED_SANDBOX))
    browser = config["agents"]["defaults"]["sandbox"]["browser"]
    browser["noVncEnabled"] = browser.pop("enableNoVnc")
    return config


def run_task(tmp_path, args, check=False, diff=False):
    """One openclaw_config task through ansible-playbook; returns the task result."""
    playbook = tmp_path / "play.yml"
    playbook.write_text(json.dumps([{
        "hosts": "localhost", "gather_facts": False,
        "tasks": [{"name": "openclaw_config", "clawops.openclaw.openclaw_config": args, "ignore_errors": True}],
    }]))
    env = dict(os.environ, ANSIBLE_COLLECTIONS_PATH=str(REPO / ".cache" / "collections"),
               ANSIBLE_STDOUT_CALLBACK="json", ANSIBLE_CONFIG=str(REPO / "ansible.cfg"), ANSIBLE_NOCOLOR="1")
    cmd = [str(REPO / ".venv" / "bin" / "ansible-playbook"), "-i", "localhost,", "-c", "local",
           "-e", "ansible_python_interpreter=/usr/bin/python3", str(playbook)]
    cmd += ["--check"] if check else []
    cmd += ["--diff"] if diff else []
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    return report["plays"][0]["tasks"][0]["hosts"]["localhost"]


@pytest.fixture
def state(tmp_path):
    directory = tmp_path / "state"
    directory.mkdir(mode=0o700)
    return directory


def base_args(state, tmp_path, validator):
    return {"path": str(state / "openclaw.json"), "validator": validator, "openclaw_bin": str(OPENCLAW_BIN),
            "openclaw_env": {"HOME": str(tmp_path), "OPENCLAW_STATE_DIR": str(state)}}


def real_validate(state, tmp_path):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "OPENCLAW_STATE_DIR": str(state),
           "OPENCLAW_CONFIG_PATH": str(state / "openclaw.json")}
    proc = subprocess.run([str(OPENCLAW_BIN), "config", "validate", "--json"], env=env, capture_output=True,
                          text=True, check=False)
    return json.loads(proc.stdout)


@pytest.mark.parametrize("validator", ["openclaw", "model"])
def test_seed_example_rejected_with_path_and_hint_nothing_written(state, tmp_path, validator):
    result = run_task(tmp_path, dict(base_args(state, tmp_path, validator), config=SEED_SANDBOX))
    assert result.get("failed") is True
    assert result["validator"] == validator
    assert len(result["issues"]) == 1
    issue = result["issues"][0]
    assert issue.startswith("agents.defaults.sandbox.browser.enableNoVnc: unknown key")
    assert "noVncEnabled" in issue
    assert "enableNoVnc" in result["msg"]
    assert not (state / "openclaw.json").exists()


def test_fixed_seed_written_0600_then_idempotent(state, tmp_path):
    args = dict(base_args(state, tmp_path, "auto"), config=fixed_seed())
    target = state / "openclaw.json"

    checked = run_task(tmp_path, args, check=True, diff=True)
    assert checked["changed"] is True and not checked.get("failed")
    assert not target.exists(), "check mode must not write"
    assert "noVncEnabled" in checked["diff"]["after"]

    first = run_task(tmp_path, args)
    assert first["changed"] is True and not first.get("failed"), first
    assert first["validator"] == "openclaw"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    written = json.loads(target.read_text())
    assert written["agents"]["defaults"]["sandbox"]["browser"] == {"enabled": True, "noVncEnabled": True}
    assert written["gateway"]["auth"]["token"] == "${OPENCLAW_GATEWAY_TOKEN}"
    assert real_validate(state, tmp_path)["valid"] is True
    assert [p.name for p in state.iterdir() if p.name.startswith(".")] == [], "no temp file left behind"

    second = run_task(tmp_path, args)
    assert second["changed"] is False and not second.get("failed")

    # The gateway stamps `meta` when it writes the file; that is not a difference to fix.
    written["meta"] = {"lastTouchedVersion": "2026.9.6"}
    target.write_text(json.dumps(written))
    os.chmod(target, 0o600)
    stamped = target.stat().st_mtime_ns
    third = run_task(tmp_path, dict(args, validator="model"))
    assert third["changed"] is False and not third.get("failed"), third
    assert target.stat().st_mtime_ns == stamped, "the module must not rewrite the file"
    assert json.loads(target.read_text())["meta"] == {"lastTouchedVersion": "2026.9.6"}


def test_secrets_are_never_shown_and_absent_removes(state, tmp_path):
    token = "tg-0123456789:AAE-very-secret-bot-token"
    args = dict(base_args(state, tmp_path, "auto"), config={"channels": {"telegram": {"enabled": True}}},
                secrets={"channels.telegram.botToken": token})
    result = run_task(tmp_path, args, diff=True)
    assert result["changed"] is True and not result.get("failed"), result
    assert token not in json.dumps(result)
    assert json.loads((state / "openclaw.json").read_text())["channels"]["telegram"]["botToken"] == token
    removed = run_task(tmp_path, dict(base_args(state, tmp_path, "auto"), state="absent", paths=["channels.telegram"]))
    assert removed["changed"] is True and not removed.get("failed")
    assert "channels" not in json.loads((state / "openclaw.json").read_text()) or \
        "telegram" not in json.loads((state / "openclaw.json").read_text())["channels"]


def test_every_problem_in_one_failure(state, tmp_path):
    config = {"gateway": {"bnd": "lan", "port": "http"}, "agents": {"defaults": {"sandbox": {"mode": "sometimes"}}}}
    for validator in ("openclaw", "model"):
        result = run_task(tmp_path, dict(base_args(state, tmp_path, validator), config=config))
        assert result.get("failed") is True
        text = "\n".join(result["issues"])
        assert "gateway.bnd: unknown key (did you mean bind?)" in text, (validator, text)
        assert "gateway.port:" in text and "agents.defaults.sandbox.mode:" in text, (validator, text)
