//! Decode-and-walk target for `iotm-suit`: whatever the bytes, decoding an
//! envelope, verifying it, and decoding and walking its manifest (every
//! sequence, command, parameter and component) never panics, and error
//! offsets lie inside the input. Seeded from the shared SUIT vectors.

#![no_main]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a fuzz target asserts by panicking"
)]

use iotm_cbor::Decoder;
use iotm_suit::crypto::{MacAlg, RustCryptoProvider, SignatureAlg};
use iotm_suit::{
    Command, CommandSequence, Envelope, Error, IndexArg, IndexedEntry, MAX_NESTING, Manifest,
    TrustAnchor,
};
use libfuzzer_sys::fuzz_target;

/// The P-256 key that signed the shared vectors (manifest-spec/public_key.pem).
const P256_PUBLIC: [u8; 65] = [
    0x04, 0x84, 0x96, 0x81, 0x1a, 0xae, 0x0b, 0xaa, 0xab, 0xd2, 0x61, 0x57, 0x18, 0x9e, 0xec, 0xda,
    0x26, 0xbe, 0xaa, 0x8b, 0xf1, 0x1b, 0x6f, 0x3f, 0xe6, 0xe2, 0xb5, 0x65, 0x9c, 0x85, 0xdb, 0xc0,
    0xad, 0x3b, 0x1f, 0x2a, 0x4b, 0x6c, 0x09, 0x81, 0x31, 0xc0, 0xa3, 0x6d, 0xac, 0xd1, 0xd7, 0x8b,
    0xd3, 0x81, 0xdc, 0xdf, 0xb0, 0x9c, 0x05, 0x2d, 0xb3, 0x39, 0x91, 0xdb, 0x73, 0x38, 0xb4, 0xa8,
    0x96,
];

fuzz_target!(|data: &[u8]| {
    let envelope = match Envelope::decode(data) {
        Ok(envelope) => envelope,
        Err(e) => return in_bounds(&e, data),
    };
    let keys = [
        TrustAnchor::signature(SignatureAlg::EcdsaP256Sha256, &P256_PUBLIC),
        TrustAnchor::mac(MacAlg::HmacSha256, &[b'a'; 32]),
    ];
    for _ in envelope.integrated_payloads() {}
    if let Ok(auth) = envelope.authentication() {
        for _ in auth.blocks() {}
    }
    match envelope.verify(&RustCryptoProvider, &keys) {
        Ok(verified) => {
            let _ = verified.check_processable();
        }
        Err(e) => in_bounds(&e, data),
    }
    // The manifest, unauthenticated: the decoder behind the signature check
    // must be as robust as the one in front of it.
    let mut outer = Decoder::new(envelope.manifest_bytes());
    let Ok(mut d) = outer.bstr_cbor() else { return };
    let manifest = match Manifest::decode(&mut d) {
        Ok(manifest) => manifest,
        Err(e) => return in_bounds(&e, data),
    };
    walk_manifest(&manifest);
});

fn in_bounds(e: &Error, data: &[u8]) {
    assert!(
        e.offset() <= data.len(),
        "{e:?} beyond {} bytes",
        data.len()
    );
}

fn walk_manifest(manifest: &Manifest<'_>) {
    for component in manifest.common.components.clone() {
        let _ = component.to_string();
    }
    let sequences = [
        manifest.common.shared_sequence.clone(),
        manifest.validate.clone(),
        manifest.load.clone(),
        manifest.invoke.clone(),
        manifest.uninstall.clone(),
    ];
    for sequence in sequences.into_iter().flatten() {
        let _ = sequence.check(MAX_NESTING);
        walk(sequence, 0);
    }
}

fn walk(mut sequence: CommandSequence<'_>, depth: usize) {
    if depth > MAX_NESTING {
        return;
    }
    while let Ok(Some((command, _))) = sequence.next_command() {
        match command {
            Command::RunSequence(s) => walk(s, depth + 1),
            Command::TryEach(each) => {
                for s in each {
                    walk(s, depth + 1);
                }
            }
            Command::OverrideParameters(p) | Command::SetParameters(p) => {
                for (parameter, _) in p {
                    let _ = parameter.name();
                }
            }
            Command::OverrideMultiple(m) | Command::CopyParams(m) => {
                for entry in m {
                    match entry {
                        IndexedEntry::Parameters(_, p) => for _ in p {},
                        IndexedEntry::Keys(_, k) => for _ in k {},
                    }
                }
            }
            Command::SetComponentIndex(IndexArg::List(list)) => for _ in list {},
            _ => {}
        }
    }
}
