//! The processor on arbitrary manifests: the fuzzed bytes are a manifest,
//! signed here into a properly MACed envelope so that it passes
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

use iotm_suit::crypto::{MacAlg, RustCryptoProvider};
use iotm_suit::{
    Envelope, EnvelopeBuilder, Identifier, Procedure, Processor, Signer, SimulatedDevice, Status,
    TrustAnchor,
};
use libfuzzer_sys::fuzz_target;

const KEY: [u8; 32] = [b'a'; 32];

fuzz_target!(|manifest: &[u8]| {
    let Some(bytes) = envelope(manifest) else {
        return;
    };
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

/// A tagged envelope around `manifest`, signed by the crate's own
/// `EnvelopeBuilder` (HMAC-256 under `KEY`), with an integrated payload
/// "#p". `None` when the bytes are not a manifest: `verify` would refuse
/// such an envelope before any processing.
fn envelope(manifest: &[u8]) -> Option<Vec<u8>> {
    let mut builder = EnvelopeBuilder::new(manifest).ok()?;
    builder.integrate("#p", b"payload");
    let signer = Signer::Mac {
        cose_alg: 5,
        key: &KEY,
        kid: None,
    };
    builder.sign(&RustCryptoProvider, &signer).ok()
}
