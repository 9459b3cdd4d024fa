//! `iotm cbor` as a user runs it: the real binary, its output and exit codes.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "test code")]

use std::io::Write;
use std::process::{Command, Output, Stdio};

include!("../../cbor/tests/data/appendix_a.rs");

fn iotm(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iotm"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

#[test]
fn decode_then_encode_round_trips_rfc8949_appendix_a() {
    // All 81 examples as one CBOR sequence (RFC 8742) on stdin.
    let sequence: String = APPENDIX_A.iter().map(|(_, hex)| *hex).collect();
    let decoded = iotm(&["cbor", "decode", "--hex", &sequence], b"");
    assert_eq!(decoded.status.code(), Some(0), "{}", stderr(&decoded));
    let lines: Vec<String> = stdout(&decoded).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), APPENDIX_A.len());
    let identical = lines
        .iter()
        .zip(APPENDIX_A)
        .filter(|(ours, (rfc, _))| ours == rfc)
        .count();
    // All but the two bignums (shown as tags) and six wide floats (with a width indicator).
    assert_eq!(identical, APPENDIX_A.len() - 8);

    let encoded = iotm(&["cbor", "encode", "-"], lines.join(",\n").as_bytes());
    assert_eq!(encoded.status.code(), Some(0), "{}", stderr(&encoded));
    assert_eq!(stdout(&encoded).trim(), sequence);
}

#[test]
fn decode_json_gives_offset_length_and_diagnostic_per_item() {
    let o = iotm(
        &["--json", "cbor", "decode", "-"],
        &[0x01, 0x82, 0x02, 0x03],
    );
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["items"][1]["offset"], 1);
    assert_eq!(v["items"][1]["length"], 3);
    assert_eq!(v["items"][1]["diagnostic"], "[2, 3]");
}

#[test]
fn malformed_input_exits_1_naming_rule_and_offset() {
    let o = iotm(&["cbor", "decode", "--hex", "01 81 1c"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(stdout(&o), "1\n");
    assert_eq!(
        stderr(&o).trim(),
        "iotm: malformed at byte 2: RFC 8949 §3: additional information 28 is reserved"
    );
}

#[test]
fn truncated_input_exits_1_as_incomplete_with_json_error() {
    let o = iotm(&["--json", "cbor", "decode", "--hex", "62 61"], b"");
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(stderr(&o).trim()).unwrap();
    assert_eq!(v["error"]["kind"], "incomplete");
    assert_eq!(v["error"]["offset"], 1);
}

#[test]
fn deterministic_flag_rejects_unsorted_maps() {
    let o = iotm(
        &[
            "cbor",
            "decode",
            "--deterministic",
            "--hex",
            "a2 03 04 01 02",
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("malformed at byte 3: RFC 8949 §4.2.1: map keys must be sorted"));
    let fixed = iotm(
        &["cbor", "encode", "--deterministic", "-e", "{3: 4, 1: 2}"],
        b"",
    );
    assert_eq!(stdout(&fixed).trim(), "a201020304");
}

#[test]
fn encode_error_exits_1_with_the_character_offset() {
    let o = iotm(&["cbor", "encode", "-e", "[1 2]"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("at character 3"), "{}", stderr(&o));
}

#[test]
fn encode_raw_writes_bytes() {
    let o = iotm(&["cbor", "encode", "--raw", "-e", "h'cafe'"], b"");
    assert_eq!(o.stdout, [0x42, 0xca, 0xfe]);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(iotm(&["cbor", "decode"], b"").status.code(), Some(2));
    assert_eq!(
        iotm(&["cbor", "decode", "--hex", "zz"], b"").status.code(),
        Some(2)
    );
    assert_eq!(
        iotm(&["cbor", "decode", "/nonexistent/file"], b"")
            .status
            .code(),
        Some(2)
    );
    assert_eq!(iotm(&["cbor", "frobnicate"], b"").status.code(), Some(2));
}
