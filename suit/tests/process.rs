//! The command processor: the draft's semantics on crafted manifests, and
//! the shared vectors run on a simulated device with their expected
//! outcomes.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "test code"
)]
#![cfg_attr(
    not(feature = "encryption"),
    allow(dead_code, reason = "the encryption tests use them")
)]

mod common;

use common::build::envelope;
use common::{Auth, HMAC_KEY};
use iotm_suit::crypto::{CryptoProvider, HashAlg, MacAlg, RustCryptoProvider};
use iotm_suit::{
    Abort, Envelope, Identifier, MAX_NESTING, Procedure, Processor, Reason, Rule, SimulatedDevice,
    Status, TrustAnchor,
};

const C0: &[u8] = &[0x81, 0x41, 0x00]; // [h'00']
const C1: &[u8] = &[0x81, 0x41, 0x01]; // [h'01']

/// Runs `procedure` to the end (resuming while pending); the number of
/// pending rounds seen and the outcome.
fn run(
    bytes: &[u8],
    auth: Auth,
    procedure: Procedure,
    device: &mut SimulatedDevice,
) -> (u32, Result<(), Abort>) {
    let public = if auth == Auth::P256 {
        common::p256_public()
    } else {
        Vec::new()
    };
    let keys = common::anchors(auth, &public);
    let envelope = Envelope::decode(bytes).unwrap();
    let verified = envelope.verify(&RustCryptoProvider, &keys).unwrap();
    let mut buffer = [0u8; 1024];
    let mut processor = Processor::<4>::new(&verified, procedure).with_buffer(&mut buffer);
    let mut pending = 0;
    loop {
        match processor.run(device, &RustCryptoProvider) {
            Ok(Status::Done) => return (pending, Ok(())),
            Ok(Status::Pending { .. }) => pending += 1,
            Err(abort) => return (pending, Err(abort)),
        }
    }
}

/// A two-component manifest MACed with the test key.
fn manifest(shared: &str, install: &str) -> Vec<u8> {
    let shared = if shared.is_empty() {
        String::new()
    } else {
        format!(", 4: << [{shared}] >>")
    };
    envelope(&format!(
            "{{1: 1, 2: 1, 3: << {{2: [[h'00'], [h'01']]{shared}}} >>, 20: << [{install}] >>}}"
        ))
}

fn device() -> SimulatedDevice {
    let mut device = SimulatedDevice::default();
    device.add_component(C0);
    device.add_component(C1);
    device.remote.insert("uri-a".into(), b"image a".to_vec());
    device.remote.insert("uri-b".into(), b"image b".to_vec());
    device
}

fn install(commands: &str, device: &mut SimulatedDevice) -> Result<(), Abort> {
    run(
        &manifest("", commands),
        Auth::Hmac,
        Procedure::Update,
        device,
    )
    .1
}

fn condition_failed(result: Result<(), Abort>, command: i64) -> Abort {
    let abort = result.unwrap_err();
    assert_eq!(
        (abort.reason, abort.command),
        (Reason::ConditionFailed, Some(command)),
        "{abort:?}"
    );
    abort
}

#[test]
fn draft_8_4_10_2_try_each_moves_on_after_a_soft_condition_failure() {
    let mut d = device();
    d.slots.insert(C0.to_vec(), 1);
    let branch = |slot, uri| format!("<< [20, {{5: {slot}}}, 5, 0, 20, {{21: \"{uri}\"}}] >>");
    install(
        &format!(
            "15, [{}, {}], 21, 0",
            branch(0, "uri-a"),
            branch(1, "uri-b")
        ),
        &mut d,
    )
    .unwrap();
    assert_eq!(d.components[C0], b"image b");
}

#[test]
fn draft_8_4_10_2_try_each_fails_when_every_branch_fails() {
    let mut d = device();
    let branch = |slot| format!("<< [20, {{5: {slot}}}, 5, 0] >>");
    let abort = condition_failed(
        install(&format!("15, [{}, {}]", branch(0), branch(1)), &mut d),
        5,
    );
    assert_eq!((abort.section, abort.component), (20, Some(0)));
}

#[test]
fn draft_8_4_10_2_a_final_nil_lets_try_each_succeed_when_every_branch_fails() {
    let mut d = device();
    let branch = |slot| format!("<< [20, {{5: {slot}}}, 5, 0] >>");
    install(&format!("15, [{}, {}, null]", branch(0), branch(1)), &mut d).unwrap();
}

