//! COSE `HSS-LMS` (−46, RFC 8778) authentication blocks, the signature
//! algorithm of the SUIT MTI profile suit-sha256-hsslms-a256kw-a256ctr.
//!
//! The crate only verifies HSS/LMS (signing is stateful); this file holds a
//! one-level signer of its own, written from RFC 8554 (Appendix A key
//! derivation, `LMS_SHA256_M32_H5` over `LMOTS_SHA256_N32_W4`), so that an
//! envelope can be signed, verified through `Envelope::verify` and then
//! damaged. The verifier it checks against passes RFC 8554's Appendix F
//! (`crypto/tests/hss_lms.rs`).

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "test code"
)]

mod common;

use iotm_cbor::Encoder;
use iotm_suit::crypto::{CryptoProvider, HashAlg, Hasher, RustCryptoProvider, SignatureAlg};
use iotm_suit::{Envelope, Error, Rule, TrustAnchor};

/// `LMS_SHA256_M32_H5` (RFC 8554 §5.1).
const LMS_TYPE: u32 = 5;
/// `LMOTS_SHA256_N32_W4` (RFC 8554 §4.1).
const OTS_TYPE: u32 = 3;
/// Tree height.
const H: u32 = 5;
/// Chains of W4 with 32-byte hashes.
const P: u16 = 67;
/// Checksum shift of W4.
const LS: u32 = 4;
/// The COSE algorithm.
const HSS_LMS: i64 = -46;
/// `SUIT_Envelope_Tagged`.
const ENVELOPE_TAG: u64 = 107;
/// `COSE_Sign1_Tagged`.
const SIGN1_TAG: u64 = 18;

fn sha256(parts: &[&[u8]]) -> [u8; 32] {
    let mut h = RustCryptoProvider.hasher(HashAlg::Sha256).unwrap();
    for part in parts {
        h.update(part);
    }
    let mut out = [0u8; 32];
    h.finish(&mut out).unwrap();
    out
}

/// A one-level HSS key: one LMS tree with every node kept.
struct TestSigner {
    id: [u8; 16],
    seed: [u8; 32],
    /// `T[r]` for `r` in 1..2^(H+1) (index 0 unused).
    nodes: Vec<[u8; 32]>,
}

impl TestSigner {
    fn new(id: [u8; 16], seed: [u8; 32]) -> Self {
        let mut signer = Self {
            id,
            seed,
            nodes: vec![[0; 32]; 2 << H],
        };
        let leaves = 1u32 << H;
        for r in (1..2 * leaves).rev() {
            let node = if r >= leaves {
                let k = signer.ots_public(r - leaves);
                sha256(&[&id, &r.to_be_bytes(), &[0x82, 0x82], &k])
            } else {
                let (left, right) = (
                    signer.nodes[2 * r as usize],
                    signer.nodes[2 * r as usize + 1],
                );
                sha256(&[&id, &r.to_be_bytes(), &[0x83, 0x83], &left, &right])
            };
            signer.nodes[r as usize] = node;
        }
        signer
    }

    /// `x_q[i]` (RFC 8554 Appendix A).
    fn secret(&self, q: u32, i: u16) -> [u8; 32] {
        sha256(&[
            &self.id,
            &q.to_be_bytes(),
            &i.to_be_bytes(),
            &[0xff],
            &self.seed,
        ])
    }

    /// Hashes `tmp` along chain `i` of leaf `q` from step `from` to `to`.
    fn chain(&self, q: u32, i: u16, mut tmp: [u8; 32], from: u8, to: u8) -> [u8; 32] {
        for j in from..to {
            tmp = sha256(&[&self.id, &q.to_be_bytes(), &i.to_be_bytes(), &[j], &tmp]);
        }
        tmp
    }

    /// The LM-OTS public key `K` of leaf `q` (RFC 8554 §4.3).
    fn ots_public(&self, q: u32) -> [u8; 32] {
        let mut parts: Vec<[u8; 32]> = Vec::new();
        for i in 0..P {
            parts.push(self.chain(q, i, self.secret(q, i), 0, 15));
        }
        let q = q.to_be_bytes();
        let mut all: Vec<&[u8]> = vec![&self.id, &q, &[0x80, 0x80]];
        all.extend(parts.iter().map(|p| &p[..]));
        sha256(&all)
    }

