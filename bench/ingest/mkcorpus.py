#!/usr/bin/env python3
"""Writes RFC 6962 get-entries responses (x509_entry, chain of one) built
from the real corpus certificates, replicated REPS times, to stdout."""
import base64, os, struct, sys

corpus, reps = sys.argv[1], int(sys.argv[2])
certs = []
for src in sorted(os.listdir(corpus)):
    for f in sorted(os.listdir(os.path.join(corpus, src))):
        with open(os.path.join(corpus, src, f), "rb") as fh:
            certs.append(fh.read())
issuer = certs[0]
out = sys.stdout
batch, ts = [], 1364258252899
def u24(n): return struct.pack(">I", n)[1:]
for r in range(reps):
    for der in certs:
        ts += 1
        leaf = b"\0\0" + struct.pack(">Q", ts) + b"\0\0" + u24(len(der)) + der + b"\0\0"
        chain = u24(len(issuer)) + issuer
        extra = u24(len(chain)) + chain
        batch.append('{"leaf_input":"%s","extra_data":"%s"}' % (base64.b64encode(leaf).decode(), base64.b64encode(extra).decode()))
        if len(batch) == 1000:
            out.write('{"entries":[' + ",".join(batch) + "]}\n"); batch = []
if batch:
    out.write('{"entries":[' + ",".join(batch) + "]}\n")
