//! The x509-limbo suite (`../shared/vectors/x509/limbo.json`) through
//! [`verify`]: prints pass / fail / skip per namespace, and fails when the
//! outcome of any case differs from `tests/limbo_expected_failures.txt`
//! (so a regression and a fix both show up).
//!
//! Each case runs under the profile its namespace tests: `webpki::` cases
//! under [`Profile::WebPki`] (the CA/Browser Forum rules), the others
//! under [`Profile::Rfc5280`]. The figure with RFC 5280 for every case is
//! printed too. Skips are by declared feature only, each with its reason.
//! Signatures are checked with the ring provider (RSA is host-only).

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout,
    clippy::std_instead_of_alloc,
    reason = "test code"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use iotm_device_identity::crypto::RingProvider;
use iotm_device_identity::extension::KeyUsage;
use iotm_device_identity::oid::kp;
use iotm_device_identity::verify::IpAddress;
use iotm_device_identity::{
    Certificate, Crl, ExpectedName, Policy, Profile, UnixTime, Usage, pem, verify,
};
use serde_json::Value;

/// Features this validator does not implement, and why.
const UNSUPPORTED_FEATURES: [(&str, &str); 3] = [
    (
        "pedantic-rfc5280",
        "trust anchors are trusted as given: who issued an anchor (its AKI) is not checked",
    ),
    (
        "has-policy-constraints",
        "certificate policy processing (RFC 5280 §6.1.3 (d)-(f)) is not implemented",
    ),
    (
        "pedantic-public-suffix-wildcard",
        "no public suffix list: wildcards under public suffixes are not detected",
    ),
];

fn shared() -> PathBuf {
    std::env::var_os("IOTM_SHARED").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
        PathBuf::from,
    )
}

fn der_blocks(pems: &[&str]) -> Vec<Vec<u8>> {
    pems.iter()
        .flat_map(|text| pem::blocks(text).map(|b| b.unwrap().decode().unwrap()))
        .collect()
}

