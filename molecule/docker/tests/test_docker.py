"""Verify the docker and docker_networks roles on a live Debian 13 instance running its own dockerd:
what `docker info` and containers show, networks and their reachability, idempotence without a dockerd
restart, reload-versus-restart, bad input and conflicting networks."""
import json
import pathlib
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "shared"))
from clawtest import daemon_json, name, recap, run_playbook, sh  # noqa: E402,F401

CONVERGE = "molecule/docker/converge.yml"
NETWORKS = "molecule/docker/networks.yml"
DAEMON = "molecule/docker/daemon.yml"
DOCKER = "molecule/docker/docker.yml"
PROBE = "clawtest/probe:1"
SEED_NETWORKS = [
    {"name": "openclaw-gateway-net", "subnet": "172.30.0.0/24"},
    {"name": "openclaw-sandbox-net", "subnet": "172.31.0.0/24", "internal": True},
]


def docker_info(host):
    return json.loads(sh(host, "docker info --format '{{json .}}'"))


def dockerd_pid(host):
    return int(sh(host, "systemctl show -p MainPID --value docker"))


@pytest.fixture(scope="module")
def probe(host):
    """No registry here: build a small image inside the instance from its own curl, bash, cat, sleep."""
    sh(host, "files=$( (for b in /usr/bin/curl /usr/bin/bash /usr/bin/cat /usr/bin/sleep; do echo $b; "
             "ldd $b | grep -o '/[^ ]*'; done) | sort -u) && tar -chf - $files 2>/dev/null "
             f"| docker import - {PROBE}")
    return PROBE


@pytest.fixture(scope="module")
def archive(host):
    """The Debian mirror this instance's apt uses, read from its sources, and one IPv4 address of it."""
    mirror = sh(host, r"sed -nE 's#^(deb|URIs:)[[:space:]]+(\[[^]]*\][[:space:]]+)?http://([^/ ]+).*#\3#p' "
                      "/etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null | head -1")
    assert mirror, "no plain-HTTP mirror in the instance's apt sources"
    address = sh(host, f"getent ahostsv4 {mirror} | head -1 | cut -d' ' -f1")
    suite = sh(host, ". /etc/os-release && echo $VERSION_CODENAME")
    return mirror, address, suite


def test_engine_compose_v2_and_buildx_are_installed(host):
    for pkg in ("docker.io", "docker-compose", "docker-buildx", "python3-requests"):
        assert host.package(pkg).is_installed, pkg
    assert sh(host, "docker compose version --short").lstrip("v").startswith("2.")
    assert sh(host, "docker buildx version").startswith("github.com/docker/buildx")
    assert host.service("docker").is_enabled and host.service("docker").is_running


def test_docker_info_shows_the_daemon_settings_live(host):
    info = docker_info(host)
    print(f"docker info: LiveRestoreEnabled={info['LiveRestoreEnabled']} Driver={info['Driver']} "
          f"LoggingDriver={info['LoggingDriver']} Runtimes={sorted(info['Runtimes'])} "
          f"ServerVersion={info['ServerVersion']}")
    assert info["LiveRestoreEnabled"] is True
    assert info["Driver"] == "overlay2"
    assert info["LoggingDriver"] == "json-file"


def test_keys_written_by_others_survive_and_are_live(host, probe):
    """prepare.yml wrote runtimes/bip/default-address-pools before the role ran."""
    config = daemon_json(host)
    assert config["runtimes"]["probe-runc"] == {"path": "runc"}
    assert config["bip"] == "10.199.0.1/24"
    assert config["default-address-pools"] == [{"base": "10.200.0.0/16", "size": 24}]
    assert "probe-runc" in docker_info(host)["Runtimes"]
    assert sh(host, "docker network inspect bridge --format '{{(index .IPAM.Config 0).Subnet}}'") == "10.199.0.0/24"
    sh(host, "docker network create clawtest-pool")
    try:
        assert sh(host, "docker network inspect clawtest-pool --format '{{(index .IPAM.Config 0).Subnet}}'").startswith("10.200.")
    finally:
        sh(host, "docker network rm clawtest-pool")
    assert sh(host, f"docker run --rm --runtime probe-runc {probe} /usr/bin/cat /proc/self/comm") == "cat"


