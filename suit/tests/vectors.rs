//! The SUIT vectors of `../shared/vectors/suit`: every signed envelope
//! decodes, authenticates with its key and reads through; the unsigned
//! ones are refused for lack of an authentication block.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "test code"
)]

mod common;

use common::{Auth, NEEDS_SHARED, SIGNED, UNSIGNED};
use iotm_suit::crypto::RustCryptoProvider;
use iotm_suit::{Envelope, Rule, Severable, label};

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn draft_8_3_every_signed_vector_authenticates_with_its_key() {
    let _ = NEEDS_SHARED;
    let public = common::p256_public();
    let mut passed = 0;
    for (name, auth) in SIGNED {
        let bytes = common::read(name);
        let envelope = Envelope::decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let keys = common::anchors(auth, &public);
        let verified = envelope
            .verify(&RustCryptoProvider, &keys)
            .unwrap_or_else(|e| panic!("{name}: {e} at {}", e.offset()));
        let commands = verified
            .check_processable()
            .unwrap_or_else(|e| panic!("{name}: {e} at {}", e.offset()));
        assert!(commands > 0, "{name}");
        passed += 1;
    }
    assert_eq!(passed, 29);
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn draft_8_3_the_manifest_digest_covers_the_bstr_wrapped_manifest() {
    let bytes = common::read("manifest-spec/example0_1.cbor");
    let envelope = Envelope::decode(&bytes).unwrap();
    let digest = envelope.authentication().unwrap().digest;
    assert_eq!(digest.algorithm, -16);
    assert!(
        digest
            .matches(&RustCryptoProvider, envelope.manifest_bytes())
            .unwrap()
    );
    // Without the byte string's head the digest does not match.
    assert!(
        !digest
            .matches(&RustCryptoProvider, &envelope.manifest_bytes()[3..])
            .unwrap()
    );
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn draft_8_3_an_envelope_without_authentication_block_is_refused() {
    let public = common::p256_public();
    for name in UNSIGNED {
        let bytes = common::read(name);
        let envelope = Envelope::decode(&bytes).unwrap();
        // The digest in the wrapper is right...
        let digest = envelope.authentication().unwrap().digest;
        assert!(
            digest
                .matches(&RustCryptoProvider, envelope.manifest_bytes())
                .unwrap()
        );
        // ...but nothing authenticates it.
        let keys = common::anchors(Auth::P256, &public);
        let e = envelope.verify(&RustCryptoProvider, &keys).unwrap_err();
        assert_eq!(e.rule(), Some(&Rule::NoAuthenticationBlock), "{name}");
    }
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn draft_8_3_a_stale_signature_in_a_published_vector_is_caught() {
    // README: this snapshot's signature does not match its manifest (the
    // libcsuit copy, expED, does).
    let public = common::p256_public();
    let bytes = common::read("firmware-encryption/suit-manifest-es-ecdh-dependency.cbor");
    let envelope = Envelope::decode(&bytes).unwrap();
    let keys = common::anchors(Auth::P256, &public);
    let e = envelope.verify(&RustCryptoProvider, &keys).unwrap_err();
    assert_eq!(e.rule(), Some(&Rule::AuthenticationFailed));
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn extension_vectors_authenticate_too() {
    let public = common::p256_public();
    for (name, auth) in [
        (
            "firmware-encryption/suit-manifest-aes-kw-content.cbor",
            Auth::Hmac,
        ),
        (
            "firmware-encryption/suit-manifest-aes-kw-slot.cbor",
            Auth::Hmac,
        ),
        ("firmware-encryption/suit-manifest-aes-kw.cbor", Auth::Hmac),
        (
            "firmware-encryption/suit-manifest-es-ecdh-content.cbor",
            Auth::P256,
        ),
        ("trust-domains/example0_dependent.cbor", Auth::P256),
        ("trust-domains/example1_process.cbor", Auth::P256),
        ("trust-domains/example2_integrated.cbor", Auth::P256),
    ] {
        let bytes = common::read(name);
        let keys = common::anchors(auth, &public);
        let verified = Envelope::decode(&bytes)
            .and_then(|e| e.verify(&RustCryptoProvider, &keys))
            .unwrap_or_else(|e| panic!("{name}: {e} at {}", e.offset()));
        verified.check_processable().unwrap();
    }
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn draft_8_5_severed_members_come_from_the_envelope_and_match_their_digests() {
    let public = common::p256_public();
    let keys = common::anchors(Auth::P256, &public);
    // example2_1: install and text severed and absent; example2_2: present.
    let absent = common::read("manifest-spec/example2_1.cbor");
    let present = common::read("manifest-spec/example2_2.cbor");
    let absent = Envelope::decode(&absent)
        .unwrap()
        .verify(&RustCryptoProvider, &keys)
        .unwrap();
    let present = Envelope::decode(&present)
        .unwrap()
        .verify(&RustCryptoProvider, &keys)
        .unwrap();
    for v in [&absent, &present] {
        assert!(matches!(
            v.manifest().severable(label::manifest::INSTALL),
            Some(Severable::Severed(_))
        ));
    }
    assert_eq!(
        absent.missing_members().collect::<Vec<_>>(),
        [label::manifest::INSTALL, label::manifest::TEXT]
    );
    let e = absent.sequence(label::manifest::INSTALL).unwrap_err();
    assert_eq!(
        e.rule(),
        Some(&Rule::SeveredMemberMissing(label::manifest::INSTALL))
    );
    assert_eq!(present.missing_members().count(), 0);
    let mut install = present.sequence(label::manifest::INSTALL).unwrap().unwrap();
    let mut names = Vec::new();
    while let Some((command, _)) = install.next_command().unwrap() {
        names.push(command.name());
    }
    assert_eq!(
        names,
        [
            "directive-override-parameters",
            "directive-fetch",
            "condition-image-match"
        ]
    );
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn integrated_payloads_are_found_by_their_text_key() {
    let bytes = common::read("libcsuit/suit_manifest_expI.suit");
    let envelope = Envelope::decode(&bytes).unwrap();
    let keys: Vec<_> = envelope.integrated_payloads().map(|(k, _)| k).collect();
    assert_eq!(keys, ["#tc"]);
    assert!(!envelope.integrated("#tc").unwrap().is_empty());
    assert_eq!(envelope.integrated("#other"), None);
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn truncated_envelopes_are_incomplete_never_malformed() {
    for (name, _) in SIGNED {
        let bytes = common::read(name);
        for len in 0..bytes.len() {
            let e = Envelope::decode(&bytes[..len]).unwrap_err();
            assert!(e.is_incomplete(), "{name} cut at {len}: {e}");
        }
    }
}
