"""Helpers for the scenarios' testinfra verifiers: run a playbook of this repo against the instances."""
import json
import os
import pathlib
import subprocess
import tempfile

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]


def run_playbook(playbook, limit, extra_vars=None, check=False, extra_args=()):
    """Run a playbook against one molecule instance; return (returncode, combined output)."""
    cmd = [
        "ansible-playbook", "-i", os.environ["MOLECULE_INVENTORY_FILE"], "-l", limit,
        str(REPO / playbook if not os.path.isabs(playbook) else playbook),
    ]
    if extra_vars:
        cmd += ["-e", json.dumps(extra_vars)]
    if check:
        cmd.append("--check")
    cmd += list(extra_args)
    env = dict(os.environ, ANSIBLE_FORCE_COLOR="false", ANSIBLE_NOCOLOR="true")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=REPO, check=False)
    return proc.returncode, proc.stdout + proc.stderr


def recap(output, host):
    """The PLAY RECAP counters of one host as a dict of ints."""
    for line in output.splitlines():
        if line.startswith(host + " ") and "ok=" in line:
            return {k: int(v) for k, v in (kv.split("=") for kv in line.split(":", 1)[1].split())}
    raise AssertionError(f"no PLAY RECAP line for {host} in:\n{output}")


def fact_dump(playbook, limit, fact, extra_vars=None):
    """Run `playbook` and return the value of `fact` it wrote to the file named by dump_path."""
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "fact.json"
        rc, out = run_playbook(playbook, limit, dict(extra_vars or {}, dump_path=str(path), dump_fact=fact))
        assert rc == 0, out
        return json.loads(path.read_text())


@pytest.fixture(scope="module")
def name(host):
    """The instance's inventory name (import this fixture into a test module)."""
    return host.backend.get_hostname()


def sh(host, cmd):
    """Run a shell command on the instance, fail the test with its output unless it succeeds; its stdout."""
    result = host.run(cmd)
    assert result.rc == 0, f"{cmd}\n{result.stdout}{result.stderr}"
    return result.stdout.strip()


def daemon_json(host):
    """The instance's /etc/docker/daemon.json."""
    return json.loads(host.file("/etc/docker/daemon.json").content_string)
