//! Helpers of the processor tests: running envelopes on a simulated
//! device, building manifests, and the devices the vectors need.

#![allow(unused_imports, reason = "a prelude: each test file uses part of it")]
pub(crate) use super::build::envelope;
pub(crate) use super::{Auth, HMAC_KEY, SIGNED};
pub(crate) use iotm_suit::crypto::{CryptoProvider, HashAlg, MacAlg, RustCryptoProvider};
pub(crate) use iotm_suit::{
    Abort, Envelope, Identifier, MAX_NESTING, Procedure, Processor, Reason, Rule, SimulatedDevice,
    Status, TrustAnchor,
};

pub(crate) const C0: &[u8] = &[0x81, 0x41, 0x00]; // [h'00']
pub(crate) const C1: &[u8] = &[0x81, 0x41, 0x01]; // [h'01']

/// Runs `procedure` to the end (resuming while pending); the number of
/// pending rounds seen and the outcome.
pub(crate) fn run(
    bytes: &[u8],
    auth: Auth,
    procedure: Procedure,
    device: &mut SimulatedDevice,
) -> (u32, Result<(), Abort>) {
    let public = if auth == Auth::P256 {
        super::p256_public()
    } else {
        Vec::new()
    };
    let keys = super::anchors(auth, &public);
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
pub(crate) fn manifest(shared: &str, install: &str) -> Vec<u8> {
    let shared = if shared.is_empty() {
        String::new()
    } else {
        format!(", 4: << [{shared}] >>")
    };
    envelope(&format!(
        "{{1: 1, 2: 1, 3: << {{2: [[h'00'], [h'01']]{shared}}} >>, 20: << [{install}] >>}}"
    ))
}

pub(crate) fn device() -> SimulatedDevice {
    let mut device = SimulatedDevice::default();
    device.add_component(C0);
    device.add_component(C1);
    device.remote.insert("uri-a".into(), b"image a".to_vec());
    device.remote.insert("uri-b".into(), b"image b".to_vec());
    device
}

pub(crate) fn install(commands: &str, device: &mut SimulatedDevice) -> Result<(), Abort> {
    run(
        &manifest("", commands),
        Auth::Hmac,
        Procedure::Update,
        device,
    )
    .1
}

pub(crate) fn condition_failed(result: Result<(), Abort>, command: i64) -> Abort {
    let abort = result.unwrap_err();
    assert_eq!(
        (abort.reason, abort.command),
        (Reason::ConditionFailed, Some(command)),
        "{abort:?}"
    );
    abort
}

pub(crate) fn vector_device(name: &str) -> (Vec<u8>, SimulatedDevice) {
    let bytes = super::read(name);
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

pub(crate) const VENDOR: &str = "fa6b4a53d5ad5fdfbe9de663e4d41ffe";
pub(crate) const CLASS: &str = "1492af1425695e48bf429b2d51f2ab45";

pub(crate) fn identify(d: &mut SimulatedDevice, vendor: &str, class: &str) {
    d.identifiers.push((Identifier::Vendor, super::hex(vendor)));
    d.identifiers.push((Identifier::Class, super::hex(class)));
}

pub(crate) const PLAINTEXT: &[u8] = b"This is a real firmware image.";
pub(crate) const AW_CIPHERTEXT: &str =
    "758c4b7bbae2c4c1d462423e0f0dc3164ffa7b85bb94d4bd6d7ed26ab32feb063385d4d3465927ec82cb5e198a59";
pub(crate) const ECDH_PRIVATE: &str =
    "60FE6DD6D85D5740A5349B6F91267EEAC5BA81B8CB53EE249E4B4EB102C476B3";

pub(crate) fn with_keys(d: &mut SimulatedDevice) {
    d.decryption_keys
        .push((-3, Some(b"kid-1".to_vec()), vec![b'a'; 16]));
    d.decryption_keys
        .push((-29, Some(b"kid-2".to_vec()), super::hex(ECDH_PRIVATE)));
}

pub(crate) fn install_bytes(bytes: &[u8], d: &mut SimulatedDevice) -> Result<(), Abort> {
    run(bytes, Auth::Hmac, Procedure::Update, d).1
}

pub(crate) fn run_with_report(
    bytes: &[u8],
    auth: Auth,
    procedure: Procedure,
    d: &mut SimulatedDevice,
) -> (Result<(), Abort>, Vec<u8>) {
    let public = if auth == Auth::P256 {
        super::p256_public()
    } else {
        Vec::new()
    };
    let keys = super::anchors(auth, &public);
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

/// An encoded component identifier.
pub(crate) fn id(segments: &[&[u8]]) -> Vec<u8> {
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
pub(crate) fn run_dependent(
    bytes: &[u8],
    procedure: Procedure,
    d: &mut SimulatedDevice,
    held: &[&[u8]],
) -> Result<(), Abort> {
    let public = super::p256_public();
    let keys = super::anchors(Auth::P256, &public);
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

/// A device that has every component and remote image the vectors name,
/// the identities, keys, clock and power they check, and every dependency
/// envelope they use.
pub(crate) fn universal_device(bytes: &[u8]) -> SimulatedDevice {
    let envelope = Envelope::decode(bytes).unwrap();
    let mut outer = iotm_cbor::Decoder::new(envelope.manifest_bytes());
    let mut inner = outer.bstr_cbor().unwrap();
    let manifest = iotm_suit::Manifest::decode(&mut inner).unwrap();
    let mut d = SimulatedDevice::default();
    for component in manifest.common.components.clone() {
        d.add_component(component.encoded());
    }
    let teep = super::hex("8d82573a926d4754935332dc29997f74");
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
        super::read("libcsuit/8d82573a-926d-4754-9353-32dc29997f74.ta"),
    );
    d.remote.insert(
        "https://cdn.example/example3.bin".into(),
        PLAINTEXT.to_vec(),
    );
    d.remote.insert(
        "coaps://example.com/encrypted-firmware".into(),
        super::hex(AW_CIPHERTEXT),
    );
    d.remote.insert(
        "http://example.com/dependent.suit".into(),
        super::read("trust-domains/example0_dependent.cbor"),
    );
    d.remote.insert(
        "https://example.org/8d82573a-926d-4754-9353-32dc29997f74.suit".into(),
        super::read("libcsuit/suit_manifest_expU.suit"),
    );
    d
}
