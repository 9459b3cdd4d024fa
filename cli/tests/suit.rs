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

/// The scalar of `manifest-spec/private_key.pem` (`openssl ec -text`).
const MANIFEST_SPEC_PRIVATE_HEX: &str =
    "0296588d909418b339d150420a3612b57fb4f631a69f224fae90cb4f3fe18973";

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

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn sever_removes_members_and_the_signature_still_verifies() {
    let dir = std::env::temp_dir().join(format!("iotm-suit-sever-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let full = dir.join("full.suit");
    let severed = dir.join("severed.suit");
    let public = vector("manifest-spec/public_key.pem");
    // Example 2's description severs its text into the envelope.
    let o = iotm(&[
        "suit",
        "create",
        "--key",
        &vector("manifest-spec/private_key.pem"),
        "-o",
        full.to_str().unwrap(),
        &vector("manifest-spec/example2.json"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = iotm(&[
        "suit",
        "sever",
        "--member",
        "text",
        "-o",
        severed.to_str().unwrap(),
        full.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let before = std::fs::read(&full).unwrap();
    let after = std::fs::read(&severed).unwrap();
    assert!(after.len() < before.len());
    let decoded = iotm_suit::Envelope::decode(&after).unwrap();
    assert!(
        decoded
            .severable_unverified(iotm_suit::label::manifest::TEXT)
            .is_none()
    );
    // The manifest, and so the signature, are unchanged.
    assert_eq!(
        decoded.manifest_bytes(),
        iotm_suit::Envelope::decode(&before)
            .unwrap()
            .manifest_bytes()
    );

    // verify wants every member unless told the envelope was severed.
    let o = iotm(&[
        "suit",
        "verify",
        "--key",
        &public,
        severed.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
    assert!(text(&o.stderr).contains("text"), "{}", text(&o.stderr));
    let o = iotm(&[
        "suit",
        "verify",
        "--allow-severed",
        "--key",
        &public,
        severed.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));

    // --all removes every severed member (example 2 severs install and
    // payload-fetch too) and the rest still verifies; severing a member
    // that is not there is refused.
    let o = iotm(&["--json", "suit", "sever", "--all", full.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let hex = v["envelope"].as_str().unwrap();
    let bare: Vec<u8> = (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
        .collect();
    assert!(bare.len() < after.len());
    let decoded = iotm_suit::Envelope::decode(&bare).unwrap();
    for key in iotm_suit::label::manifest::SEVERABLE {
        assert!(decoded.severable_unverified(key).is_none(), "member {key}");
    }
    let o = iotm(&[
        "suit",
        "verify",
        "--allow-severed",
        "--key",
        &public,
        "--hex",
        hex,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = iotm(&[
        "suit",
        "sever",
        "--member",
        "text",
        severed.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Encrypts a payload with `iotm suit encrypt`, signs a manifest that
/// carries the encryption info and the ciphertext integrated, and processes
/// it with the device's key: the component holds the plaintext.
fn encrypt_sign_process(name: &str, encrypt_args: &[&str], device_key: &str) {
    let dir = std::env::temp_dir().join(format!("iotm-suit-encrypt-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("dev")).unwrap();
    let plain = dir.join("fw.bin");
    let firmware = b"a firmware image to keep secret".repeat(5);
    std::fs::write(&plain, &firmware).unwrap();
    let cipher = dir.join("fw.enc");
    let mut args = vec!["--json", "suit", "encrypt"];
    args.extend_from_slice(encrypt_args);
    args.extend_from_slice(&["-o", cipher.to_str().unwrap(), plain.to_str().unwrap()]);
    let o = iotm(&args);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["plaintext_size"], firmware.len());
    let info = v["encryption_info"].as_str().unwrap();
    let digest = v["plaintext_digest"].as_str().unwrap();
    let ciphertext = std::fs::read(&cipher).unwrap();
    assert_ne!(&ciphertext[..firmware.len()], &firmware[..]);

    // Fetch decrypts while writing; image-match then checks the plaintext.
    let diag = dir.join("m.diag");
    std::fs::write(
        &diag,
        format!(
            r##"{{1: 1, 2: 1, 3: << {{2: [[h'00']]}} >>, 20: << [20, {{19: h'{info}', 21: "#fw", 3: << [-16, h'{digest}'] >>, 14: {}}}, 21, 2, 3, 15] >>}}"##,
            firmware.len()
        ),
    )
    .unwrap();
    let envelope = dir.join("signed.suit");
    let o = iotm(&[
        "suit",
        "sign",
        "--diag",
        "--mac-key",
        HMAC_HEX,
        "--integrate",
        &format!("#fw={}", cipher.display()),
        "-o",
        envelope.to_str().unwrap(),
        diag.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = iotm(&[
        "--json",
        "suit",
        "process",
        "--procedure",
        "update",
        "--device",
        dir.join("dev").to_str().unwrap(),
        "--mac-key",
        HMAC_HEX,
        "--decryption-key",
        device_key,
        envelope.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    assert_eq!(
        std::fs::read(dir.join("dev/components/0x00")).unwrap(),
        firmware
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn encrypt_aes_kw_gcm_round_trips_through_sign_and_process() {
    let kek = "00112233445566778899aabbccddeeff";
    encrypt_sign_process(
        "kw-gcm",
        &["--kek", kek, "--kid", "kid-1", "--cipher", "a128gcm"],
        &format!("-3:kid-1:{kek}"),
    );
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn encrypt_ecdh_es_ctr_round_trips_through_sign_and_process() {
    // Any P-256 key serves as the device's: the draft examples' signing key.
    let recipient = vector("manifest-spec/private_key.pem");
    encrypt_sign_process(
        "ecdh-ctr",
        &["--recipient", &recipient, "--cipher", "a128ctr"],
        &format!("-29:{MANIFEST_SPEC_PRIVATE_HEX}"),
    );
}

#[test]
fn encrypt_is_reproducible_with_given_keys_and_refuses_wrong_lengths() {
    let run = |iv: &str| {
        iotm(&[
            "--json",
            "suit",
            "encrypt",
            "--kek",
            "00112233445566778899aabbccddeeff",
            "--cek",
            "0f0e0d0c0b0a09080706050403020100",
            "--iv",
            iv,
            "--hex",
            "48656c6c6f",
        ])
    };
    let iv = "000102030405060708090a0b";
    let first = run(iv);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    assert_eq!(run(iv).stdout, first.stdout);
    // A 16-byte IV does not fit AES-GCM: a usage error, exit 2.
    let o = run("000102030405060708090a0b0c0d0e0f");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("iv"), "{}", text(&o.stderr));
}

#[test]
fn process_json_shows_the_set_version_and_component_metadata_the_update_left() {
    let dir = std::env::temp_dir().join(format!("iotm-suit-um-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("dev")).unwrap();
    let diag = dir.join("m.diag");
    // 1.2.3; the link usr/bin/example created with creator 1000.
    std::fs::write(
        &diag,
        r#"{1: 1, 2: 1, 3: << {2: [['usr', 'bin', 'example'], [h'00']]} >>, 6: << [1, 2, 3] >>,
            20: << [20, {18: '/usr/local/bin/example3', 30: << {1: 1000} >>}, 18, 0,
                    12, 1, 20, {18: h'aa'}, 18, 0] >>}"#,
    )
    .unwrap();
    let envelope = dir.join("signed.suit");
    let o = iotm(&[
        "suit",
        "sign",
        "--diag",
        "--mac-key",
        HMAC_HEX,
        "-o",
        envelope.to_str().unwrap(),
        diag.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let o = iotm(&[
        "--json",
        "suit",
        "process",
        "--procedure",
        "update",
        "--device",
        dir.join("dev").to_str().unwrap(),
        "--mac-key",
        HMAC_HEX,
        envelope.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["set_version"], serde_json::json!([1, 2, 3]));
    assert_eq!(
        v["component_metadata"],
        serde_json::json!({"usr/bin/example": "{1: 1000}"})
    );
    assert_eq!(
        std::fs::read(dir.join("dev/components/usr/bin/example")).unwrap(),
        b"/usr/local/bin/example3"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
