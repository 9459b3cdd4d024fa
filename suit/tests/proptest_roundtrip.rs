//! Property tests: arbitrary manifests (components, parameters, nested
//! command sequences, severed members) built and signed here decode back to
//! what was built, verify, and read through; arbitrary envelope bytes and
//! mutations of valid ones never panic decoding, verification or
//! processing.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "test code"
)]

use iotm_cbor::Encoder;
use iotm_suit::crypto::{MacAlg, RustCryptoProvider};
use iotm_suit::{
    Command, Envelope, EnvelopeBuilder, Procedure, Processor, Signer, SimulatedDevice, Status,
    TrustAnchor, label,
};
use proptest::prelude::*;

const KEY: [u8; 32] = [7; 32];

/// A command as built: identifier and argument.
#[derive(Clone, Debug)]
enum Built {
    Condition(i64, u64),
    Directive(i64, u64),
    Index(u64),
    Override(u64, Vec<u8>),
    Run(Vec<Built>),
    TryEach(Vec<Vec<Built>>, bool),
}

fn leaf() -> impl Strategy<Value = Built> {
    prop_oneof![
        (
            prop::sample::select(vec![1i64, 2, 3, 5, 6, 14, 24, 25, 26, 27, 28]),
            0u64..16
        )
            .prop_map(|(c, p)| Built::Condition(c, p)),
        (
            prop::sample::select(vec![18i64, 21, 22, 23, 29, 31]),
            0u64..16
        )
            .prop_map(|(c, p)| Built::Directive(c, p)),
        (0u64..2).prop_map(Built::Index),
        (0u64..1000, prop::collection::vec(any::<u8>(), 0..8))
            .prop_map(|(n, b)| Built::Override(n, b)),
    ]
}

fn command() -> impl Strategy<Value = Built> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 1..4).prop_map(Built::Run),
            (
                prop::collection::vec(prop::collection::vec(inner, 1..3), 2..4),
                any::<bool>()
            )
                .prop_map(|(b, nil)| Built::TryEach(b, nil)),
        ]
    })
}

fn count(commands: &[Built]) -> usize {
    commands
        .iter()
        .map(|c| match c {
            Built::Run(inner) => 1 + count(inner),
            Built::TryEach(branches, _) => 1 + branches.iter().map(|b| count(b)).sum::<usize>(),
            _ => 1,
        })
        .sum()
}

fn encode_sequence(commands: &[Built]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut e = Encoder::new(&mut out);
    e.array(2 * commands.len() as u64).unwrap();
    for c in commands {
        match c {
            Built::Condition(id, p) | Built::Directive(id, p) => {
                e.i64(*id).unwrap().u64(*p).unwrap();
            }
            Built::Index(i) => {
                e.i64(12).unwrap().u64(*i).unwrap();
            }
            Built::Override(size, content) => {
                e.i64(20).unwrap().map(2).unwrap();
                e.i64(14).unwrap().u64(*size).unwrap();
                e.i64(18).unwrap().bytes(content).unwrap();
            }
            Built::Run(inner) => {
                e.i64(32).unwrap().bytes(&encode_sequence(inner)).unwrap();
            }
            Built::TryEach(branches, nil) => {
                e.i64(15)
                    .unwrap()
                    .array(branches.len() as u64 + u64::from(*nil))
                    .unwrap();
                for b in branches {
                    e.bytes(&encode_sequence(b)).unwrap();
                }
                if *nil {
                    e.null().unwrap();
                }
            }
        }
    }
    out
}

fn manifest(sequence_number: u64, install: &[Built], validate: &[Built]) -> Vec<u8> {
    let mut common = Vec::new();
    Encoder::new(&mut common)
        .map(1)
        .and_then(|e| e.i64(2))
        .and_then(|e| e.array(2))
        .and_then(|e| e.array(1))
        .and_then(|e| e.bytes(&[0]))
        .and_then(|e| e.array(1))
        .and_then(|e| e.bytes(&[1]))
        .unwrap();
    let mut out = Vec::new();
    let mut e = Encoder::new(&mut out);
    e.map(5).unwrap();
    e.i64(1).unwrap().u64(1).unwrap();
    e.i64(2).unwrap().u64(sequence_number).unwrap();
    e.i64(3).unwrap().bytes(&common).unwrap();
    e.i64(7).unwrap().bytes(&encode_sequence(validate)).unwrap();
    e.i64(20).unwrap().bytes(&encode_sequence(install)).unwrap();
    out
}

