//! Certificates, requests and CRLs this crate builds decode and validate
//! here: a three-level PKI, a CSR's proof of possession, revocation.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

mod common;

use common::{NOW, intermediate, leaf, name, p256_key, root};
use iotm_device_identity::build::{CrlBuilder, CsrBuilder, GeneralNameSpec, RevokedEntry};
use iotm_device_identity::crypto::RustCryptoProvider;
use iotm_device_identity::csr::CsrSignatureError;
use iotm_device_identity::{
    Certificate, Crl, Csr, ExpectedName, Policy, Usage, VerifyError, verify,
};

#[test]
fn rfc5280_6_1_a_built_three_level_chain_validates() {
    let (root_key, ca_key, dev_key) = (p256_key(1), p256_key(2), p256_key(3));
    let root_der = root(&root_key, "Root");
    let ca_der = intermediate(&ca_key, "Issuing CA", &root_key, "Root", Some(0));
    let leaf_der = leaf(&dev_key, "device-1.example.com", 7, &ca_key, "Issuing CA");
    let anchors = [Certificate::from_der(&root_der).unwrap()];
    let pool = [Certificate::from_der(&ca_der).unwrap()];
    let device = Certificate::from_der(&leaf_der).unwrap();
    let mut policy = Policy::new(NOW);
    policy.usage = Usage::ClientAuth;
    policy.name = Some(ExpectedName::Dns("device-1.example.com"));
    let path = verify(&RustCryptoProvider, &device, &pool, &anchors, &policy).unwrap();
    assert_eq!(path.len(), 3);
    // The wrong name, or no intermediate, fail.
    policy.name = Some(ExpectedName::Dns("device-2.example.com"));
    assert_eq!(
        verify(&RustCryptoProvider, &device, &pool, &anchors, &policy).unwrap_err(),
        VerifyError::NameMismatch
    );
    policy.name = None;
    assert_eq!(
        verify(&RustCryptoProvider, &device, &[], &anchors, &policy).unwrap_err(),
        VerifyError::UnknownIssuer
    );
}

#[test]
fn rfc2986_a_built_request_proves_possession() {
    let key = p256_key(4);
    let mut builder = CsrBuilder {
        subject: name("device-9"),
        ..CsrBuilder::default()
    };
    builder
        .extensions
        .subject_alt_name(&[GeneralNameSpec::Dns("device-9.example.com")], false);
    let der = builder.sign(&RustCryptoProvider, &key).unwrap();
    let csr = Csr::from_der(&der).unwrap();
    assert_eq!(csr.subject.to_string(), "O=iotm test, CN=device-9");
    assert!(csr.extensions.is_some());
    csr.verify_signature(&RustCryptoProvider).unwrap();
    // One flipped bit in the subject breaks the signature.
    let mut tampered = der.clone();
    let at = tampered.windows(8).position(|w| w == b"device-9").unwrap();
    tampered[at] ^= 1;
    assert_eq!(
        Csr::from_der(&tampered)
            .unwrap()
            .verify_signature(&RustCryptoProvider),
        Err(CsrSignatureError::Invalid)
    );
}

#[test]
fn rfc5280_6_3_a_built_crl_revokes_the_listed_serial() {
    let (root_key, dev_key) = (p256_key(5), p256_key(6));
    let root_der = root(&root_key, "Root");
    let revoked_der = leaf(&dev_key, "a.example.com", 9, &root_key, "Root");
    let good_der = leaf(&dev_key, "b.example.com", 10, &root_key, "Root");
    let crl_der = CrlBuilder {
        issuer: name("Root"),
        this_update: NOW,
        next_update: Some(iotm_device_identity::UnixTime::from_secs(
            NOW.as_secs() + 86_400,
        )),
        number: 1,
        authority_key_id: Some(root_key.key_id(&RustCryptoProvider).unwrap().to_vec()),
        revoked: vec![RevokedEntry {
            serial: vec![9],
            date: NOW,
            reason: Some(1),
        }],
    }
    .sign(&RustCryptoProvider, &root_key)
    .unwrap();
    let crl = Crl::from_der(&crl_der).unwrap();
    assert!(crl.is_revoked(&[9]));
    assert_eq!(crl.crl_number().map(|(n, _)| n.to_u64()), Some(Some(1)));
    let crls = [crl];
    let anchors = [Certificate::from_der(&root_der).unwrap()];
    let mut policy = Policy::new(NOW);
    policy.crls = &crls;
    let revoked = Certificate::from_der(&revoked_der).unwrap();
    assert_eq!(
        verify(&RustCryptoProvider, &revoked, &[], &anchors, &policy).unwrap_err(),
        VerifyError::Revoked { depth: 0 }
    );
    let good = Certificate::from_der(&good_der).unwrap();
    verify(&RustCryptoProvider, &good, &[], &anchors, &policy).unwrap();
}

