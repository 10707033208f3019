// Test client for the containerized gateway: one `connect` with a device identity (Ed25519), the same
// handshake as tests/integration/ws_client.py, written for Node so it runs inside the gateway container
// (where the published port is reachable and Node 26 has WebSocket and Ed25519 built in).
//   node pair_client.mjs KEYFILE [DISPLAY_NAME]   -> prints {"ok":..., "code":..., "requestId":...}
// The key is created in KEYFILE on first use and reused, so an approved device can connect again. The
// client dials the container's own LAN address, so the gateway sees a remote (non-loopback) device.
import { createHash, createPrivateKey, generateKeyPairSync, sign, createPublicKey } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { networkInterfaces } from "node:os";

const [keyFile, displayName = "molecule device"] = process.argv.slice(2);
const b64url = (buf) => Buffer.from(buf).toString("base64url");
let privateKey;
if (existsSync(keyFile)) {
  privateKey = createPrivateKey(readFileSync(keyFile));
} else {
  privateKey = generateKeyPairSync("ed25519").privateKey;
  writeFileSync(keyFile, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600 });
}
const rawPublic = createPublicKey(privateKey).export({ type: "spki", format: "der" }).subarray(-32);
const deviceId = createHash("sha256").update(rawPublic).digest("hex");
const lan = Object.values(networkInterfaces()).flat().find((a) => a.family === "IPv4" && !a.internal);
const token = process.env.OPENCLAW_GATEWAY_TOKEN;
const port = process.env.OPENCLAW_GATEWAY_PORT || "18789";
const ws = new WebSocket(`ws://${lan.address}:${port}`);
const timer = setTimeout(() => { console.log(JSON.stringify({ ok: false, code: "TIMEOUT" })); process.exit(2); }, 15000);
ws.onmessage = (event) => {
  const frame = JSON.parse(event.data);
  if (frame.event === "connect.challenge") {
    const { nonce, ts } = frame.payload;
    const scopes = ["operator.read"];
    const payload = ["v3", deviceId, "test", "test", "operator", scopes.join(","), String(ts), token, nonce, "linux", ""].join("|");
    ws.send(JSON.stringify({
      type: "req", id: "connect-1", method: "connect",
      params: {
        minProtocol: 4, maxProtocol: 4,
        client: { id: "test", displayName, version: "1.0.0", platform: "linux", mode: "test" },
        role: "operator", scopes, auth: { token },
        device: { id: deviceId, publicKey: b64url(rawPublic), signature: b64url(sign(null, Buffer.from(payload), privateKey)),
                  signedAt: ts, nonce },
      },
    }));
  } else if (frame.type === "res" && frame.id === "connect-1") {
    const details = (frame.error && frame.error.details) || {};
    console.log(JSON.stringify({ ok: !!frame.ok, code: details.code || null, requestId: details.requestId || null,
                                 remoteIp: lan.address, deviceId }));
    clearTimeout(timer);
    ws.close();
    process.exit(0);
  }
};
ws.onerror = (err) => { console.log(JSON.stringify({ ok: false, code: "SOCKET", message: String(err.message || err) })); process.exit(2); };
