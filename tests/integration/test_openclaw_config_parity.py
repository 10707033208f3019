"""Parity of openclaw_config's verdict with the real `openclaw config validate --json` (OpenClaw 2026.9.6).

For every config of the corpus (tests/integration/parity/corpus.json: OpenClaw's documentation
examples and mutations of them, built by parity/build_corpus.py) the real CLI runs on the config,
then the module's validation runs in model mode (as on a host without OpenClaw): the verdicts must be
equal, and every path the real validator reports must be among the module's paths.
The real CLI costs ~1.8 s per call, so the calls run two at a time, once per session.
"""
import json
import os
import pathlib
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from ansible_collections.clawops.openclaw.plugins.module_utils import openclaw_config as core

REPO = pathlib.Path(__file__).resolve().parents[2]
OPENCLAW_BIN = pathlib.Path(os.environ.get("OPENCLAW_BIN", REPO / ".cache" / "openclaw" / "bin" / "openclaw"))
CORPUS = json.loads((pathlib.Path(__file__).parent / "parity" / "corpus.json").read_text())
WORKERS = int(os.environ.get("PARITY_WORKERS", "2"))


def isolated_env(directory):
    """The same minimal environment for the real CLI and for the model."""
    return {"PATH": "/usr/bin:/bin", "HOME": str(directory), "OPENCLAW_STATE_DIR": str(directory / "state"),
            "NO_COLOR": "1"}


def run_real(case, base):
    directory = base / case["id"]
    directory.mkdir()
    target = directory / "openclaw.json"
    target.write_text(json.dumps(case["config"]))
    env = dict(isolated_env(directory), OPENCLAW_CONFIG_PATH=str(target))
    proc = subprocess.run([str(OPENCLAW_BIN), "config", "validate", "--json"], env=env, capture_output=True,
                          text=True, timeout=300, check=False)
    data = json.loads(proc.stdout)
    assert proc.returncode == (0 if data["valid"] else 1), proc.stdout + proc.stderr
    if not data["valid"]:
        assert data.get("issues"), "the CLI failed without issues: %s" % proc.stdout
    return case["id"], (directory, data)


@pytest.fixture(scope="module")
def real_verdicts(tmp_path_factory):
    assert OPENCLAW_BIN.exists(), "run `make openclaw` first"
    base = tmp_path_factory.mktemp("parity")
    start = time.time()
    with ThreadPoolExecutor(WORKERS) as pool:
        results = dict(pool.map(lambda case: run_real(case, base), CORPUS["cases"]))
    print("\nparity: %d real `openclaw config validate` runs in %.0f s (%d workers)"
          % (len(results), time.time() - start, WORKERS))
    return results


@pytest.fixture(scope="module")
def schema():
    return core.load_schema("bundled")


def test_corpus_is_large_and_mixed(real_verdicts):
    cases = CORPUS["cases"]
    assert CORPUS["openclaw"] == "2026.9.6" and len(cases) >= 300
    valid = sum(1 for _, data in real_verdicts.values() if data["valid"])
    assert 0.2 < valid / len(cases) < 0.8, "the corpus must hold plenty of valid and invalid configs"
    kinds = set(c["kind"] for c in cases)
    assert {"docs", "unknown-depth1", "unknown-depth5", "typo", "wrong-type", "enum", "legacy", "omitted",
            "omitted-defaulted", "semantic", "seed", "seed-fixed"} <= kinds


@pytest.mark.parametrize("case", CORPUS["cases"], ids=[c["id"] for c in CORPUS["cases"]])
def test_model_verdict_equals_openclaw_config_validate(case, real_verdicts, schema):
    directory, real = real_verdicts[case["id"]]
    ours = core.validate(case["config"], schema, validator="model", config_dir=str(directory),
                         env=isolated_env(directory))
    assert ours["validator"] == "model"
    real_paths = set(i["path"] for i in real.get("issues", []))
    assert ours["valid"] == real["valid"], "real: %s\nmodel: %s" % (real.get("issues"), ours["issues"])
    missing = real_paths - set(ours["paths"])
    assert not missing, "paths the real validator reports but the module does not: %s\nmodel: %s" % (
        sorted(missing), ours["issues"])
