//! Test PKIs built with the crate's own builders: fixed P-256 keys, so
//! every run gives the same certificates.

#![allow(dead_code, reason = "each test file uses part of this")]

use iotm_device_identity::UnixTime;
use iotm_device_identity::build::{CertificateBuilder, ExtensionsBuilder, KeyPair, NameBuilder};
use iotm_device_identity::crypto::{RustCryptoProvider, SignatureAlg};
use iotm_device_identity::extension::KeyUsage;

/// 2026-01-01T00:00:00Z.
pub(crate) const NOW: UnixTime = UnixTime::from_secs(1_767_225_600);
/// 2025-01-01 and 2035-01-01.
pub(crate) const NOT_BEFORE: UnixTime = UnixTime::from_secs(1_735_689_600);
pub(crate) const NOT_AFTER: UnixTime = UnixTime::from_secs(2_051_222_400);

/// A P-256 key pair from a fixed scalar byte.
pub(crate) fn p256_key(seed: u8) -> KeyPair {
    let mut scalar = [seed; 32];
    scalar[0] = 0x01;
    let secret = p256::SecretKey::from_slice(&scalar).unwrap();
    KeyPair {
        alg: SignatureAlg::EcdsaP256Sha256,
        private: scalar.to_vec(),
        public: secret.public_key().to_sec1_bytes().to_vec(),
    }
}

pub(crate) fn name(cn: &str) -> Vec<u8> {
    NameBuilder::new()
        .organization("iotm test")
        .common_name(cn)
        .build()
}

/// A self-signed root CA.
pub(crate) fn root(key: &KeyPair, cn: &str) -> Vec<u8> {
    let id = key.key_id(&RustCryptoProvider).unwrap();
    let mut extensions = ExtensionsBuilder::default();
    extensions
        .basic_constraints(true, None)
        .key_usage(KeyUsage(KeyUsage::KEY_CERT_SIGN.0 | KeyUsage::CRL_SIGN.0))
        .subject_key_id(&id);
    CertificateBuilder {
        serial: vec![1],
        issuer: name(cn),
        subject: name(cn),
        not_before: NOT_BEFORE,
        not_after: NOT_AFTER,
        public_key: key.spki(),
        extensions,
    }
    .sign(&RustCryptoProvider, key)
    .unwrap()
}

/// A CA certificate for `key`, issued by `issuer_key` under `issuer_cn`.
pub(crate) fn intermediate(
    key: &KeyPair,
    cn: &str,
    issuer_key: &KeyPair,
    issuer_cn: &str,
    path_len: Option<u8>,
) -> Vec<u8> {
    let mut extensions = ExtensionsBuilder::default();
    extensions
        .basic_constraints(true, path_len)
        .key_usage(KeyUsage(KeyUsage::KEY_CERT_SIGN.0 | KeyUsage::CRL_SIGN.0))
        .subject_key_id(&key.key_id(&RustCryptoProvider).unwrap())
        .authority_key_id(&issuer_key.key_id(&RustCryptoProvider).unwrap());
    CertificateBuilder {
        serial: vec![2],
        issuer: name(issuer_cn),
        subject: name(cn),
        not_before: NOT_BEFORE,
        not_after: NOT_AFTER,
        public_key: key.spki(),
        extensions,
    }
    .sign(&RustCryptoProvider, issuer_key)
    .unwrap()
}

/// An end-entity certificate (clientAuth and serverAuth, the DNS name).
pub(crate) fn leaf(
    key: &KeyPair,
    dns: &str,
    serial: u8,
    issuer_key: &KeyPair,
    issuer_cn: &str,
) -> Vec<u8> {
    use iotm_device_identity::build::GeneralNameSpec;
    use iotm_device_identity::oid::kp;
    let mut extensions = ExtensionsBuilder::default();
    extensions
        .key_usage(KeyUsage::DIGITAL_SIGNATURE)
        .ext_key_usage(&[kp::CLIENT_AUTH, kp::SERVER_AUTH])
        .subject_alt_name(&[GeneralNameSpec::Dns(dns)], false)
        .subject_key_id(&key.key_id(&RustCryptoProvider).unwrap())
        .authority_key_id(&issuer_key.key_id(&RustCryptoProvider).unwrap());
    CertificateBuilder {
        serial: vec![serial],
        issuer: name(issuer_cn),
        subject: name(dns),
        not_before: NOT_BEFORE,
        not_after: NOT_AFTER,
        public_key: key.spki(),
        extensions,
    }
    .sign(&RustCryptoProvider, issuer_key)
    .unwrap()
}