def test_containers_get_the_daemon_defaults(host, probe):
    nofile = daemon_json(host)["default-ulimits"]["nofile"]
    script = "while read -r k v; do [ $k = NoNewPrivs: ] && echo $k $v; done </proc/self/status; ulimit -Sn; ulimit -Hn"
    cid = sh(host, f"docker create {probe} /usr/bin/bash -c '{script}'")
    try:
        inspect = json.loads(sh(host, f"docker inspect {cid}"))[0]
        print(f"docker inspect: LogConfig={inspect['HostConfig']['LogConfig']} Ulimits={inspect['HostConfig']['Ulimits']}")
        assert inspect["HostConfig"]["LogConfig"] == {"Type": "json-file", "Config": {"max-file": "5", "max-size": "50m"}}
        out = sh(host, f"docker start -a {cid}").split()
        print(f"inside the container: {out}")
        assert out == ["NoNewPrivs:", "1", str(nofile["Soft"]), str(nofile["Hard"])]
    finally:
        host.run(f"docker rm -f {cid}")


def test_published_port_without_userland_proxy(host, probe):
    cid = sh(host, f"docker run -d -p 127.0.0.1:18080:80 {probe} /usr/bin/sleep 60")
    try:
        assert sh(host, f"docker port {cid} 80") == "127.0.0.1:18080"
        assert host.run("pgrep -x docker-proxy").rc == 1, "a docker-proxy process serves the published port"
    finally:
        host.run(f"docker rm -f {cid}")


@pytest.mark.parametrize("net", SEED_NETWORKS, ids=lambda n: n["name"])
def test_network_exists_with_the_right_settings(host, net):
    inspect = json.loads(sh(host, f"docker network inspect {net['name']}"))[0]
    assert [c["Subnet"] for c in inspect["IPAM"]["Config"]] == [net["subnet"]]
    assert inspect["Driver"] == "bridge"
    assert inspect["Internal"] is net.get("internal", False)


@pytest.mark.parametrize("net, reachable", [("openclaw-gateway-net", True), ("openclaw-sandbox-net", False)])
def test_only_the_gateway_network_reaches_the_archive(host, probe, archive, net, reachable):
    mirror, address, suite = archive
    # By address, so the sandbox result is about routing, not only DNS.
    result = host.run(f"docker run --rm --network {net} {probe} /usr/bin/curl -sS -o /dev/null -w '%{{http_code}}' "
                      f"--max-time 10 -H 'Host: {mirror}' http://{address}/debian/dists/{suite}/Release")
    print(f"{net}: curl http://{mirror} ({address}) -> rc={result.rc} http={result.stdout} {result.stderr.strip()}")
    if reachable:
        assert result.rc == 0 and result.stdout == "200"
    else:
        assert result.rc != 0 and result.stdout == "000"


def test_existing_users_join_the_docker_group_missing_ones_are_not_created(host):
    assert "docker" in host.user("adminclaw").groups
    assert host.run("getent passwd openclaw").rc == 2


def test_idempotence_and_check_runs_did_not_restart_dockerd(host):
    """converge.yml logs dockerd's PID after every run: converge, idempotence (0 changed, checked by
    Molecule), check. Every run after the first must find the same dockerd."""
    log = [line.split() for line in host.file("/var/tmp/clawtest-dockerd-pid.log").content_string.splitlines()]
    print(f"dockerd MainPID after each run (converge, idempotence, check, ...): {log}")
    assert [mode for mode, _ in log[:3]] == ["apply", "apply", "check"], "run molecule converge, idempotence, check first"
    assert len({pid for _, pid in log[:3]}) == 1
    assert int(log[0][1]) > 0


def test_check_mode_reports_no_change_and_keeps_dockerd(host, name):
    before = dockerd_pid(host)
    rc, out = run_playbook(CONVERGE, name, check=True)
    print(f"converge --check: {recap(out, name)}; dockerd MainPID before={before} after={dockerd_pid(host)}")
    assert rc == 0, out
    assert recap(out, name)["changed"] == 0
    assert dockerd_pid(host) == before


def test_runtime_only_change_reloads_dockerd_without_restart(host, name):
    before = dockerd_pid(host)
    rc, out = run_playbook(DAEMON, name, {"docker_daemon_json_patch": {"runtimes": {"probe2-runc": {"path": "runc"}}}})
    after = dockerd_pid(host)
    print(f"runtime added: {recap(out, name)}; dockerd MainPID before={before} after={after}")
    assert rc == 0, out
    assert recap(out, name)["changed"] == 2  # daemon.json written, dockerd reloaded
    assert before == after
    assert {"probe2-runc", "probe-runc"} <= set(docker_info(host)["Runtimes"])


