//! X.509 device identity: iotm-device-identity against rustls-webpki
//! 0.103 (ring), x509-parser 0.18 and RustCrypto's x509-cert 0.3, in the
//! same group of the same run so that the ratios hold on a noisy machine.
//!
//! The inputs are made once at start-up with iotm-device-identity's `build`
//! module from fixed P-256 keys (`KeyPair::generate` on fixed entropy), so
//! every library sees the same bytes: a root CA, an intermediate CA
//! (pathLen 0) and a device leaf certificate (ECDSA P-256 / SHA-256
//! throughout). The leaf is the kind a device holds: country, organization
//! and common name in the subject, subjectAltName with two DNS names,
//! critical keyUsage (digitalSignature), extKeyUsage (serverAuth,
//! clientAuth), critical basicConstraints (not a CA), subject and authority
//! key identifiers and a CRL distribution point; about 600 bytes.
//!
//! - `x509_parse`: decode the leaf's DER.
//!   - `iotm`: `Certificate::from_der`, which checks every DER rule and
//!     decodes every extension it knows (basicConstraints, keyUsage,
//!     extKeyUsage, subjectAltName, key identifiers, ...) up front, into a
//!     borrowed view; no allocation.
//!   - `webpki`: `EndEntityCert::try_from`, which parses the certificate
//!     and the extensions it processes (borrowed, no allocation; names are
//!     read again when a name is checked).
//!   - `x509-parser`: `X509Certificate::from_der`, every extension parsed
//!     into typed values (allocates).
//!   - `x509-cert`: `Certificate::from_der` (`der::Decode`), owned types;
//!     extension values stay undecoded OCTET STRINGs (allocates).
//! - `x509_verify_chain`: validate the leaf up to the root through the
//!   intermediate at 2026-01-01 for TLS server authentication, starting from
//!   the three DER encodings each time (parsing included, for both crates:
//!   webpki takes intermediates as DER and parses them inside
//!   `verify_for_usage`). Two ECDSA P-256 signatures are checked.
//!   - `iotm/rustcrypto` and `iotm/ring`: `Certificate::from_der` on the
//!     three, then `verify` under `Profile::WebPki` with `Usage::ServerAuth`
//!     and no expected name, with `RustCryptoProvider` (p256 0.14, pure
//!     Rust, as on a device) and with `RingProvider` (ring 0.17).
//!   - `iotm/ring+anchor-tables`: the same over `PrecomputedP256` wrapping
//!     ring, the root's public key given its table once before timing (a
//!     trust store is loaded once; the root certificate is still parsed in
//!     every iteration, as for the others). The intermediate's signature,
//!     by the root, verifies through the tables; the leaf's, by the
//!     intermediate, through ring.
//!   - `webpki`: `anchor_from_trusted_cert` on the root,
//!     `EndEntityCert::try_from` on the leaf, then `verify_for_usage` with
//!     `ring::ECDSA_P256_SHA256`, the intermediate, a fixed `UnixTime`,
//!     `KeyUsage::server_auth()` and no revocation. Neither side checks a
//!     name (webpki does that in a separate call).
//!   - x509-parser and x509-cert have no path validation, so they are not
//!     in this group.
//!
//! - `p256_verify`: one ECDSA P-256 / SHA-256 verification (a 499-byte
//!   message) with ring, with RustCrypto, and with `PrecomputedP256` over
//!   ring after the key is registered; and the cost of registering a key
//!   (the provider made and the generator's and the key's tables built;
//!   `precomputed-add-key`).
//!
//! Before timing, every library must accept the leaf, both validators must
//! accept the chain, and both must refuse it when one byte of the leaf's
//! signature is changed and when the time is past the leaf's notAfter.

#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    reason = "bench code"
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use iotm_device_identity::build::{
    CertificateBuilder, ExtensionsBuilder, GeneralNameSpec, KeyPair, NameBuilder,
};
use iotm_device_identity::crypto::{
    CryptoProvider, PrecomputedP256, RingProvider, RustCryptoProvider, SignatureAlg, SigningKey,
};
use iotm_device_identity::extension::KeyUsage;
use iotm_device_identity::oid::kp;
use iotm_device_identity::{Certificate, Policy, Profile, UnixTime, Usage, VerifyError, verify};
use rustls_pki_types::CertificateDer;
use x509_cert::der::Decode as _;
use x509_parser::prelude::FromDer as _;

