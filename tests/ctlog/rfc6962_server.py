#!/usr/bin/env python3
"""An RFC 6962 log for the tests, on a loopback port, with faults.

Serves the entries of the get-entries-*.json files of --data (as written by
certsweep-gen -f ct-json) and the signed tree head in DATA/sth.json (made by
certsweep-ctlog rfc6962): get-sth, get-entries, get-proof-by-hash,
get-sth-consistency (proofs computed here, RFC 6962 section 2.1).

--faults (comma-separated) switches misbehaviour on; the request counter
decides which requests suffer, so a run is repeatable:
  page=N     at most N entries per get-entries (default 64)
  short      every 3rd get-entries returns only 5 entries
  overfull   get-entries returns 3 entries more than asked
  429        every 10th request: 429 with Retry-After: 1
  500        every 5th request: 500
  reset      every 6th get-entries: half the body, then the connection is cut
  truncated  every 7th get-entries: a complete response of truncated JSON
  slow       every 8th request waits 3 s before answering
  badsig     the STH signature does not verify (a byte flipped)
  badentry   entry 100 is served with a different certificate byte
  dead       every request: 500 (a log that never answers)
  growth=N   only the first N entries exist until DATA/grow appears
  hold=N     a get-entries from entry N on waits until DATA/release appears;
             the first one creates DATA/held (a test's sign that a reader
             is in the middle of that range)
  noconsistency  get-sth-consistency answers 404
"""
import argparse
import base64
import glob
import hashlib
import http.server
import json
import os
import socketserver
import threading
import time
import urllib.parse


def leaf_hash(leaf):
    return hashlib.sha256(b"\x00" + leaf).digest()


def node(a, b):
    return hashlib.sha256(b"\x01" + a + b).digest()


def split(n):
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def mth(h):
    if not h:
        return hashlib.sha256(b"").digest()
    if len(h) == 1:
        return h[0]
    k = split(len(h))
    return node(mth(h[:k]), mth(h[k:]))


def path(m, h):
    if len(h) <= 1:
        return []
    k = split(len(h))
    if m < k:
        return path(m, h[:k]) + [mth(h[k:])]
    return path(m - k, h[k:]) + [mth(h[:k])]


def subproof(m, h, b):
    n = len(h)
    if m == n:
        return [] if b else [mth(h)]
    k = split(n)
    if m <= k:
        return subproof(m, h[:k], b) + [mth(h[k:])]
    return subproof(m - k, h[k:], False) + [mth(h[:k])]


class Log:
    def __init__(self, data, faults):
        self.entries = []
        for f in sorted(glob.glob(os.path.join(data, "get-entries-*.json"))):
            with open(f) as fh:
                self.entries.extend(json.load(fh)["entries"])
        self.hashes = [leaf_hash(base64.b64decode(e["leaf_input"])) for e in self.entries]
        with open(os.path.join(data, "sth.json")) as fh:
            self.sth = json.load(fh)
        self.data = data
        self.faults = {}
        for f in filter(None, faults.split(",")):
            k, _, v = f.partition("=")
            self.faults[k] = int(v) if v else True
        if "badsig" in self.faults:
            sig = bytearray(base64.b64decode(self.sth["tree_head_signature"]))
            sig[-1] ^= 1
            self.sth["tree_head_signature"] = base64.b64encode(bytes(sig)).decode()
        if "badentry" in self.faults and len(self.entries) > 100:
            leaf = bytearray(base64.b64decode(self.entries[100]["leaf_input"]))
            leaf[-40] ^= 1
            self.entries[100] = dict(self.entries[100], leaf_input=base64.b64encode(bytes(leaf)).decode())
        self.lock = threading.Lock()
        self.requests = 0
        self.entry_requests = 0

    def size(self):
        g = self.faults.get("growth")
        if g and not os.path.exists(os.path.join(self.data, "grow")):
            return g
        return len(self.entries)

    def current_sth(self):
        n = self.size()
        if n == len(self.entries):
            return self.sth
        # A smaller tree head for the growth fault, signed by certsweep-ctlog.
        with open(os.path.join(self.data, "sth-%d.json" % n)) as fh:
            return json.load(fh)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def send(self, code, body, extra=()):
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        log = self.server.log
        f = log.faults
        u = urllib.parse.urlparse(self.path)
        q = dict(urllib.parse.parse_qsl(u.query))
        with log.lock:
            log.requests += 1
            nreq = log.requests
            if u.path.endswith("get-entries"):
                log.entry_requests += 1
            nent = log.entry_requests
        entries = u.path.endswith("get-entries")
        if "dead" in f:
            return self.send(500, b"dead")
        if "slow" in f and nreq % 8 == 0:
            time.sleep(3)
        if "429" in f and nreq % 10 == 0:
            return self.send(429, b"slow down", [("Retry-After", "1")])
        if "500" in f and nreq % 5 == 0:
            return self.send(500, b"oops")
        if u.path == "/ct/v1/get-sth":
            return self.send(200, log.current_sth())
        if entries:
            size = log.size()
            start, end = int(q["start"]), int(q["end"])
            if start < 0 or end < start or start >= size:
                return self.send(400, b"bad range")
            if "hold" in f and start >= f["hold"]:
                open(os.path.join(log.data, "held"), "a").close()
                while not os.path.exists(os.path.join(log.data, "release")):
                    time.sleep(0.01)
            cap = f.get("page", 64)
            if "short" in f and nent % 3 == 0:
                cap = 5
            end = min(end, size - 1, start + cap - 1)
            if "overfull" in f:
                end = min(end + 3, size - 1)
            body = json.dumps({"entries": log.entries[start:end + 1]}).encode()
            if "reset" in f and nent % 6 == 0:
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[:len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                self.connection.shutdown(2)
                return
            if "truncated" in f and nent % 7 == 0:
                body = body[:len(body) // 3]
            return self.send(200, body)
        if u.path == "/ct/v1/get-proof-by-hash":
            n = int(q["tree_size"])
            h = base64.b64decode(q["hash"])
            hs = log.hashes[:n]
            if h not in hs:
                return self.send(404, b"no such entry")
            m = hs.index(h)
            return self.send(200, {"leaf_index": m,
                                   "audit_path": [base64.b64encode(x).decode() for x in path(m, hs)]})
        if u.path == "/ct/v1/get-sth-consistency" and "noconsistency" in f:
            return self.send(404, b"no proofs here")
        if u.path == "/ct/v1/get-sth-consistency":
            m, n = int(q["first"]), int(q["second"])
            if not 0 < m <= n <= len(log.hashes):
                return self.send(400, b"bad sizes")
            proof = [] if m == n else subproof(m, log.hashes[:n], True)
            return self.send(200, {"consistency": [base64.b64encode(x).decode() for x in proof]})
        return self.send(404, b"not found")


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--faults", default="")
    a = ap.parse_args()
    srv = Server(("127.0.0.1", a.port), Handler)
    srv.log = Log(a.data, a.faults)
    srv.serve_forever()


if __name__ == "__main__":
    main()