#[test]
fn draft_8_4_8_15_soft_failure_false_in_a_branch_fails_the_try_each_at_once() {
    let mut d = device();
    let result = install(
        "15, [<< [20, {13: false}, 14, 0] >>, << [20, {21: \"uri-a\"}, 21, 0] >>]",
        &mut d,
    );
    condition_failed(result, 14);
    assert!(
        d.components[C0].is_empty(),
        "the second branch must not run"
    );
}

#[test]
fn draft_8_4_10_8_run_sequence_halts_quietly_on_a_soft_failure() {
    let mut d = device();
    install(
        "32, << [20, {13: true}, 14, 0, 20, {21: \"uri-b\"}, 21, 0] >>, 20, {21: \"uri-a\"}, 21, 0",
        &mut d,
    )
    .unwrap();
    assert_eq!(d.components[C0], b"image a");
}

#[test]
fn draft_8_4_10_8_run_sequence_fails_its_parent_on_a_hard_failure() {
    let mut d = device();
    let abort = condition_failed(
        install("32, << [14, 0] >>, 20, {21: \"uri-a\"}, 21, 0", &mut d),
        14,
    );
    assert_eq!(abort.section, 20);
    assert!(d.components[C0].is_empty());
}

#[test]
fn draft_8_4_8_15_soft_failure_outside_try_each_is_refused() {
    let abort = install("20, {13: true}", &mut device()).unwrap_err();
    assert_eq!(abort.reason, Reason::ParameterUnsupported);
    assert_eq!(abort.rule, Some(Rule::SoftFailureOutsideTry));
}

#[test]
fn draft_8_4_10_1_set_component_index_true_and_lists_select_in_order() {
    let mut d = device();
    install("12, true, 20, {18: h'aa'}, 18, 0", &mut d).unwrap();
    assert_eq!(
        (&d.components[C0][..], &d.components[C1][..]),
        (&[0xaa][..], &[0xaa][..])
    );

    let mut d = device();
    install("12, [1, 0], 20, {18: h'bb'}, 18, 0", &mut d).unwrap();
    assert_eq!(
        d.trace,
        [
            "write 1 bytes to [h'01']",
            "write 1 bytes to [h'00']",
            "store sequence number 1"
        ]
    );

    let abort = install("12, 5", &mut device()).unwrap_err();
    assert_eq!(abort.reason, Reason::ComponentUnsupported);
    assert_eq!(abort.rule, Some(Rule::ComponentIndexOutOfRange(5)));
}

#[test]
fn trust_domains_5_6_1_set_parameters_keeps_what_is_set() {
    let mut d = device();
    install(
        "20, {18: h'01'}, 19, {18: h'02', 21: \"uri-a\"}, 18, 0",
        &mut d,
    )
    .unwrap();
    assert_eq!(d.components[C0], [0x01]);
}

#[test]
fn um_5_3_override_multiple_sets_each_and_leaves_the_last_index() {
    let mut d = device();
    install("34, {0: {18: h'01'}, 1: {18: h'02'}}, 18, 0", &mut d).unwrap();
    assert!(d.components[C0].is_empty());
    assert_eq!(d.components[C1], [0x02]);
}

#[test]
fn um_5_4_copy_params_copies_from_the_source_component() {
    let mut d = device();
    install("20, {18: h'07'}, 12, 1, 35, {0: [18]}, 18, 0", &mut d).unwrap();
    assert_eq!(d.components[C1], [0x07]);
    // A parameter the source lacks cannot be copied.
    let abort = install("12, 1, 35, {0: [21]}", &mut device()).unwrap_err();
    assert_eq!(abort.reason, Reason::ParameterUnsupported);
}

#[test]
fn draft_8_4_9_image_match_and_check_content_read_the_component() {
    let content = b"firmware image bytes";
    let mut digest = [0u8; 32];
    RustCryptoProvider
        .digest(HashAlg::Sha256, content, &mut digest)
        .unwrap();
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let written = format!(
        "20, {{18: h'{}', 3: << [-16, h'{}'] >>, 14: {}}}, 18, 0",
        hex(content),
        hex(&digest),
        content.len()
    );
    let mut d = device();
    install(&format!("{written}, 3, 15, 6, 15"), &mut d).unwrap();
    // image-not-match fails on the same image.
    condition_failed(install(&format!("{written}, 25, 15"), &mut device()), 25);
    // A different content fails check-content.
    condition_failed(
        install(
            &format!("{written}, 20, {{18: h'00'}}, 6, 15"),
            &mut device(),
        ),
        6,
    );
    // An unset digest fails image-match (§8.4.9: unset parameters fail).
    condition_failed(install("3, 15", &mut device()), 3);
}