/// 2026-01-01T00:00:00Z: the validation time.
const NOW: i64 = 1_767_225_600;
/// 2025-01-01 and 2035-01-01: every certificate's validity.
const NOT_BEFORE: i64 = 1_735_689_600;
const NOT_AFTER: i64 = 2_051_222_400;

/// The three certificates, DER.
struct Pki {
    root: Vec<u8>,
    intermediate: Vec<u8>,
    leaf: Vec<u8>,
}

/// A P-256 key pair from fixed entropy.
fn key(seed: u8) -> KeyPair {
    KeyPair::generate(
        &RustCryptoProvider,
        SignatureAlg::EcdsaP256Sha256,
        &[seed; 32],
    )
    .unwrap()
}

fn name(cn: &str) -> Vec<u8> {
    NameBuilder::new()
        .country("DE")
        .organization("iotm bench devices")
        .common_name(cn)
        .build()
}

fn key_id(key: &KeyPair) -> [u8; 20] {
    key.key_id(&RustCryptoProvider).unwrap()
}

fn certificate(
    serial: u8,
    issuer: &str,
    issuer_key: &KeyPair,
    subject: &str,
    key: &KeyPair,
    extensions: ExtensionsBuilder,
) -> Vec<u8> {
    CertificateBuilder {
        serial: vec![0x10, serial, 0x5e, 0xa1, 0x77, 0x42, 0x03, 0x9c],
        issuer: name(issuer),
        subject: name(subject),
        not_before: UnixTime::from_secs(NOT_BEFORE),
        not_after: UnixTime::from_secs(NOT_AFTER),
        public_key: key.spki(),
        extensions,
    }
    .sign(&RustCryptoProvider, issuer_key)
    .unwrap()
}

fn pki() -> Pki {
    let (root_key, ca_key, device_key) = (key(1), key(2), key(3));
    let ca_usage = KeyUsage(KeyUsage::KEY_CERT_SIGN.0 | KeyUsage::CRL_SIGN.0);

    let mut extensions = ExtensionsBuilder::default();
    extensions
        .basic_constraints(true, None)
        .key_usage(ca_usage)
        .subject_key_id(&key_id(&root_key));
    let root = certificate(
        1,
        "iotm Bench Root CA",
        &root_key,
        "iotm Bench Root CA",
        &root_key,
        extensions,
    );

    let mut extensions = ExtensionsBuilder::default();
    extensions
        .basic_constraints(true, Some(0))
        .key_usage(ca_usage)
        .subject_key_id(&key_id(&ca_key))
        .authority_key_id(&key_id(&root_key));
    let intermediate = certificate(
        2,
        "iotm Bench Root CA",
        &root_key,
        "iotm Bench Device CA 1",
        &ca_key,
        extensions,
    );

    let mut extensions = ExtensionsBuilder::default();
    extensions
        .basic_constraints(false, None)
        .key_usage(KeyUsage::DIGITAL_SIGNATURE)
        .ext_key_usage(&[kp::SERVER_AUTH, kp::CLIENT_AUTH])
        .subject_alt_name(
            &[
                GeneralNameSpec::Dns("device-0042.fleet.example.com"),
                GeneralNameSpec::Dns("device-0042.local"),
            ],
            false,
        )
        .subject_key_id(&key_id(&device_key))
        .authority_key_id(&key_id(&ca_key))
        .crl_distribution_point("http://pki.example.com/crl/device-ca-1.crl");
    let leaf = certificate(
        3,
        "iotm Bench Device CA 1",
        &ca_key,
        "device-0042.fleet.example.com",
        &device_key,
        extensions,
    );
    Pki {
        root,
        intermediate,
        leaf,
    }
}

/// The intermediate with one bit of its signature (by the root) changed.
fn tampered_intermediate(intermediate: &[u8]) -> Vec<u8> {
    let mut tampered = intermediate.to_vec();
    *tampered.last_mut().unwrap() ^= 0x01;
    tampered
}

mod iotm {
    use super::*;

    /// Parses the three certificates and validates the leaf; the path length.
    pub(crate) fn verify_chain<C: CryptoProvider + ?Sized>(
        crypto: &C,
        root: &[u8],
        intermediate: &[u8],
        leaf: &[u8],
        now: i64,
    ) -> Result<usize, VerifyError> {
        let anchors = [Certificate::from_der(root).unwrap()];
        let pool = [Certificate::from_der(intermediate).unwrap()];
        let leaf = Certificate::from_der(leaf).unwrap();
        let mut policy = Policy::new(UnixTime::from_secs(now));
        policy.profile = Profile::WebPki;
        policy.usage = Usage::ServerAuth;
        verify(crypto, &leaf, &pool, &anchors, &policy).map(|path| path.len())
    }
}