fn sign(manifest: &[u8], sever: bool) -> Vec<u8> {
    let mut builder = EnvelopeBuilder::new(manifest).unwrap();
    if sever {
        builder
            .sever(&RustCryptoProvider, label::manifest::INSTALL)
            .unwrap();
    }
    let signer = Signer::Mac {
        cose_alg: 5,
        key: &KEY,
        kid: None,
    };
    builder.sign(&RustCryptoProvider, &signer).unwrap()
}

/// Runs update and boot on a two-component device; never panics.
fn process(bytes: &[u8]) {
    let Ok(envelope) = Envelope::decode(bytes) else {
        return;
    };
    let keys = [TrustAnchor::mac(MacAlg::HmacSha256, &KEY)];
    let Ok(verified) = envelope.verify(&RustCryptoProvider, &keys) else {
        return;
    };
    let mut device = SimulatedDevice::default();
    device.add_component(&[0x81, 0x41, 0x00]);
    device.add_component(&[0x81, 0x41, 0x01]);
    device.pending_rounds = 1;
    let mut processor = Processor::<2>::new(&verified, Procedure::UpdateThenInvoke);
    for _ in 0..10_000 {
        match processor.run(&mut device, &RustCryptoProvider) {
            Ok(Status::Pending { .. }) => {}
            _ => break,
        }
    }
    let mut report = [0u8; 8192];
    if let Ok(report) = processor.report("p", None, &mut report) {
        iotm_suit::Report::decode(report).unwrap();
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn built_manifests_round_trip_through_signing_and_decoding(
        sequence_number in any::<u64>(),
        install in prop::collection::vec(command(), 1..6),
        validate in prop::collection::vec(command(), 1..4),
        sever in any::<bool>(),
    ) {
        let bytes = sign(&manifest(sequence_number, &install, &validate), sever);
        let keys = [TrustAnchor::mac(MacAlg::HmacSha256, &KEY)];
        let verified = Envelope::decode(&bytes).unwrap().verify(&RustCryptoProvider, &keys).unwrap();
        prop_assert_eq!(verified.manifest().sequence_number, sequence_number);
        prop_assert_eq!(verified.manifest().common.component_count, 2);
        prop_assert_eq!(verified.missing_members().count(), 0);
        prop_assert_eq!(verified.check_processable().unwrap(), count(&install) + count(&validate));
        // The install sequence reads back command by command.
        let mut sequence = verified.sequence(label::manifest::INSTALL).unwrap().unwrap();
        let mut ids = Vec::new();
        while let Some((command, _)) = sequence.next_command().unwrap() {
            ids.push(command.id());
            if let Command::TryEach(each) = command {
                prop_assert!(each.count() >= 2);
            }
        }
        let built: Vec<i64> = install.iter().map(|c| match c {
            Built::Condition(id, _) | Built::Directive(id, _) => *id,
            Built::Index(_) => 12,
            Built::Override(..) => 20,
            Built::Run(_) => 32,
            Built::TryEach(..) => 15,
        }).collect();
        prop_assert_eq!(ids, built);
        process(&bytes);
    }

    #[test]
    fn mutated_envelopes_never_panic(
        install in prop::collection::vec(command(), 1..4),
        flips in prop::collection::vec((any::<prop::sample::Index>(), 0u8..8), 1..4),
    ) {
        let mut bytes = sign(&manifest(1, &install, &[Built::Condition(3, 15)]), false);
        for (at, bit) in flips {
            let i = at.index(bytes.len());
            bytes[i] ^= 1 << bit;
        }
        if let Ok(envelope) = Envelope::decode(&bytes) {
            let _ = envelope.authentication();
            for _ in envelope.integrated_payloads() {}
        }
        process(&bytes);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = Envelope::decode(&bytes);
        let _ = iotm_suit::Report::decode(&bytes);
        process(&bytes);
    }
}
