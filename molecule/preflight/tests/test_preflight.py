"""Verify preflight on live instances: its report matches ground truth read independently from the
host, and an unsupported target stops playbooks/site.yml with a clear message and no change."""
import sys
import pathlib

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "shared"))
from clawtest import fact_dump, name, recap, run_playbook  # noqa: E402,F401


@pytest.fixture(scope="module")
def reported(name):
    return fact_dump("molecule/preflight/report.yml", name, "preflight_facts")


def test_systemd_is_pid_1(host):
    assert host.file("/proc/1/comm").content_string.strip() == "systemd"
    assert host.run("systemctl is-system-running").stdout.strip() in ("running", "degraded")


def test_report_matches_the_host(host, reported):
    os_release = dict(
        line.split("=", 1) for line in host.file("/etc/os-release").content_string.splitlines() if "=" in line
    )
    assert reported["distribution"] == "Debian"
    assert reported["distribution_version"].split(".")[0] == os_release["VERSION_ID"].strip('"')
    assert reported["architecture"] == host.run("uname -m").stdout.strip()
    assert reported["kernel"] == host.run("uname -r").stdout.strip()
    assert reported["container"] is True
    assert host.run("systemd-detect-virt --container").rc == 0
    socket_active = host.run("systemctl is-active ssh.socket").stdout.strip() == "active"
    assert reported["ssh_socket_active"] is socket_active
    assert reported["ssh_socket_present"] is (host.run("systemctl cat ssh.socket").rc == 0)
    assert reported["problems"] == []


def test_ssh_socket_activation_is_detected(host, name):
    """Enable ssh.socket (as Ubuntu >= 22.10 ships it): the report must follow."""
    host.run("systemctl disable --now ssh.service && systemctl enable --now ssh.socket")
    try:
        facts = fact_dump("molecule/preflight/report.yml", name, "preflight_facts")
        assert facts["ssh_socket_active"] is True
        assert facts["ssh_socket_enabled"] is True
    finally:
        host.run("systemctl disable --now ssh.socket && systemctl enable --now ssh.service")
    assert host.service("ssh").is_running


def _snapshot(host):
    # Package set and every file under /etc with its checksum: what any role would change first.
    return host.run("dpkg-query -W -f '${Package} ${Version}\\n' && find /etc -xdev -type f -exec md5sum {} + | sort").stdout


@pytest.mark.parametrize("extra_vars, expected", [
    ({"preflight_min_memory_mb": 10_000_000}, "below preflight_min_memory_mb 10000000"),
    ({"preflight_min_disk_free_gb": 1_000_000}, "below preflight_min_disk_free_gb 1000000"),
    ({"preflight_supported_distributions": {"Ubuntu": ["24.04"]}}, "unsupported distribution Debian"),
    ({"preflight_supported_architectures": ["riscv64"]}, "unsupported architecture"),
    ({"preflight_sysbox_min_kernel": "99.0"}, "has no shiftfs module: Sysbox cannot run"),
    ({"preflight_min_python": "9.0"}, "older than preflight_min_python 9.0"),
])
def test_unsupported_target_stops_site_before_any_change(host, name, extra_vars, expected):
    before = _snapshot(host)
    rc, out = run_playbook("playbooks/site.yml", name, extra_vars)
    assert rc != 0, out
    assert "cannot run the OpenClaw stack; nothing was changed" in out
    assert expected in out, out
    assert recap(out, name)["changed"] == 0
    assert recap(out, name)["failed"] == 1
    assert _snapshot(host) == before


def test_bad_variable_type_fails_argument_validation(name):
    rc, out = run_playbook("playbooks/site.yml", name, {"preflight_min_memory_mb": "lots"})
    assert rc != 0
    assert "preflight_min_memory_mb" in out and "Validating arguments against arg spec" in out, out
