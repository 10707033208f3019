"""Verify the hardening role on live instances, from outside (real SSH from this machine) and inside
(`host` = testinfra over the hardened SSH address: adminclaw on 222 with sudo).

Expected values come from issue 3 (the security model), not from the role's code. The fail2ban ban test
runs last: it bans this machine's address on purpose and lifts the ban through docker exec.
"""
import os
import pathlib
import re
import subprocess
import sys
import time

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "shared"))
from clawtest import recap, run_playbook  # noqa: E402

CONVERGE = "molecule/hardening/converge.yml"
KEY = pathlib.Path(os.environ.get("MOLECULE_EPHEMERAL_DIRECTORY", "/nonexistent")) / "id_ed25519"
ADDRESSES = {
    "debian12-hardening": "172.28.5.12",
    "debian13-hardening": "172.28.5.13",
    "debian13-hardening-socket": "172.28.5.23",
}
ISSUE_KEX = ["mlkem768x25519-sha256", "sntrup761x25519-sha512@openssh.com",
             "curve25519-sha256@libssh.org", "diffie-hellman-group16-sha512"]
ISSUE_CIPHERS = ["chacha20-poly1305@openssh.com", "aes256-gcm@openssh.com"]
ISSUE_MACS = ["hmac-sha2-512-etm@openssh.com", "hmac-sha2-256-etm@openssh.com"]


def ssh(address, port, user, command="true", *options, timeout=5):
    """A real SSH login from this machine with the scenario's key; returns the CompletedProcess."""
    cmd = ["ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
           "-o", "IdentitiesOnly=yes", "-o", f"ConnectTimeout={timeout}", "-o", "LogLevel=ERROR",
           "-i", str(KEY), "-p", str(port), *options, f"{user}@{address}", command]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=60, check=False)