#[test]
fn draft_8_4_5_the_shared_sequence_runs_before_each_section() {
    let mut d = device();
    d.identifiers.push((Identifier::Vendor, vec![0x11; 16]));
    let bytes = envelope("{1: 1, 2: 1, 3: << {2: [[h'00']], 4: << [20, {1: h'11111111111111111111111111111111'}, 1, 15] >>} >>, \
         20: << [20, {18: h'01'}, 18, 0] >>, 7: << [20, {18: h'01'}, 6, 15] >>}");
    run(&bytes, Auth::Hmac, Procedure::Update, &mut d)
        .1
        .unwrap();
    let checks = d
        .trace
        .iter()
        .filter(|l| l.starts_with("check Vendor"))
        .count();
    assert_eq!(checks, 2, "{:?}", d.trace);
    // A vendor the device does not have stops the shared sequence.
    let mut d = device();
    let abort = condition_failed(run(&bytes, Auth::Hmac, Procedure::Update, &mut d).1, 1);
    assert_eq!(abort.section, 4);
}

#[test]
fn draft_8_4_6_unknown_and_custom_commands_are_refused() {
    let bytes = manifest("", "99, 0");
    let keys = [TrustAnchor::mac(MacAlg::HmacSha256, &HMAC_KEY)];
    let verified = Envelope::decode(&bytes)
        .unwrap()
        .verify(&RustCryptoProvider, &keys)
        .unwrap();
    let e = verified.check_processable().unwrap_err();
    assert_eq!(e.rule(), Some(&Rule::UnknownCommand(99)));
    let abort = install("99, 0", &mut device()).unwrap_err();
    assert_eq!(
        (abort.reason, abort.rule),
        (Reason::CommandUnsupported, Some(Rule::UnknownCommand(99)))
    );
    let abort = install("-300, 0", &mut device()).unwrap_err();
    assert_eq!(
        (abort.reason, abort.command),
        (Reason::CommandUnsupported, Some(-300))
    );
}

#[test]
fn draft_8_4_2_rollback_is_refused_and_success_stores_the_number() {
    let bytes = manifest("", "20, {18: h'01'}, 18, 0");
    let mut d = device();
    d.sequence_number = Some(2);
    let abort = run(&bytes, Auth::Hmac, Procedure::Update, &mut d)
        .1
        .unwrap_err();
    assert_eq!(abort.reason, Reason::Unauthorised);
    assert_eq!(
        abort.rule,
        Some(Rule::Rollback {
            manifest: 1,
            installed: 2
        })
    );
    // The same number is accepted (the installed manifest runs every boot).
    d.sequence_number = Some(1);
    run(&bytes, Auth::Hmac, Procedure::Update, &mut d)
        .1
        .unwrap();
    d.sequence_number = None;
    run(&bytes, Auth::Hmac, Procedure::Update, &mut d)
        .1
        .unwrap();
    assert_eq!(d.sequence_number, Some(1));
}

#[test]
fn a_pending_directive_resumes_where_it_stopped() {
    let mut d = device();
    d.pending_rounds = 3;
    let bytes = manifest("", "12, true, 20, {21: \"uri-a\"}, 21, 0");
    let (pending, result) = run(&bytes, Auth::Hmac, Procedure::Update, &mut d);
    result.unwrap();
    assert_eq!(pending, 6, "three rounds per component");
    assert_eq!(d.trace.iter().filter(|l| l.ends_with("pending")).count(), 6);
    assert_eq!(
        (&d.components[C0][..], &d.components[C1][..]),
        (&b"image a"[..], &b"image a"[..])
    );
}

#[test]
fn nesting_beyond_the_limit_is_refused_before_and_while_running() {
    let mut sequence = String::from("20, {18: h'01'}, 18, 0");
    for _ in 0..=MAX_NESTING {
        sequence = format!("32, << [{sequence}] >>");
    }
    let bytes = manifest("", &sequence);
    let keys = [TrustAnchor::mac(MacAlg::HmacSha256, &HMAC_KEY)];
    let verified = Envelope::decode(&bytes)
        .unwrap()
        .verify(&RustCryptoProvider, &keys)
        .unwrap();
    assert_eq!(
        verified.check_processable().unwrap_err().rule(),
        Some(&Rule::NestingTooDeep)
    );
    let abort = install(&sequence, &mut device()).unwrap_err();
    assert_eq!(abort.rule, Some(Rule::NestingTooDeep));
}

