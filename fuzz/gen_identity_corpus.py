#!/usr/bin/env python3
"""Writes the seed corpora of the iotm-device-identity fuzz targets.

- identity_certificate: certificates of x509-limbo cases (a leaf, an
  intermediate, a root, a name-constrained CA, a real-world ECDSA server
  certificate) as DER, and one three-certificate chain as PEM text.
- identity_crl: the CRLs of three limbo `crl::` cases.
- identity_path: limbo chains in the target's input format: a control byte,
  then each certificate or CRL as a big-endian u16 length and its DER, the
  end entity first and the trust anchor last.
- identity_csr: PKCS #10 requests made by the openssl command line with fixed
  P-256, P-384 and Ed25519 keys (ECDSA signatures are randomized, so running
  this again rewrites those two seeds with other bytes).

The limbo cases are read from $IOTM_SHARED/vectors/x509/limbo.json, or from
../shared beside the workspace. Run from anywhere:

    python3 fuzz/gen_identity_corpus.py
"""

import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FUZZ = Path(__file__).resolve().parent
ROOT = FUZZ.parent
SHARED = Path(os.environ.get("IOTM_SHARED", ROOT.parent / "shared"))
LIMBO = SHARED / "vectors" / "x509" / "limbo.json"

# Control bytes of identity_path (see its doc comment): purpose in bits 0-1,
# match the leaf's own first SAN name in bit 2, time in bits 3-4.
ANY_MIDDLE_NAMED = 0b0_01_1_00  # any purpose, middle of validity, named
SERVER_MIDDLE_NAMED = 0b0_01_1_01  # serverAuth, middle of validity, named
ANY_MIDDLE = 0b0_01_0_00


def der_of(pem):
    body = re.sub(r"-----(BEGIN|END) [^-]+-----", "", pem)
    return base64.b64decode("".join(body.split()))


def write(target, seeds):
    directory = FUZZ / "corpus" / target
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("seed-*"):
        old.unlink()
    for i, seed in enumerate(seeds, start=1):
        (directory / f"seed-{i:03}").write_bytes(seed)
    print(f"{target}: {len(seeds)} seeds")


def path_input(control, ders):
    out = bytearray([control])
    for der in ders:
        out += len(der).to_bytes(2, "big") + der
    return bytes(out)


def limbo_seeds():
    if not LIMBO.is_file():
        sys.exit(f"{LIMBO} is missing: set IOTM_SHARED to the shared conformance data")
    cases = {case["id"]: case for case in json.loads(LIMBO.read_text())["testcases"]}

    def chain(case_id):
        """End entity, intermediates, anchor (the first trusted certificate)."""
        case = cases[case_id]
        return (
            [der_of(case["peer_certificate"])]
            + [der_of(p) for p in case["untrusted_intermediates"]]
            + [der_of(case["trusted_certs"][0])]
        )

    pathlen = chain("pathlen::ee-with-intermediate-pathlen-0")
    constrained = chain("webpki::nc::nc-permits-dns-san-pattern")
    online = chain("online::cloudflare.com")
    pem_case = cases["pathlen::ee-with-intermediate-pathlen-0"]
    pem_text = "".join(
        [pem_case["peer_certificate"]]
        + pem_case["untrusted_intermediates"]
        + pem_case["trusted_certs"]
    )
    write(
        "identity_certificate",
        pathlen + [constrained[1], online[0], pem_text.encode()],
    )

    crl_cases = [
        "crl::certificate-not-on-crl",
        "crl::revoked-certificate-with-crl",
        "crl::crlnumber-critical",
    ]
    write("identity_crl", [der_of(cases[c]["crls"][0]) for c in crl_cases])

    revoked = cases["crl::revoked-certificate-with-crl"]
    write(
        "identity_path",
        [
            path_input(SERVER_MIDDLE_NAMED, pathlen),
            path_input(ANY_MIDDLE, constrained),
            path_input(ANY_MIDDLE, online),
            path_input(
                ANY_MIDDLE_NAMED,
                [der_of(revoked["peer_certificate"]), der_of(revoked["crls"][0])]
                + [der_of(revoked["trusted_certs"][0])],
            ),
            path_input(
                ANY_MIDDLE,
                chain("pathlen::self-issued-certs-pathlen"),
            ),
        ],
    )


# Fixed private keys: PKCS #8 DER (RFC 5958) of a P-256 and a P-384 scalar
# (ECPrivateKey without the public key, which openssl derives) and of an
# Ed25519 seed (RFC 8410).
P256_KEY = bytes.fromhex(
    "3041020100301306072a8648ce3d020106082a8648ce3d030107042730250201010420"
) + bytes([0x01] + [0x42] * 31)
P384_KEY = bytes.fromhex(
    "304e020100301006072a8648ce3d020106052b81040022043730350201010430"
) + bytes([0x01] + [0x43] * 47)
ED25519_KEY = bytes.fromhex("302e020100300506032b657004220420") + bytes([0x44] * 32)


def csr_seeds():
    if shutil.which("openssl") is None:
        sys.exit("the openssl command line is needed for the identity_csr seeds")
    seeds = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, key, extra in [
            ("p256", P256_KEY, ["-addext", "subjectAltName=DNS:device-1.example.com,IP:192.0.2.1"]),
            ("p384", P384_KEY, ["-addext", "keyUsage=critical,digitalSignature"]),
            ("ed25519", ED25519_KEY, []),
        ]:
            key_path = Path(tmp) / f"{name}.der"
            key_path.write_bytes(key)
            out = subprocess.run(
                ["openssl", "req", "-new", "-key", str(key_path), "-keyform", "DER",
                 "-subj", f"/O=iotm fuzz/CN=device-{name}", "-outform", "DER"] + extra,
                check=True,
                capture_output=True,
            ).stdout
            seeds.append(out)
    write("identity_csr", seeds)


if __name__ == "__main__":
    limbo_seeds()
    csr_seeds()
