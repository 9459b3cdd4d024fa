//! The host side: envelopes signed and severed by this crate verify here
//! and keep the manifest's bytes; signing is deterministic.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "test code"
)]

mod common;

use common::{Auth, HMAC_KEY};
use iotm_suit::crypto::{MacAlg, RustCryptoProvider, SignatureAlg, SigningKey};
use iotm_suit::{
    Envelope, EnvelopeBuilder, Rule, Severable, SignError, Signer, TrustAnchor, label,
    remove_severed, unpack,
};
use p256::pkcs8::DecodePrivateKey as _;

/// The private scalar of manifest-spec/private_key.pem.
fn p256_private() -> Vec<u8> {
    let pem = String::from_utf8(common::read("manifest-spec/private_key.pem")).unwrap();
    p256::SecretKey::from_pkcs8_pem(&pem)
        .unwrap()
        .to_bytes()
        .to_vec()
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn re_signing_every_signed_vector_keeps_its_manifest_and_members() {
    let private = p256_private();
    let public = common::p256_public();
    for (name, auth) in common::SIGNED {
        let original = common::read(name);
        let builder = unpack(&original).unwrap();
        let signer = match auth {
            Auth::P256 => Signer::Signature {
                cose_alg: -9,
                key: SigningKey::new(&private, &public),
                kid: None,
            },
            Auth::Hmac => Signer::Mac {
                cose_alg: 5,
                key: &HMAC_KEY,
                kid: None,
            },
        };
        let ours = builder.sign(&RustCryptoProvider, &signer).unwrap();
        // RFC 6979: the same bytes every time.
        assert_eq!(
            ours,
            builder.sign(&RustCryptoProvider, &signer).unwrap(),
            "{name}"
        );
        let keys = common::anchors(auth, &public);
        let theirs = Envelope::decode(&original).unwrap();
        let verified = Envelope::decode(&ours)
            .unwrap()
            .verify(&RustCryptoProvider, &keys)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            verified.envelope().manifest_bytes(),
            theirs.manifest_bytes(),
            "{name}"
        );
        assert_eq!(
            verified.envelope().authentication().unwrap().digest,
            theirs.authentication().unwrap().digest,
            "{name}: the same manifest digest"
        );
        assert_eq!(
            verified
                .envelope()
                .integrated_payloads()
                .collect::<Vec<_>>(),
            theirs.integrated_payloads().collect::<Vec<_>>()
        );
    }
}

const INLINE: &str = "{1: 1, 2: 7, 3: << {2: [[h'00']]} >>, 4: \"https://example.com/m\", \
    20: << [20, {21: \"https://example.com/fw\"}, 21, 2] >>, 23: << {\"en\": {1: \"a test\"}} >>}";

#[test]
fn draft_8_5_severing_moves_members_and_leaves_their_digests() {
    let manifest = iotm_cbor::parse_diagnostic(INLINE).unwrap();
    let mut builder = EnvelopeBuilder::new(&manifest).unwrap();
    builder
        .sever(&RustCryptoProvider, label::manifest::INSTALL)
        .unwrap()
        .sever(&RustCryptoProvider, label::manifest::TEXT)
        .unwrap();
    builder.integrate("#fw", b"firmware");
    let signer = Signer::Mac {
        cose_alg: 5,
        key: &HMAC_KEY,
        kid: Some(b"k1"),
    };
    let bytes = builder.sign(&RustCryptoProvider, &signer).unwrap();
    let keys = [TrustAnchor::mac(MacAlg::HmacSha256, &HMAC_KEY).with_kid(b"k1")];
    let verified = Envelope::decode(&bytes)
        .unwrap()
        .verify(&RustCryptoProvider, &keys)
        .unwrap();
    for key in [label::manifest::INSTALL, label::manifest::TEXT] {
        assert!(matches!(
            verified.manifest().severable(key),
            Some(Severable::Severed(_))
        ));
        assert!(verified.severable_member(key).is_some());
    }
    assert_eq!(verified.missing_members().count(), 0);
    let mut install = verified
        .sequence(label::manifest::INSTALL)
        .unwrap()
        .unwrap();
    assert_eq!(
        install.next_command().unwrap().unwrap().0.name(),
        "directive-override-parameters"
    );
    assert_eq!(
        verified.envelope().integrated("#fw"),
        Some(&b"firmware"[..])
    );
    // Key order and the other members are untouched.
    assert_eq!(
        verified.manifest().reference_uri,
        Some("https://example.com/m")
    );
    // Members that are not severable, or not there, cannot be severed.
    let mut builder = EnvelopeBuilder::new(&manifest).unwrap();
    assert!(
        builder
            .sever(&RustCryptoProvider, label::manifest::VALIDATE)
            .is_err()
    );
    assert!(
        builder
            .sever(&RustCryptoProvider, label::manifest::PAYLOAD_FETCH)
            .is_err()
    );
}

