"""Verify the sysbox role on a live Debian 13 instance with its own dockerd.

The nestybox sysbox-ce package cannot be obtained on the build machine. Without SYSBOX_DEB this verifies
preflight, the clear failure when no package source is given, and the registration of sysbox-runc in
daemon.json and dockerd; the checks that need the package are reported as skipped with "NOT RUN".
"""
import json
import os
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "shared"))
from clawtest import daemon_json, name, recap, run_playbook, sh  # noqa: E402,F401

SYSBOX = "molecule/sysbox/sysbox.yml"
SYSBOX_DEB = os.environ.get("SYSBOX_DEB", "")
needs_package = pytest.mark.skipif(
    not SYSBOX_DEB,
    reason="NOT RUN: needs a real Sysbox package (SYSBOX_DEB=/path/sysbox-ce_<v>-0.linux_amd64.deb make test-sysbox)",
)


def _snapshot(host):
    return host.run("dpkg-query -W -f '${Package} ${Version}\\n'; md5sum /etc/docker/daemon.json; "
                    "systemctl show -p MainPID --value docker").stdout


def test_runtime_is_registered_and_other_keys_survive(host):
    config = daemon_json(host)
    print(f"daemon.json: {json.dumps(config, sort_keys=True)}")
    assert config["runtimes"] == {"sysbox-runc": {"path": "/usr/bin/sysbox-runc"}}
    # Written by prepare.yml the way the Sysbox installer does; the docker role's hardening is merged in.
    assert config["bip"] == "172.24.0.1/16"
    assert config["default-address-pools"] == [{"base": "172.25.0.0/16", "size": 24}]
    assert config["live-restore"] is True and config["no-new-privileges"] is True


def test_dockerd_lists_sysbox_runc(host):
    """dockerd accepts a runtime whose binary is missing; `docker info` lists it (measured, see README)."""
    runtimes = json.loads(sh(host, "docker info --format '{{json .Runtimes}}'"))
    print(f"docker info Runtimes: {sorted(runtimes)}; sysbox-runc entry: {runtimes.get('sysbox-runc')}; "
          f"/usr/bin/sysbox-runc exists: {host.file('/usr/bin/sysbox-runc').exists}")
    assert "sysbox-runc" in runtimes
    assert runtimes["sysbox-runc"]["path"] == "/usr/bin/sysbox-runc"


def test_idempotence_and_check_runs_did_not_restart_dockerd(host):
    log = [line.split() for line in host.file("/var/tmp/clawtest-dockerd-pid.log").content_string.splitlines()]
    print(f"dockerd MainPID after each run (converge, idempotence, check, ...): {log}")
    assert [mode for mode, _ in log[:3]] == ["apply", "apply", "check"], "run molecule converge, idempotence, check first"
    assert len({pid for _, pid in log[:3]}) == 1


@pytest.mark.parametrize("extra_vars, expected", [
    ({"sysbox_deb_url": ""}, "sysbox: no package source for sysbox-ce 0.6.4 (amd64); nothing was changed. Set sysbox_deb_path"),
    ({"sysbox_version": "0.6.7"}, "This role knows the checksum of sysbox_version 0.6.4 only"),
    ({"sysbox_deb_path": "/nonexistent/sysbox-ce.deb"}, "sysbox_deb_path /nonexistent/sysbox-ce.deb does not exist on the controller"),
], ids=["no-url-no-path", "unknown-version-no-sha256", "missing-local-deb"])
def test_install_without_a_usable_package_source_fails_before_any_change(host, name, extra_vars, expected):
    # (The default URL with the known 0.6.4 checksum is a valid source; this machine cannot download it.)
    extra = dict({"sysbox_install_enabled": True, "sysbox_deb_path": ""}, **extra_vars)
    before = _snapshot(host)
    rc, out = run_playbook(SYSBOX, name, extra)
    print(next((line.strip() for line in out.splitlines() if "sysbox" in line and ("no package" in line or "sysbox_deb_path" in line)), ""))
    assert rc != 0
    assert expected in out, out
    assert recap(out, name)["changed"] == 0
    assert _snapshot(host) == before


@pytest.mark.parametrize("extra_vars, setup, expected", [
    ({"sysbox_supported_distributions": {"Ubuntu": ["24.04"]}}, None, "unsupported distribution Debian 13"),
    ({"sysbox_min_kernel": "99.0"}, None, "is older than sysbox_min_kernel 99.0 and has no shiftfs module"),
    ({}, "mkdir -p /snap/bin && ln -sf /usr/bin/docker /snap/bin/docker", "Docker is installed as a snap"),
], ids=["distribution", "kernel", "snap-docker"])
def test_preflight_stops_an_unsuitable_host_before_any_change(host, name, extra_vars, setup, expected):
    if setup:
        sh(host, setup)
    try:
        before = _snapshot(host)
        rc, out = run_playbook(SYSBOX, name, extra_vars)
        print(next((line.strip() for line in out.splitlines() if expected in line), ""))
        assert rc != 0
        assert "cannot run Sysbox; nothing was changed" in out and expected in out, out
        assert recap(out, name)["changed"] == 0
        assert _snapshot(host) == before
    finally:
        host.run("rm -rf /snap")


def test_bad_types_fail_argument_validation(name):
    rc, out = run_playbook(SYSBOX, name, {"sysbox_install_enabled": "perhaps"})
    assert rc != 0
    assert "Validating arguments against arg spec" in out and "sysbox_install_enabled" in out, out


@needs_package
def test_package_is_installed(host):
    assert host.package("sysbox-ce").is_installed
    print(f"sysbox-ce {host.package('sysbox-ce').version}")


@needs_package
@pytest.mark.parametrize("unit", ["sysbox", "sysbox-mgr", "sysbox-fs"])
def test_services_enabled_and_running(host, unit):
    assert host.service(unit).is_enabled
    assert host.service(unit).is_running


@needs_package
def test_a_container_runs_with_sysbox_runc(host):
    sh(host, "tar -C / -ch usr/bin/cat $(ldd /usr/bin/cat | grep -o '/[^ ]*') 2>/dev/null | docker import - clawtest/cat:1")
    assert sh(host, "docker run --rm --runtime=sysbox-runc clawtest/cat:1 /usr/bin/cat /proc/self/uid_map") != "0 0 4294967295"
