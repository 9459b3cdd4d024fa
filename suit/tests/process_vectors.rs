//! The shared vectors run on a simulated device with their expected
//! outcomes.

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
fn example_0_secure_boot_checks_identity_then_fails_on_the_sample_digest() {
    let (bytes, mut d) = vector_device("manifest-spec/example0_1.cbor");
    identify(&mut d, VENDOR, CLASS);
    // The draft's digest is a sample pattern: no image matches it.
    let abort = condition_failed(run(&bytes, Auth::P256, Procedure::Invoke, &mut d).1, 3);
    assert_eq!((abort.section, abort.component), (7, Some(0)));
    assert!(!d.trace.iter().any(|l| l.starts_with("invoke")));
    // Another vendor's device stops at the shared sequence.
    let (_, mut d) = vector_device("manifest-spec/example0_1.cbor");
    identify(&mut d, CLASS, CLASS);
    assert_eq!(
        condition_failed(run(&bytes, Auth::P256, Procedure::Invoke, &mut d).1, 1).section,
        4
    );
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn example_1_fetches_the_uri_of_the_manifest() {
    let (bytes, mut d) = vector_device("libcsuit/suit_manifest_exp1.suit");
    identify(&mut d, VENDOR, CLASS);
    d.remote
        .insert("http://example.com/file.bin".into(), vec![1; 100]);
    d.pending_rounds = 2;
    let (pending, result) = run(&bytes, Auth::P256, Procedure::Update, &mut d);
    assert_eq!(pending, 2);
    assert_eq!(condition_failed(result, 3).section, 20);
    assert_eq!(d.components[C0], vec![1; 100]);
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn example_3_picks_the_branch_of_the_slot_to_write() {
    for (slot, uri) in [
        (0, "http://example.com/file1.bin"),
        (1, "http://example.com/file2.bin"),
    ] {
        let (bytes, mut d) = vector_device("manifest-spec/example3_1.cbor");
        identify(&mut d, VENDOR, CLASS);
        d.slots.insert(C0.to_vec(), slot);
        d.remote.insert(uri.into(), vec![2; 10]);
        let abort = condition_failed(run(&bytes, Auth::P256, Procedure::Update, &mut d).1, 3);
        assert_eq!(abort.section, 20);
        assert!(
            d.trace
                .iter()
                .any(|l| l == &format!("fetch {uri} into [h'00']")),
            "{:?}",
            d.trace
        );
    }
    // No slot: every branch of the shared try-each fails.
    let (bytes, mut d) = vector_device("manifest-spec/example3_1.cbor");
    identify(&mut d, VENDOR, CLASS);
    assert_eq!(
        condition_failed(run(&bytes, Auth::P256, Procedure::Update, &mut d).1, 5).section,
        4
    );
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn trust_domains_s0_writes_then_invokes_with_arguments() {
    let (bytes, mut d) = vector_device("libcsuit/suit_manifest_expS0.suit");
    run(&bytes, Auth::P256, Procedure::UpdateThenInvoke, &mut d)
        .1
        .unwrap();
    assert_eq!(d.components[&[0x81, 0x42, b'0', b'0'][..]], b"hello world");
    assert!(
        d.trace.iter().any(|l| l == "invoke ['00'] with cat 00"),
        "{:?}",
        d.trace
    );
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn teep_i_installs_the_integrated_payload_and_matches_its_digest() {
    let (bytes, mut d) = vector_device("libcsuit/suit_manifest_expI.suit");
    identify(
        &mut d,
        "c0ddd5f15243566087db4f5b0aa26c2f",
        "db42f7093d8c55baa8c5265fc5820f4e",
    );
    run(&bytes, Auth::P256, Procedure::Update, &mut d)
        .1
        .unwrap();
    let envelope = Envelope::decode(&bytes).unwrap();
    let installed = d.components.values().next().unwrap();
    assert_eq!(Some(installed.as_slice()), envelope.integrated("#tc"));
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn update_management_u0_checks_time_battery_version_and_authorisation() {
    let setup = |now: u64, version0: Vec<i64>| {
        let (bytes, mut d) = vector_device("libcsuit/suit_manifest_expU0.suit");
        d.now = Some(now);
        d.battery_mwh = Some(50);
        d.authorized = true;
        d.versions.insert(C0.to_vec(), version0);
        d.versions.insert(C1.to_vec(), vec![1, 0, 1]);
        (bytes, d)
    };
    // 2023-10-01, before the use-before of 2023-10-03.
    let (bytes, mut d) = setup(1_696_118_400, vec![0, 9]);
    run(&bytes, Auth::P256, Procedure::Update, &mut d)
        .1
        .unwrap();
    // Too late.
    let (bytes, mut d) = setup(1_696_291_200, vec![0, 9]);
    let abort = condition_failed(run(&bytes, Auth::P256, Procedure::Update, &mut d).1, 4);
    assert_eq!(abort.component, Some(0));
    // Component 0 newer than the lesser-equal [1, 0].
    let (bytes, mut d) = setup(1_696_118_400, vec![1, 1]);
    condition_failed(run(&bytes, Auth::P256, Procedure::Update, &mut d).1, 28);
    // Not authorised.
    let (bytes, mut d) = setup(1_696_118_400, vec![0, 9]);
    d.authorized = false;
    condition_failed(run(&bytes, Auth::P256, Procedure::Update, &mut d).1, 27);
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn update_management_u1_waits_on_each_component() {
    let (bytes, mut d) = vector_device("libcsuit/suit_manifest_expU1.suit");
    d.pending_rounds = 1;
    let (pending, result) = run(&bytes, Auth::P256, Procedure::Update, &mut d);
    result.unwrap();
    assert_eq!(pending, 2);
    assert_eq!(
        d.trace,
        [
            "wait for [h'00']",
            "wait for [h'01']",
            "store sequence number 0"
        ]
    );
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn update_management_u3_writes_and_fetches_a_real_image() {
    let (bytes, mut d) = vector_device("libcsuit/suit_manifest_expU3.suit");
    d.remote.insert(
        "https://cdn.example/example3.bin".into(),
        b"This is a real firmware image.".to_vec(),
    );
    run(&bytes, Auth::P256, Procedure::Update, &mut d)
        .1
        .unwrap();
    let contents: Vec<&[u8]> = d.components.values().map(Vec::as_slice).collect();
    assert!(contents.contains(&&b"This is a real firmware image."[..]));
    assert!(contents.contains(&&b"/usr/local/bin/example3"[..]));
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn example_5_rolls_back_to_nothing_older() {
    let (bytes, mut d) = vector_device("manifest-spec/example5_1.cbor");
    identify(&mut d, VENDOR, CLASS);
    d.sequence_number = Some(6);
    let abort = run(&bytes, Auth::P256, Procedure::Update, &mut d)
        .1
        .unwrap_err();
    assert_eq!(
        abort.rule,
        Some(Rule::Rollback {
            manifest: 5,
            installed: 6
        })
    );
}

#[cfg(feature = "encryption")]
#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn every_signed_vector_processes_to_its_expected_outcome() {
    use common::SIGNED;
    // `None`: every section runs. `Some((section, command))`: the
    // condition that fails, always image-match (3) on a draft example's
    // sample digest (a pattern no image has), in the first section that
    // checks one, or the severed install (`(20, 0)`: not in the envelope).
    let expected: [(&str, Option<(i64, i64)>); 29] = [
        ("exp0", Some((7, 3))),
        ("exp1", Some((20, 3))),
        ("exp2A", Some((20, 0))),
        ("exp2B", Some((20, 3))),
        ("exp3", Some((20, 3))),
        ("exp4", Some((16, 3))),
        ("exp5", Some((20, 3))),
        ("expAF", None),
        ("expAFS", None),
        ("expAW", None),
        ("expD", None),
        ("expED", None),
        ("expEW", None),
        ("expI", None),
        ("expS0", None),
        ("expS2", None),
        ("expS3", None),
        ("expU", None),
        ("expU0", None),
        ("expU1", None),
        ("expU2", Some((16, 3))),
        ("expU3", None),
        ("example0_1", Some((7, 3))),
        ("example1_1", Some((20, 3))),
        ("example2_1", Some((20, 0))),
        ("example2_2", Some((20, 3))),
        ("example3_1", Some((20, 3))),
        ("example4_1", Some((16, 3))),
        ("example5_1", Some((20, 3))),
    ];
    let held = [
        common::read("trust-domains/example0_dependent.cbor"),
        common::read("libcsuit/suit_manifest_expU.suit"),
    ];
    let held: Vec<&[u8]> = held.iter().map(Vec::as_slice).collect();
    let mut done = 0;
    for ((name, auth), (short, want)) in SIGNED.iter().zip(expected) {
        assert!(name.contains(short), "{name} / {short}");
        let bytes = common::read(name);
        let mut d = universal_device(&bytes);
        let public = common::p256_public();
        let keys = common::anchors(*auth, &public);
        let verified = Envelope::decode(&bytes)
            .unwrap()
            .verify(&RustCryptoProvider, &keys)
            .unwrap();
        let dependency_keys = common::anchors(Auth::P256, &public);
        let mut buffer = [0u8; 1024];
        let mut processor = Processor::<4>::new(&verified, Procedure::UpdateThenInvoke)
            .with_buffer(&mut buffer)
            .with_dependencies(&dependency_keys, &held);
        let outcome = loop {
            match processor.run(&mut d, &RustCryptoProvider) {
                Ok(Status::Done) => break Ok(()),
                Ok(Status::Pending { .. }) => {}
                Err(abort) => break Err(abort),
            }
        };
        match (want, outcome) {
            (None, Ok(())) => done += 1,
            (Some((section, 0)), Err(a)) => {
                assert_eq!(
                    (a.section, a.reason),
                    (section, Reason::SeveringUnsupported),
                    "{name}"
                );
            }
            (Some((section, command)), Err(a)) => {
                assert_eq!(
                    (a.section, a.command, a.reason),
                    (section, Some(command), Reason::ConditionFailed),
                    "{name}: {a:?}"
                );
            }
            (want, got) => panic!("{name}: expected {want:?}, got {got:?}\n{:?}", d.trace),
        }
    }
    assert_eq!(done, 14, "the vectors with real images run to the end");
}