mod peer {
    use super::*;

    /// The same with rustls-webpki: the path length.
    pub(crate) fn verify_chain(
        root: &[u8],
        intermediate: &[u8],
        leaf: &[u8],
        now: i64,
    ) -> Result<usize, webpki::Error> {
        let root = CertificateDer::from(root);
        let anchors = [webpki::anchor_from_trusted_cert(&root)?];
        let intermediates = [CertificateDer::from(intermediate)];
        let leaf = CertificateDer::from(leaf);
        let ee = webpki::EndEntityCert::try_from(&leaf)?;
        let time = rustls_pki_types::UnixTime::since_unix_epoch(Duration::from_secs(
            u64::try_from(now).unwrap(),
        ));
        let path = ee.verify_for_usage(
            &[webpki::ring::ECDSA_P256_SHA256],
            &anchors,
            &intermediates,
            time,
            webpki::KeyUsage::server_auth(),
            None,
            None,
        )?;
        Ok(path.intermediate_certificates().count() + 2)
    }
}

fn x509_parse(c: &mut Criterion) {
    let pki = pki();
    let der = pki.leaf.as_slice();
    eprintln!(
        "x509 bench PKI: root {} bytes, intermediate {} bytes, leaf {} bytes",
        pki.root.len(),
        pki.intermediate.len(),
        der.len()
    );
    // Every library accepts the leaf, and sees the same subject key.
    let ours = Certificate::from_der(der).unwrap();
    let (rest, parsed) = x509_parser::certificate::X509Certificate::from_der(der).unwrap();
    assert!(rest.is_empty());
    assert_eq!(parsed.public_key().raw, ours.public_key.encoded);
    assert!(parsed.subject_alternative_name().unwrap().is_some());
    let cert = x509_cert::Certificate::from_der(der).unwrap();
    assert_eq!(
        cert.tbs_certificate().extensions().map_or(0, |e| e.len()),
        7
    );
    webpki::EndEntityCert::try_from(&CertificateDer::from(der)).unwrap();

    let mut group = c.benchmark_group("x509_parse");
    group.throughput(Throughput::Bytes(der.len() as u64));
    group.bench_function("leaf/iotm", |b| {
        b.iter(|| Certificate::from_der(black_box(der)).unwrap());
    });
    group.bench_function("leaf/webpki", |b| {
        b.iter(|| {
            let der = CertificateDer::from(black_box(der));
            webpki::EndEntityCert::try_from(&der).is_ok()
        });
    });
    group.bench_function("leaf/x509-parser", |b| {
        b.iter(|| {
            x509_parser::certificate::X509Certificate::from_der(black_box(der))
                .unwrap()
                .1
        });
    });
    group.bench_function("leaf/x509-cert", |b| {
        b.iter(|| x509_cert::Certificate::from_der(black_box(der)).unwrap());
    });
    group.finish();
}

