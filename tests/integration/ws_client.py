"""A minimal OpenClaw gateway client that performs the real device-identity handshake.

Used by the integration tests to create genuine pairing requests and to prove that an approved key can
connect (and a rejected one cannot). Protocol as in ../shared/FACTS.md "Device pairing (2026.9.6)":
the gateway sends ``connect.challenge {nonce, ts}``; the client answers with a ``connect`` request signed
by an Ed25519 key over ``v3|deviceId|clientId|clientMode|role|scopes|signedAt|token|nonce|platform|family``.
"""
import base64
import hashlib
import json
import uuid

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from websockets.sync.client import connect as ws_connect


def b64url(raw):
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


class DeviceKey:
    """An Ed25519 device identity: id = hex sha256 of the raw public key."""

    def __init__(self):
        self._key = Ed25519PrivateKey.generate()
        self.public_raw = self._key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.device_id = hashlib.sha256(self.public_raw).hexdigest()
        self.public_key = b64url(self.public_raw)

    def sign(self, text):
        return b64url(self._key.sign(text.encode("utf-8")))


class ConnectResult:
    def __init__(self, frame):
        self.frame = frame
        self.ok = bool(frame.get("ok"))
        self.error = frame.get("error") or {}
        self.details = self.error.get("details") or {}

    @property
    def pairing_required(self):
        return self.details.get("code") == "PAIRING_REQUIRED"

    @property
    def request_id(self):
        return self.details.get("requestId")

    def __repr__(self):
        return "ConnectResult(ok=%r, error=%r)" % (self.ok, self.error)


def connect(url, token, key, forwarded_for=None, display_name="pytest device", client_id="test",
            client_mode="test", role="operator", scopes=("operator.read",), platform="linux", device_family="",
            timeout=10):
    """One connect attempt with ``key``; the gateway's answer to the ``connect`` request.

    ``forwarded_for`` sets X-Forwarded-For: with the test gateway's ``trustedProxies: [127.0.0.1]`` the client
    then counts as that remote address (so it is not silently approved as a local client).
    """
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    with ws_connect(url, additional_headers=headers, open_timeout=timeout, close_timeout=2) as ws:
        challenge = json.loads(ws.recv(timeout=timeout))
        if challenge.get("event") != "connect.challenge":
            raise AssertionError("expected connect.challenge, got %r" % (challenge,))
        nonce = challenge["payload"]["nonce"]
        signed_at = challenge["payload"]["ts"]
        payload = "|".join([
            "v3", key.device_id, client_id, client_mode, role, ",".join(scopes), str(signed_at), token or "",
            nonce, platform.strip().lower(), device_family.strip().lower(),
        ])
        request_id = str(uuid.uuid4())
        ws.send(json.dumps({
            "type": "req",
            "id": request_id,
            "method": "connect",
            "params": {
                "minProtocol": 4,
                "maxProtocol": 4,
                "client": {"id": client_id, "displayName": display_name, "version": "1.0.0",
                           "platform": platform, "mode": client_mode},
                "role": role,
                "scopes": list(scopes),
                "auth": {"token": token},
                "device": {"id": key.device_id, "publicKey": key.public_key, "signature": key.sign(payload),
                           "signedAt": signed_at, "nonce": nonce},
            },
        }))
        while True:
            frame = json.loads(ws.recv(timeout=timeout))
            if frame.get("type") == "res" and frame.get("id") == request_id:
                return ConnectResult(frame)
