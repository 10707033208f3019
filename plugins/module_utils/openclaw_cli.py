# -*- coding: utf-8 -*-
# Copyright: clawops maintainers
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run the OpenClaw CLI, either a local binary or inside a (gateway) container with ``docker exec``.

Shared by the collection's modules (openclaw_config, openclaw_device). Plain Python, no Ansible import,
so it is unit-testable. Interface (kept stable):

    cli = OpenClawCLI(binary="openclaw", container=None, docker_binary="docker", env=None, timeout=120)
    cli.argv(["config", "schema"])            -> the full argv that would run
    rc, out, err = cli.run(["devices", "list", "--json"], stdin=None)
    rc, data, out, err = cli.run_json(["config", "validate", "--json"])   # data is None if stdout is not JSON
    cli.available()                            -> True when the CLI answers ``--version``
    cli.version()                              -> "2026.9.6" or None
"""
from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re
import shutil
import subprocess


class OpenClawCLIError(Exception):
    """The CLI could not be started at all (binary missing, docker missing, timeout)."""


class OpenClawCLI(object):
    def __init__(self, binary="openclaw", container=None, docker_binary="docker", env=None, timeout=120,
                 container_user=None):
        self.binary = binary or "openclaw"
        self.container = container or None
        self.docker_binary = docker_binary or "docker"
        self.env = dict(env or {})
        self.timeout = timeout
        self.container_user = container_user

    def describe(self):
        if self.container:
            return "docker exec %s %s" % (self.container, self.binary)
        return self.binary

    def argv(self, args, env=None):
        """The full command line for ``openclaw <args>``."""
        return self._command([self.binary] + list(args), env)

    def shell_argv(self, script, env=None):
        """``sh -c script`` in the container (or locally); the script may call "$OPENCLAW" for the CLI."""
        return self._command(["sh", "-c", script], dict(env or {}, OPENCLAW=self.binary))

    def _merged_env(self, env):
        merged = dict(self.env)
        merged.update(env or {})
        return merged

    def _command(self, tail, env):
        """``tail`` locally, or ``docker exec -i [-u USER] -e NAME... CONTAINER tail``.

        In a container every variable is passed by name only: the docker client copies its value from its
        own environment (see _process_env), so no value (tokens included) ever appears in an argv.
        """
        if not self.container:
            return list(tail)
        cmd = [self.docker_binary, "exec", "-i"]
        if self.container_user:
            cmd += ["-u", self.container_user]
        for key in sorted(self._merged_env(env)):
            cmd += ["-e", key]
        return cmd + [self.container] + list(tail)

    def _process_env(self, env):
        proc_env = dict(os.environ)
        proc_env.update(self._merged_env(env))
        proc_env.setdefault("NO_COLOR", "1")
        return proc_env

    def _exec(self, argv, stdin, env):
        exe = argv[0]
        if os.sep not in exe and shutil.which(exe, path=self._process_env(env).get("PATH")) is None:
            raise OpenClawCLIError("%s not found in PATH" % exe)
        if os.sep in exe and not os.access(exe, os.X_OK):
            raise OpenClawCLIError("%s is not an executable file" % exe)
        try:
            proc = subprocess.run(argv, input=stdin, capture_output=True, text=True, timeout=self.timeout,
                                  env=self._process_env(env), check=False)
        except subprocess.TimeoutExpired:
            raise OpenClawCLIError("%s timed out after %s s" % (" ".join(argv[:4]), self.timeout))
        except OSError as exc:
            raise OpenClawCLIError("cannot run %s: %s" % (exe, exc))
        return proc.returncode, proc.stdout, proc.stderr

    def run(self, args, stdin=None, env=None):
        return self._exec(self.argv(args, env), stdin, env)

    def run_shell(self, script, stdin=None, env=None):
        merged = dict(env or {}, OPENCLAW=self.binary)
        return self._exec(self.shell_argv(script, env), stdin, merged)

    def run_json(self, args, stdin=None, env=None):
        rc, out, err = self.run(args, stdin=stdin, env=env)
        return rc, parse_json_output(out), out, err

    def version(self):
        try:
            rc, out, dummy = self.run(["--version"])
        except OpenClawCLIError:
            return None
        match = re.search(r"(\d{4}\.\d+\.\d+(?:[-.][0-9A-Za-z.]+)?)", out or "")
        return match.group(1) if rc == 0 and match else None

    def available(self):
        return self.version() is not None


def parse_json_output(text):
    """The JSON document the CLI printed (some commands print a banner line before it), or None."""
    text = (text or "").strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        pass
    start = min([i for i in (text.find("{"), text.find("[")) if i >= 0] or [-1])
    if start < 0:
        return None
    try:
        return json.loads(text[start:])
    except ValueError:
        return None
