//! The command processor on crafted manifests: the draft's semantics, one
//! rule per test.

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
    let bytes = envelope(
        "{1: 1, 2: 1, 3: << {2: [[h'00']], 4: << [20, {1: h'11111111111111111111111111111111'}, 1, 15] >>} >>, \
         20: << [20, {18: h'01'}, 18, 0] >>, 7: << [20, {18: h'01'}, 6, 15] >>}",
    );
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
    // Refused before any section ran.
    assert_eq!(abort.section, 0);
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

// ---------------------------------------------------------------------------
// Update management: suit-set-version (§3.1) and
// suit-parameter-component-metadata (§4.6) reach the platform.

/// A two-component manifest with `extra` manifest members (`6: …`) and an
/// install section.
fn manifest_with(extra: &str, install: &str) -> Vec<u8> {
    envelope(&format!(
        "{{1: 1, 2: 1, 3: << {{2: [[h'00'], [h'01']]}} >>, {extra}, 20: << [{install}] >>}}"
    ))
}

/// `{1: 1000}` (`suit-meta-creator`: POSIX user 1000), encoded.
const CREATOR_1000: &[u8] = &[0xa1, 0x01, 0x19, 0x03, 0xe8];

/// A device with only what a write needs, and the update-management
/// methods left to their defaults unless asked for.
#[derive(Default)]
struct Minimal {
    refuse_set_version: bool,
    sequence_number: Option<u64>,
}

impl iotm_suit::Platform for Minimal {
    fn has_component(&mut self, _: &iotm_suit::ComponentId<'_>) -> bool {
        true
    }

    fn begin_write(
        &mut self,
        _: &iotm_suit::ComponentId<'_>,
    ) -> Result<(), iotm_suit::PlatformError> {
        Ok(())
    }

    fn write(
        &mut self,
        _: &iotm_suit::ComponentId<'_>,
        _: u64,
        _: &[u8],
    ) -> Result<(), iotm_suit::PlatformError> {
        Ok(())
    }

    fn set_version(&mut self, _: &[i64]) -> Result<(), iotm_suit::PlatformError> {
        if self.refuse_set_version {
            Err(iotm_suit::PlatformError::Storage)
        } else {
            Ok(())
        }
    }

    fn store_sequence_number(&mut self, sequence_number: u64) {
        self.sequence_number = Some(sequence_number);
    }
}

fn run_on(bytes: &[u8], procedure: Procedure, platform: &mut Minimal) -> Result<(), Abort> {
    let keys = [TrustAnchor::mac(MacAlg::HmacSha256, &HMAC_KEY)];
    let verified = Envelope::decode(bytes)
        .unwrap()
        .verify(&RustCryptoProvider, &keys)
        .unwrap();
    Processor::<4>::new(&verified, procedure)
        .run(platform, &RustCryptoProvider)
        .map(|_| ())
}

#[test]
fn update_management_set_version_reaches_the_platform_after_install() {
    // 1.2-rc.3.
    let bytes = manifest_with("6: << [1, 2, -1, 3] >>", "20, {18: h'aa'}, 18, 0");
    let mut d = device();
    install_bytes(&bytes, &mut d).unwrap();
    assert_eq!(d.set_version, Some(vec![1, 2, -1, 3]));
    // Once, after every section, before the sequence number.
    assert_eq!(
        d.trace,
        [
            "write 1 bytes to [h'00']",
            "set version [1, 2, -1, 3]",
            "store sequence number 1"
        ]
    );
}

#[test]
fn update_management_set_version_reaches_the_platform_once_after_update_then_invoke() {
    let bytes = envelope(
        "{1: 1, 2: 1, 3: << {2: [[h'00']]} >>, 6: << [2] >>, \
         9: << [23, 0] >>, 20: << [20, {18: h'aa'}, 18, 0] >>}",
    );
    let mut d = SimulatedDevice::default();
    d.add_component(C0);
    run(&bytes, Auth::Hmac, Procedure::UpdateThenInvoke, &mut d)
        .1
        .unwrap();
    assert_eq!(
        d.trace,
        [
            "write 1 bytes to [h'00']",
            "invoke [h'00']",
            "set version [2]",
            "store sequence number 1"
        ]
    );
}