    /// The HSS public key: `L = 1` and the LMS public key.
    fn public_key(&self) -> Vec<u8> {
        [
            &1u32.to_be_bytes()[..],
            &LMS_TYPE.to_be_bytes(),
            &OTS_TYPE.to_be_bytes(),
            &self.id,
            &self.nodes[1],
        ]
        .concat()
    }

    /// The HSS signature (`Nspk = 0`) of `msg` with leaf `q`.
    fn sign(&self, q: u32, msg: &[u8]) -> Vec<u8> {
        let c = sha256(&[b"C", &q.to_be_bytes(), &self.seed]);
        let digest = sha256(&[&self.id, &q.to_be_bytes(), &[0x81, 0x81], &c, msg]);
        let nibble = |s: &[u8], i: u16| (s[usize::from(i / 2)] >> (4 * (1 - i % 2))) & 0x0f;
        let sum: u32 = (0..64).map(|i| 15 - u32::from(nibble(&digest, i))).sum();
        let checksum = ((sum << LS) as u16).to_be_bytes();
        let qc = [&digest[..], &checksum].concat();
        let mut sig = [0u32.to_be_bytes(), q.to_be_bytes(), OTS_TYPE.to_be_bytes()].concat();
        sig.extend_from_slice(&c);
        for i in 0..P {
            let a = nibble(&qc, i);
            sig.extend_from_slice(&self.chain(q, i, self.secret(q, i), 0, a));
        }
        sig.extend_from_slice(&LMS_TYPE.to_be_bytes());
        let mut r = (1u32 << H) + q;
        while r > 1 {
            sig.extend_from_slice(&self.nodes[(r ^ 1) as usize]);
            r /= 2;
        }
        sig
    }
}

fn signer() -> TestSigner {
    TestSigner::new(*b"iotm-suit-hsslms", [0x5a; 32])
}

/// The envelope of `manifest_diag` with one COSE_Sign1 block, alg −46,
/// whose signature `sign` makes from the `Sig_structure`.
fn envelope_signed_by(manifest_diag: &str, sign: impl Fn(&[u8]) -> Vec<u8>) -> Vec<u8> {
    // The builder's envelope gives the manifest and its digest item.
    let maced = common::build::envelope(manifest_diag);
    let decoded = Envelope::decode(&maced).unwrap();
    let manifest = decoded.manifest_bytes().to_vec();
    let digest_item = decoded.authentication().unwrap().digest_item.to_vec();

    let mut header = Vec::new();
    Encoder::new(&mut header)
        .map(1)
        .unwrap()
        .i64(1)
        .unwrap()
        .i64(HSS_LMS)
        .unwrap();
    let mut protected = Vec::new();
    Encoder::new(&mut protected).bytes(&header).unwrap();
    let mut to_be_signed = Vec::new();
    Encoder::new(&mut to_be_signed)
        .array(4)
        .unwrap()
        .str("Signature1")
        .unwrap()
        .raw(&protected)
        .unwrap()
        .bytes(&[])
        .unwrap()
        .raw(&digest_item)
        .unwrap();
    let signature = sign(&to_be_signed);

    let mut block = Vec::new();
    Encoder::new(&mut block)
        .tag(SIGN1_TAG)
        .unwrap()
        .array(4)
        .unwrap()
        .raw(&protected)
        .unwrap()
        .map(0)
        .unwrap()
        .null()
        .unwrap()
        .bytes(&signature)
        .unwrap();
    let mut wrapper = Vec::new();
    Encoder::new(&mut wrapper)
        .array(2)
        .unwrap()
        .raw(&digest_item)
        .unwrap()
        .bytes(&block)
        .unwrap();
    let mut out = Vec::new();
    Encoder::new(&mut out)
        .tag(ENVELOPE_TAG)
        .unwrap()
        .map(2)
        .unwrap()
        .i64(2)
        .unwrap()
        .bytes(&wrapper)
        .unwrap()
        .i64(3)
        .unwrap()
        .raw(&manifest)
        .unwrap();
    out
}

/// A change made to a signature.
type Edit = dyn Fn(&mut Vec<u8>);

const MANIFEST: &str = "{1: 1, 2: 7, 3: << {2: [[h'00']]} >>, 20: << [20, {18: h'aa'}, 18, 0] >>}";

