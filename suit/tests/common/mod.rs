//! The SUIT vectors of `../shared/vectors/suit` and their keys (KEYS.md).

#![allow(dead_code, reason = "each test file uses part of the helpers")]
#![allow(
    clippy::cast_possible_truncation,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers"
)]

#[cfg(feature = "alloc")]
pub(crate) mod build;
#[cfg(feature = "alloc")]
pub(crate) mod process;

use std::path::PathBuf;

use iotm_suit::TrustAnchor;
use iotm_suit::crypto::{MacAlg, SignatureAlg};

/// The reason on every test that needs the shared vectors.
pub(crate) const NEEDS_SHARED: &str = "needs ../shared/vectors (or IOTM_SHARED)";

/// `vectors/suit` of the shared conformance data.
pub(crate) fn suit_dir() -> PathBuf {
    let shared = std::env::var_os("IOTM_SHARED").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
        PathBuf::from,
    );
    let dir = shared.join("vectors/suit");
    assert!(
        dir.is_dir(),
        "{} is missing: set IOTM_SHARED to the shared conformance data",
        dir.display()
    );
    dir
}

pub(crate) fn read(relative: &str) -> Vec<u8> {
    let path = suit_dir().join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// How an envelope is authenticated, per README.md and FEATURES.txt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Auth {
    /// COSE_Sign1 with the P-256 key of manifest-spec/public_key.pem.
    P256,
    /// COSE_Mac0 with HMAC-256, key 'a' × 32.
    Hmac,
}

/// The 29 signed envelopes of the issue: the 22 of libcsuit and the 7
/// signed draft examples.
pub(crate) const SIGNED: [(&str, Auth); 29] = [
    ("libcsuit/suit_manifest_exp0.suit", Auth::P256),
    ("libcsuit/suit_manifest_exp1.suit", Auth::P256),
    ("libcsuit/suit_manifest_exp2A.suit", Auth::P256),
    ("libcsuit/suit_manifest_exp2B.suit", Auth::P256),
    ("libcsuit/suit_manifest_exp3.suit", Auth::P256),
    ("libcsuit/suit_manifest_exp4.suit", Auth::P256),
    ("libcsuit/suit_manifest_exp5.suit", Auth::P256),
    ("libcsuit/suit_manifest_expAF.suit", Auth::Hmac),
    ("libcsuit/suit_manifest_expAFS.suit", Auth::Hmac),
    ("libcsuit/suit_manifest_expAW.suit", Auth::Hmac),
    ("libcsuit/suit_manifest_expD.suit", Auth::P256),
    ("libcsuit/suit_manifest_expED.suit", Auth::P256),
    ("libcsuit/suit_manifest_expEW.suit", Auth::P256),
    ("libcsuit/suit_manifest_expI.suit", Auth::P256),
    ("libcsuit/suit_manifest_expS0.suit", Auth::P256),
    ("libcsuit/suit_manifest_expS2.suit", Auth::P256),
    ("libcsuit/suit_manifest_expS3.suit", Auth::P256),
    ("libcsuit/suit_manifest_expU.suit", Auth::P256),
    ("libcsuit/suit_manifest_expU0.suit", Auth::P256),
    ("libcsuit/suit_manifest_expU1.suit", Auth::P256),
    ("libcsuit/suit_manifest_expU2.suit", Auth::P256),
    ("libcsuit/suit_manifest_expU3.suit", Auth::P256),
    ("manifest-spec/example0_1.cbor", Auth::P256),
    ("manifest-spec/example1_1.cbor", Auth::P256),
    ("manifest-spec/example2_1.cbor", Auth::P256),
    ("manifest-spec/example2_2.cbor", Auth::P256),
    ("manifest-spec/example3_1.cbor", Auth::P256),
    ("manifest-spec/example4_1.cbor", Auth::P256),
    ("manifest-spec/example5_1.cbor", Auth::P256),
];

/// The draft examples without an authentication block (digest only).
pub(crate) const UNSIGNED: [&str; 6] = [
    "manifest-spec/example0_0.cbor",
    "manifest-spec/example1_0.cbor",
    "manifest-spec/example2_0.cbor",
    "manifest-spec/example3_0.cbor",
    "manifest-spec/example4_0.cbor",
    "manifest-spec/example5_0.cbor",
];

/// The HMAC-256 key of the COSE_Mac0 vectors.
pub(crate) const HMAC_KEY: [u8; 32] = [b'a'; 32];

/// The P-256 ECDH recipient key of the encryption examples (KEYS.md): a
/// valid point that signed nothing, for wrong-key tests.
pub(crate) fn other_p256_public() -> Vec<u8> {
    let x = hex("5886CD61DD875862E5AAA820E7A15274C968A9BC96048DDCACE32F50C3651BA3");
    let y = hex("9EED8125E932CD60C0EAD3650D0A485CF726D378D1B016ED4298B2961E258F1B");
    [&[0x04][..], &x, &y].concat()
}

/// The signing key's public half, from its PEM SubjectPublicKeyInfo: a
/// P-256 SPKI ends in the 65-byte uncompressed point.
pub(crate) fn p256_public() -> Vec<u8> {
    let pem = String::from_utf8(read("manifest-spec/public_key.pem")).unwrap();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64(&body);
    der[der.len() - 65..].to_vec()
}

/// Trust anchors for `auth`.
pub(crate) fn anchors<'k>(auth: Auth, public: &'k [u8]) -> [TrustAnchor<'k>; 1] {
    match auth {
        Auth::P256 => [TrustAnchor::signature(
            SignatureAlg::EcdsaP256Sha256,
            public,
        )],
        Auth::Hmac => [TrustAnchor::mac(MacAlg::HmacSha256, &HMAC_KEY)],
    }
}

pub(crate) fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|&c| c != b'=') {
        let value = ALPHABET.iter().position(|&a| a == c).unwrap() as u32;
        acc = acc << 6 | value;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}