#[test]
fn update_management_set_version_is_not_recorded_by_a_failed_or_other_procedure() {
    // The install fails: no version, no sequence number.
    let bytes = manifest_with("6: << [1, 0] >>", "20, {21: \"uri-missing\"}, 21, 0");
    let mut d = device();
    let abort = install_bytes(&bytes, &mut d).unwrap_err();
    assert_eq!(abort.reason, Reason::OperationFailed);
    assert_eq!((d.set_version, d.sequence_number), (None, None));

    // A boot records nothing.
    let bytes = manifest_with("6: << [1, 0] >>", "20, {18: h'aa'}, 18, 0");
    let mut d = device();
    run(&bytes, Auth::Hmac, Procedure::Invoke, &mut d)
        .1
        .unwrap();
    assert_eq!(d.set_version, None);
    // A manifest without it leaves the recorded version alone.
    let bytes = manifest("", "20, {18: h'aa'}, 18, 0");
    let mut d = device();
    d.set_version = Some(vec![0, 9]);
    install_bytes(&bytes, &mut d).unwrap();
    assert_eq!(d.set_version, Some(vec![0, 9]));
}

#[test]
fn update_management_3_1_a_malformed_set_version_is_refused_before_anything_runs() {
    for bad in [
        "<< [] >>",
        "<< [h'01'] >>",
        "<< \"1.2.3\" >>",
        "<< [1], 2 >>",
    ] {
        let bytes = manifest_with(&format!("6: {bad}"), "20, {18: h'aa'}, 18, 0");
        let mut d = device();
        let abort = install_bytes(&bytes, &mut d).unwrap_err();
        assert_eq!(
            (abort.reason, abort.rule),
            (Reason::CborParse, Some(Rule::InvalidSetVersion)),
            "{bad}"
        );
        assert!(d.trace.is_empty(), "{bad}: {:?}", d.trace);
        assert!(d.components[C0].is_empty());
    }
    // Seventeen integers are more than the processor holds.
    let long = vec!["1"; 17].join(", ");
    let bytes = manifest_with(&format!("6: << [{long}] >>"), "20, {18: h'aa'}, 18, 0");
    let abort = install_bytes(&bytes, &mut device()).unwrap_err();
    assert_eq!(abort.rule, Some(Rule::InvalidSetVersion));
}

#[test]
fn update_management_a_platform_that_cannot_record_the_version_fails_the_update() {
    let bytes = manifest_with("6: << [1] >>", "20, {18: h'aa'}, 18, 0");
    let mut platform = Minimal {
        refuse_set_version: true,
        ..Minimal::default()
    };
    let abort = run_on(&bytes, Procedure::Update, &mut platform).unwrap_err();
    assert_eq!(
        (abort.reason, abort.platform),
        (
            Reason::OperationFailed,
            Some(iotm_suit::PlatformError::Storage)
        )
    );
    assert_eq!(platform.sequence_number, None);
    // The default keeps nothing and lets the update succeed.
    let mut platform = Minimal::default();
    run_on(&bytes, Procedure::Update, &mut platform).unwrap();
    assert_eq!(platform.sequence_number, Some(1));
}

#[test]
fn update_management_4_6_component_metadata_reaches_the_platform_after_write() {
    let mut d = device();
    install(
        "20, {18: h'', 30: << {1: 1000} >>}, 18, 0, 12, 1, 20, {18: h'bb'}, 18, 0",
        &mut d,
    )
    .unwrap();
    assert_eq!(d.metadata.get(C0).map(Vec::as_slice), Some(CREATOR_1000));
    // Only the component that has the parameter.
    assert!(!d.metadata.contains_key(C1));
    assert_eq!(
        d.trace,
        [
            "write 0 bytes to [h'00']",
            "apply 5 bytes of metadata to [h'00']",
            "write 1 bytes to [h'01']",
            "store sequence number 1"
        ]
    );
}

