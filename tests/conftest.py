"""Shared pytest setup: make the collection importable as ansible_collections.clawops.openclaw."""
import os
import pathlib
import sys

REPO = pathlib.Path(__file__).resolve().parent.parent
COLLECTIONS = REPO / ".cache" / "collections"
OPENCLAW_BIN = pathlib.Path(os.environ.get("OPENCLAW_BIN", REPO / ".cache" / "openclaw" / "bin" / "openclaw"))

# `make venv` links the checkout as .cache/collections/ansible_collections/clawops/openclaw.
if str(COLLECTIONS) not in sys.path:
    sys.path.insert(0, str(COLLECTIONS))