def test_other_change_restarts_dockerd_and_live_restore_keeps_containers(host, name, probe):
    cid = sh(host, f"docker run -d {probe} /usr/bin/sleep 600")
    started = sh(host, f"docker inspect -f '{{{{.State.Pid}}}}' {cid}")
    before = dockerd_pid(host)
    try:
        rc, out = run_playbook(DAEMON, name, {"docker_daemon_json_patch": {"log-opts": {"max-file": "4"}}})
        after = dockerd_pid(host)
        print(f"log-opts changed: {recap(out, name)}; dockerd MainPID before={before} after={after}; "
              f"container {cid[:12]} PID before={started}")
        assert rc == 0, out
        assert before != after
        assert daemon_json(host)["log-opts"] == {"max-file": "4", "max-size": "50m"}
        assert sh(host, f"docker inspect -f '{{{{.State.Running}}}} {{{{.State.Pid}}}}' {cid}") == f"true {started}"
    finally:
        host.run(f"docker rm -f {cid}")
        rc, out = run_playbook(DAEMON, name, {"docker_daemon_json_patch": {"log-opts": {"max-file": "5"}}})
        assert rc == 0 and daemon_json(host)["log-opts"]["max-file"] == "5", out


def _network_ids(host):
    return sh(host, "docker network ls -q --no-trunc | sort")


@pytest.mark.parametrize("networks, expected", [
    ([SEED_NETWORKS[0], dict(SEED_NETWORKS[1], subnet="172.31.0.300/24")],
     "docker_networks_list[1].subnet: '172.31.0.300/24' is not a valid CIDR"),
    ([SEED_NETWORKS[0], dict(SEED_NETWORKS[1], subnet="172.31.0.7/24")],
     "docker_networks_list[1].subnet: '172.31.0.7/24' is not a valid CIDR (172.31.0.7/24 has host bits set)"),
    ([SEED_NETWORKS[0], dict(SEED_NETWORKS[1], name="openclaw-gateway-net")],
     "docker_networks_list[1].name: duplicate network name 'openclaw-gateway-net' (already docker_networks_list[0].name)"),
    ([SEED_NETWORKS[0], dict(SEED_NETWORKS[1], subnet="172.30.0.128/25")],
     "docker_networks_list[1].subnet: 172.30.0.128/25 overlaps docker_networks_list[0].subnet 172.30.0.0/24"),
], ids=["bad-octet", "host-bits", "duplicate-name", "overlap"])
def test_invalid_network_list_fails_before_any_change(host, name, networks, expected):
    before = _network_ids(host)
    rc, out = run_playbook(NETWORKS, name, {"docker_networks_list": networks})
    print(next((line.strip() for line in out.splitlines() if "docker_networks_list[" in line), out))
    assert rc != 0
    assert "Validate docker_networks_list" in out and expected in out, out
    assert recap(out, name)["changed"] == 0
    assert _network_ids(host) == before


@pytest.mark.parametrize("play, extra_vars, expected", [
    (NETWORKS, {"docker_networks_list": [{"name": "x"}]}, "missing required arguments: subnet found in docker_networks_list"),
    (NETWORKS, {"docker_networks_list": [dict(SEED_NETWORKS[0], internal="maybe")]}, "docker_networks_list"),
    (NETWORKS, {"docker_networks_on_conflict": "recreate"}, "docker_networks_on_conflict"),
    (DOCKER, {"docker_install_source": "snap"}, "docker_install_source"),
    (DOCKER, {"docker_users": "adminclaw"}, "docker_users"),
])
def test_wrong_types_fail_argument_validation(host, name, play, extra_vars, expected):
    rc, out = run_playbook(play, name, extra_vars)
    print(next((line.strip() for line in out.splitlines() if "argument" in line.lower() and expected in line), ""))
    assert rc != 0
    assert "Validating arguments against arg spec" in out and expected in out, out
    assert recap(out, name)["changed"] == 0


@pytest.mark.parametrize("policy", ["fail", "skip"])
def test_existing_network_with_another_subnet_is_reported_not_recreated(host, name, policy):
    net_id = sh(host, "docker network create --subnet 10.98.0.0/24 clawtest-conflict")
    try:
        wanted = SEED_NETWORKS + [{"name": "clawtest-conflict", "subnet": "10.97.0.0/24"}]
        rc, out = run_playbook(NETWORKS, name, {"docker_networks_list": wanted, "docker_networks_on_conflict": policy})
        print(next((line.strip() for line in out.splitlines() if "clawtest-conflict:" in line), out))
        assert "clawtest-conflict: subnet 10.98.0.0/24 (wanted 10.97.0.0/24)" in out, out
        assert recap(out, name)["changed"] == 0
        assert (rc != 0) is (policy == "fail"), out
        assert sh(host, "docker network inspect -f '{{.Id}}' clawtest-conflict") == net_id
    finally:
        host.run("docker network rm clawtest-conflict")
