//! Trust domains (draft-ietf-suit-trust-domains): dependencies found,
//! authenticated and run.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "test code"
)]

mod common;

#[allow(clippy::wildcard_imports, reason = "the shared test prelude")]
use common::process::*;

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn trust_domains_s3_runs_an_integrated_dependency_before_its_own_install() {
    let (bytes, mut d) = vector_device("libcsuit/suit_manifest_expS3.suit");
    d.add_component(&id(&[b"00"]));
    d.add_component(&id(&[b"dependent.suit"]));
    run_dependent(&bytes, Procedure::UpdateThenInvoke, &mut d, &[]).unwrap();
    // The dependency (expS0) wrote its component; the dependent its own.
    assert_eq!(d.components[&id(&[b"00"])], b"hello world");
    assert_eq!(d.components[&id(&[b"10"])], b" in multiple trust domains");
    assert!(
        d.trace.iter().any(|l| l == "invoke ['10'] with cat 00 10"),
        "{:?}",
        d.trace
    );
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn trust_domains_s2_fetches_checks_and_processes_a_dependency() {
    let (bytes, mut d) = vector_device("libcsuit/suit_manifest_expS2.suit");
    d.add_component(&id(&[b"00"]));
    d.add_component(&id(&[b"dependent.suit"]));
    let dependency = common::read("trust-domains/example0_dependent.cbor");
    d.remote.insert(
        "http://example.com/dependent.suit".into(),
        dependency.clone(),
    );
    run_dependent(&bytes, Procedure::UpdateThenInvoke, &mut d, &[&dependency]).unwrap();
    assert_eq!(d.components[&id(&[b"00"])], b"hello world");
    assert_eq!(d.components[&id(&[b"10"])], b" in multiple trust domains");

    // Another dependency under the same URI fails the dependent's image-match.
    let (bytes, mut d) = vector_device("libcsuit/suit_manifest_expS2.suit");
    d.add_component(&id(&[b"00"]));
    d.add_component(&id(&[b"dependent.suit"]));
    d.remote.insert(
        "http://example.com/dependent.suit".into(),
        common::read("libcsuit/suit_manifest_exp0.suit"),
    );
    let abort = condition_failed(
        run_dependent(&bytes, Procedure::UpdateThenInvoke, &mut d, &[&dependency]),
        3,
    );
    assert_eq!(abort.section, 15);
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn trust_domains_a_dependency_that_is_not_held_or_not_trusted_is_refused() {
    let (bytes, mut d) = vector_device("libcsuit/suit_manifest_expS2.suit");
    d.add_component(&id(&[b"00"]));
    d.add_component(&id(&[b"dependent.suit"]));
    let dependency = common::read("trust-domains/example0_dependent.cbor");
    d.remote
        .insert("http://example.com/dependent.suit".into(), dependency);
    // Fetched and matched, but not lent to the processor.
    let abort = run_dependent(&bytes, Procedure::UpdateThenInvoke, &mut d, &[]).unwrap_err();
    assert_eq!(abort.rule, Some(Rule::DependencyUnavailable(1)));
    assert_eq!((abort.section, abort.command), (20, Some(7)));
}

#[cfg(feature = "encryption")]
#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn trust_domains_ed_hands_encrypted_content_to_its_dependency() {
    let (bytes, mut d) = vector_device("libcsuit/suit_manifest_expED.suit");
    with_keys(&mut d);
    d.add_component(&id(&[b"dependency-manifest.suit"]));
    run_dependent(&bytes, Procedure::Update, &mut d, &[]).unwrap();
    // The dependency wrote the dependent's content, decrypted, and matched
    // its digest.
    assert_eq!(d.components[&id(&[b"decrypted-firmware"])], PLAINTEXT);
}

#[cfg(feature = "encryption")]
#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn trust_domains_d_installs_and_uninstalls_with_its_dependency() {
    let (bytes, mut d) = vector_device("libcsuit/suit_manifest_expD.suit");
    identify(
        &mut d,
        "c0ddd5f15243566087db4f5b0aa26c2f",
        "db42f7093d8c55baa8c5265fc5820f4e",
    );
    with_keys(&mut d);
    let ta = id(&[
        b"TEEP-Device",
        b"SecureFS",
        &common::hex("8d82573a926d4754935332dc29997f74"),
        b"ta",
    ]);
    d.add_component(&ta);
    d.add_component(&id(&[
        b"TEEP-Device",
        b"SecureFS",
        &common::hex("8d82573a926d4754935332dc29997f74"),
        b"suit",
    ]));
    let dependency = common::read("libcsuit/suit_manifest_expU.suit");
    d.remote.insert(
        "https://example.org/8d82573a-926d-4754-9353-32dc29997f74.suit".into(),
        dependency.clone(),
    );
    d.remote.insert(
        "https://example.org/8d82573a-926d-4754-9353-32dc29997f74.ta".into(),
        common::read("libcsuit/8d82573a-926d-4754-9353-32dc29997f74.ta"),
    );
    let result = run_dependent(&bytes, Procedure::Update, &mut d, &[&dependency]);
    result.unwrap_or_else(|a| panic!("{a:?}\n{:?}", d.trace));
    assert!(
        !d.components[&ta].is_empty(),
        "the dependency installed its TA"
    );
    let config = id(&[b"TEEP-Device", b"SecureFS", b"config.json"]);
    assert!(!d.components[&config].is_empty());
    run_dependent(&bytes, Procedure::Uninstall, &mut d, &[&dependency]).unwrap();
    assert!(
        d.trace.iter().any(|l| l.starts_with("unlink")),
        "{:?}",
        d.trace
    );
}