fn verify(envelope: &[u8], anchors: &[TrustAnchor<'_>]) -> Result<(), Error> {
    Envelope::decode(envelope)?
        .verify(&RustCryptoProvider, anchors)
        .map(|_| ())
}

#[test]
fn rfc_8778_alg_minus_46_is_hss_lms() {
    assert_eq!(SignatureAlg::from_cose(HSS_LMS), Some(SignatureAlg::HssLms));
    assert_eq!(SignatureAlg::HssLms.cose_id(), HSS_LMS);
}

#[test]
fn mti_hsslms_a_cose_sign1_with_alg_minus_46_verifies() {
    let s = signer();
    let public = s.public_key();
    let envelope = envelope_signed_by(MANIFEST, |tbs| s.sign(3, tbs));
    let anchors = [TrustAnchor::signature(SignatureAlg::HssLms, &public)];
    verify(&envelope, &anchors).unwrap();
    // The verified manifest is one the processor can run.
    let verified = Envelope::decode(&envelope)
        .unwrap()
        .verify(&RustCryptoProvider, &anchors)
        .unwrap();
    assert_eq!(verified.check_processable().map(|_| ()), Ok(()));
    // Another leaf signs as well.
    let other_leaf = envelope_signed_by(MANIFEST, |tbs| s.sign(31, tbs));
    verify(&other_leaf, &anchors).unwrap();
}

#[test]
fn mti_hsslms_a_damaged_signature_is_authentication_failed() {
    let s = signer();
    let public = s.public_key();
    let anchors = [TrustAnchor::signature(SignatureAlg::HssLms, &public)];
    let damage = |edit: &Edit| {
        let envelope = envelope_signed_by(MANIFEST, |tbs| {
            let mut sig = s.sign(3, tbs);
            edit(&mut sig);
            sig
        });
        verify(&envelope, &anchors).unwrap_err()
    };
    let cases: [(&str, &Edit); 5] = [
        ("a bit of the one-time signature", &|sig| sig[100] ^= 0x01),
        ("a bit of the path", &|sig| {
            let last = sig.len() - 1;
            sig[last] ^= 0x80;
        }),
        ("the leaf index", &|sig| sig[7] ^= 0x01),
        ("truncated", &|sig| sig.truncate(sig.len() - 32)),
        ("two levels claimed", &|sig| sig[3] = 1),
    ];
    for (what, edit) in cases {
        assert_eq!(
            damage(edit).rule(),
            Some(&Rule::AuthenticationFailed),
            "{what}"
        );
    }
    // A bogus signature of the right shape, and an empty one.
    for bogus in [vec![0u8; 2500], Vec::new()] {
        let envelope = envelope_signed_by(MANIFEST, |_| bogus.clone());
        assert_eq!(
            verify(&envelope, &anchors).unwrap_err().rule(),
            Some(&Rule::AuthenticationFailed)
        );
    }
}

#[test]
fn mti_hsslms_a_signature_under_another_key_is_authentication_failed() {
    let s = signer();
    let envelope = envelope_signed_by(MANIFEST, |tbs| s.sign(3, tbs));
    // The same tree under another identifier I.
    let mut other = s.public_key();
    other[12] ^= 0x01;
    let anchors = [TrustAnchor::signature(SignatureAlg::HssLms, &other)];
    assert_eq!(
        verify(&envelope, &anchors).unwrap_err().rule(),
        Some(&Rule::AuthenticationFailed)
    );
    // A signature over another manifest's digest.
    let other_manifest = MANIFEST.replace("2: 7", "2: 8");
    let digest_of_other = {
        let maced = common::build::envelope(&other_manifest);
        let decoded = Envelope::decode(&maced).unwrap();
        decoded.authentication().unwrap().digest_item.to_vec()
    };
    let envelope = envelope_signed_by(MANIFEST, |tbs| {
        let mut swapped = tbs.to_vec();
        let at = swapped.len() - digest_of_other.len();
        swapped[at..].copy_from_slice(&digest_of_other);
        s.sign(3, &swapped)
    });
    let public = s.public_key();
    let anchors = [TrustAnchor::signature(SignatureAlg::HssLms, &public)];
    assert_eq!(
        verify(&envelope, &anchors).unwrap_err().rule(),
        Some(&Rule::AuthenticationFailed)
    );
}

#[test]
fn mti_hsslms_an_es256_key_is_not_used_for_alg_minus_46() {
    let s = signer();
    let envelope = envelope_signed_by(MANIFEST, |tbs| s.sign(3, tbs));
    let es256 = common::other_p256_public();
    let anchors = [TrustAnchor::signature(
        SignatureAlg::EcdsaP256Sha256,
        &es256,
    )];
    assert_eq!(
        verify(&envelope, &anchors).unwrap_err().rule(),
        Some(&Rule::UnknownKey)
    );
}