#[test]
fn draft_6_2_components_the_device_lacks_or_too_many_are_refused() {
    let bytes = manifest("", "20, {18: h'01'}, 18, 0");
    let mut d = SimulatedDevice::default();
    d.add_component(C0);
    let abort = run(&bytes, Auth::Hmac, Procedure::Update, &mut d)
        .1
        .unwrap_err();
    assert_eq!(
        (abort.reason, abort.component),
        (Reason::ComponentUnsupported, Some(1))
    );

    let keys = [TrustAnchor::mac(MacAlg::HmacSha256, &HMAC_KEY)];
    let verified = Envelope::decode(&bytes)
        .unwrap()
        .verify(&RustCryptoProvider, &keys)
        .unwrap();
    let abort = Processor::<1>::new(&verified, Procedure::Update)
        .run(&mut device(), &RustCryptoProvider)
        .unwrap_err();
    assert_eq!(abort.rule, Some(Rule::TooManyComponents(2)));
}

// The shared vectors.

fn vector_device(name: &str) -> (Vec<u8>, SimulatedDevice) {
    let bytes = common::read(name);
    let envelope = Envelope::decode(&bytes).unwrap();
    let mut d = SimulatedDevice::default();
    let mut outer = iotm_cbor::Decoder::new(envelope.manifest_bytes());
    let mut inner = outer.bstr_cbor().unwrap();
    let manifest = iotm_suit::Manifest::decode(&mut inner).unwrap();
    for component in manifest.common.components.clone() {
        d.add_component(component.encoded());
    }
    (bytes, d)
}

const VENDOR: &str = "fa6b4a53d5ad5fdfbe9de663e4d41ffe";
const CLASS: &str = "1492af1425695e48bf429b2d51f2ab45";

fn identify(d: &mut SimulatedDevice, vendor: &str, class: &str) {
    d.identifiers
        .push((Identifier::Vendor, common::hex(vendor)));
    d.identifiers.push((Identifier::Class, common::hex(class)));
}

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

// Firmware encryption (draft-ietf-suit-firmware-encryption).

const PLAINTEXT: &[u8] = b"This is a real firmware image.";
const AW_CIPHERTEXT: &str =
    "758c4b7bbae2c4c1d462423e0f0dc3164ffa7b85bb94d4bd6d7ed26ab32feb063385d4d3465927ec82cb5e198a59";
const ECDH_PRIVATE: &str = "60FE6DD6D85D5740A5349B6F91267EEAC5BA81B8CB53EE249E4B4EB102C476B3";

fn with_keys(d: &mut SimulatedDevice) {
    d.decryption_keys
        .push((-3, Some(b"kid-1".to_vec()), vec![b'a'; 16]));
    d.decryption_keys
        .push((-29, Some(b"kid-2".to_vec()), common::hex(ECDH_PRIVATE)));
}

#[cfg(feature = "encryption")]
#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn fe_aes_kw_gcm_content_is_decrypted_while_written() {
    let (bytes, mut d) = vector_device("libcsuit/suit_manifest_expAW.suit");
    with_keys(&mut d);
    run(&bytes, Auth::Hmac, Procedure::Update, &mut d)
        .1
        .unwrap();
    assert_eq!(d.components.values().next().unwrap(), PLAINTEXT);
}

#[cfg(feature = "encryption")]
#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn fe_ecdh_es_gcm_content_is_decrypted_while_written() {
    let (bytes, mut d) = vector_device("libcsuit/suit_manifest_expEW.suit");
    with_keys(&mut d);
    run(&bytes, Auth::P256, Procedure::Update, &mut d)
        .1
        .unwrap();
    assert_eq!(d.components.values().next().unwrap(), PLAINTEXT);
}

