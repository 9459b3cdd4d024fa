//! `iotm suit` as a user runs it, on the shared SUIT vectors: exit codes,
//! reasons and the JSON shapes scripts read.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use std::path::PathBuf;
use std::process::{Command, Output};

fn suit_dir() -> PathBuf {
    let shared = std::env::var_os("IOTM_SHARED").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
        PathBuf::from,
    );
    let dir = shared.join("vectors/suit");
    assert!(
        dir.is_dir(),
        "{} is missing (set IOTM_SHARED)",
        dir.display()
    );
    dir
}

fn vector(name: &str) -> String {
    suit_dir().join(name).display().to_string()
}

fn iotm(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_iotm"))
        .args(args)
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

const HMAC_HEX: &str = "6161616161616161616161616161616161616161616161616161616161616161";

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn verify_accepts_every_signed_vector_with_a_public_or_private_key_file() {
    let public = vector("manifest-spec/public_key.pem");
    let private = vector("manifest-spec/private_key.pem");
    // libcsuit's key file: EC PARAMETERS, then PKCS#8 labelled EC PRIVATE KEY.
    let libcsuit = vector("libcsuit/key/trust_anchor_secp256r1.pem");
    for (name, key) in [
        ("libcsuit/suit_manifest_exp0.suit", &public),
        ("libcsuit/suit_manifest_exp2B.suit", &private),
        ("libcsuit/suit_manifest_expS3.suit", &libcsuit),
        ("manifest-spec/example2_2.cbor", &public),
    ] {
        let o = iotm(&["suit", "verify", "--key", key, &vector(name)]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", text(&o.stderr));
        assert!(text(&o.stdout).starts_with("valid: "), "{name}");
    }
    let o = iotm(&[
        "suit",
        "verify",
        "--mac-key",
        HMAC_HEX,
        &vector("libcsuit/suit_manifest_expAW.suit"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn verify_json_reports_sequence_number_and_counts() {
    let o = iotm(&[
        "--json",
        "suit",
        "verify",
        "--key",
        &vector("manifest-spec/public_key.pem"),
        &vector("manifest-spec/example4_1.cbor"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["sequence_number"], 4);
    assert_eq!(v["components"], 3);
    assert!(v["commands"].as_u64().unwrap() > 10);
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn verify_rejects_with_exit_1_and_names_the_rule() {
    let public = vector("manifest-spec/public_key.pem");
    // Severed members absent from the envelope.
    let o = iotm(&[
        "suit",
        "verify",
        "--key",
        &public,
        &vector("manifest-spec/example2_1.cbor"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("suit-install is severed and not in the envelope"),
        "{}",
        text(&o.stderr)
    );
    // No authentication block.
    let o = iotm(&[
        "--json",
        "suit",
        "verify",
        "--key",
        &public,
        &vector("manifest-spec/example0_0.cbor"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stderr).unwrap();
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("no authentication block")
    );
    assert!(v["error"]["offset"].is_u64());
    // A stale signature.
    let o = iotm(&[
        "suit",
        "verify",
        "--key",
        &public,
        &vector("firmware-encryption/suit-manifest-es-ecdh-dependency.cbor"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("does not verify"));
    // The wrong kind of key.
    let o = iotm(&[
        "suit",
        "verify",
        "--mac-key",
        HMAC_HEX,
        &vector("manifest-spec/example0_1.cbor"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("no trusted key"));
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn verify_usage_errors_exit_2() {
    let o = iotm(&["suit", "verify", &vector("manifest-spec/example0_1.cbor")]);
    assert_eq!(o.status.code(), Some(2));
    // A file with no key in it.
    let o = iotm(&[
        "suit",
        "verify",
        "--key",
        &vector("KEYS.md"),
        &vector("manifest-spec/example0_1.cbor"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("no P-256 or Ed25519 key"));
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn show_prints_the_manifest_with_the_draft_names() {
    let o = iotm(&["suit", "show", &vector("manifest-spec/example3_1.cbor")]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    for expected in [
        "algorithm: ES256 (-7)",
        "sequence-number: 3",
        "directive-try-each:",
        "component-slot: 1",
        "vendor-identifier: fa6b4a53-d5ad-5fdf-be9d-e663e4d41ffe",
        "condition-image-match: 15",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn show_json_has_every_sequence_and_integrated_payload() {
    let o = iotm(&[
        "--json",
        "suit",
        "show",
        &vector("libcsuit/suit_manifest_expI.suit"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["authentication"]["blocks"][0]["type"], "COSE_Sign1");
    assert!(v["integrated-payloads"]["#tc"].is_string());
    let install = v["manifest"]["install"].as_array().unwrap();
    assert!(install.iter().any(|c| c.get("directive-fetch").is_some()));
    for command in install {
        assert!(command["offset"].is_u64());
    }
}

#[test]
fn show_rejects_truncated_input_as_incomplete() {
    let o = iotm(&["--json", "suit", "show", "--hex", "d86ba202"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stderr).unwrap();
    assert_eq!(v["error"]["kind"], "incomplete");
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn process_decrypts_into_the_device_folder_and_reports() {
    let dir = std::env::temp_dir().join(format!("iotm-suit-process-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let o = iotm(&[
        "--json",
        "suit",
        "process",
        "--device",
        dir.to_str().unwrap(),
        "--mac-key",
        HMAC_HEX,
        "--decryption-key=-3:kid-1:61616161616161616161616161616161",
        &vector("libcsuit/suit_manifest_expAW.suit"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["result"], "success");
    assert!(v["report_diagnostic"].as_str().unwrap().contains("4: true"));
    let written = std::fs::read(dir.join("components/plaintext-firmware")).unwrap();
    assert_eq!(written, b"This is a real firmware image.");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn process_exits_1_naming_where_processing_stopped() {
    let dir = std::env::temp_dir().join(format!("iotm-suit-abort-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A device of the right vendor and class: example 0 stops at its sample digest.
    std::fs::write(
        dir.join("device.json"),
        r#"{"vendor-id": "fa6b4a53-d5ad-5fdf-be9d-e663e4d41ffe", "class-id": "1492af14-2569-5e48-bf42-9b2d51f2ab45"}"#,
    )
    .unwrap();
    let o = iotm(&[
        "--json",
        "suit",
        "process",
        "--device",
        dir.to_str().unwrap(),
        "--procedure",
        "invoke",
        "--key",
        &vector("manifest-spec/public_key.pem"),
        &vector("manifest-spec/example0_1.cbor"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["abort"]["reason"], 10);
    assert_eq!(v["abort"]["section"], 7);
    assert_eq!(v["abort"]["command"], 3);
    let e: serde_json::Value = serde_json::from_slice(&o.stderr).unwrap();
    assert_eq!(e["error"]["kind"], "aborted");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn process_reads_slots_from_device_json_and_fetches_from_files() {
    let dir = std::env::temp_dir().join(format!("iotm-suit-slots-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("device.json"),
        r#"{"vendor-id": "fa6b4a53-d5ad-5fdf-be9d-e663e4d41ffe",
            "class-id": "1492af14-2569-5e48-bf42-9b2d51f2ab45", "slots": {"0x00": 1}}"#,
    )
    .unwrap();
    let image = dir.join("file2.bin");
    std::fs::write(&image, b"slot b image").unwrap();
    let o = iotm(&[
        "--json",
        "suit",
        "process",
        "--device",
        dir.to_str().unwrap(),
        "--procedure",
        "update",
        "--fetch",
        &format!("http://example.com/file2.bin={}", image.display()),
        "--key",
        &vector("manifest-spec/public_key.pem"),
        &vector("manifest-spec/example3_1.cbor"),
    ]);
    // The sample digest does not match, but slot B's image was fetched.
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let trace = v["trace"].to_string();
    assert!(
        trace.contains("fetch http://example.com/file2.bin into [h'00']"),
        "{trace}"
    );
    assert_eq!(
        std::fs::read(dir.join("components/0x00")).unwrap(),
        b"slot b image"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn sign_creates_an_envelope_that_verifies_and_processes() {
    let dir = std::env::temp_dir().join(format!("iotm-suit-sign-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("dev")).unwrap();
    let diag = dir.join("m.diag");
    std::fs::write(
        &diag,
        r##"{1: 1, 2: 9, 3: << {2: [[h'00']]} >>, 20: << [20, {21: "#fw"}, 21, 2] >>, 23: << {"en": {1: "cli"}} >>}"##,
    )
    .unwrap();
    let fw = dir.join("fw.bin");
    std::fs::write(&fw, b"firmware").unwrap();
    let envelope = dir.join("signed.suit");
    let private = vector("manifest-spec/private_key.pem");
    let args = [
        "suit",
        "sign",
        "--diag",
        "--key",
        &private,
        "--sever",
        "text",
        "--integrate",
        &format!("#fw={}", fw.display()),
        "-o",
        envelope.to_str().unwrap(),
        diag.to_str().unwrap(),
    ];
    let o = iotm(&args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let first = std::fs::read(&envelope).unwrap();
    // Deterministic: signing again gives the same bytes.
    assert_eq!(iotm(&args).status.code(), Some(0));
    assert_eq!(std::fs::read(&envelope).unwrap(), first);
    let public = vector("manifest-spec/public_key.pem");
    let o = iotm(&[
        "suit",
        "verify",
        "--key",
        &public,
        envelope.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = iotm(&[
        "suit",
        "process",
        "--procedure",
        "update",
        "--device",
        dir.join("dev").to_str().unwrap(),
        "--key",
        &public,
        envelope.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        std::fs::read(dir.join("dev/components/0x00")).unwrap(),
        b"firmware"
    );
    // A member that cannot be severed is refused with exit 1.
    let o = iotm(&[
        "suit",
        "sign",
        "--diag",
        "--key",
        &private,
        "--sever",
        "install",
        "--sever",
        "install",
        diag.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn create_reproduces_the_draft_examples_and_signs_them() {
    for n in 0..=5 {
        let o = iotm(&[
            "--json",
            "suit",
            "create",
            &vector(&format!("manifest-spec/example{n}.json")),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        // The draft's unsigned envelope carries the same manifest.
        let envelope = std::fs::read(vector(&format!("manifest-spec/example{n}_0.cbor"))).unwrap();
        let ours = v["manifest"].as_str().unwrap();
        let theirs: String = envelope.iter().map(|b| format!("{b:02x}")).collect();
        if n != 2 {
            assert!(theirs.contains(ours), "example {n}");
        }
    }
    let dir = std::env::temp_dir().join(format!("iotm-suit-create-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("ex2.suit");
    let o = iotm(&[
        "suit",
        "create",
        "--key",
        &vector("manifest-spec/private_key.pem"),
        "-o",
        out.to_str().unwrap(),
        &vector("manifest-spec/example2.json"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    // Severed as the description asks, and with the draft's manifest bytes.
    let ours = std::fs::read(&out).unwrap();
    let theirs = std::fs::read(vector("manifest-spec/example2_2.cbor")).unwrap();
    let manifest = |b: &[u8]| {
        iotm_suit::Envelope::decode(b)
            .unwrap()
            .manifest_bytes()
            .to_vec()
    };
    assert_eq!(manifest(&ours), manifest(&theirs));
    let o = iotm(&[
        "suit",
        "verify",
        "--key",
        &vector("manifest-spec/public_key.pem"),
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    std::fs::remove_dir_all(&dir).unwrap();
}
