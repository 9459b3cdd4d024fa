//! Tampered envelopes: one flipped bit in each region of every signed
//! vector is refused with the rule that region answers to; wrong keys and
//! key ids are refused.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "test code"
)]

mod common;

use common::{Auth, SIGNED};
use iotm_suit::crypto::{MacAlg, RustCryptoProvider, SignatureAlg};
use iotm_suit::{Envelope, Error, Rule, TrustAnchor, label};

/// Offset of `part` inside `whole` (both from the same buffer).
fn offset_in(whole: &[u8], part: &[u8]) -> usize {
    part.as_ptr() as usize - whole.as_ptr() as usize
}

fn verify(bytes: &[u8], auth: Auth, public: &[u8]) -> Result<(), Error> {
    let keys = common::anchors(auth, public);
    Envelope::decode(bytes)?
        .verify(&RustCryptoProvider, &keys)
        .map(|_| ())
}

fn flipped(bytes: &[u8], at: usize, bit: u8) -> Vec<u8> {
    let mut copy = bytes.to_vec();
    copy[at] ^= 1 << bit;
    copy
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn draft_8_3_a_flipped_bit_in_the_manifest_breaks_its_digest() {
    let public = common::p256_public();
    let mut checked = 0;
    for (name, auth) in SIGNED {
        let bytes = common::read(name);
        let envelope = Envelope::decode(&bytes).unwrap();
        let manifest = envelope.manifest_bytes();
        let start = offset_in(&bytes, manifest);
        // Every byte of the manifest's content (its head would change the
        // envelope's framing instead).
        let head = manifest.len() - iotm_cbor::Decoder::new(manifest).bytes().unwrap().len();
        for at in start + head..start + manifest.len() {
            let e = verify(&flipped(&bytes, at, (at % 8) as u8), auth, &public).unwrap_err();
            assert_eq!(
                e.rule(),
                Some(&Rule::ManifestDigestMismatch),
                "{name} byte {at}"
            );
            checked += 1;
        }
    }
    assert!(checked > 5000, "{checked}");
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn draft_8_3_a_flipped_bit_in_the_signature_or_tag_fails_authentication() {
    let public = common::p256_public();
    for (name, auth) in SIGNED {
        let bytes = common::read(name);
        let envelope = Envelope::decode(&bytes).unwrap();
        let block = envelope.authentication().unwrap().blocks().next().unwrap();
        let start = offset_in(&bytes, block.signature);
        for at in [
            start,
            start + block.signature.len() / 2,
            start + block.signature.len() - 1,
        ] {
            let e = verify(&flipped(&bytes, at, 0), auth, &public).unwrap_err();
            assert_eq!(
                e.rule(),
                Some(&Rule::AuthenticationFailed),
                "{name} byte {at}"
            );
        }
    }
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn draft_8_3_a_flipped_bit_in_the_authenticated_digest_is_refused() {
    let public = common::p256_public();
    for (name, auth) in SIGNED {
        let bytes = common::read(name);
        let envelope = Envelope::decode(&bytes).unwrap();
        let digest = envelope.authentication().unwrap().digest;
        let at = offset_in(&bytes, digest.bytes) + 5;
        let e = verify(&flipped(&bytes, at, 3), auth, &public).unwrap_err();
        // The digest no longer matches the manifest: caught before any
        // signature check.
        assert_eq!(e.rule(), Some(&Rule::ManifestDigestMismatch), "{name}");
    }
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn draft_8_3_a_flipped_bit_in_the_protected_header_fails_authentication() {
    let public = common::p256_public();
    for (name, auth) in SIGNED {
        let bytes = common::read(name);
        let envelope = Envelope::decode(&bytes).unwrap();
        let block = envelope.authentication().unwrap().blocks().next().unwrap();
        // The last byte of the protected bucket is the algorithm's value:
        // -7/-9 become -8/-10, 5 becomes 4 (an ES256 key does not sign
        // EdDSA; no key is held for the others).
        let at = offset_in(&bytes, block.protected) + block.protected.len() - 1;
        let e = verify(&flipped(&bytes, at, 0), auth, &public).unwrap_err();
        assert!(
            matches!(
                e.rule(),
                Some(Rule::UnknownKey | Rule::UnsupportedAlgorithm(_) | Rule::AuthenticationFailed)
            ),
            "{name}: {e}"
        );
    }
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn draft_8_5_a_flipped_bit_in_a_severable_member_breaks_its_digest() {
    let public = common::p256_public();
    for name in [
        "manifest-spec/example2_2.cbor",
        "libcsuit/suit_manifest_exp2B.suit",
    ] {
        let bytes = common::read(name);
        let keys = common::anchors(Auth::P256, &public);
        let envelope = Envelope::decode(&bytes).unwrap();
        let verified = envelope.verify(&RustCryptoProvider, &keys).unwrap();
        for key in [label::manifest::INSTALL, label::manifest::TEXT] {
            let member = verified.severable_member(key).unwrap();
            let start = offset_in(&bytes, member.content);
            for at in start..start + member.content.len() {
                let e = verify(&flipped(&bytes, at, 1), Auth::P256, &public).unwrap_err();
                assert_eq!(
                    e.rule(),
                    Some(&Rule::SeverableDigestMismatch(key)),
                    "{name} byte {at}"
                );
            }
        }
    }
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn draft_8_3_the_wrong_key_fails_and_a_missing_key_is_named() {
    let other = common::other_p256_public();
    let bytes = common::read("manifest-spec/example0_1.cbor");
    let envelope = Envelope::decode(&bytes).unwrap();
    let wrong = [TrustAnchor::signature(
        SignatureAlg::EcdsaP256Sha256,
        &other,
    )];
    let e = envelope.verify(&RustCryptoProvider, &wrong).unwrap_err();
    assert_eq!(e.rule(), Some(&Rule::AuthenticationFailed));

    // A key for another algorithm, or bound to another kid, is no key.
    let public = common::p256_public();
    for keys in [
        [TrustAnchor::signature(SignatureAlg::Ed25519, &public[..32])],
        [TrustAnchor::signature(SignatureAlg::EcdsaP256Sha256, &public).with_kid(b"kid-9")],
        [TrustAnchor::mac(MacAlg::HmacSha256, &common::HMAC_KEY)],
    ] {
        let e = envelope.verify(&RustCryptoProvider, &keys).unwrap_err();
        assert_eq!(e.rule(), Some(&Rule::UnknownKey));
    }

    let mac = common::read("libcsuit/suit_manifest_expAW.suit");
    let envelope = Envelope::decode(&mac).unwrap();
    let wrong_secret = [b'b'; 32];
    let keys = [TrustAnchor::mac(MacAlg::HmacSha256, &wrong_secret)];
    let e = envelope.verify(&RustCryptoProvider, &keys).unwrap_err();
    assert_eq!(e.rule(), Some(&Rule::AuthenticationFailed));
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn draft_8_3_both_fully_specified_and_polymorphic_ids_verify() {
    // exp0 is signed with ESP256 (-9), example0_1 with ES256 (-7): one key.
    let public = common::p256_public();
    for (name, alg) in [
        ("libcsuit/suit_manifest_exp0.suit", -9),
        ("manifest-spec/example0_1.cbor", -7),
    ] {
        let bytes = common::read(name);
        let envelope = Envelope::decode(&bytes).unwrap();
        let block = envelope.authentication().unwrap().blocks().next().unwrap();
        assert_eq!(block.algorithm, alg);
        verify(&bytes, Auth::P256, &public).unwrap();
    }
}