#[test]
fn nistir_8259a_fleet_check_finds_shared_keys_serials_and_defaults() {
    use iotm_device_identity::fleet::{self, KnownKey};
    let ca = p256_key(30);
    let (a, b, c) = (p256_key(31), p256_key(32), p256_key(33));
    let ders = [
        leaf(&a, "d1.example.com", 1, &ca, "CA"),
        leaf(&b, "d2.example.com", 2, &ca, "CA"),
        leaf(&a, "d3.example.com", 3, &ca, "CA"), // shares d1's key
        leaf(&c, "d4.example.com", 2, &ca, "CA"), // reuses d2's serial
    ];
    let certs: Vec<Certificate<'_>> = ders
        .iter()
        .map(|d| Certificate::from_der(d).unwrap())
        .collect();
    let known = [KnownKey {
        label: "vendor SDK example key",
        key: &c.public,
    }];
    let report = fleet::check(&certs, &known);
    assert_eq!(report.duplicate_keys, vec![vec![0, 2]]);
    assert_eq!(report.duplicate_serials, vec![vec![1, 3]]);
    assert_eq!(report.default_keys, vec![(3, 0)]);
    assert!(!report.is_clean());
    assert!(fleet::check(&certs[..2], &[]).is_clean());
}

#[test]
fn rfc7030_enrollment_messages_round_trip() {
    use iotm_device_identity::est::{self, CertsOnly, Operation};
    let (ca, dev) = (p256_key(40), p256_key(41));
    let csr = CsrBuilder {
        subject: name("device-7"),
        ..CsrBuilder::default()
    }
    .sign(&RustCryptoProvider, &dev)
    .unwrap();
    // Over HTTPS the request body is base64 (§4.2.1); it decodes back.
    let body = est::https_body(&csr);
    assert!(body.lines().all(|l| l.len() <= 64));
    let decoded = est::decode_https_body(&body).unwrap();
    assert_eq!(decoded, csr);
    Csr::from_der(&decoded)
        .unwrap()
        .verify_signature(&RustCryptoProvider)
        .unwrap();
    // The server answers certs-only.
    let root_der = root(&ca, "CA");
    let issued = leaf(&dev, "device-7.example.com", 5, &ca, "CA");
    let response = est::certs_only(&[&issued, &root_der]);
    let message = CertsOnly::from_der(&response).unwrap();
    let certs: Vec<_> = message.certificates().collect();
    assert_eq!(certs.len(), 2);
    assert_eq!(certs[0].encoded, &issued[..]);
    assert_eq!(Operation::SimpleEnroll.coap_path(), "/.well-known/est/sen");
    assert_eq!(
        Operation::SimpleReEnroll.https_path(),
        "/.well-known/est/simplereenroll"
    );
    // A truncated response is incomplete, not malformed.
    let cut = CertsOnly::from_der(&response[..response.len() - 10]).unwrap_err();
    assert!(cut.is_incomplete());
}

#[test]
fn keys_generated_from_entropy_export_to_pkcs8_that_openssl_style_parsers_read_back() {
    use iotm_device_identity::build::KeyPair;
    use iotm_device_identity::crypto::SignatureAlg;
    for alg in [
        SignatureAlg::EcdsaP256Sha256,
        SignatureAlg::EcdsaP384Sha384,
        SignatureAlg::Ed25519,
    ] {
        let key = KeyPair::generate(&RustCryptoProvider, alg, &[0x5a; 32]).unwrap();
        let der = key.to_pkcs8_der();
        let back = KeyPair::from_pkcs8_der(&RustCryptoProvider, &der).unwrap();
        assert_eq!(back, key);
        // The generated key signs a certificate that validates under its
        // own root.
        let root_der = root(&key, "Generated");
        let leaf_der = leaf(&p256_key(50), "g.example.com", 3, &key, "Generated");
        let anchors = [Certificate::from_der(&root_der).unwrap()];
        let cert = Certificate::from_der(&leaf_der).unwrap();
        verify(&RustCryptoProvider, &cert, &[], &anchors, &Policy::new(NOW)).unwrap();
    }
}