#[cfg(feature = "encryption")]
#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn fe_a_fetched_ciphertext_is_decrypted_by_copy() {
    for name in [
        "libcsuit/suit_manifest_expAF.suit",
        "libcsuit/suit_manifest_expAFS.suit",
    ] {
        let (bytes, mut d) = vector_device(name);
        with_keys(&mut d);
        // The ciphertext of this encryption info: expAW carries it as
        // content (libcsuit's encrypted_image_aes.bin belongs to its own
        // encryption_info_aes.cose, tested below).
        d.remote.insert(
            "coaps://example.com/encrypted-firmware".into(),
            common::hex(AW_CIPHERTEXT),
        );
        run(&bytes, Auth::Hmac, Procedure::Update, &mut d)
            .1
            .unwrap();
        let contents: Vec<&Vec<u8>> = d.components.values().collect();
        assert!(contents.iter().any(|c| c.as_slice() == PLAINTEXT), "{name}");
        assert!(
            contents.iter().any(|c| c.len() == 46),
            "{name}: the ciphertext stays"
        );
    }
}

#[cfg(feature = "encryption")]
#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn fe_the_wrong_key_or_no_key_is_refused() {
    let (bytes, mut d) = vector_device("libcsuit/suit_manifest_expAW.suit");
    let abort = run(&bytes, Auth::Hmac, Procedure::Update, &mut d)
        .1
        .unwrap_err();
    assert_eq!(
        (abort.reason, abort.rule),
        (Reason::Unauthorised, Some(Rule::UnknownKey))
    );
    d.decryption_keys.push((-3, None, vec![b'b'; 16]));
    let abort = run(&bytes, Auth::Hmac, Procedure::Update, &mut d)
        .1
        .unwrap_err();
    assert_eq!(
        (abort.reason, abort.rule),
        (Reason::Unauthorised, Some(Rule::AuthenticationFailed))
    );
    assert!(d.components.values().all(Vec::is_empty), "nothing written");
}

#[cfg(feature = "encryption")]
#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn fe_every_published_encryption_info_decrypts_its_payload() {
    // The four SUIT_Encryption_Info of the draft (AES-KW and ECDH-ES, each
    // with AES-GCM and AES-CTR), written through a manifest of our own.
    for variant in [
        "aes-kw-aes-gcm",
        "aes-kw-aes-ctr",
        "es-ecdh-aes-gcm",
        "es-ecdh-aes-ctr",
    ] {
        let info = common::read(&format!(
            "firmware-encryption/suit-encryption-info-{variant}.cbor"
        ));
        let payload = common::read(&format!(
            "firmware-encryption/encrypted-payload-{variant}.cbor"
        ));
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        let bytes = manifest(
            "",
            &format!(
                "20, {{18: h'{}', 19: h'{}'}}, 18, 0",
                hex(&payload),
                hex(&info)
            ),
        );
        let mut d = device();
        with_keys(&mut d);
        install_bytes(&bytes, &mut d).unwrap_or_else(|a| panic!("{variant}: {a:?}"));
        assert_eq!(d.components[C0], PLAINTEXT, "{variant}");
    }
}

#[cfg(feature = "encryption")]
#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn fe_libcsuit_encryption_infos_decrypt_its_images() {
    for (info, payload, plaintext) in [
        (
            "encryption_info_aes.cose",
            "encrypted_image_aes.bin",
            "raw_image.bin",
        ),
        (
            "encryption_info_esdh.cose",
            "encrypted_image_esdh.bin",
            "raw_image.bin",
        ),
        (
            "encryption_info_config_aes.cose",
            "encrypted_config_aes.bin",
            "config.json",
        ),
        (
            "encryption_info_config_esdh.cose",
            "encrypted_config_esdh.bin",
            "config.json",
        ),
    ] {
        let name = info;
        let info = common::read(&format!("libcsuit/{info}"));
        let payload = common::read(&format!("libcsuit/{payload}"));
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        let bytes = manifest(
            "",
            &format!(
                "20, {{18: h'{}', 19: h'{}'}}, 18, 0",
                hex(&payload),
                hex(&info)
            ),
        );
        let mut d = device();
        with_keys(&mut d);
        // libcsuit names its AES key by a thumbprint, not 'kid-1'.
        d.decryption_keys.push((-3, None, vec![b'a'; 16]));
        install_bytes(&bytes, &mut d).unwrap_or_else(|a| panic!("{name}: {a:?}"));
        assert_eq!(
            d.components[C0],
            common::read(&format!("libcsuit/{plaintext}")),
            "{name}"
        );
    }
}

