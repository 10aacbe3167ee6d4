#!/usr/bin/env python3
"""The rules' peer cross-references (.zlint/.pkilint) against the peers
themselves (needs ../shared/peers; run by tests/corpus/test_xref_names.c).

  xref_peers.py CERTSWEEP SHARED names
      exit 1 (listing them) if a zlint name is not a certificate lint of
      `zlint -list-lints-json` or a pkilint code is not a finding code of
      pkilint's S/MIME or serverauth validators.
  xref_peers.py CERTSWEEP SHARED unmapped --check DOC | --write DOC
      the zlint CABF_SMIME_BR and RFC5280 lints and the pkilint S/MIME
      codes that no certsweep rule names: the section between the
      BEGIN/END peers-unmapped markers of DOC, checked or rewritten.

pkilint's codes are read from its validator objects (what its
`validations` command prints), not by grepping: many are built at run
time (per profile, per extension, per validity threshold).
"""
import json
import os
import subprocess
import sys


def rules(certsweep):
    out = subprocess.run([certsweep, "rules", "--tsv"], check=True, capture_output=True, text=True).stdout
    lines = out.splitlines()
    head = lines[0].split("\t")
    rows = [dict(zip(head, line.split("\t"))) for line in lines[1:]]
    return {r["id"]: (split(r["zlint"]), split(r["pkilint"])) for r in rows}


def split(cell):
    return [n for n in cell.split(",") if n] if cell else []


def zlint_lints(shared):
    zdir = os.path.join(shared, "peers", "zlint")
    lints = {}
    out = subprocess.run([os.path.join(zdir, "zlint"), "-list-lints-json"], check=True,
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        d = json.loads(line)
        lints[d["name"]] = d
    out = subprocess.run([os.path.join(zdir, "zlint-bulk"), "-list-cert-lints"], check=True,
                         capture_output=True, text=True).stdout
    cert = {json.loads(line)["name"] for line in out.splitlines()}
    return {n: d for n, d in lints.items() if n in cert}


def pkilint_codes(shared):
    """{code: (severity names, profiles)} over every S/MIME and serverauth type."""
    sys.path.insert(0, os.path.join(shared, "peers", "pkilint", "site"))
    from pkilint.pkix import certificate
    from pkilint.cabf import smime, serverauth
    from pkilint.cabf.smime import smime_constants
    from pkilint.cabf.serverauth import serverauth_constants

    codes = {}

    def add(container, profile):
        for f in container.validations:
            sev, profs = codes.setdefault(f.code, (set(), set()))
            sev.add(f.severity.name)
            profs.add(profile)

    for level in smime_constants.ValidationLevel:
        for gen in smime_constants.Generation:
            add(certificate.create_pkix_certificate_validator_container(
                smime.create_decoding_validators(), smime.create_subscriber_validators(level, gen)), "smime")
    for t in serverauth_constants.CertificateType:
        add(certificate.create_pkix_certificate_validator_container(
            serverauth.create_decoding_validators(), serverauth.create_validators(t)), "serverauth")
    return codes


def cmd_names(xref, shared):
    z = zlint_lints(shared)
    p = pkilint_codes(shared)
    bad = []
    for rule, (zn, pn) in sorted(xref.items()):
        bad += [f"{rule}: zlint {n} is not a zlint certificate lint" for n in zn if n not in z]
        bad += [f"{rule}: pkilint {n} is not a pkilint finding code" for n in pn if n not in p]
    for b in bad:
        print(b)
    print(f"{len(xref)} rules, {sum(len(v[0]) for v in xref.values())} zlint and "
          f"{sum(len(v[1]) for v in xref.values())} pkilint references checked, {len(bad)} unknown")
    return 1 if bad else 0


def unmapped_section(xref, shared):
    z = zlint_lints(shared)
    p = pkilint_codes(shared)
    used_z = {n for zn, _ in xref.values() for n in zn}
    used_p = {n for _, pn in xref.values() for n in pn}
    out = []
    for source in ("CABF_SMIME_BR", "RFC5280"):
        names = sorted(n for n, d in z.items() if d["source"] == source and n not in used_z)
        total = sum(1 for d in z.values() if d["source"] == source)
        out.append(f"zlint {source}: {len(names)} of {total} certificate lints have no certsweep rule.\n")
        out += [f"- `{n}`: {z[n]['description'].strip()}" for n in names]
        out.append("")
    # Findings only: INFO/DEBUG codes report facts, and base.* is pkilint's own crash.
    smime_codes = {c: v for c, v in p.items() if "smime" in v[1]}
    names = sorted(c for c, (sev, _) in smime_codes.items()
                   if c not in used_p and not c.startswith("base.") and sev - {"INFO", "DEBUG"})
    out.append(f"pkilint S/MIME profile: {len(names)} of {len(smime_codes)} finding codes have no certsweep rule.\n")
    out += [f"- `{c}` ({', '.join(sorted(s.lower() for s in smime_codes[c][0]))})" for c in names]
    return "\n".join(out) + "\n"


def cmd_unmapped(xref, shared, mode, doc):
    text = open(doc, encoding="utf-8").read()
    begin, end = "<!-- BEGIN peers-unmapped", "<!-- END peers-unmapped"
    b, e = text.find(begin), text.find(end)
    if b < 0 or e < b:
        print(f"{doc}: no peers-unmapped markers", file=sys.stderr)
        return 1
    b = text.index("\n", b) + 1
    new = text[:b] + unmapped_section(xref, shared) + text[e:]
    if mode == "--write":
        open(doc, "w", encoding="utf-8").write(new)
        return 0
    if new != text:
        print(f"{doc}: the peers-unmapped section is out of date: run "
              f"python3 tests/corpus/xref_peers.py CERTSWEEP SHARED unmapped --write {doc}", file=sys.stderr)
        return 1
    return 0


def main(argv):
    if len(argv) < 4 or argv[3] not in ("names", "unmapped") or (argv[3] == "unmapped" and len(argv) != 6):
        print(__doc__, file=sys.stderr)
        return 2
    xref = rules(argv[1])
    if argv[3] == "names":
        return cmd_names(xref, argv[2])
    return cmd_unmapped(xref, argv[2], argv[4], argv[5])


if __name__ == "__main__":
    sys.exit(main(sys.argv))
