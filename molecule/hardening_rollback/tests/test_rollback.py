"""The port move's failure path, on a fresh host reached as root on 22 (ssh.service and ssh.socket variants).

Port 222 is dropped by an iptables rule on the instance (standing in for a provider firewall the role cannot
see or change). The run must fail saying what happened, and root@22 must keep working with the previous sshd
configuration. With the rule gone, the same run must move SSH.
"""
import os
import pathlib
import subprocess
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "shared"))
from clawtest import recap, run_playbook  # noqa: E402

CONVERGE = "molecule/hardening/converge.yml"
KEY = pathlib.Path(os.environ.get("MOLECULE_EPHEMERAL_DIRECTORY", "/nonexistent")) / "id_ed25519"
HOSTS = {"debian12-hardening-rollback": "172.28.6.12", "debian13-hardening-rollback-socket": "172.28.6.23"}
BLOCK = ["iptables", "-I", "INPUT", "-p", "tcp", "--dport", "222", "-j", "DROP"]


def ssh(address, port, user, command="true"):
    cmd = ["ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
           "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=4", "-o", "LogLevel=ERROR", "-i", str(KEY),
           "-p", str(port), f"{user}@{address}", command]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)


def sh(name, script):
    proc = subprocess.run(["docker", "exec", name, "sh", "-c", script], capture_output=True, text=True, check=False)
    return proc.stdout


def ssh_state(name):
    """Everything that decides how sshd answers: effective config, its files, the listening ports."""
    return {
        "sshd -T": sh(name, "sshd -T -C user=root,host=h,addr=203.0.113.7"),
        "files": sh(name, "find /etc/ssh /etc/systemd/system/ssh.socket.d -type f 2>/dev/null | sort | xargs md5sum"),
        "ports": sorted(set(sh(name, "ss -Hltn | awk '{print $4}' | sed 's/.*://'").split()) - {""}),
        "socket": sh(name, "systemctl is-enabled ssh.socket; systemctl show ssh.socket -p Listen --value"),
    }


@pytest.fixture(scope="module")
def blocked():
    before = {name: ssh_state(name) for name in HOSTS}
    for name in HOSTS:
        assert ssh(HOSTS[name], 22, "root").returncode == 0, "prepare should leave root@22 working"
        # The firewall in front of the host: iptables (UFW's own dependency) with one DROP rule for 222.
        subprocess.run(["docker", "exec", "-e", "DEBIAN_FRONTEND=noninteractive", name, "apt-get", "install", "-y", "-q",
                        "--no-install-recommends", "iptables"], check=True, capture_output=True)
        subprocess.run(["docker", "exec", name, *BLOCK], check=True)
    rc, out = run_playbook(CONVERGE, "all")
    return before, rc, out


def test_blocked_port_fails_the_run_with_a_clear_message(blocked):
    _, rc, out = blocked
    print("\n".join(line for line in out.splitlines() if "msg:" in line or "ROLLED BACK" in line or "PLAY RECAP" in line))
    assert rc != 0
    for name in HOSTS:
        assert recap(out, name)["failed"] == 1, out
        assert f"hardening: moving SSH on {name} to port 222 failed and was ROLLED BACK" in out, out
    assert out.count("did not answer from the controller") >= len(HOSTS), out
    assert out.count("root@22 works as before") >= len(HOSTS), out


@pytest.mark.parametrize("name", HOSTS)
def test_old_port_still_works_with_the_old_config(blocked, name):
    before = blocked[0][name]
    proc = ssh(HOSTS[name], 22, "root", "id -un")
    assert proc.returncode == 0 and proc.stdout.strip() == "root", proc.stderr
    after = ssh_state(name)
    assert after == before
    assert "22" in after["ports"] and "222" not in after["ports"]
    rules = sh(name, "ufw status")
    assert "22/tcp" in rules and "222/tcp" not in rules, rules  # the new port's rule is gone again


def test_the_same_run_moves_ssh_once_the_port_is_let_through(blocked):
    for name in HOSTS:
        subprocess.run(["docker", "exec", name, *[a if a != "-I" else "-D" for a in BLOCK]], check=True)
    rc, out = run_playbook(CONVERGE, "all")
    assert rc == 0, out
    for name, address in HOSTS.items():
        assert recap(out, name)["failed"] == 0
        proc = ssh(address, 222, "adminclaw", "sudo -n id -un")
        assert proc.returncode == 0 and proc.stdout.strip() == "root", proc.stderr
        assert ssh(address, 22, "root").returncode == 255
        ports = set(sh(name, "ss -Hltn | awk '{print $4}' | sed 's/.*://'").split())
        assert "222" in ports and "22" not in ports
