//! The processor on arbitrary manifests: the fuzzed bytes are a manifest,
//! wrapped here in a properly MACed envelope so that it passes
//! authentication, then run (update, then boot) on a simulated device with
//! two components, pending directives and integrated payloads. Whatever
//! the manifest, processing ends (done or aborted) without a panic, within
//! a bounded number of steps.

#![no_main]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a fuzz target asserts by panicking"
)]

use iotm_cbor::Encoder;
use iotm_suit::crypto::{CryptoProvider, HashAlg, MacAlg, RustCryptoProvider};
use iotm_suit::{Envelope, Identifier, Procedure, Processor, SimulatedDevice, Status, TrustAnchor};
use libfuzzer_sys::fuzz_target;

const KEY: [u8; 32] = [b'a'; 32];

fuzz_target!(|manifest: &[u8]| {
    let bytes = envelope(manifest);
    let Ok(envelope) = Envelope::decode(&bytes) else {
        return;
    };
    let keys = [TrustAnchor::mac(MacAlg::HmacSha256, &KEY)];
    let Ok(verified) = envelope.verify(&RustCryptoProvider, &keys) else {
        return;
    };
    let _ = verified.check_processable();
    for procedure in [Procedure::UpdateThenInvoke, Procedure::Uninstall] {
        let mut device = SimulatedDevice::default();
        device.add_component(&[0x81, 0x41, 0x00]);
        device.add_component(&[0x81, 0x41, 0x01]);
        device.identifiers.push((Identifier::Vendor, vec![0; 16]));
        device.remote.insert("a".into(), vec![1, 2, 3]);
        device.slots.insert(vec![0x81, 0x41, 0x00], 1);
        device.pending_rounds = 1;
        device.now = Some(1_700_000_000);
        device.battery_mwh = Some(100);
        let mut processor = Processor::<2>::new(&verified, procedure);
        // Each pending round is followed by progress: bounded by the input.
        for _ in 0..(4 * manifest.len() + 16) {
            match processor.run(&mut device, &RustCryptoProvider) {
                Ok(Status::Pending { .. }) => {}
                Ok(Status::Done) | Err(_) => break,
            }
        }
        // The report encodes and decodes back.
        let mut out = [0u8; 8192];
        if let Ok(report) = processor.report("fuzz", None, &mut out) {
            iotm_suit::Report::decode(report).unwrap();
        }
    }
});

/// A tagged envelope around `manifest` (used as is, even if not CBOR),
/// MACed with HMAC-256 under `KEY`, with an integrated payload "#p".
fn envelope(manifest: &[u8]) -> Vec<u8> {
    let mut manifest_bstr = Vec::new();
    Encoder::new(&mut manifest_bstr).bytes(manifest).unwrap();
    let mut digest = [0u8; 32];
    RustCryptoProvider
        .digest(HashAlg::Sha256, &manifest_bstr, &mut digest)
        .unwrap();
    let mut digest_item = Vec::new();
    Encoder::new(&mut digest_item)
        .array(2)
        .and_then(|e| e.i64(-16))
        .and_then(|e| e.bytes(&digest))
        .unwrap();
    let mut digest_bstr = Vec::new();
    Encoder::new(&mut digest_bstr).bytes(&digest_item).unwrap();
    let protected = [0x43, 0xa1, 0x01, 0x05];
    let mut to_be_maced = Vec::new();
    Encoder::new(&mut to_be_maced)
        .array(4)
        .and_then(|e| e.str("MAC0"))
        .and_then(|e| e.raw(&protected))
        .and_then(|e| e.bytes(&[]))
        .and_then(|e| e.raw(&digest_bstr))
        .unwrap();
    let mut tag = [0u8; 32];
    RustCryptoProvider
        .mac(MacAlg::HmacSha256, &KEY, &to_be_maced, &mut tag)
        .unwrap();
    let mut mac0 = Vec::new();
    Encoder::new(&mut mac0)
        .tag(17)
        .and_then(|e| e.array(4))
        .and_then(|e| e.raw(&protected))
        .and_then(|e| e.map(0))
        .and_then(|e| e.null())
        .and_then(|e| e.bytes(&tag))
        .unwrap();
    let mut authentication = Vec::new();
    Encoder::new(&mut authentication)
        .array(2)
        .and_then(|e| e.raw(&digest_bstr))
        .and_then(|e| e.bytes(&mac0))
        .unwrap();
    let mut out = Vec::new();
    Encoder::new(&mut out)
        .tag(107)
        .and_then(|e| e.map(3))
        .and_then(|e| e.u64(2))
        .and_then(|e| e.bytes(&authentication))
        .and_then(|e| e.u64(3))
        .and_then(|e| e.raw(&manifest_bstr))
        .and_then(|e| e.str("#p"))
        .and_then(|e| e.bytes(b"payload"))
        .unwrap();
    out
}