fn x509_verify_chain(c: &mut Criterion) {
    let Pki {
        root,
        intermediate,
        leaf,
    } = pki();
    let ring = RingProvider::new();
    let mut anchor_tables = PrecomputedP256::new(RingProvider::new());
    anchor_tables
        .add_key(Certificate::from_der(&root).unwrap().public_key.key)
        .unwrap();
    assert_eq!(
        iotm::verify_chain(&anchor_tables, &root, &intermediate, &leaf, NOW),
        Ok(3)
    );
    assert!(
        iotm::verify_chain(
            &anchor_tables,
            &root,
            &tampered_intermediate(&intermediate),
            &leaf,
            NOW
        )
        .is_err()
    );
    assert_eq!(
        iotm::verify_chain(&RustCryptoProvider, &root, &intermediate, &leaf, NOW),
        Ok(3)
    );
    assert_eq!(
        iotm::verify_chain(&ring, &root, &intermediate, &leaf, NOW),
        Ok(3)
    );
    assert_eq!(peer::verify_chain(&root, &intermediate, &leaf, NOW), Ok(3));
    // A changed signature byte, or a time after notAfter, fails in both.
    let mut tampered = leaf.clone();
    *tampered.last_mut().unwrap() ^= 0x01;
    assert!(iotm::verify_chain(&RustCryptoProvider, &root, &intermediate, &tampered, NOW).is_err());
    assert!(iotm::verify_chain(&ring, &root, &intermediate, &tampered, NOW).is_err());
    assert!(peer::verify_chain(&root, &intermediate, &tampered, NOW).is_err());
    let later = NOT_AFTER + 1;
    assert!(iotm::verify_chain(&RustCryptoProvider, &root, &intermediate, &leaf, later).is_err());
    assert!(peer::verify_chain(&root, &intermediate, &leaf, later).is_err());

    let mut group = c.benchmark_group("x509_verify_chain");
    group.throughput(Throughput::Bytes(
        (root.len() + intermediate.len() + leaf.len()) as u64,
    ));
    group.bench_function("3-certs/iotm/rustcrypto", |b| {
        b.iter(|| {
            iotm::verify_chain(
                &RustCryptoProvider,
                black_box(&root),
                black_box(&intermediate),
                black_box(&leaf),
                NOW,
            )
            .unwrap()
        });
    });
    group.bench_function("3-certs/iotm/ring", |b| {
        b.iter(|| {
            iotm::verify_chain(
                &ring,
                black_box(&root),
                black_box(&intermediate),
                black_box(&leaf),
                NOW,
            )
            .unwrap()
        });
    });
    // The same validation over ring, with the root's key given a table
    // once, as a trust store is loaded once: the intermediate's signature
    // (by the root) verifies through the tables, the leaf's through ring.
    group.bench_function("3-certs/iotm/ring+anchor-tables", |b| {
        b.iter(|| {
            iotm::verify_chain(
                &anchor_tables,
                black_box(&root),
                black_box(&intermediate),
                black_box(&leaf),
                NOW,
            )
            .unwrap()
        });
    });
    group.bench_function("3-certs/webpki", |b| {
        b.iter(|| {
            peer::verify_chain(
                black_box(&root),
                black_box(&intermediate),
                black_box(&leaf),
                NOW,
            )
            .unwrap()
        });
    });
    group.finish();
}

/// One ECDSA P-256 / SHA-256 verification of a 499-byte message (the
/// intermediate certificate's DER) by a fixed key: ring, RustCrypto, and
/// `PrecomputedP256` over ring with the key registered; and what
/// registering a key costs (building its table).
fn p256_verify(c: &mut Criterion) {
    let Pki { intermediate, .. } = pki();
    let msg = intermediate;
    let private = [0x42u8; 32];
    let mut public = [0u8; 65];
    RustCryptoProvider
        .public_key(SignatureAlg::EcdsaP256Sha256, &private, &mut public)
        .unwrap();
    let mut signature = [0u8; 64];
    RustCryptoProvider
        .sign(
            SignatureAlg::EcdsaP256Sha256,
            &SigningKey::new(&private, &public),
            &msg,
            &mut signature,
        )
        .unwrap();
    let ring = RingProvider::new();
    let mut tables = PrecomputedP256::new(RingProvider::new());
    tables.add_key(&public).unwrap();
    let mut altered = signature;
    altered[40] ^= 0x01;
    for provider in [&ring as &dyn Verify, &RustCryptoProvider, &tables] {
        assert!(provider.check(&public, &msg, &signature));
        assert!(!provider.check(&public, &msg, &altered));
    }

    let mut group = c.benchmark_group("p256_verify");
    group.bench_function("ring", |b| {
        b.iter(|| ring.check(&public, black_box(&msg), black_box(&signature)));
    });
    group.bench_function("rustcrypto", |b| {
        b.iter(|| RustCryptoProvider.check(&public, black_box(&msg), black_box(&signature)));
    });
    group.bench_function("precomputed-over-ring", |b| {
        b.iter(|| tables.check(&public, black_box(&msg), black_box(&signature)));
    });
    group.bench_function("precomputed-add-key", |b| {
        b.iter(|| {
            let mut fresh = PrecomputedP256::new(RingProvider::new());
            fresh.add_key(black_box(&public)).unwrap();
            fresh
        });
    });
    group.finish();
}

/// ES256 verification through any provider, as a trait object.
trait Verify {
    fn check(&self, public: &[u8], msg: &[u8], signature: &[u8]) -> bool;
}

impl<C: CryptoProvider> Verify for C {
    fn check(&self, public: &[u8], msg: &[u8], signature: &[u8]) -> bool {
        self.verify(SignatureAlg::EcdsaP256Sha256, public, msg, signature)
            .is_ok()
    }
}

criterion_group!(
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500));
    targets = x509_parse, x509_verify_chain, p256_verify
);
criterion_main!(benches);
