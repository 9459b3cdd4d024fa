//! SUIT Reports (draft-ietf-suit-report) of processing runs.

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