#[test]
fn owned_types_check_once_and_give_their_views() {
    use iotm_device_identity::owned::{OwnedCertificate, OwnedCrl, OwnedCsr};
    let key = p256_key(60);
    let der = root(&key, "Owned");
    let owned = OwnedCertificate::from_der(der.clone()).unwrap();
    let view = owned.view().unwrap();
    // Criticality noted while reading, the same as reading the extension.
    for oid in [
        iotm_device_identity::oid::ext::BASIC_CONSTRAINTS,
        iotm_device_identity::oid::ext::SUBJECT_KEY_IDENTIFIER,
        iotm_device_identity::oid::ext::NAME_CONSTRAINTS,
    ] {
        assert_eq!(
            view.is_critical(oid),
            view.extension(oid).map(|e| e.critical)
        );
    }
    assert_eq!(
        view.is_critical(iotm_device_identity::oid::ext::BASIC_CONSTRAINTS),
        Some(true)
    );
    assert_eq!(
        owned.view().unwrap().subject.to_string(),
        "O=iotm test, CN=Owned"
    );
    assert_eq!(owned.as_der(), &der[..]);
    let mut cut = der;
    cut.truncate(100);
    assert!(OwnedCertificate::from_der(cut).unwrap_err().is_incomplete());
    let csr = CsrBuilder {
        subject: name("x"),
        ..CsrBuilder::default()
    }
    .sign(&RustCryptoProvider, &key)
    .unwrap();
    assert!(OwnedCsr::from_der(csr).is_ok());
    assert!(OwnedCrl::from_der(vec![0x30, 0x00]).is_err());
}

#[test]
fn crl_signatures_count_against_the_signature_budget() {
    let (root_key, dev_key) = (p256_key(70), p256_key(71));
    let root_der = root(&root_key, "Root");
    let leaf_der = leaf(&dev_key, "a.example.com", 9, &root_key, "Root");
    let crl_der = CrlBuilder {
        issuer: name("Root"),
        this_update: NOW,
        next_update: None,
        number: 1,
        authority_key_id: None,
        revoked: vec![],
    }
    .sign(&RustCryptoProvider, &root_key)
    .unwrap();
    let crl = Crl::from_der(&crl_der).unwrap();
    let crls = [crl, crl, crl];
    let anchors = [Certificate::from_der(&root_der).unwrap()];
    let leaf = Certificate::from_der(&leaf_der).unwrap();
    let mut policy = Policy::new(NOW);
    policy.crls = &crls;
    // One certificate signature and three CRL signatures.
    policy.signature_budget = 4;
    verify(&RustCryptoProvider, &leaf, &[], &anchors, &policy).unwrap();
    policy.signature_budget = 3;
    assert_eq!(
        verify(&RustCryptoProvider, &leaf, &[], &anchors, &policy).unwrap_err(),
        VerifyError::BudgetExceeded
    );
}

#[test]
fn rfc5280_6_1_paths_longer_than_the_limit_are_refused_as_too_deep() {
    // Root → CA1 → CA2 → leaf with at most one intermediate.
    let (root_key, k1, k2, dev) = (p256_key(80), p256_key(81), p256_key(82), p256_key(83));
    let root_der = root(&root_key, "Root");
    let ca1 = intermediate(&k1, "CA1", &root_key, "Root", None);
    let ca2 = intermediate(&k2, "CA2", &k1, "CA1", None);
    let leaf_der = leaf(&dev, "deep.example.com", 4, &k2, "CA2");
    let anchors = [Certificate::from_der(&root_der).unwrap()];
    let pool = [
        Certificate::from_der(&ca2).unwrap(),
        Certificate::from_der(&ca1).unwrap(),
    ];
    let leaf = Certificate::from_der(&leaf_der).unwrap();
    let mut policy = Policy::new(NOW);
    assert_eq!(
        verify(&RustCryptoProvider, &leaf, &pool, &anchors, &policy)
            .unwrap()
            .len(),
        4
    );
    policy.max_intermediates = 1;
    assert_eq!(
        verify(&RustCryptoProvider, &leaf, &pool, &anchors, &policy).unwrap_err(),
        VerifyError::MaxDepthExceeded
    );
    // Without CA1 nothing reaches the root: unknown issuer, not too deep.
    policy.max_intermediates = 8;
    assert_eq!(
        verify(&RustCryptoProvider, &leaf, &pool[..1], &anchors, &policy).unwrap_err(),
        VerifyError::UnknownIssuer
    );
}
