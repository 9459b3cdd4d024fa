//! The compiler from suit-tool's JSON: the draft's example descriptions
//! (`manifest-spec/example{N}.json`) compile to the draft's manifests
//! (`example{N}_0.cbor`) byte for byte, severed members included.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

mod common;

use iotm_cbor::Decoder;
use iotm_suit::compile::{CompileError, compile, compile_json};
use iotm_suit::crypto::RustCryptoProvider;
use iotm_suit::{Envelope, EnvelopeBuilder, label};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The content of the manifest byte string of an envelope.
fn manifest_of(envelope: &[u8]) -> Vec<u8> {
    let envelope = Envelope::decode(envelope).unwrap();
    Decoder::new(envelope.manifest_bytes())
        .bytes()
        .unwrap()
        .to_vec()
}

/// Member `key` of an encoded manifest map, as encoded.
fn member(manifest: &[u8], key: i64) -> Option<Vec<u8>> {
    let mut d = Decoder::new(manifest);
    let len = d.map().unwrap().unwrap();
    for _ in 0..len {
        let k = d.i64().unwrap();
        let value = d.item().unwrap();
        if k == key {
            return Some(value.to_vec());
        }
    }
    None
}

fn json(n: usize) -> String {
    String::from_utf8(common::read(&format!("manifest-spec/example{n}.json"))).unwrap()
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn compiling_the_draft_examples_reproduces_their_manifests_byte_for_byte() {
    for n in 0..=5 {
        let compiled = compile(&json(n)).unwrap_or_else(|e| panic!("example {n}: {e}"));
        let expected = manifest_of(&common::read(&format!("manifest-spec/example{n}_0.cbor")));
        let mut builder =
            EnvelopeBuilder::new(&compiled.manifest).unwrap_or_else(|e| panic!("example {n}: {e}"));
        for key in &compiled.severable {
            builder.sever(&RustCryptoProvider, *key).unwrap();
        }
        assert_eq!(hex(builder.manifest()), hex(&expected), "example {n}");
        if compiled.severable.is_empty() {
            assert_eq!(
                compile_json(&json(n)).unwrap(),
                compiled.manifest,
                "example {n}"
            );
        }
    }
}

#[test]
#[ignore = "needs ../shared/vectors (or IOTM_SHARED)"]
fn example_2_severs_install_and_text_into_the_draft_members() {
    let compiled = compile(&json(2)).unwrap();
    assert_eq!(
        compiled.severable,
        [label::manifest::INSTALL, label::manifest::TEXT]
    );
    let severed = common::read("manifest-spec/example2_2.cbor");
    let envelope = Envelope::decode(&severed).unwrap();
    for key in [label::manifest::INSTALL, label::manifest::TEXT] {
        let ours = member(&compiled.manifest, key).unwrap();
        let theirs = envelope.severable_unverified(key).unwrap();
        assert_eq!(hex(&ours), hex(theirs.encoded), "member {key}");
    }
    // Severed, the manifest is the one of the envelope with its members.
    let mut builder = EnvelopeBuilder::new(&compiled.manifest).unwrap();
    for key in &compiled.severable {
        builder.sever(&RustCryptoProvider, *key).unwrap();
    }
    assert_eq!(hex(builder.manifest()), hex(&manifest_of(&severed)));
}

#[test]
fn errors_name_the_json_field_at_fault() {
    let base = r#"{"manifest-version": 1, "manifest-sequence-number": 0, "components": [
        {"install-id": ["00"], "vendor-id": "fa6b4a53-d5ad-5fdf-be9d-e663e4d41ffe",
         "class-id": "1492af14-2569-5e48-bf42-9b2d51f2ab45",
         "install-digest": {"algorithm-id": "sha256", "digest-bytes": "00"}, "install-size": 1}]}"#;
    assert!(compile_json(base).is_ok());

    let e = compile_json(&base.replace("\"00\"}", "\"0g\"}")).unwrap_err();
    assert_eq!(e.field(), Some("components[0].install-digest.digest-bytes"));
    assert_eq!(
        e.to_string(),
        "components[0].install-digest.digest-bytes: expected a hex string"
    );

    let e = compile_json(&base.replace("\"install-size\"", "\"file\"")).unwrap_err();
    assert_eq!(
        e,
        CompileError::Unsupported {
            field: "components[0].file".into()
        }
    );

    let e = compile_json(&base.replace("\"manifest-sequence-number\": 0,", "")).unwrap_err();
    assert_eq!(e.to_string(), "manifest-sequence-number: missing");

    let e = compile_json(&base.replace("fa6b4a53-", "fa6b4a-")).unwrap_err();
    assert_eq!(e.field(), Some("components[0].vendor-id"));

    assert!(matches!(
        compile_json("{").unwrap_err(),
        CompileError::NotJson(_)
    ));
}
