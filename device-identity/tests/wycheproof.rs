//! Wycheproof known-answer tests through the X.509 signature path
//! ([`verify_signed`]): the key from its SubjectPublicKeyInfo, the
//! signature as X.509 carries it (DER for ECDSA). Every "valid" vector
//! verifies and every "invalid" one is rejected; "acceptable" ones (BER
//! encodings, weak hashes) are rejected too, as DER requires.

#![allow(clippy::unwrap_used, clippy::print_stdout, reason = "test code")]

use iotm_device_identity::algorithm::{PublicKeyInfo, SignatureAlgorithm};
use iotm_device_identity::crypto::{RingProvider, RustCryptoProvider};
use iotm_device_identity::der::Der;
use iotm_device_identity::verify::verify_signed;
use wycheproof::TestResult;

fn spki(der: &[u8]) -> PublicKeyInfo<'_> {
    PublicKeyInfo::read(&mut Der::new(der)).unwrap()
}

/// Runs one vector; returns whether our verdict matches.
fn check<C: iotm_device_identity::crypto::CryptoProvider>(
    crypto: &C,
    alg: SignatureAlgorithm<'_>,
    key: &PublicKeyInfo<'_>,
    msg: &[u8],
    sig: &[u8],
    result: TestResult,
) -> bool {
    let ok = verify_signed(crypto, alg, key, msg, sig).is_ok();
    ok == (result == TestResult::Valid)
}

#[test]
fn wycheproof_ecdsa_p256_sha256_and_p384_sha384_der() {
    use wycheproof::ecdsa::{TestName, TestSet};
    for (name, alg) in [
        (
            TestName::EcdsaSecp256r1Sha256,
            SignatureAlgorithm::EcdsaSha256,
        ),
        (
            TestName::EcdsaSecp384r1Sha384,
            SignatureAlgorithm::EcdsaSha384,
        ),
    ] {
        let set = TestSet::load(name).unwrap();
        let (mut total, mut mismatches) = (0, Vec::new());
        for group in &set.test_groups {
            let key = spki(&group.der);
            for test in &group.tests {
                total += 1;
                for matched in [
                    check(
                        &RustCryptoProvider,
                        alg,
                        &key,
                        &test.msg,
                        &test.sig,
                        test.result,
                    ),
                    check(
                        &RingProvider::new(),
                        alg,
                        &key,
                        &test.msg,
                        &test.sig,
                        test.result,
                    ),
                ] {
                    if !matched {
                        mismatches.push((test.tc_id, test.comment.clone(), test.result));
                    }
                }
            }
        }
        println!("{name:?}: {total} vectors, both providers");
        assert!(total > 300);
        assert!(mismatches.is_empty(), "{name:?}: {mismatches:?}");
    }
}

/// The same P-256 vectors through `PrecomputedP256`, every group's key
/// registered, so each signature takes the table path.
#[cfg(feature = "p256-precomputed")]
#[test]
fn wycheproof_ecdsa_p256_sha256_der_through_precomputed_tables() {
    use iotm_device_identity::crypto::PrecomputedP256;
    use wycheproof::ecdsa::{TestName, TestSet};
    let set = TestSet::load(TestName::EcdsaSecp256r1Sha256).unwrap();
    let mut crypto = PrecomputedP256::new(RingProvider::new());
    let (mut total, mut mismatches) = (0, Vec::new());
    for group in &set.test_groups {
        crypto.add_key(&group.key.key).unwrap();
        let key = spki(&group.der);
        for test in &group.tests {
            total += 1;
            let alg = SignatureAlgorithm::EcdsaSha256;
            if !check(&crypto, alg, &key, &test.msg, &test.sig, test.result) {
                mismatches.push((test.tc_id, test.comment.clone(), test.result));
            }
        }
    }
    println!(
        "P-256 through tables: {total} vectors, {} keys",
        crypto.key_count()
    );
    assert!(total > 300);
    assert!(mismatches.is_empty(), "{mismatches:?}");
}

#[test]
fn wycheproof_ed25519() {
    use wycheproof::eddsa::{TestName, TestSet};
    let set = TestSet::load(TestName::Ed25519).unwrap();
    let mut total = 0;
    for group in &set.test_groups {
        let key = spki(&group.der);
        for test in &group.tests {
            total += 1;
            for matched in [
                check(
                    &RustCryptoProvider,
                    SignatureAlgorithm::Ed25519,
                    &key,
                    &test.msg,
                    &test.sig,
                    test.result,
                ),
                check(
                    &RingProvider::new(),
                    SignatureAlgorithm::Ed25519,
                    &key,
                    &test.msg,
                    &test.sig,
                    test.result,
                ),
            ] {
                assert!(
                    matched,
                    "tc {} {} {:?}",
                    test.tc_id, test.comment, test.result
                );
            }
        }
    }
    println!("Ed25519: {total} vectors");
    assert!(total > 100);
}

#[test]
fn wycheproof_rsa_pkcs1_sha256_on_hosts() {
    use wycheproof::rsa_pkcs1_verify::{TestName, TestSet};
    let mut total = 0;
    for name in [TestName::Rsa2048Sha256, TestName::Rsa3072Sha256] {
        let set = TestSet::load(name).unwrap();
        for group in &set.test_groups {
            let key = spki(&group.der);
            for test in &group.tests {
                total += 1;
                assert!(
                    check(
                        &RingProvider::new(),
                        SignatureAlgorithm::RsaPkcs1Sha256,
                        &key,
                        &test.msg,
                        &test.sig,
                        test.result
                    ),
                    "{name:?} tc {} {} {:?}",
                    test.tc_id,
                    test.comment,
                    test.result
                );
                // The device backend has no RSA: never a false accept.
                assert!(
                    verify_signed(
                        &RustCryptoProvider,
                        SignatureAlgorithm::RsaPkcs1Sha256,
                        &key,
                        &test.msg,
                        &test.sig
                    )
                    .is_err()
                );
            }
        }
    }
    println!("RSA PKCS#1 SHA-256: {total} vectors");
    assert!(total > 100);
}
