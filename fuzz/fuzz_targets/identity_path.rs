//! Path validation for `iotm-device-identity` over fuzzed pools: whatever
//! the certificates and CRLs, `verify` never panics and keeps to its
//! budgets, under both profiles.
//!
//! Input: one control byte, then up to [`MAX_CHUNKS`] chunks, each a
//! big-endian `u16` length and that many bytes (the last chunk takes what
//! is left when the input is shorter). Chunks that decode as certificates
//! form the path inputs: the first is the end entity, the last the trust
//! anchor (the same certificate when there is only one), those between the
//! pool of intermediates. Chunks that decode as CRLs are checked against.
//! The control byte picks the purpose (bits 0–1), whether the end entity
//! must match the first DNS or IP name of its own subjectAltName (bit 2),
//! the validation time (bits 3–4: the end entity's notBefore, the middle of
//! its validity, its notAfter, or 2026-01-01) and a path length limit of
//! one intermediate (bit 5).
//!
//! Checked for each profile, once with the default budgets and once with
//! budgets small enough to run out on the seeds:
//! - a validated path starts at the end entity, ends at an anchor, holds
//!   at most `MAX_PATH_LEN` certificates and no more signatures (one per
//!   link) than the signature budget allowed;
//! - a run with small budgets that does not stop at a budget gives exactly
//!   the answer of the run with the default budgets (budgets only cut the
//!   search short, they never change its outcome).

#![no_main]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a fuzz target asserts by panicking"
)]

use iotm_device_identity::crypto::RustCryptoProvider;
use iotm_device_identity::extension::GeneralName;
use iotm_device_identity::verify::{IpAddress, MAX_PATH_LEN};
use iotm_device_identity::{
    Certificate, Crl, ExpectedName, Policy, Profile, UnixTime, Usage, VerifiedPath, VerifyError,
    verify,
};
use libfuzzer_sys::fuzz_target;

/// The most chunks read from the input.
const MAX_CHUNKS: usize = 6;
/// 2026-01-01T00:00:00Z.
const FIXED_TIME: UnixTime = UnixTime::from_secs(1_767_225_600);
/// id-kp-codeSigning, for `Usage::Custom`.
const CODE_SIGNING: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x03];

fuzz_target!(|data: &[u8]| {
    let Some((&control, mut rest)) = data.split_first() else {
        return;
    };
    let mut chunks = Vec::new();
    while chunks.len() < MAX_CHUNKS && rest.len() >= 2 {
        let len = usize::from(u16::from_be_bytes([rest[0], rest[1]]));
        let body = &rest[2..];
        let (chunk, tail) = body.split_at(len.min(body.len()));
        chunks.push(chunk);
        rest = tail;
    }
    let mut certs = Vec::new();
    let mut crls = Vec::new();
    for chunk in &chunks {
        if let Ok(cert) = Certificate::from_der(chunk) {
            certs.push(cert);
        } else if let Ok(crl) = Crl::from_der(chunk) {
            crls.push(crl);
        }
    }
    let Some((leaf, others)) = certs.split_first() else {
        return;
    };
    let (anchors, pool): (&[Certificate<'_>], &[Certificate<'_>]) = match others.split_last() {
        Some((anchor, pool)) => (core::slice::from_ref(anchor), pool),
        None => (core::slice::from_ref(leaf), &[]),
    };

    let usage = match control & 0b11 {
        0 => Usage::Any,
        1 => Usage::ServerAuth,
        2 => Usage::ClientAuth,
        _ => Usage::Custom(CODE_SIGNING),
    };
    let name = if control & 0b100 != 0 {
        expected_name(leaf)
    } else {
        None
    };
    let time = match (control >> 3) & 0b11 {
        0 => leaf.not_before,
        1 => UnixTime::from_secs(leaf.not_before.as_secs() / 2 + leaf.not_after.as_secs() / 2),
        2 => leaf.not_after,
        _ => FIXED_TIME,
    };

    for profile in [Profile::Rfc5280, Profile::WebPki] {
        let mut policy = Policy::new(time);
        policy.profile = profile;
        policy.usage = usage;
        policy.name = name;
        policy.crls = &crls;
        if control & 0b10_0000 != 0 {
            policy.max_intermediates = 1;
        }
        let full = verify(&RustCryptoProvider, leaf, pool, anchors, &policy);
        check(&full, leaf, anchors, &policy);

        let mut small = policy;
        small.signature_budget = 2;
        small.candidate_budget = 3;
        small.name_constraint_budget = 8;
        let cut = verify(&RustCryptoProvider, leaf, pool, anchors, &small);
        check(&cut, leaf, anchors, &small);
        if !matches!(cut, Err(VerifyError::BudgetExceeded)) {
            assert_eq!(summary(&cut), summary(&full), "{profile:?}");
        }
        if let Err(e) = &full {
            let _ = e.to_string();
        }
    }
});

/// The first dNSName or iPAddress of the end entity's subjectAltName.
fn expected_name<'c>(leaf: &Certificate<'c>) -> Option<ExpectedName<'c>> {
    leaf.subject_alt_name?.iter().find_map(|n| match n {
        GeneralName::Dns(dns) => Some(ExpectedName::Dns(dns)),
        GeneralName::Ip(ip) => IpAddress::from_bytes(ip).map(ExpectedName::Ip),
        _ => None,
    })
}

fn check(
    result: &Result<VerifiedPath<'_, '_>, VerifyError>,
    leaf: &Certificate<'_>,
    anchors: &[Certificate<'_>],
    policy: &Policy<'_>,
) {
    let Ok(path) = result else { return };
    assert!(path.len() >= 2, "a path holds the end entity and an anchor");
    assert!(path.len() <= MAX_PATH_LEN);
    assert!(!path.is_empty());
    assert_eq!(path.certificates().count(), path.len());
    assert_eq!(path.certificates().next(), Some(leaf));
    let anchor = path.anchor().expect("a path ends in an anchor");
    assert!(anchors.contains(anchor));
    // One signature and one candidate per link below the anchor.
    let links = path.len() - 1;
    assert!(links <= policy.signature_budget, "{links} signatures");
    assert!(links <= policy.candidate_budget, "{links} candidates");
}

/// What a result says, comparable across runs: the path's certificates or
/// the error.
fn summary<'a>(
    result: &Result<VerifiedPath<'_, 'a>, VerifyError>,
) -> Result<Vec<&'a [u8]>, VerifyError> {
    result
        .as_ref()
        .map(|path| path.certificates().map(|c| c.encoded).collect())
        .map_err(|e| *e)
}