#[cfg(feature = "encryption")]
#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn fe_a_fetched_payload_is_decrypted_in_place() {
    for variant in ["aes-kw-aes-ctr", "aes-kw-aes-gcm"] {
        let info = common::read(&format!(
            "firmware-encryption/suit-encryption-info-{variant}.cbor"
        ));
        let payload = common::read(&format!(
            "firmware-encryption/encrypted-payload-{variant}.cbor"
        ));
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        let bytes = manifest(
            "",
            &format!("20, {{21: \"uri-enc\", 19: h'{}'}}, 21, 0", hex(&info)),
        );
        let mut d = device();
        with_keys(&mut d);
        d.remote.insert("uri-enc".into(), payload);
        d.pending_rounds = 1;
        let (pending, result) = run(&bytes, Auth::Hmac, Procedure::Update, &mut d);
        result.unwrap_or_else(|a| panic!("{variant}: {a:?}"));
        assert_eq!(
            (pending, &d.components[C0][..]),
            (1, PLAINTEXT),
            "{variant}"
        );
    }
}

fn install_bytes(bytes: &[u8], d: &mut SimulatedDevice) -> Result<(), Abort> {
    run(bytes, Auth::Hmac, Procedure::Update, d).1
}

// SUIT Reports (draft-ietf-suit-report).

