"""A real OpenClaw gateway process for integration tests.

``Gateway`` writes an isolated state directory and config, starts ``openclaw gateway run`` on a free
loopback port, waits for ``/readyz`` and stops the whole process group afterwards. ``gateway_fixture()``
makes a module-scoped pytest fixture of it (one gateway per test module: start-up costs ~10 s).

The config trusts 127.0.0.1 as a proxy, so a test client that sends ``X-Forwarded-For`` counts as that
remote address and is held with "pairing required" (a direct loopback client would be approved silently).
"""
import json
import os
import pathlib
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

import ws_client

REPO = pathlib.Path(__file__).resolve().parents[2]
OPENCLAW_BIN = pathlib.Path(os.environ.get("OPENCLAW_BIN", REPO / ".cache" / "openclaw" / "bin" / "openclaw"))
# Subsystems a pairing test does not need; they only slow start-up (and Bonjour would advertise on the LAN).
QUIET_ENV = {
    "OPENCLAW_SKIP_CHANNELS": "1",
    "OPENCLAW_SKIP_PROVIDERS": "1",
    "OPENCLAW_SKIP_CRON": "1",
    "OPENCLAW_SKIP_CANVAS_HOST": "1",
    "OPENCLAW_SKIP_BROWSER_CONTROL_SERVER": "1",
    "OPENCLAW_SKIP_GMAIL_WATCHER": "1",
    "OPENCLAW_SKIP_STARTUP_MODEL_PREWARM": "1",
    "OPENCLAW_DISABLE_BONJOUR": "1",
    "OPENCLAW_NO_RESPAWN": "1",
    "OPENCLAW_NO_AUTO_UPDATE": "1",
    "NO_COLOR": "1",
}


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gateway:
    def __init__(self, root, token=None, port=None):
        self.root = pathlib.Path(root)
        self.home = self.root / "home"
        self.state_dir = self.root / "state"
        self.config_path = self.state_dir / "openclaw.json"
        self.log_path = self.root / "gateway.log"
        self.token = token or secrets.token_urlsafe(24)
        self.port = port or free_port()
        self.proc = None
        self.start_seconds = None

    @property
    def url(self):
        return "ws://127.0.0.1:%d" % self.port

    def env(self):
        """Environment for the gateway and for CLI calls that should see only this test's state."""
        env = dict(os.environ)
        env.update(QUIET_ENV)
        env.update({"HOME": str(self.home), "OPENCLAW_STATE_DIR": str(self.state_dir),
                    "OPENCLAW_CONFIG_PATH": str(self.config_path)})
        env.pop("OPENCLAW_GATEWAY_TOKEN", None)
        env.pop("OPENCLAW_GATEWAY_URL", None)
        return env

    def write_config(self):
        self.home.mkdir(parents=True, exist_ok=True)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.state_dir, 0o700)
        config = {
            "gateway": {
                "mode": "local",
                "port": self.port,
                "bind": "loopback",
                "auth": {"mode": "token", "token": self.token},
                "trustedProxies": ["127.0.0.1"],
            },
            "logging": {"file": str(self.root / "openclaw.log")},
        }
        self.config_path.write_text(json.dumps(config, indent=2))
        os.chmod(self.config_path, 0o600)

    def start(self, timeout=120):
        if not os.access(OPENCLAW_BIN, os.X_OK):
            pytest.fail("OpenClaw CLI missing at %s: run `make openclaw`" % OPENCLAW_BIN)
        self.write_config()
        started = time.monotonic()
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [str(OPENCLAW_BIN), "gateway", "run", "--port", str(self.port)],
                env=self.env(), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                start_new_session=True)
        deadline = started + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail("gateway exited with %s during start-up:\n%s" % (self.proc.returncode, self.log_tail()))
            if self.ready():
                self.start_seconds = time.monotonic() - started
                sys.stderr.write("\n[gateway_fixture] gateway on port %d ready in %.1f s\n"
                                 % (self.port, self.start_seconds))
                return self
            time.sleep(0.2)
        self.stop()
        pytest.fail("gateway not ready after %d s:\n%s" % (timeout, self.log_tail()))

    def ready(self):
        try:
            with urllib.request.urlopen("http://127.0.0.1:%d/readyz" % self.port, timeout=2) as resp:
                return json.loads(resp.read().decode()).get("ready") is True
        except (urllib.error.URLError, OSError, ValueError):
            return False

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        except ProcessLookupError:
            pass

    def log_tail(self, lines=40):
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    # -- helpers for tests -------------------------------------------------------------------------
    def connect(self, key, forwarded_for=None, **kwargs):
        return ws_client.connect(self.url, self.token, key, forwarded_for=forwarded_for, **kwargs)

    def request_pairing(self, forwarded_for, **kwargs):
        """A new device key whose first connect is held: ``(key, request_id)``."""
        key = ws_client.DeviceKey()
        result = self.connect(key, forwarded_for=forwarded_for, **kwargs)
        assert result.pairing_required, "expected PAIRING_REQUIRED, got %r" % (result,)
        assert result.request_id
        return key, result.request_id

    def cli(self, *args, check=True):
        """Run the real CLI against this gateway (as an operator would); parsed JSON stdout."""
        env = self.env()
        env.update({"OPENCLAW_GATEWAY_URL": self.url, "OPENCLAW_GATEWAY_TOKEN": self.token})
        proc = subprocess.run([str(OPENCLAW_BIN)] + list(args), env=env, capture_output=True, text=True,
                              timeout=90, check=False)
        if check and proc.returncode != 0:
            raise AssertionError("openclaw %s failed (%s): %s %s" % (" ".join(args), proc.returncode,
                                                                     proc.stdout, proc.stderr))
        return json.loads(proc.stdout) if proc.stdout.strip() else None

    def reset_pairing(self):
        """Reject every pending request and unpair every device, through the real CLI."""
        self.cli("devices", "clear", "--yes", "--pending", "--json")


def gateway_fixture():
    """A module-scoped pytest fixture yielding a started ``Gateway``."""

    @pytest.fixture(scope="module")
    def gateway(tmp_path_factory):
        gw = Gateway(tmp_path_factory.mktemp("openclaw-gateway"))
        gw.start()
        try:
            yield gw
        finally:
            gw.stop()

    return gateway
