"""An independent SUIT check for the interop tests: cbor2 + cryptography.

  suit_peer.py verify ENVELOPE PUBLIC.pem   exit 0 if the COSE_Sign1 over the
                                             manifest digest verifies and the
                                             digest matches the manifest
  suit_peer.py sign MANIFEST PRIVATE.pem OUT   writes a signed envelope (ES256)

Written from draft-ietf-suit-manifest §8.3 and RFC 9052 alone, not from the
Rust code it checks.
"""

import hashlib
import sys

import cbor2
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)


def sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def verify(envelope_path: str, key_path: str) -> int:
    envelope = cbor2.loads(open(envelope_path, "rb").read())
    if isinstance(envelope, cbor2.CBORTag):
        assert envelope.tag == 107, envelope.tag
        envelope = envelope.value
    auth = cbor2.loads(envelope[2])
    manifest_bstr = cbor2.dumps(envelope[3])  # the bstr-wrapped manifest
    digest = cbor2.loads(auth[0])
    assert digest[0] == -16, digest
    if hashlib.sha256(manifest_bstr).digest() != digest[1]:
        print("manifest digest mismatch")
        return 1
    key = serialization.load_pem_public_key(open(key_path, "rb").read())
    for block in auth[1:]:
        sign1 = cbor2.loads(block)
        assert sign1.tag == 18, sign1.tag
        protected, _unprotected, payload, signature = sign1.value
        assert payload is None
        r = int.from_bytes(signature[:32], "big")
        s = int.from_bytes(signature[32:], "big")
        try:
            key.verify(
                encode_dss_signature(r, s),
                sig_structure(protected, auth[0]),
                ec.ECDSA(hashes.SHA256()),
            )
            print("valid")
            return 0
        except Exception as e:  # noqa: BLE001 - report and try the next block
            print("invalid signature:", e)
    return 1


def sign(manifest_path: str, key_path: str, out_path: str) -> int:
    manifest = open(manifest_path, "rb").read()
    key = serialization.load_pem_private_key(open(key_path, "rb").read(), None)
    manifest_bstr = cbor2.dumps(manifest)
    digest_bstr = cbor2.dumps([-16, hashlib.sha256(manifest_bstr).digest()])
    protected = cbor2.dumps({1: -7})
    der = key.sign(sig_structure(protected, digest_bstr), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    block = cbor2.dumps(cbor2.CBORTag(18, [protected, {}, None, signature]))
    auth = cbor2.dumps([digest_bstr, block])
    envelope = cbor2.dumps(cbor2.CBORTag(107, {2: auth, 3: manifest}))
    open(out_path, "wb").write(envelope)
    return 0


if __name__ == "__main__":
    if sys.argv[1] == "verify":
        sys.exit(verify(sys.argv[2], sys.argv[3]))
    if sys.argv[1] == "sign":
        sys.exit(sign(sys.argv[2], sys.argv[3], sys.argv[4]))
    sys.exit(2)