fn run_with_report(
    bytes: &[u8],
    auth: Auth,
    procedure: Procedure,
    d: &mut SimulatedDevice,
) -> (Result<(), Abort>, Vec<u8>) {
    let public = if auth == Auth::P256 {
        common::p256_public()
    } else {
        Vec::new()
    };
    let keys = common::anchors(auth, &public);
    let verified = Envelope::decode(bytes)
        .unwrap()
        .verify(&RustCryptoProvider, &keys)
        .unwrap();
    let mut processor = Processor::<4>::new(&verified, procedure);
    let result = loop {
        match processor.run(d, &RustCryptoProvider) {
            Ok(Status::Done) => break Ok(()),
            Ok(Status::Pending { .. }) => {}
            Err(abort) => break Err(abort),
        }
    };
    let mut out = [0u8; 2048];
    let report = processor
        .report("http://example.com/manifest.suit", Some(b"n0"), &mut out)
        .unwrap()
        .to_vec();
    assert!(matches!(
        processor.report("x", None, &mut [0u8; 8]),
        Err(iotm_cbor::EncodeError::BufferTooSmall { .. })
    ));
    (result, report)
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn report_the_two_published_reports_decode() {
    let success = common::read("report/libcsuit_report_example0_success_report.cbor");
    let report = iotm_suit::Report::decode(&success).unwrap();
    assert_eq!(report.result, iotm_suit::ReportResult::Success);
    assert_eq!(report.record_count, 1);
    assert_eq!(report.reference.uri, "http://example.com/manifest.suit");
    let failure = common::read("report/libcsuit_report_example0_failure_report.cbor");
    let report = iotm_suit::Report::decode(&failure).unwrap();
    assert_eq!(
        report.result,
        iotm_suit::ReportResult::Failure {
            code: 22,
            reason: 10
        }
    );
    assert_eq!(report.record_count, 2);
    // Truncated reports are incomplete.
    for len in 0..failure.len() {
        let e = iotm_suit::Report::decode(&failure[..len]).unwrap_err();
        assert!(e.is_incomplete(), "cut at {len}: {e}");
    }
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn report_of_example_0_names_the_failed_image_match_like_libcsuit() {
    let (bytes, mut d) = vector_device("libcsuit/suit_manifest_exp0.suit");
    identify(&mut d, VENDOR, CLASS);
    let (result, ours) = run_with_report(&bytes, Auth::P256, Procedure::Invoke, &mut d);
    condition_failed(result, 3);
    let report = iotm_suit::Report::decode(&ours).unwrap();
    assert_eq!(
        report.result,
        iotm_suit::ReportResult::Failure {
            code: 10,
            reason: 10
        }
    );
    assert_eq!(report.reference.nonce, Some(&b"n0"[..]));
    // The same manifest digest as libcsuit's report of this example.
    let theirs = common::read("report/libcsuit_report_example0_failure_report.cbor");
    let theirs = iotm_suit::Report::decode(&theirs).unwrap();
    assert_eq!(report.reference.digest, theirs.reference.digest);
    // Policy 15 on vendor, class and image-match: a record (bit 0) and a
    // claim (bit 2) for each identity check passed, a record (bit 1) and a
    // claim (bit 3) for the image-match that failed.
    assert_eq!(
        report.record_count,
        6,
        "{}",
        iotm_cbor::Diagnostic::new(&ours).unwrap().0
    );
    let text = iotm_cbor::Diagnostic::new(&ours).unwrap().0.to_string();
    // The failing record: root manifest, validate (7), offset 1 in the
    // section, component 0, the digest it wanted.
    assert!(
        text.contains("[[], 7, 1, 0, {14: 34768, 3: h'822f5820"),
        "{text}"
    );
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn report_of_a_successful_update_is_true() {
    let (bytes, mut d) = vector_device("libcsuit/suit_manifest_expS0.suit");
    let (result, ours) = run_with_report(&bytes, Auth::P256, Procedure::UpdateThenInvoke, &mut d);
    result.unwrap();
    let report = iotm_suit::Report::decode(&ours).unwrap();
    assert_eq!(report.result, iotm_suit::ReportResult::Success);
    assert!(report.record_count >= 2, "write and invoke have policy 15");
}

// Trust domains (draft-ietf-suit-trust-domains).

/// An encoded component identifier.
fn id(segments: &[&[u8]]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut e = iotm_cbor::Encoder::new(&mut out);
    e.array(segments.len() as u64).unwrap();
    for s in segments {
        e.bytes(s).unwrap();
    }
    out
}

/// Runs with the P-256 key also trusted for dependencies, and `held` as
/// the dependency envelopes the device already has.
fn run_dependent(
    bytes: &[u8],
    procedure: Procedure,
    d: &mut SimulatedDevice,
    held: &[&[u8]],
) -> Result<(), Abort> {
    let public = common::p256_public();
    let keys = common::anchors(Auth::P256, &public);
    let verified = Envelope::decode(bytes)
        .unwrap()
        .verify(&RustCryptoProvider, &keys)
        .unwrap();
    let mut buffer = [0u8; 1024];
    let mut processor = Processor::<4>::new(&verified, procedure)
        .with_buffer(&mut buffer)
        .with_dependencies(&keys, held);
    loop {
        match processor.run(d, &RustCryptoProvider) {
            Ok(Status::Done) => return Ok(()),
            Ok(Status::Pending { .. }) => {}
            Err(abort) => return Err(abort),
        }
    }
}

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

/// A device that has every component and remote image the vectors name,
/// the identities, keys, clock and power they check, and every dependency
/// envelope they use.
fn universal_device(bytes: &[u8]) -> SimulatedDevice {
    let envelope = Envelope::decode(bytes).unwrap();
    let mut outer = iotm_cbor::Decoder::new(envelope.manifest_bytes());
    let mut inner = outer.bstr_cbor().unwrap();
    let manifest = iotm_suit::Manifest::decode(&mut inner).unwrap();
    let mut d = SimulatedDevice::default();
    for component in manifest.common.components.clone() {
        d.add_component(component.encoded());
    }
    let teep = common::hex("8d82573a926d4754935332dc29997f74");
    for extra in [
        id(&[b"00"]),
        id(&[b"dependent.suit"]),
        id(&[b"dependency-manifest.suit"]),
        id(&[b"TEEP-Device", b"SecureFS", &teep, b"ta"]),
        id(&[b"TEEP-Device", b"SecureFS", &teep, b"suit"]),
    ] {
        d.add_component(&extra);
    }
    identify(&mut d, VENDOR, CLASS);
    identify(
        &mut d,
        "c0ddd5f15243566087db4f5b0aa26c2f",
        "db42f7093d8c55baa8c5265fc5820f4e",
    );
    with_keys(&mut d);
    d.slots.insert(C0.to_vec(), 1);
    d.now = Some(1_696_118_400);
    d.battery_mwh = Some(50);
    d.authorized = true;
    d.versions.insert(C0.to_vec(), vec![0, 9]);
    d.versions.insert(C1.to_vec(), vec![1, 0, 1]);
    for uri in [
        "http://example.com/file.bin",
        "http://example.com/file1.bin",
        "http://example.com/file2.bin",
        "http://example.com/very/long/path/to/file/file.bin",
    ] {
        d.remote.insert(uri.into(), vec![0x5a; 64]);
    }
    d.remote.insert(
        "https://example.org/8d82573a-926d-4754-9353-32dc29997f74.ta".into(),
        common::read("libcsuit/8d82573a-926d-4754-9353-32dc29997f74.ta"),
    );
    d.remote.insert(
        "https://cdn.example/example3.bin".into(),
        PLAINTEXT.to_vec(),
    );
    d.remote.insert(
        "coaps://example.com/encrypted-firmware".into(),
        common::hex(AW_CIPHERTEXT),
    );
    d.remote.insert(
        "http://example.com/dependent.suit".into(),
        common::read("trust-domains/example0_dependent.cbor"),
    );
    d.remote.insert(
        "https://example.org/8d82573a-926d-4754-9353-32dc29997f74.suit".into(),
        common::read("libcsuit/suit_manifest_expU.suit"),
    );
    d
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

#[test]
fn report_carries_a_capability_report_on_request() {
    let bytes = manifest("", "20, {18: h'01'}, 18, 15");
    let keys = [TrustAnchor::mac(MacAlg::HmacSha256, &HMAC_KEY)];
    let verified = Envelope::decode(&bytes)
        .unwrap()
        .verify(&RustCryptoProvider, &keys)
        .unwrap();
    let mut processor = Processor::<4>::new(&verified, Procedure::Update);
    assert_eq!(
        processor.run(&mut device(), &RustCryptoProvider),
        Ok(Status::Done)
    );
    let mut out = [0u8; 1024];
    let encoded = processor
        .report_with_capabilities("u", None, &mut out)
        .unwrap();
    let report = iotm_suit::Report::decode(encoded).unwrap();
    assert!(report.has_capability_report);
    assert_eq!(report.result, iotm_suit::ReportResult::Success);
    // The components listed are the manifest's.
    let text = iotm_cbor::Diagnostic::new(encoded).unwrap().0.to_string();
    assert!(
        text.contains("8: {1: [[h'00'], [h'01']], 2: [1, 2, 3,"),
        "{text}"
    );
    let mut out = [0u8; 1024];
    let plain = processor.report("u", None, &mut out).unwrap();
    assert!(
        !iotm_suit::Report::decode(plain)
            .unwrap()
            .has_capability_report
    );
}

#[cfg(feature = "encryption")]
#[test]
fn fe_payloads_encrypted_here_decrypt_on_the_device() {
    use iotm_suit::encrypt::{A128CTR, A128GCM, KeyManagement, encrypt};
    let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
    let plaintext = b"a firmware image of a few hundred bytes, ".repeat(9);
    let cek = [0x11u8; 16];
    let kek = [b'a'; 16];
    let device_private = common::hex(ECDH_PRIVATE);
    let device_public = [
        &[0x04][..],
        &common::hex("5886CD61DD875862E5AAA820E7A15274C968A9BC96048DDCACE32F50C3651BA3"),
        &common::hex("9EED8125E932CD60C0EAD3650D0A485CF726D378D1B016ED4298B2961E258F1B"),
    ]
    .concat();
    // An ephemeral key pair, as a host would draw one.
    let ephemeral = p256::SecretKey::from_slice(&[0x42; 32]).unwrap();
    let ephemeral_private = ephemeral.to_bytes().to_vec();
    // Its public half, uncompressed.
    let ephemeral_public = ephemeral.public_key().to_sec1_bytes();
    assert_eq!(ephemeral_public.len(), 65, "uncompressed SEC1");
    let ephemeral_public = &ephemeral_public[..];
    let recipients = [
        KeyManagement::AesKw {
            kek: &kek,
            kid: Some(b"kid-1"),
        },
        KeyManagement::EcdhEs {
            recipient: &device_public,
            ephemeral_private: &ephemeral_private,
            ephemeral_public,
            kid: Some(b"kid-2"),
        },
    ];
    for recipient in &recipients {
        for (cipher, iv) in [(A128GCM, vec![7u8; 12]), (A128CTR, vec![0xffu8; 16])] {
            let sealed = encrypt(
                &RustCryptoProvider,
                &plaintext,
                cipher,
                &cek,
                &iv,
                recipient,
            )
            .unwrap();
            assert_ne!(&sealed.ciphertext[..plaintext.len()], &plaintext[..]);
            let bytes = manifest(
                "",
                &format!(
                    "20, {{18: h'{}', 19: h'{}'}}, 18, 0",
                    hex(&sealed.ciphertext),
                    hex(&sealed.info)
                ),
            );
            let mut d = device();
            with_keys(&mut d);
            d.decryption_keys.push((-29, None, device_private.clone()));
            install_bytes(&bytes, &mut d)
                .unwrap_or_else(|a| panic!("{recipient:?} {cipher:?}: {a:?}"));
            assert_eq!(d.components[C0], plaintext, "{recipient:?} {cipher:?}");
        }
    }
}
