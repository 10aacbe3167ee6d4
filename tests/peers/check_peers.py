#!/usr/bin/env python3
"""Differential harness: certsweep against zlint, pkilint and x509lint.

Runs certsweep and the three peer linters (../shared/peers) over the matrix
corpus (certsweep-matrix, generated here) and the real corpus
(../shared/corpus/real), and compares them finding by finding through the
cross-references: the `zlint` and `pkilint` columns of `certsweep rules
--tsv` and tests/peers/x509lint-map.tsv.

For each rule and peer, every certificate in the peer's scope is one of:
both flag, certsweep only, peer only (or neither).  A peer lint that no
rule maps to and that reports an error is "no-rule".  Each disagreement
must match a line of tests/peers/triage.tsv (rule or peer lint, peer,
direction, certificate glob, verdict, citation); the harness prints every
untriaged one with an example SHA-256 and exits 1.  It also checks the
matrix ground truth: certsweep must report exactly the manifest's rules on
each matrix certificate, and nothing on the clean ones.

Writes docs/peer-agreement.md.  Standard library only; test tooling.
"""
import argparse
import collections
import concurrent.futures
import fnmatch
import hashlib
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))

ZLINT_BR_SOURCES = {"CABF_BR", "CABF_EV"}
ZLINT_SMIME_SOURCES = {"CABF_SMIME_BR"}
ZLINT_SCOPED = {"CABF_BR", "CABF_EV", "CABF_SMIME_BR", "CABF_CS_BR"}
ZLINT_FLAG = {"error", "warn", "fatal", "info", "notice"}
ZLINT_ERROR = {"error", "fatal"}
PKILINT_FLAG = {"FATAL", "ERROR", "WARNING", "NOTICE", "INFO"}
PKILINT_ERROR = {"FATAL", "ERROR"}
X509LINT_ERROR = {"E"}
PEERS = ("zlint", "pkilint", "x509lint")
# Matrix profiles whose pkilint serverauth type its detection cannot find (it never
# returns a cross-certificate type): linted with that type forced (`--mode type`).
PKILINT_FORCED_TYPES = {"tls-cross-ca": "INTERNAL_CROSS_CA"}


def run(cmd, out_path):
    """Runs a command with stdout into out_path; returns the CompletedProcess."""
    with open(out_path, "w") as f:
        return subprocess.run(cmd, stdout=f, stderr=subprocess.PIPE, text=True)


def check(p, what, allowed=(0,)):
    """Exits with the command's stderr when its status is not allowed."""
    if p.returncode not in allowed:
        sys.stderr.write(p.stderr[-4000:] if p.stderr else "")
        sys.exit("check-peers: %s failed (exit %d)" % (what, p.returncode))