#[test]
fn update_management_4_6_component_metadata_is_applied_once_a_fetch_is_done() {
    let mut d = device();
    d.pending_rounds = 2;
    let bytes = manifest("", "20, {21: \"uri-a\", 30: << {1: 1000} >>}, 21, 0");
    let (pending, result) = run(&bytes, Auth::Hmac, Procedure::Update, &mut d);
    result.unwrap();
    assert_eq!(pending, 2);
    assert_eq!(
        d.trace,
        [
            "fetch uri-a into [h'00']: pending",
            "fetch uri-a into [h'00']: pending",
            "fetch uri-a into [h'00']",
            "apply 5 bytes of metadata to [h'00']",
            "store sequence number 1"
        ]
    );
    assert_eq!(d.metadata.get(C0).map(Vec::as_slice), Some(CREATOR_1000));
}

#[test]
fn update_management_4_6_component_metadata_is_applied_after_copy_and_integrated_fetch() {
    let mut d = device();
    install(
        "20, {18: h'aa'}, 18, 0, 12, 1, 20, {22: 0, 30: << {1: 1000} >>}, 22, 0",
        &mut d,
    )
    .unwrap();
    assert_eq!(d.components[C1], [0xaa]);
    assert_eq!(d.metadata.get(C1).map(Vec::as_slice), Some(CREATOR_1000));
    assert!(!d.metadata.contains_key(C0));

    // An integrated payload is written by the processor, not fetched by
    // the platform; its metadata is applied all the same.
    let manifest = iotm_cbor::parse_diagnostic(
        "{1: 1, 2: 1, 3: << {2: [[h'00'], [h'01']]} >>, \
         20: << [20, {21: \"#image\", 30: << {1: 1000} >>}, 21, 0] >>}",
    )
    .unwrap();
    let signer = iotm_suit::Signer::Mac {
        cose_alg: 5,
        key: &HMAC_KEY,
        kid: None,
    };
    let bytes = iotm_suit::EnvelopeBuilder::new(&manifest)
        .unwrap()
        .integrate("#image", b"integrated")
        .sign(&RustCryptoProvider, &signer)
        .unwrap();
    let mut d = device();
    install_bytes(&bytes, &mut d).unwrap();
    assert_eq!(d.components[C0], b"integrated");
    assert_eq!(d.metadata.get(C0).map(Vec::as_slice), Some(CREATOR_1000));
}

#[test]
fn update_management_4_6_component_metadata_is_not_applied_without_a_write() {
    let mut d = device();
    d.components.insert(C1.to_vec(), b"b".to_vec());
    // Set, but no fetch, copy or write follows; a swap moves content but
    // is not one of the three.
    install(
        "20, {30: << {1: 1000} >>, 22: 1}, 31, 0, 12, 1, 20, {30: << {1: 1} >>}",
        &mut d,
    )
    .unwrap();
    assert!(d.metadata.is_empty(), "{:?}", d.metadata);
    assert_eq!(d.components[C0], b"b");
}

#[test]
fn update_management_4_6_a_platform_without_metadata_refuses_the_parameter() {
    let bytes = manifest("", "20, {18: h'aa', 30: << {1: 1000} >>}, 18, 0");
    let mut platform = Minimal::default();
    let abort = run_on(&bytes, Procedure::Update, &mut platform).unwrap_err();
    assert_eq!(
        (abort.reason, abort.command, abort.component, abort.platform),
        (
            Reason::ParameterUnsupported,
            Some(18),
            Some(0),
            Some(iotm_suit::PlatformError::Unsupported)
        )
    );
    assert_eq!(platform.sequence_number, None);
    // Without the parameter the same device installs.
    let bytes = manifest("", "20, {18: h'aa'}, 18, 0");
    run_on(&bytes, Procedure::Update, &mut platform).unwrap();
}