def docker_exec(name, *argv):
    return subprocess.run(["docker", "exec", name, *argv], capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def name(host):
    return host.backend.get_hostname()


@pytest.fixture(scope="module")
def address(name):
    return ADDRESSES[name]


@pytest.fixture(scope="module")
def controller(address):
    """This machine's address as the instance sees it."""
    return ssh(address, 222, "adminclaw", "echo $SSH_CLIENT").stdout.split()[0]


@pytest.fixture(scope="module")
def refusals_do_not_ban_us(name, controller):
    """The refused logins below would get this machine banned (maxretry 3) and break the next tests:
    fail2ban ignores it (runtime only, the config is untouched) until the ban test takes that away."""
    assert docker_exec(name, "fail2ban-client", "set", "sshd", "addignoreip", controller).returncode == 0


@pytest.fixture(scope="module")
def major(host):
    return int(host.system_info.release.split(".")[0])


# --- SSH from outside --------------------------------------------------------------------------------------

def test_admin_logs_in_with_the_key_on_222_and_has_sudo(address):
    proc = ssh(address, 222, "adminclaw", "id -un && sudo -n id -un")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["adminclaw", "root"]


def test_port_22_is_closed(host, address, refusals_do_not_ban_us):
    proc = ssh(address, 22, "root", timeout=3)
    assert proc.returncode == 255
    assert re.search(r"port 22: (Connection timed out|Connection refused)", proc.stderr), proc.stderr
    listening = {int(m) for m in re.findall(r":(\d+)\s", host.run("ss -Hltn").stdout)}
    assert 22 not in listening
    assert 222 in listening


def test_root_login_is_refused_even_with_an_authorized_key(address, refusals_do_not_ban_us):
    # prepare.yml authorized this very key for root: only sshd's settings can refuse it.
    proc = ssh(address, 222, "root")
    assert proc.returncode == 255
    assert "Permission denied (publickey)" in proc.stderr


def test_password_login_is_not_offered(address, refusals_do_not_ban_us):
    # adminclaw has a password (converge sets a hash); sshd must still offer nothing but publickey.
    proc = ssh(address, 222, "adminclaw", "true", "-o", "PubkeyAuthentication=no",
               "-o", "PreferredAuthentications=password,keyboard-interactive")
    assert proc.returncode == 255
    assert "Permission denied (publickey)." in proc.stderr, proc.stderr


def test_runtime_user_cannot_log_in(host, address, refusals_do_not_ban_us):
    # Even with the key placed in its authorized_keys, openclaw is refused (not in AllowUsers, no shell).
    keys = "/home/openclaw/.ssh/authorized_keys"
    with host.sudo():
        host.check_output(f"install -d -o openclaw -m 700 /home/openclaw/.ssh && cp /home/adminclaw/.ssh/authorized_keys {keys}"
                          f" && chown openclaw {keys}")
        try:
            proc = ssh(address, 222, "openclaw")
        finally:
            host.check_output("rm -rf /home/openclaw/.ssh")
    assert proc.returncode == 255
    assert "Permission denied (publickey)" in proc.stderr


# --- sshd effective configuration -----------------------------------------------------------------------

def test_sshd_effective_settings(host, major):
    out = host.check_output("sshd -T -C user=adminclaw,host=client.example,addr=203.0.113.7,lport=222")
    lines = out.splitlines()
    eff = dict(line.split(" ", 1) for line in lines if " " in line)
    assert [line.split()[1] for line in lines if line.startswith("port ")] == ["222"]
    for key, want in {
        "permitrootlogin": "no", "passwordauthentication": "no", "kbdinteractiveauthentication": "no",
        "usepam": "yes", "allowusers": "adminclaw", "maxauthtries": "3", "maxsessions": "3",
        "logingracetime": "30", "x11forwarding": "no", "allowtcpforwarding": "no", "allowagentforwarding": "no",
        "pubkeyauthentication": "yes",
    }.items():
        assert eff.get(key) == want, f"{key}: {eff.get(key)!r}, want {want!r}"
    supported = {q: set(host.check_output(f"ssh -Q {q}").split()) for q in ("kex", "cipher", "mac")}
    assert set(eff["kexalgorithms"].split(",")) == {k for k in ISSUE_KEX if k in supported["kex"]}
    assert set(eff["ciphers"].split(",")) == set(ISSUE_CIPHERS)
    assert set(eff["macs"].split(",")) == set(ISSUE_MACS)
    # OpenSSH 9.2 (Debian 12) has no ML-KEM; 10.0 (Debian 13) has it and must use it.
    assert ("mlkem768x25519-sha256" in eff["kexalgorithms"]) is (major >= 13)


def test_dropin_wins_over_a_later_cloud_init_file(host):
    # A cloud-init file sorting after ours must not win (sshd keeps the first value it reads).
    path = "/etc/ssh/sshd_config.d/50-cloud-init.conf"
    with host.sudo():
        host.check_output(f"printf 'PasswordAuthentication yes\\nPermitRootLogin yes\\n' > {path}")
        try:
            out = host.check_output("sshd -T -C user=adminclaw,host=h,addr=203.0.113.7")
        finally:
            host.check_output(f"rm -f {path}")
    assert "passwordauthentication no" in out.splitlines()
    assert "permitrootlogin no" in out.splitlines()


def test_socket_activation_listens_on_222_only(host, name):
    """The socket variant keeps sshd socket-activated, on 222 only; the others run ssh.service on 222."""
    socket = host.service("ssh.socket")
    if name.endswith("-socket"):
        assert socket.is_enabled and socket.is_running
        listen = host.check_output("systemctl show ssh.socket -p Listen --value")
        assert re.findall(r":(\d+) \(Stream\)", listen) == ["222"], listen
        sockets = host.run("ss -Hltnp").stdout
        assert 'systemd",pid=1' in sockets and ":222 " in sockets
    else:
        assert not socket.is_enabled and not socket.is_running
        assert host.service("ssh").is_enabled
    assert host.service("ssh").is_running


# --- UFW, fail2ban ----------------------------------------------------------------------------------------

def test_ufw_denies_everything_but_ssh(host):
    out = host.check_output("sudo ufw status verbose")
    assert "Status: active" in out
    assert "Default: deny (incoming), allow (outgoing)" in out
    lines = out.splitlines()
    rules = [line for line in lines[next(i for i, line in enumerate(lines) if line.startswith("--")) + 1:] if line.strip()]
    assert [r.split()[0] for r in rules] == ["222/tcp", "222/tcp"], rules  # IPv4 and IPv6, nothing else
    assert all("ALLOW IN" in r for r in rules), rules
    assert "443" not in out


def test_fail2ban_sshd_jail_is_live(host):
    assert host.service("fail2ban").is_running and host.service("fail2ban").is_enabled
    with host.sudo():
        status = host.check_output("fail2ban-client status sshd")
        get = {k: host.check_output(f"fail2ban-client get sshd {k}") for k in ("maxretry", "bantime", "findtime")}
        port = host.check_output("fail2ban-client get sshd action iptables-multiport port")
        jail = host.file("/etc/fail2ban/jail.local").content_string
    assert "Status for the jail: sshd" in status
    assert "Journal matches:\t_SYSTEMD_UNIT=ssh.service" in status
    assert get == {"maxretry": "3", "bantime": "86400", "findtime": "600"}
    assert port == "222"
    default = jail.split("[DEFAULT]", 1)[1].split("[sshd]", 1)[0]
    for line in ("bantime = 1h", "findtime = 10m", "maxretry = 5", "backend = systemd"):
        assert line in default.splitlines()


# --- sysctl, unattended-upgrades, auditd, packages --------------------------------------------------------

def test_sysctl_file(host):
    f = host.file("/etc/sysctl.d/99-security.conf")
    assert f.exists and f.user == "root" and f.mode == 0o644
    conf = dict(line.replace(" ", "").split("=", 1) for line in f.content_string.splitlines()
                if line.strip() and not line.startswith("#"))
    for key, value in {
        "net.ipv4.conf.all.rp_filter": "1", "net.ipv4.icmp_echo_ignore_broadcasts": "1",
        "net.ipv4.conf.all.accept_source_route": "0", "net.ipv4.conf.all.send_redirects": "0",
        "net.ipv4.conf.all.accept_redirects": "0", "net.ipv4.tcp_syncookies": "1",
        "net.ipv4.tcp_max_syn_backlog": "2048", "net.ipv4.tcp_synack_retries": "2",
        "net.ipv4.conf.all.log_martians": "1", "kernel.randomize_va_space": "2",
        "kernel.dmesg_restrict": "1", "kernel.kptr_restrict": "2",
    }.items():
        assert conf.get(key) == value, key
    # Nothing that would break Docker, user namespaces or Sysbox.
    assert not [k for k in conf if "ip_forward" in k or "userns" in k or "unprivileged_userns" in k]
    # Every key names a real kernel parameter (sysctl would reject the file at boot otherwise).
    for key in conf:
        assert host.file("/proc/sys/" + key.replace(".", "/")).exists, key


def test_unattended_upgrades_effective_config(host, major):
    dump = host.check_output("apt-config dump")
    assert 'Unattended-Upgrade::AutoFixInterruptedDpkg "true";' in dump
    assert 'Unattended-Upgrade::Remove-Unused-Kernel-Packages "true";' in dump
    assert 'Unattended-Upgrade::Remove-Unused-Dependencies "true";' in dump
    assert 'Unattended-Upgrade::Automatic-Reboot "false";' in dump
    assert 'APT::Periodic::Unattended-Upgrade "1";' in dump
    # What unattended-upgrade itself will act on: exactly main + security of this release.
    with host.sudo():
        out = host.run("unattended-upgrade --dry-run -d").stdout
    codename = {12: "bookworm", 13: "trixie"}[major]
    allowed = re.search(r"Allowed origins are: (.*)", out).group(1)
    assert allowed.split(", ") == [f"origin=Debian,codename={codename},label=Debian",
                                   f"origin=Debian,codename={codename}-security,label=Debian-Security"]


def test_auditd_enabled_with_rules_but_not_started_in_a_container(host):
    assert host.package("auditd").is_installed
    assert host.service("auditd").is_enabled
    assert not host.service("auditd").is_running  # the kernel audit subsystem is not namespaced
    with host.sudo():
        rules = host.file("/etc/audit/rules.d/50-hardening.rules").content_string
    assert "-w /etc/sudoers -p wa -k sudoers" in rules and "-k identity" in rules


def test_base_packages_installed(host, major):
    for pkg in ("curl", "wget", "git", "vim", "htop", "tmux", "unzip", "ca-certificates", "gnupg", "lsb-release",
                "ufw", "fail2ban", "auditd", "unattended-upgrades", "python3-systemd"):
        assert host.package(pkg).is_installed, pkg
    # Debian 13's apt-transport-https is an empty transitional package: installed only where it is real.
    assert host.package("apt-transport-https").is_installed is (major == 12)


# --- users ----------------------------------------------------------------------------------------------

def test_admin_user(host):
    admin = host.user("adminclaw")
    assert admin.exists and admin.shell == "/bin/bash"
    assert {"sudo", "adm"} <= set(admin.groups)
    assert admin.password.startswith("$6$clawtest$")  # console password from converge.yml
    sudoers = host.file("/etc/sudoers.d/adminclaw")
    assert sudoers.mode == 0o440 and sudoers.user == "root"
    with host.sudo():
        assert "(ALL : ALL) NOPASSWD: ALL" in host.check_output("sudo -l -U adminclaw")
        keys = host.file("/home/adminclaw/.ssh/authorized_keys").content_string
    assert (KEY.with_suffix(".pub").read_text().split()[1]) in keys  # copied from root, the first connection


def test_runtime_user(host):
    user = host.user("openclaw")
    assert user.exists and user.shell == "/usr/sbin/nologin"
    assert "sudo" not in user.groups and "adm" not in user.groups
    home = host.file(user.home)
    assert home.is_directory and home.mode == 0o750 and home.user == "openclaw"
    with host.sudo():
        assert "is not allowed to run sudo" in host.check_output("sudo -l -U openclaw")
        assert not host.file(user.home + "/.ssh/authorized_keys").exists


# --- check mode and bad input -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def check_run():
    return run_playbook(CONVERGE, "all", check=True)


def test_check_mode_on_a_converged_host_changes_nothing(name, check_run):
    rc, out = check_run
    assert rc == 0, out
    assert recap(out, name)["changed"] == 0, out
    assert recap(out, name)["failed"] == 0


def _snapshot(name):
    return docker_exec(name, "sh", "-c", "find /etc /home -xdev -type f -exec md5sum {} + | sort; "
                       "ufw status verbose; ss -Hltn").stdout


@pytest.mark.parametrize("extra_vars, expected", [
    ({"hardening_admin_authorized_keys": [], "hardening_admin_copy_connecting_user_keys": False},
     "hardening_admin_authorized_keys is empty and hardening_admin_copy_connecting_user_keys is false"),
    ({"hardening_ssh_port": 70000}, "hardening_ssh_port must be a TCP port between 1 and 65535, got 70000"),
    ({"hardening_ssh_kex_algorithms": ["curve25519-sha256@libssh.org", "kyber-ultra-sha3"]},
     "hardening_ssh_kex_algorithms"),
    ({"hardening_ssh_ciphers": ["aes128-cbc"]}, "hardening_ssh_ciphers"),
])
def test_bad_input_fails_before_any_change(extra_vars, expected):
    target = "debian12-hardening"
    before = _snapshot(target)
    rc, out = run_playbook(CONVERGE, target, extra_vars)
    assert rc != 0, out
    assert expected in out, out
    if "algorithms" in expected or "ciphers" in expected:
        assert "Validating arguments against arg spec" in out and "value of" in out, out
    assert recap(out, target)["changed"] == 0
    assert _snapshot(target) == before


# --- last: fail2ban really bans (this machine, then lifts the ban through docker exec) --------------------

def test_zz_fail2ban_bans_after_repeated_failures(name, address, controller):
    me = controller
    assert docker_exec(name, "fail2ban-client", "set", "sshd", "delignoreip", me).returncode == 0
    for _ in range(5):
        ssh(address, 222, "root")
        time.sleep(1)
        status = docker_exec(name, "fail2ban-client", "status", "sshd").stdout
        if me in status:
            break
    try:
        assert re.search(r"Banned IP list:.*\b" + re.escape(me) + r"\b", status), status
        assert ssh(address, 222, "adminclaw", timeout=3).returncode == 255  # banned, even with the right key
    finally:
        docker_exec(name, "fail2ban-client", "set", "sshd", "unbanip", me)
    assert ssh(address, 222, "adminclaw").returncode == 0
