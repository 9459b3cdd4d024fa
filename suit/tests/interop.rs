//! Interop with an independent implementation: a Python check written from
//! the draft with cbor2 and cryptography (tests/python/suit_peer.py)
//! verifies envelopes this crate signs, and this crate verifies envelopes
//! it signs.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

mod common;

use std::path::PathBuf;
use std::process::Command;

use iotm_suit::crypto::{RustCryptoProvider, SigningKey};
use iotm_suit::{Envelope, EnvelopeBuilder, Signer, label};
use p256::pkcs8::DecodePrivateKey as _;

const NEEDS: &str = "needs Python with cbor2 and cryptography (IOTM_PYTHON or target/peer-venv)";

/// The Python of the peer venv `.ci/run` makes (or `IOTM_PYTHON`).
fn python() -> PathBuf {
    let python = std::env::var_os("IOTM_PYTHON").map_or_else(
        || {
            PathBuf::from(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/../target/peer-venv/bin/python"
            ))
        },
        PathBuf::from,
    );
    let ok = Command::new(&python)
        .args(["-c", "import cbor2, cryptography"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "{NEEDS}: {}", python.display());
    python
}

fn peer(args: &[&str]) -> bool {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/python/suit_peer.py");
    let out = Command::new(python())
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    eprintln!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out.status.success()
}

fn temp(name: &str, bytes: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("iotm-suit-{}-{name}", std::process::id()));
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

fn key_paths() -> (String, String) {
    let dir = common::suit_dir().join("manifest-spec");
    (
        dir.join("public_key.pem").display().to_string(),
        dir.join("private_key.pem").display().to_string(),
    )
}

const MANIFEST: &str = "{1: 1, 2: 3, 3: << {2: [[h'00']]} >>, \
    20: << [20, {21: \"https://example.com/fw\"}, 21, 2] >>, 23: << {\"en\": {1: \"interop\"}} >>}";

#[test]
#[ignore = "needs Python with cbor2 and cryptography (IOTM_PYTHON or target/peer-venv)"]
fn the_python_peer_verifies_the_published_examples() {
    let (public, _) = key_paths();
    for n in 0..=5 {
        let path = common::suit_dir().join(format!("manifest-spec/example{n}_1.cbor"));
        assert!(
            peer(&["verify", &path.display().to_string(), &public]),
            "example{n}_1"
        );
    }
}

#[test]
#[ignore = "needs Python with cbor2 and cryptography (IOTM_PYTHON or target/peer-venv)"]
fn envelopes_signed_here_verify_in_python_and_tampering_is_caught() {
    let (public_pem, private_pem) = key_paths();
    let pem = std::fs::read_to_string(&private_pem).unwrap();
    let private = p256::SecretKey::from_pkcs8_pem(&pem)
        .unwrap()
        .to_bytes()
        .to_vec();
    let public = common::p256_public();
    let manifest = iotm_cbor::parse_diagnostic(MANIFEST).unwrap();
    let mut builder = EnvelopeBuilder::new(&manifest).unwrap();
    builder
        .sever(&RustCryptoProvider, label::manifest::TEXT)
        .unwrap();
    let signer = Signer::Signature {
        cose_alg: -7,
        key: SigningKey::new(&private, &public),
        kid: None,
    };
    let envelope = builder.sign(&RustCryptoProvider, &signer).unwrap();
    assert!(peer(&[
        "verify",
        &temp("ours.suit", &envelope),
        &public_pem
    ]));
    // One flipped bit in the manifest: Python refuses it too.
    let mut tampered = envelope.clone();
    let at = tampered.len() - 30;
    tampered[at] ^= 1;
    assert!(!peer(&[
        "verify",
        &temp("tampered.suit", &tampered),
        &public_pem
    ]));
}

#[test]
#[ignore = "needs Python with cbor2 and cryptography (IOTM_PYTHON or target/peer-venv)"]
fn envelopes_signed_in_python_verify_here() {
    let (_, private_pem) = key_paths();
    let manifest = iotm_cbor::parse_diagnostic(MANIFEST).unwrap();
    let out = std::env::temp_dir().join(format!("iotm-suit-{}-python.suit", std::process::id()));
    assert!(peer(&[
        "sign",
        &temp("manifest.cbor", &manifest),
        &private_pem,
        &out.display().to_string()
    ]));
    let bytes = std::fs::read(&out).unwrap();
    let public = common::p256_public();
    let keys = common::anchors(common::Auth::P256, &public);
    let verified = Envelope::decode(&bytes)
        .unwrap()
        .verify(&RustCryptoProvider, &keys)
        .unwrap();
    assert_eq!(verified.manifest().sequence_number, 3);
    verified.check_processable().unwrap();
}