#[test]
fn draft_5_4_a_severed_member_removed_from_the_envelope_leaves_the_signature_valid() {
    let manifest = iotm_cbor::parse_diagnostic(INLINE).unwrap();
    let mut builder = EnvelopeBuilder::new(&manifest).unwrap();
    builder
        .sever(&RustCryptoProvider, label::manifest::INSTALL)
        .unwrap()
        .sever(&RustCryptoProvider, label::manifest::TEXT)
        .unwrap();
    builder.integrate("#fw", b"firmware");
    let signer = Signer::Mac {
        cose_alg: 5,
        key: &HMAC_KEY,
        kid: None,
    };
    let full = builder.sign(&RustCryptoProvider, &signer).unwrap();
    let bare = remove_severed(&full, &[label::manifest::TEXT]).unwrap();
    assert!(bare.len() < full.len());
    let keys = [TrustAnchor::mac(MacAlg::HmacSha256, &HMAC_KEY)];
    let verified = Envelope::decode(&bare)
        .unwrap()
        .verify(&RustCryptoProvider, &keys)
        .unwrap();
    // Text is gone, install and the integrated payload stay.
    assert!(verified.severable_member(label::manifest::TEXT).is_none());
    assert!(
        verified
            .severable_member(label::manifest::INSTALL)
            .is_some()
    );
    assert_eq!(
        verified.envelope().integrated("#fw"),
        Some(&b"firmware"[..])
    );
    assert_eq!(
        verified.missing_members().collect::<Vec<_>>(),
        [label::manifest::TEXT]
    );
    // A member that is not there, or not severable, cannot be removed.
    assert_eq!(
        remove_severed(&bare, &[label::manifest::TEXT]),
        Err(SignError::NotSeverable(label::manifest::TEXT))
    );
    assert!(remove_severed(&full, &[label::manifest::VALIDATE]).is_err());
}

#[test]
fn ed25519_and_es256_envelopes_verify_and_the_wrong_key_fails() {
    let manifest = iotm_cbor::parse_diagnostic(INLINE).unwrap();
    let builder = EnvelopeBuilder::new(&manifest).unwrap();
    // RFC 8032 test 1.
    let seed = common::hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    let public = common::hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
    for cose_alg in [-8, -19] {
        let signer = Signer::Signature {
            cose_alg,
            key: SigningKey::new(&seed, &public),
            kid: None,
        };
        let bytes = builder.sign(&RustCryptoProvider, &signer).unwrap();
        let keys = [TrustAnchor::signature(SignatureAlg::Ed25519, &public)];
        Envelope::decode(&bytes)
            .unwrap()
            .verify(&RustCryptoProvider, &keys)
            .unwrap();
        let other = common::hex("3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
        let wrong = [TrustAnchor::signature(SignatureAlg::Ed25519, &other)];
        let e = Envelope::decode(&bytes)
            .unwrap()
            .verify(&RustCryptoProvider, &wrong)
            .unwrap_err();
        assert_eq!(e.rule(), Some(&Rule::AuthenticationFailed));
    }
    // A manifest that is not one is refused before anything is signed.
    assert!(EnvelopeBuilder::new(&[0xa0]).is_err());
}