def read_jsonl(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                yield json.loads(line)


def split_names(v):
    return {x.strip() for x in (v or "").split(",") if x.strip() and x.strip() != "-"}


# ---- cross-references ------------------------------------------------------

def load_xref(certsweep):
    """rule -> {peer: set of peer lint names}; rule metadata."""
    p = subprocess.run([certsweep, "rules", "--tsv"], stdout=subprocess.PIPE, text=True)
    check(p, "certsweep rules --tsv")
    lines = p.stdout.splitlines()
    hdr = lines[0].split("\t")
    rules = {}
    xref = collections.defaultdict(lambda: {q: set() for q in PEERS})
    for line in lines[1:]:
        f = dict(zip(hdr, line.split("\t")))
        rules[f["id"]] = f
        xref[f["id"]]["zlint"] = split_names(f.get("zlint"))
        xref[f["id"]]["pkilint"] = split_names(f.get("pkilint"))
    source = "certsweep rules --tsv"
    for f in read_tsv(os.path.join(HERE, "x509lint-map.tsv")):
        xref[f["rule"]]["x509lint"] = split_names(f["x509lint"])
    return rules, xref, source


def read_tsv(path):
    with open(path) as f:
        rows = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    hdr = rows[0].split("\t")
    return [dict(zip(hdr, r.split("\t"))) for r in rows[1:]]


# ---- running the linters ---------------------------------------------------

def certsweep_findings(certsweep, inputs, work, name):
    out = os.path.join(work, name + ".jsonl")
    p = subprocess.run([certsweep, "scan", "-q", "-j", "2", "-o", os.path.join(work, name + "-report"),
                        "--findings", out, "--findings-all"] + inputs,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    check(p, "certsweep scan " + name, allowed=(0, 5))
    res = {}
    for o in read_jsonl(out):
        if "findings" in o:  # not the corpus findings' lines: no peer sees a corpus
            res[o["sha256"]] = o
    return res


def zlint_cmd(peers, lst):
    return [os.path.join(peers, "zlint", "zlint-bulk"), "-workers", "2", "-list", lst]


def pkilint_cmd(peers, profile, lst, type_map=None):
    mode = ["--mode", "type", "--type-map", type_map] if type_map else ["--mode", "detect"]
    return [os.path.join(peers, "pkilint", "pkilint-batch"), "--profile", profile] + mode + \
        ["--full-path", "--list", lst]


def der_element_sha256(path):
    """SHA-256 of the first DER element of the file when bytes follow it, else None: certsweep's
    fingerprint covers the Certificate SEQUENCE (src/x509/cert.c), the manifest's and the peers'
    the whole file, trailing octets included."""
    with open(path, "rb") as f:
        b = f.read()
    if len(b) < 2:
        return None
    n = b[1]
    if n < 0x80:
        end = 2 + n
    elif 0x81 <= n <= 0x84 and len(b) >= 2 + (n & 0x7f):
        k = n & 0x7f
        end = 2 + k + int.from_bytes(b[2:2 + k], "big")
    else:
        return None
    return hashlib.sha256(b[:end]).hexdigest() if end < len(b) else None


def write_list(path, files):
    with open(path, "w") as f:
        f.write("".join(x + "\n" for x in files))
    return path


def run_peers(peers, work, all_files, smime_files, tls_files, typed_files):
    """Runs zlint, pkilint (S/MIME and serverauth lists, the latter detected or, for
    typed_files {path: type}, forced) and x509lint in parallel; each writes its JSON lines
    into work/."""
    lst_all = write_list(os.path.join(work, "all.txt"), all_files)
    lst_sm = write_list(os.path.join(work, "smime.txt"), smime_files)
    lst_tls = write_list(os.path.join(work, "tls.txt"), [f for f in tls_files if f not in typed_files])
    type_map = os.path.join(work, "tls-typed.tsv")
    with open(type_map, "w") as f:
        f.write("".join("%s\t%s\n" % kv for kv in sorted(typed_files.items())))
    lst_typed = write_list(os.path.join(work, "tls-typed.txt"), sorted(typed_files))
    jobs = {
        "zlint": (zlint_cmd(peers, lst_all), "zlint.jsonl"),
        "pkilint-smime": (pkilint_cmd(peers, "smime", lst_sm), "pkilint-smime.jsonl"),
        "pkilint-serverauth": (pkilint_cmd(peers, "serverauth", lst_tls), "pkilint-serverauth.jsonl"),
        "pkilint-serverauth-typed": (pkilint_cmd(peers, "serverauth", lst_typed, type_map),
                                     "pkilint-serverauth-typed.jsonl"),
    }
    # x509lint takes file names as arguments: batches keep the command line short
    xl = os.path.join(peers, "x509lint", "x509lint_batch")
    batches = [all_files[i:i + 500] for i in range(0, len(all_files), 500)]

    for _, out in jobs.values():  # no stale output from an earlier run in the same --work
        if os.path.exists(os.path.join(work, out)):
            os.remove(os.path.join(work, out))

    def go(key):
        cmd, out = jobs[key]
        p = run(cmd, os.path.join(work, out))
        check(p, key)
        return key

    def go_x509():
        with open(os.path.join(work, "x509lint.jsonl"), "w") as f:
            for b in batches:
                p = subprocess.run([xl] + b, stdout=f, stderr=subprocess.PIPE, text=True)
                check(p, "x509lint")
        return "x509lint"

    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as ex:
        futs = [ex.submit(go, k) for k in jobs if os.path.getsize(jobs[k][0][-1])]
        futs.append(ex.submit(go_x509))
        for f in futs:
            f.result()


def zlint_sources(peers):
    p = subprocess.run([os.path.join(peers, "zlint", "zlint-bulk"), "-list-cert-lints"],
                       stdout=subprocess.PIPE, text=True)
    check(p, "zlint-bulk -list-cert-lints")
    return {o["name"]: o["source"] for o in map(json.loads, p.stdout.splitlines())}


# ---- comparison -------------------------------------------------------------

class Cert:
    __slots__ = ("sha", "label", "corpus", "smime", "tls", "ca", "nb", "rules", "peer", "peer_err", "peer_fatal",
                 "peer_ne", "peer_na", "expected", "family", "profile")

    def __init__(self, sha, label, corpus):
        self.sha, self.label, self.corpus = sha, label, corpus
        self.smime = self.tls = self.ca = False
        self.nb = None
        self.rules = set()
        self.peer = {q: None for q in PEERS}      # flagged names, None = peer did not lint it
        self.peer_err = {q: set() for q in PEERS}  # error-level names
        self.peer_fatal = {q: False for q in PEERS}  # the peer could not decode it all
        self.peer_ne = set()                          # zlint lints not yet effective at its notBefore
        self.peer_na = set()                          # zlint lints that do not apply to it
        self.expected = None
        self.family = self.profile = None            # matrix: the generator's profile and its family


def load_peer_results(work, certs):
    by_sha = certs
    for o in read_jsonl(os.path.join(work, "zlint.jsonl")):
        c = by_sha.get(o.get("sha256"))
        if c and "results" not in o:
            c.peer_fatal["zlint"] = True
        if not c or "results" not in o:
            continue
        c.peer_fatal["zlint"] = any(v == "fatal" for v in o["results"].values())
        c.peer_ne = {k for k, v in o["results"].items() if v == "NE"}
        c.peer_na = {k for k, v in o["results"].items() if v == "NA"}
        c.peer["zlint"] = {k for k, v in o["results"].items() if v in ZLINT_FLAG}
        c.peer_err["zlint"] = {k for k, v in o["results"].items() if v in ZLINT_ERROR}
    for fn in ("pkilint-smime.jsonl", "pkilint-serverauth.jsonl", "pkilint-serverauth-typed.jsonl"):
        path = os.path.join(work, fn)
        if not os.path.exists(path):
            continue
        for o in read_jsonl(path):
            c = by_sha.get(o.get("sha256"))
            if not c or o.get("type") is None:
                continue  # no profile detected: pkilint did not lint it
            fl = {f["code"] for f in o["findings"] if f["severity"] in PKILINT_FLAG}
            er = {f["code"] for f in o["findings"] if f["severity"] in PKILINT_ERROR}
            c.peer["pkilint"] = (c.peer["pkilint"] or set()) | fl
            c.peer_fatal["pkilint"] |= any(f["severity"] == "FATAL" for f in o["findings"])
            c.peer_err["pkilint"] |= er
    for o in read_jsonl(os.path.join(work, "x509lint.jsonl")):
        c = by_sha.get(o.get("sha256"))
        if not c:
            continue
        msgs = [(m["severity"], m["id"] or "ERR_UNPARSABLE") for m in o.get("messages", [])]
        c.peer["x509lint"] = {i for s, i in msgs if s in ("E", "W")}
        c.peer_err["x509lint"] = {i for s, i in msgs if s in X509LINT_ERROR}
        c.peer_fatal["x509lint"] = bool({"ERR_INVALID", "ERR_UNPARSABLE"} & c.peer_err["x509lint"])


def zlint_in_scope(source, c, mapped):
    """zlint applies its CABF_BR lints to every non-CA certificate: read them on TLS-scope
    certificates only, its S/MIME BR lints on S/MIME ones, the RFC ones everywhere, other
    sources (Community, Mozilla, ...) only when a rule maps to them."""
    if source in ZLINT_BR_SOURCES:
        return c.tls
    if source in ZLINT_SMIME_SOURCES:
        return c.smime
    if source.startswith("RFC"):
        return True
    return mapped and source not in ZLINT_SCOPED


def rule_in_scope(rule, c):
    """An S/MIME rule is compared on certificates certsweep puts in S/MIME scope, a TLS rule on
    TLS ones, an RFC 5280 rule on all: elsewhere the rule cannot apply, whatever a peer lint
    mapped to it says (the matrix ground truth checks the scope decisions themselves)."""
    if rule.startswith("smime_"):
        return c.smime
    if rule.startswith("tls_"):
        return c.tls
    return True


def compare(certs, xref, zsrc):
    """Returns (per-rule counts, per-peer-lint counts, disagreement instances)."""
    rule_counts = collections.defaultdict(collections.Counter)   # (rule, peer) -> Counter(both/cs/peer)
    lint_counts = collections.defaultdict(collections.Counter)   # (peer, lint) -> Counter
    instances = []  # (kind_id, peer, direction, cert)
    rmap = {q: collections.defaultdict(set) for q in PEERS}       # peer lint -> rules
    for r, m in xref.items():
        for q in PEERS:
            for name in m[q]:
                rmap[q][name].add(r)
    for c in certs.values():
        for q in PEERS:
            flagged = c.peer[q]
            if flagged is None:
                continue
            if q == "zlint":
                flagged = {n for n in flagged if zlint_in_scope(zsrc.get(n, ""), c, n in rmap[q])}
                errs = {n for n in c.peer_err[q] if n in flagged}
            elif q == "x509lint" and c.smime:
                continue  # TLS-oriented: its SAN, subject and validity checks do not fit S/MIME
            else:
                errs = c.peer_err[q]
            for r, m in xref.items():
                names = m[q]
                if not names or not rule_in_scope(r, c):
                    continue
                cs = r in c.rules
                hit = names & flagged
                # a peer lint that only this rule maps to and that no rule explains;
                # one shared by several rules is counted per peer lint below
                unexplained = {n for n in hit if rmap[q][n] == {r} and r not in c.rules}
                if cs and hit:
                    rule_counts[(r, q)]["both"] += 1
                elif cs:
                    rule_counts[(r, q)]["certsweep only"] += 1
                    instances.append((r, q, "certsweep-only", c))
                elif unexplained:
                    rule_counts[(r, q)]["peer only"] += 1
                    instances.append((r, q, "peer-only", c))
            for n in flagged:
                rules = rmap[q].get(n)
                if rules and not any(rule_in_scope(r, c) for r in rules):
                    continue  # a lint of a family this certificate is not in
                if rules:
                    explained = bool(rules & c.rules)
                    lint_counts[(q, n)]["both" if explained else "peer only"] += 1
                    if not explained and len(rules) > 1:
                        instances.append((n, q, "peer-only", c))
                elif n in errs:
                    lint_counts[(q, n)]["no rule"] += 1
                    instances.append((n, q, "no-rule", c))
    return rule_counts, lint_counts, instances


XREF = {}  # rule -> {peer: lint names}, for @peer-not-effective


def criterion_holds(crit, ident, peer, c, rules):
    """certificates column: a glob on the label (matrix/<profile>/<mutation>,
    real/<source>/<sha256>), then optional @conditions: @ca / @not-ca (cA TRUE),
    @smime / @tls / @no-scope (certsweep's scope), @before-effective (notBefore
    before the rule's effective date: the rule is not in force for it),
    @before-YYYY-MM-DD, @peer-fatal (the peer could not decode the whole certificate),
    @peer-not-effective (no zlint lint mapped to the rule ran: each is NE, not in force at
    notBefore, or NA, and at least one is NE)."""
    parts = crit.split("@")
    if not fnmatch.fnmatchcase(c.label, parts[0]):
        return False
    for cond in parts[1:]:
        if cond.startswith("before-20"):  # @before-YYYY-MM-DD: notBefore earlier than that day
            if not (c.nb and c.nb < cond[7:]):
                return False
            continue
        eff = (rules.get(ident) or {}).get("effective") or ""
        ok = {"ca": c.ca, "not-ca": not c.ca, "smime": c.smime, "tls": c.tls,
              "no-scope": not c.smime and not c.tls,
              "before-effective": bool(eff and c.nb and c.nb < eff),
              "peer-fatal": c.peer_fatal.get(peer, False),
              "peer-not-effective": bool(peer == "zlint" and ident in XREF and XREF[ident]["zlint"] & c.peer_ne
                                         and XREF[ident]["zlint"] <= c.peer_ne | c.peer_na)}.get(cond)
        if ok is None:
            sys.exit("check-peers: unknown triage condition @%s" % cond)
        if not ok:
            return False
    return True


def triage_match(triage, inst, rules):
    ident, peer, direction, c = inst
    for t in triage:
        if fnmatch.fnmatchcase(ident, t["id"]) and fnmatch.fnmatchcase(peer, t["peer"]) and \
                fnmatch.fnmatchcase(direction, t["direction"]) and \
                criterion_holds(t["certificates"], ident, peer, c, rules):
            return t
    return None


# ---- report -----------------------------------------------------------------

def write_doc(path, rules, xref, xsrc, rule_counts, lint_counts, certs, triaged, untriaged, gt_misses, ncorp,
              explained):
    L = []
    L.append("# Peer agreement: certsweep against zlint, pkilint and x509lint\n")
    L.append("Generated by `make check-peers` (tests/peers/check_peers.py); do not edit.\n")
    L.append("Corpora: the matrix corpus (`certsweep-matrix`: %d certificates, a clean one per profile "
             "and one per mutation) and `shared/corpus/real` (%d certificates). Cross-references from %s; "
             "x509lint through tests/peers/x509lint-map.tsv.\n" % (ncorp["matrix"], ncorp["real"], xsrc))
    L.append("Scope: zlint's CABF_BR lints are read on TLS-scope certificates only, its CABF_SMIME_BR "
             "lints on S/MIME ones, its RFC lints on every certificate; pkilint runs `--profile smime "
             "--mode detect` on S/MIME certificates and `--profile serverauth --mode detect` on TLS ones "
             "(certificates whose profile it cannot detect are not counted for it; the matrix's "
             "cross-certified CA with `--mode type`, as detection never returns a cross-certificate type). "
             "TLS scope is certsweep's (subscribers and TLS policy OIDs) and, on the matrix, the TLS family "
             "of the profile (roots, CAs and OCSP responders included). A peer *flags* a "
             "mapped lint at any level above pass; a peer lint that no rule maps to counts (\"no rule\") "
             "only at error level.\n")
    L.append("Each disagreement is a line of tests/peers/triage.tsv (verdict and the BR/RFC section "
             "that decides it) or makes the check fail.\n")
    L.append("## Agreement per peer\n")
    L.append("| peer | both | certsweep only | peer only | agreement | peer errors with no rule "
             "| disagreements explained by triage | untriaged | agreed or explained |")
    L.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for q in PEERS:
        b = sum(v["both"] for (r, p), v in rule_counts.items() if p == q)
        co = sum(v["certsweep only"] for (r, p), v in rule_counts.items() if p == q)
        po = sum(v["peer only"] for (r, p), v in rule_counts.items() if p == q)
        nr = sum(v["no rule"] for (p, n), v in lint_counts.items() if p == q)
        tot = b + co + po
        ex, un = explained[q]
        L.append("| %s | %d | %d | %d | %s | %d | %d | %d | %s |" % (
            q, b, co, po, "%.1f %%" % (100.0 * b / tot) if tot else "-", nr, ex, un,
            "%.1f %%" % (100.0 * (b + ex) / (b + ex + un)) if b + ex + un else "-"))
    L.append("\nagreement = both / (both + certsweep only + peer only), over mapped rules; agreed or "
             "explained = (both + triaged disagreements) / (both + all disagreements, no-rule ones included). "
             "x509lint, TLS-oriented, is compared on certificates outside S/MIME scope only.\n")
    L.append("## Ground truth (matrix corpus)\n")
    m = [c for c in certs.values() if c.corpus == "matrix"]
    L.append("%d matrix certificates, %d where certsweep's findings differ from the intended rules.\n"
             % (len(m), len(gt_misses)))
    covered = set()
    for c in m:
        covered |= c.expected or set()
    for c in sorted(gt_misses, key=lambda x: x.label):
        L.append("- `%s` (%s): expected {%s}, certsweep {%s}" % (c.label, c.sha[:16], ", ".join(sorted(c.expected)),
                                                              ", ".join(sorted(c.rules))))
    L.append("")
    L.append("Rules with a matrix certificate: %d of %d (%.0f %%).\n"
             % (len(covered & set(rules)), len(rules), 100.0 * len(covered & set(rules)) / len(rules)))
    L.append("## Per rule\n")
    L.append("| rule | peer | peer lints | both | certsweep only | peer only |")
    L.append("| --- | --- | --- | ---: | ---: | ---: |")
    for r in sorted(rules):
        for q in PEERS:
            if not xref[r][q]:
                continue
            v = rule_counts.get((r, q), collections.Counter())
            L.append("| %s | %s | %s | %d | %d | %d |" % (r, q, ", ".join(sorted(xref[r][q])), v["both"],
                                                        v["certsweep only"], v["peer only"]))
    unmapped = [r for r in sorted(rules) if not any(xref[r][q] for q in PEERS)]
    L.append("\nRules no peer lint maps to (%d): %s.\n" % (len(unmapped), ", ".join(unmapped)))
    L.append("## Per peer lint\n")
    L.append("| peer | lint | rules | both | peer only | no rule |")
    L.append("| --- | --- | --- | ---: | ---: | ---: |")
    rmap = collections.defaultdict(set)
    for r in xref:
        for q in PEERS:
            for n in xref[r][q]:
                rmap[(q, n)].add(r)
    for (q, n) in sorted(lint_counts):
        v = lint_counts[(q, n)]
        L.append("| %s | %s | %s | %d | %d | %d |" % (q, n, ", ".join(sorted(rmap.get((q, n), ()))) or "-",
                                                    v["both"], v["peer only"], v["no rule"]))
    L.append("\n## Disagreement classes\n")
    L.append("| id | peer | direction | certificates | count | verdict | decided by |")
    L.append("| --- | --- | --- | --- | ---: | --- | --- |")
    for (t, n) in triaged:
        L.append("| %s | %s | %s | `%s` | %d | %s | %s |" % (t["id"], t["peer"], t["direction"], t["certificates"],
                                                           n, t["verdict"], t["citation"]))
    for key, (n, c) in sorted(untriaged.items()):
        L.append("| %s | %s | %s | `%s` | %d | **untriaged** (e.g. %s) | |" % (key[0], key[1], key[2], key[3], n,
                                                                             c.sha[:16]))
    with open(path, "w") as f:
        f.write("\n".join(L) + "\n")


# ---- main -------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--certsweep", default=os.path.join(REPO, "bin", "certsweep"))
    ap.add_argument("--matrix-tool", default=os.path.join(REPO, "bin", "certsweep-matrix"))
    ap.add_argument("--shared", default=os.path.join(REPO, "..", "shared"))
    ap.add_argument("--work", help="working directory (default: a temporary one)")
    ap.add_argument("--doc", default=os.path.join(REPO, "docs", "peer-agreement.md"))
    ap.add_argument("--triage", default=os.path.join(HERE, "triage.tsv"))
    ap.add_argument("--no-real", action="store_true", help="matrix corpus only")
    ap.add_argument("--all", action="store_true", help="print every untriaged instance, not one per class")
    ap.add_argument("--reuse", action="store_true",
                    help="reuse the linters' outputs already in --work (while editing the triage file)")
    a = ap.parse_args()
    peers = os.path.join(a.shared, "peers")
    real = os.path.join(a.shared, "corpus", "real")
    tmp = None
    if not a.work:
        tmp = tempfile.TemporaryDirectory(prefix="check-peers.")
        a.work = tmp.name
    os.makedirs(a.work, exist_ok=True)
    rules, xref, xsrc = load_xref(a.certsweep)
    XREF.update(xref)

    # the matrix corpus, and its ground truth
    mdir = os.path.join(a.work, "matrix")
    if not (a.reuse and os.path.exists(os.path.join(mdir, "manifest.tsv"))):
        p = subprocess.run([a.matrix_tool, "-o", mdir], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        check(p, "certsweep-matrix")
    certs = {}
    files = []
    sha_of_file = {}
    for f in read_tsv(os.path.join(mdir, "manifest.tsv")):
        sha_of_file[os.path.join(mdir, f["file"])] = f["sha256"]
        c = Cert(f["sha256"], "matrix/%s/%s" % (f["profile"], f["mutation"]), "matrix")
        c.expected = split_names(f.get("expected"))
        c.family, c.profile = f["family"], f["profile"]
        certs[c.sha] = c
        files.append(os.path.join(mdir, f["file"]))
    ncorp = {"matrix": len(certs), "real": 0}
    found = certsweep_findings(a.certsweep, [os.path.join(mdir, "ct-json")], a.work, "certsweep-matrix")
    if not a.no_real:
        rf = []
        for d, _, fs in sorted(os.walk(real)):
            for n in sorted(fs):
                if n.endswith(".der"):
                    rf.append(os.path.join(d, n))
        found_real = certsweep_findings(a.certsweep, [real], a.work, "certsweep-real")
        for path in rf:
            sha = os.path.basename(path)[:-4]
            if sha in certs:
                continue
            certs[sha] = Cert(sha, "real/%s/%s" % (os.path.basename(os.path.dirname(path)), sha), "real")
            files.append(path)
            ncorp["real"] += 1
        found.update(found_real)
    for path in files:  # certificates followed by trailing octets: certsweep names them by the SEQUENCE
        sha = sha_of_file.get(path) or os.path.basename(path)[:-4]
        cert_sha = der_element_sha256(path)
        if cert_sha in found and sha not in found:
            found[sha] = found.pop(cert_sha)
    smime_files, tls_files, typed_files = [], [], {}
    for sha, o in found.items():
        c = certs.get(sha)
        if not c:
            continue
        c.rules = {f["rule"] for f in o["findings"]}
        prof = o.get("profile") or {}
        c.smime = prof.get("smime") is not None
        c.ca = bool(prof.get("ca"))
        c.nb = (o.get("not_before") or "")[:10] or None
        # certsweep's profile names TLS subscribers and certificates with a TLS policy OID; the
        # matrix's roots, non-TLS and constrained CAs and OCSP responders are TLS profiles too
        c.tls = prof.get("tls") is not None or c.family == "tls"
    for path in files:  # pkilint's lists
        sha = sha_of_file.get(path) or os.path.basename(path)[:-4]
        c = certs.get(sha)
        if c and c.smime:
            smime_files.append(path)
        if c and c.tls:
            tls_files.append(path)
            if c.profile in PKILINT_FORCED_TYPES:
                typed_files[path] = PKILINT_FORCED_TYPES[c.profile]
    if not (a.reuse and os.path.exists(os.path.join(a.work, "x509lint.jsonl"))):
        run_peers(peers, a.work, files, smime_files, tls_files, typed_files)
    zsrc = zlint_sources(peers)
    load_peer_results(a.work, certs)

    # ground truth
    gt_misses = []
    for c in certs.values():
        if c.corpus == "matrix" and c.rules != c.expected:
            gt_misses.append(c)
    rule_counts, lint_counts, instances = compare(certs, xref, zsrc)
    triage = read_tsv(a.triage)
    used = collections.Counter()
    untriaged = {}
    explained = {q: [0, 0] for q in PEERS}
    for inst in instances:
        t = triage_match(triage, inst, rules)
        explained[inst[1]][0 if t else 1] += 1
        if t:
            used[id(t)] += 1
            continue
        ident, q, d, c = inst
        key = (ident, q, d, c.corpus + "/*")
        n, ex = untriaged.get(key, (0, c))
        untriaged[key] = (n + 1, ex)
        if a.all:
            print("untriaged: %s %s %s %s %s" % (ident, q, d, c.label, c.sha))
    triaged = [(t, used[id(t)]) for t in triage]
    if os.environ.get("CHECK_PEERS_DUMP"):
        with open(os.environ["CHECK_PEERS_DUMP"], "w") as f:
            for ident, q, d, c in instances:
                if not triage_match(triage, (ident, q, d, c), rules):
                    f.write("\t".join([ident, q, d, c.label, c.sha, str(c.ca), str(c.smime), str(c.tls), c.nb or "",
                                        (rules.get(ident) or {}).get("effective", ""),
                                        str(c.peer_fatal[q]), ",".join(sorted(c.rules))]) + "\n")
    write_doc(a.doc, rules, xref, xsrc, rule_counts, lint_counts, certs, triaged, untriaged, gt_misses, ncorp,
              explained)

    status = 0
    for c in sorted(gt_misses, key=lambda x: x.label):
        print("ground truth: %s (%s): expected {%s}, certsweep {%s}" % (
            c.label, c.sha[:16], ",".join(sorted(c.expected)), ",".join(sorted(c.rules))))
        status = 1
    for key, (n, c) in sorted(untriaged.items()):
        print("untriaged: %-45s %-8s %-14s %-8s %4d  e.g. %s %s" % (key[0], key[1], key[2], key[3], n, c.sha,
                                                                   c.label))
        status = 1
    for t, n in triaged:
        if n == 0:
            print("note: triage line matches nothing: %s %s %s %s" % (t["id"], t["peer"], t["direction"],
                                                                     t["certificates"]))
    print("check-peers: %d matrix + %d real certificates; %d ground-truth misses, %d untriaged classes; %s"
          % (ncorp["matrix"], ncorp["real"], len(gt_misses), len(untriaged), a.doc))
    return status


if __name__ == "__main__":
    sys.exit(main())