fn strs(value: &Value) -> Vec<&str> {
    value
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// Runs one case: `Ok(())` when valid, `Err(reason)` when rejected.
fn run(case: &Value, profile: Profile) -> Result<(), String> {
    let trusted = der_blocks(&strs(&case["trusted_certs"]));
    let intermediates = der_blocks(&strs(&case["untrusted_intermediates"]));
    let peer = der_blocks(&[case["peer_certificate"].as_str().unwrap()]);
    let crls = der_blocks(&strs(&case["crls"]));
    // Certificates that do not decode cannot be in a path.
    let anchors: Vec<Certificate<'_>> = trusted
        .iter()
        .filter_map(|d| Certificate::from_der(d).ok())
        .collect();
    let pool: Vec<Certificate<'_>> = intermediates
        .iter()
        .filter_map(|d| Certificate::from_der(d).ok())
        .collect();
    let leaf = Certificate::from_der(&peer[0]).map_err(|e| format!("leaf: {e}"))?;
    let crls: Vec<Crl<'_>> = crls
        .iter()
        .map(|d| Crl::from_der(d))
        .collect::<Result<_, _>>()
        .map_err(|e| format!("CRL: {e}"))?;

    let time = case["validation_time"]
        .as_str()
        .map_or(UnixTime::from_secs(1_767_225_600), |t| {
            UnixTime::parse(t).unwrap()
        });
    let mut policy = Policy::new(time);
    policy.profile = profile;
    policy.crls = &crls;
    let ekus = strs(&case["extended_key_usage"]);
    policy.usage = match (ekus.first().copied(), case["validation_kind"].as_str()) {
        (Some("serverAuth"), _) | (None, Some("SERVER")) => Usage::ServerAuth,
        (Some("clientAuth"), _) | (None, Some("CLIENT")) => Usage::ClientAuth,
        (Some("codeSigning"), _) => Usage::Custom(kp::CODE_SIGNING),
        (other, kind) => panic!("usage {other:?} {kind:?}"),
    };
    for usage in strs(&case["key_usage"]) {
        policy.key_usage.0 |= match usage {
            "digitalSignature" => KeyUsage::DIGITAL_SIGNATURE.0,
            "keyEncipherment" => KeyUsage::KEY_ENCIPHERMENT.0,
            other => panic!("key usage {other}"),
        };
    }
    if let Some(depth) = case["max_chain_depth"].as_u64() {
        policy.max_intermediates = usize::try_from(depth).unwrap();
    }
    let name = &case["expected_peer_name"];
    policy.name = match name["kind"].as_str() {
        None => None,
        Some("DNS") => Some(ExpectedName::Dns(name["value"].as_str().unwrap())),
        Some("IP") => Some(ExpectedName::Ip(
            IpAddress::parse(name["value"].as_str().unwrap())
                .ok_or_else(|| "expected IP does not parse".to_string())?,
        )),
        Some(other) => return Err(format!("expected name kind {other} not supported")),
    };
    verify(&RingProvider::new(), &leaf, &pool, &anchors, &policy)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

#[derive(Default)]
struct Tally {
    pass: usize,
    fail: usize,
    skip: usize,
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn x509_limbo_outcomes_match_the_expected_failure_list() {
    let path = shared().join("vectors/x509/limbo.json");
    let suite: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
    let expected_failures: BTreeSet<&str> = include_str!("limbo_expected_failures.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();

    let mut by_namespace: BTreeMap<&str, Tally> = BTreeMap::new();
    let mut total = Tally::default();
    let mut rfc5280_only = Tally::default();
    let mut failures = Vec::new();
    let mut skips = Vec::new();
    for case in suite["testcases"].as_array().unwrap() {
        let id = case["id"].as_str().unwrap();
        let namespace = id.split("::").next().unwrap();
        let tally = by_namespace.entry(namespace).or_default();
        let features = strs(&case["features"]);
        if let Some((feature, reason)) = UNSUPPORTED_FEATURES
            .iter()
            .find(|(f, _)| features.contains(f))
        {
            tally.skip += 1;
            total.skip += 1;
            rfc5280_only.skip += 1;
            skips.push(format!("{id}: {feature}: {reason}"));
            continue;
        }
        let want_success = case["expected_result"] == "SUCCESS";
        let profile = if namespace == "webpki" {
            Profile::WebPki
        } else {
            Profile::Rfc5280
        };
        let outcome = run(case, profile);
        if run(case, Profile::Rfc5280).is_ok() == want_success {
            rfc5280_only.pass += 1;
        } else {
            rfc5280_only.fail += 1;
        }
        if outcome.is_ok() == want_success {
            tally.pass += 1;
            total.pass += 1;
        } else {
            tally.fail += 1;
            total.fail += 1;
            let got = outcome.err().unwrap_or_else(|| "accepted".to_string());
            failures.push((id, got));
        }
    }

    println!("x509-limbo: {} cases", total.pass + total.fail + total.skip);
    println!(
        "{:<14} {:>5} {:>5} {:>5}",
        "namespace", "pass", "fail", "skip"
    );
    for (namespace, t) in &by_namespace {
        println!("{namespace:<14} {:>5} {:>5} {:>5}", t.pass, t.fail, t.skip);
    }
    println!(
        "{:<14} {:>5} {:>5} {:>5}",
        "total", total.pass, total.fail, total.skip
    );
    println!(
        "(RFC 5280 profile for every case: {} pass, {} fail, {} skip)",
        rfc5280_only.pass, rfc5280_only.fail, rfc5280_only.skip
    );
    println!("reference: rustls-webpki 131 pass / 60 fail; pyca/cryptography 147 pass / 14 fail");
    println!("\nfailing:");
    for (id, got) in &failures {
        println!("  {id}: {got}");
    }
    println!("\nskipped:");
    for skip in &skips {
        println!("  {skip}");
    }

    let failed: BTreeSet<&str> = failures.iter().map(|(id, _)| *id).collect();
    let new: Vec<_> = failed.difference(&expected_failures).collect();
    let fixed: Vec<_> = expected_failures.difference(&failed).collect();
    assert!(
        new.is_empty() && fixed.is_empty(),
        "newly failing: {new:?}; now passing (remove from limbo_expected_failures.txt): {fixed:?}"
    );
}
