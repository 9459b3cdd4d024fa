//! SUIT envelopes, iotm-suit against suit_validator 0.1.3, in the same group
//! of the same run so that the ratios hold on a noisy machine.
//!
//! The inputs are the signed examples of draft-ietf-suit-manifest
//! (`manifest-spec/example{0..5}_1.cbor`, ES256 with the P-256 key of
//! `manifest-spec/public_key.pem`), read at run time from the shared
//! conformance data: `$IOTM_SHARED/vectors/suit`, or `../shared/vectors/suit`
//! beside the workspace.
//!
//! - `suit_decode`: decode the envelope and the manifest and read every
//!   command of every sequence (nested run-sequence and try-each included),
//!   with its argument, into the same summary (sequence number, components,
//!   commands). No signature is checked. Severed members are passed over
//!   by both: suit_validator reads no severable member from the envelope
//!   (it looks for them under envelope key 4, not the draft's 16/20/23).
//!   - `iotm-suit`: `Envelope::decode`, `authentication()` (which also
//!     checks the structure of the COSE_Sign1), `Manifest::decode` on the
//!     manifest's byte string and `CommandSequence::next_command` through
//!     every sequence. No digest is computed.
//!   - `suit_validator`: `suit_decode` with a `SuitCrypto` that accepts
//!     every signature (as the crate's own tests do) and a handler that
//!     decodes the manifest, the common block, the components and every
//!     pair of every sequence (`PairView::get`). suit_validator cannot
//!     decode an envelope without checking the manifest digest: it always
//!     hashes the manifest (SHA-256) before it calls the handler.
//!   - `iotm-suit+digest`: `iotm-suit` plus the same manifest digest check
//!     (`Digest::matches`), for the like-for-like comparison.
//! - `suit_verify`: decode the envelope, check the manifest digest and the
//!   ES256 signature, and decode the manifest's top level (sequence number,
//!   common block, components): what each crate hands its caller as a
//!   verified manifest. iotm-suit: `Envelope::decode` + `verify` with
//!   `RustCryptoProvider` (p256 0.14) and one trust anchor. suit_validator:
//!   `suit_decode` with its `CoseCrypto` (cose_minicbor, p256 0.13) over a
//!   COSE_KeySet holding the same key; it decodes the key set and builds
//!   the verifying key from its coordinates on every call, as iotm-suit
//!   reads its trust anchor's point on every call. Before timing, both must
//!   also refuse every example with another P-256 key.
//! - `suit_process`: iotm-suit only (suit_validator decodes and verifies but
//!   has no command processor): decode, verify and run
//!   `Processor::<4>::new(&verified, Procedure::UpdateThenInvoke)` on a
//!   `SimulatedDevice` with the example's components, the draft's vendor
//!   and class identifiers, every URI the manifest names mapped to 256
//!   bytes and slot 1 for `[h'00']`, until `run` returns `Done` or an
//!   abort. The draft's image digests are sample patterns that no image
//!   matches, so every example ends in an abort: examples 0, 1, 3, 4 and 5
//!   at condition-image-match (0 in validate, as it installs nothing; 4 in
//!   payload-fetch; the others in install), example 2_1 before its install
//!   sequence, which it severs and does not carry. The outcome is printed
//!   once per example. A fresh clone of the device is made outside the
//!   timing. `iotm-suit-run-only` times the processor alone on a manifest
//!   verified outside the timing: the signature check is most of
//!   `iotm-suit`.
//!
//! Before timing, both crates must accept every input, verification must
//! succeed in both, and their summaries must be equal.
//!
//! Peer notes: cose_minicbor (suit_validator's default COSE backend) uses
//! `if let … &&` chains, stable since Rust 1.88, above the workspace's MSRV
//! of 1.87; none of the leduclean crates declares a `rust-version`, so the
//! MSRV-aware resolver cannot see it. They are bench-only dependencies,
//! built with the pinned stable toolchain, and bring a second RustCrypto
//! generation (p256 0.13, sha2 0.10) into the bench build. suit_validator
//! needs the envelope tag 107 (an untagged envelope is refused), collects
//! at most 20 command pairs per sequence (enough for these examples) and
//! silently passes over command codes it does not know (none occur here).

#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    reason = "bench code"
)]

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use iotm_suit::crypto::{RustCryptoProvider, SignatureAlg};
use iotm_suit::{
    Abort, Command, CommandSequence, Envelope, Identifier, Manifest, Parameter, Procedure,
    Processor, Severable, SimulatedDevice, Status, TrustAnchor, Verified,
};

const EXAMPLES: [&str; 6] = [
    "example0_1",
    "example1_1",
    "example2_1",
    "example3_1",
    "example4_1",
    "example5_1",
];

/// The draft's vendor and class identifiers (its §B examples).
const VENDOR_ID: [u8; 16] = [
    0xfa, 0x6b, 0x4a, 0x53, 0xd5, 0xad, 0x5f, 0xdf, 0xbe, 0x9d, 0xe6, 0x63, 0xe4, 0xd4, 0x1f, 0xfe,
];
const CLASS_ID: [u8; 16] = [
    0x14, 0x92, 0xaf, 0x14, 0x25, 0x69, 0x5e, 0x48, 0xbf, 0x42, 0x9b, 0x2d, 0x51, 0xf2, 0xab, 0x45,
];
/// `[h'00']`, encoded: the component given slot 1.
const COMPONENT_0: &[u8] = &[0x81, 0x41, 0x00];
/// What every remote URI yields.
const REMOTE_IMAGE_LEN: usize = 256;

/// `vectors/suit` of the shared conformance data.
fn suit_dir() -> PathBuf {
    let shared = std::env::var_os("IOTM_SHARED").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"),
        PathBuf::from,
    );
    let dir = shared.join("vectors/suit");
    assert!(
        dir.is_dir(),
        "{} is missing: set IOTM_SHARED to the shared conformance data",
        dir.display()
    );
    dir
}

fn read(relative: &str) -> Vec<u8> {
    let path = suit_dir().join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The signing key's uncompressed point: the last 65 bytes of the DER of
/// the PEM SubjectPublicKeyInfo.
fn p256_public() -> Vec<u8> {
    let pem = String::from_utf8(read("manifest-spec/public_key.pem")).unwrap();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = base64(&body);
    let point = der[der.len() - 65..].to_vec();
    assert_eq!(point[0], 0x04, "not an uncompressed point");
    point
}

/// A valid P-256 point that signed nothing: the ECDH recipient key of the
/// encryption examples (KEYS.md).
fn other_p256_public() -> Vec<u8> {
    const X: [u8; 32] = [
        0x58, 0x86, 0xcd, 0x61, 0xdd, 0x87, 0x58, 0x62, 0xe5, 0xaa, 0xa8, 0x20, 0xe7, 0xa1, 0x52,
        0x74, 0xc9, 0x68, 0xa9, 0xbc, 0x96, 0x04, 0x8d, 0xdc, 0xac, 0xe3, 0x2f, 0x50, 0xc3, 0x65,
        0x1b, 0xa3,
    ];
    const Y: [u8; 32] = [
        0x9e, 0xed, 0x81, 0x25, 0xe9, 0x32, 0xcd, 0x60, 0xc0, 0xea, 0xd3, 0x65, 0x0d, 0x0a, 0x48,
        0x5c, 0xf7, 0x26, 0xd3, 0x78, 0xd1, 0xb0, 0x16, 0xed, 0x42, 0x98, 0xb2, 0x96, 0x1e, 0x25,
        0x8f, 0x1b,
    ];
    [&[0x04][..], &X, &Y].concat()
}

fn base64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    let (mut acc, mut bits) = (0u32, 0);
    for c in text.bytes().filter(|&c| c != b'=') {
        let value = ALPHABET.iter().position(|&a| a == c).unwrap();
        acc = acc << 6 | u32::try_from(value).unwrap();
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push(u8::try_from((acc >> bits) & 0xff).unwrap());
        }
    }
    out
}

/// What decoding an envelope yields, for both crates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Summary {
    sequence_number: u64,
    components: usize,
    /// Commands read, nested sequences included (0 when only the top level
    /// is decoded).
    commands: usize,
}

type BoxError = Box<dyn std::error::Error>;

mod ours {
    use super::*;
    use iotm_suit::label::manifest as key;

    /// Reads every command of `sequence` and of the sequences nested in it,
    /// calling `visit` on each.
    pub(crate) fn walk<'a>(
        mut sequence: CommandSequence<'a>,
        visit: &mut impl FnMut(&Command<'a>),
    ) -> Result<(), iotm_suit::Error> {
        while let Some((command, _)) = sequence.next_command()? {
            visit(&command);
            match command {
                Command::RunSequence(nested) => walk(nested, visit)?,
                Command::TryEach(branches) => {
                    for nested in branches {
                        walk(nested, visit)?;
                    }
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Every command sequence the manifest holds (severed members are
    /// passed over, as suit_validator does).
    pub(crate) fn sequences<'a>(
        manifest: &Manifest<'a>,
    ) -> Result<Vec<CommandSequence<'a>>, iotm_suit::Error> {
        let mut out: Vec<CommandSequence<'a>> = [
            &manifest.common.shared_sequence,
            &manifest.validate,
            &manifest.load,
            &manifest.invoke,
            &manifest.uninstall,
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
        for k in [
            key::DEPENDENCY_RESOLUTION,
            key::PAYLOAD_FETCH,
            key::CANDIDATE_VERIFICATION,
            key::INSTALL,
        ] {
            if let Some(Severable::Present(member)) = manifest.severable(k) {
                out.push(CommandSequence::from_decoder(&mut member.decoder())?);
            }
        }
        Ok(out)
    }

    fn manifest<'a>(envelope: &Envelope<'a>) -> Result<Manifest<'a>, BoxError> {
        let mut outer = iotm_cbor::Decoder::new(envelope.manifest_bytes());
        let mut inner = outer.bstr_cbor()?;
        let manifest = Manifest::decode(&mut inner)?;
        inner.finish()?;
        Ok(manifest)
    }

    /// The decode bench: envelope, authentication wrapper, manifest, every
    /// command; with `digest`, the manifest digest is checked too.
    pub(crate) fn decode(bytes: &[u8], digest: bool) -> Result<Summary, BoxError> {
        let envelope = Envelope::decode(bytes)?;
        let authentication = envelope.authentication()?;
        if digest
            && !authentication
                .digest
                .matches(&RustCryptoProvider, envelope.manifest_bytes())?
        {
            return Err("manifest digest mismatch".into());
        }
        black_box(&authentication);
        let manifest = manifest(&envelope)?;
        // Walked in place: no `Vec` of sequences inside the timing.
        let mut commands = 0;
        let mut count = |command: &Command<'_>| {
            black_box(command);
            commands += 1;
        };
        if let Some(shared) = &manifest.common.shared_sequence {
            walk(shared.clone(), &mut count)?;
        }
        for sequence in [
            &manifest.validate,
            &manifest.load,
            &manifest.invoke,
            &manifest.uninstall,
        ]
        .into_iter()
        .flatten()
        {
            walk(sequence.clone(), &mut count)?;
        }
        for k in [
            key::DEPENDENCY_RESOLUTION,
            key::PAYLOAD_FETCH,
            key::CANDIDATE_VERIFICATION,
            key::INSTALL,
        ] {
            if let Some(Severable::Present(member)) = manifest.severable(k) {
                walk(
                    CommandSequence::from_decoder(&mut member.decoder())?,
                    &mut count,
                )?;
            }
        }
        Ok(Summary {
            sequence_number: manifest.sequence_number,
            components: manifest.common.components.clone().count(),
            commands,
        })
    }

    /// The verify bench: decode, check digest and signature, decode the
    /// manifest's top level.
    pub(crate) fn verify(bytes: &[u8], anchors: &[TrustAnchor<'_>]) -> Result<Summary, BoxError> {
        let verified = Envelope::decode(bytes)?.verify(&RustCryptoProvider, anchors)?;
        let manifest = verified.manifest();
        Ok(Summary {
            sequence_number: manifest.sequence_number,
            components: manifest.common.components.clone().count(),
            commands: 0,
        })
    }

    /// The process bench: decode, verify, run update then invoke to the
    /// end. `Ok` is `Done`; `Err` is the abort, as text.
    pub(crate) fn process(
        bytes: &[u8],
        anchors: &[TrustAnchor<'_>],
        device: &mut SimulatedDevice,
    ) -> Result<(), Abort> {
        let verified = Envelope::decode(bytes)
            .unwrap()
            .verify(&RustCryptoProvider, anchors)
            .unwrap();
        run(&verified, device)
    }

    /// Update then invoke on a verified manifest, to the end: `Ok` is
    /// `Done`.
    pub(crate) fn run(verified: &Verified<'_>, device: &mut SimulatedDevice) -> Result<(), Abort> {
        let mut processor = Processor::<4>::new(verified, Procedure::UpdateThenInvoke);
        loop {
            match processor.run(device, &RustCryptoProvider) {
                Ok(Status::Done) => return Ok(()),
                Ok(Status::Pending { .. }) => {}
                Err(abort) => return Err(abort),
            }
        }
    }

    /// A device for `bytes`: its components, the draft's identifiers, every
    /// URI of the manifest answered, slot 1 for `[h'00']`.
    pub(crate) fn device(bytes: &[u8]) -> SimulatedDevice {
        let envelope = Envelope::decode(bytes).unwrap();
        let manifest = manifest(&envelope).unwrap();
        let mut device = SimulatedDevice::default();
        for component in manifest.common.components.clone() {
            device.add_component(component.encoded());
        }
        device
            .identifiers
            .push((Identifier::Vendor, VENDOR_ID.to_vec()));
        device
            .identifiers
            .push((Identifier::Class, CLASS_ID.to_vec()));
        device.slots.insert(COMPONENT_0.to_vec(), 1);
        let mut uris = Vec::new();
        for sequence in sequences(&manifest).unwrap() {
            walk(sequence, &mut |command| {
                if let Command::OverrideParameters(p) | Command::SetParameters(p) = command {
                    for (parameter, _) in p.clone() {
                        if let Parameter::Uri(uri) = parameter {
                            uris.push(uri.to_owned());
                        }
                    }
                }
            })
            .unwrap();
        }
        for (i, uri) in uris.into_iter().enumerate() {
            let fill = u8::try_from(i % 251).unwrap();
            device.remote.insert(uri, vec![fill; REMOTE_IMAGE_LEN]);
        }
        device
    }
}

mod peer {
    use super::*;
    use cose_minicbor::cose_keys::{CoseAlg, CoseKey, CoseKeySetBuilder, Curve, KeyType};
    use suit_validator::SuitError;
    use suit_validator::crypto::{CoseCrypto, SuitCrypto};
    use suit_validator::handler::{
        PairView, SuitCommandHandler, SuitSharedSequenceHandler, SuitStartHandler,
    };
    use suit_validator::suit_manifest::{
        CommandCustomValue, DigestOrCbor, SuitCondition, SuitDirective, SuitEnvelope, SuitManifest,
        SuitSharedCommand,
    };

    /// Room for one encoded P-256 COSE_Key.
    const KEY_SET_CAPACITY: usize = 256;

    /// A COSE_KeySet with the ES256 key whose uncompressed point is
    /// `public`.
    pub(crate) fn key_set(public: &[u8]) -> Vec<u8> {
        let mut builder = CoseKeySetBuilder::<KEY_SET_CAPACITY>::try_new().unwrap();
        let mut key = CoseKey::new(KeyType::Ec2);
        key.alg(CoseAlg::ES256);
        key.crv(Curve::P256).unwrap();
        key.x(&public[1..33]).unwrap();
        key.y(&public[33..65]).unwrap();
        builder.push_key(key).unwrap();
        builder.into_bytes().unwrap().to_vec()
    }

    /// Accepts every signature: suit_validator's decode without
    /// verification (its tests' `MockCrypto`).
    pub(crate) struct NoSignatureCheck;

    impl SuitCrypto for NoSignatureCheck {
        fn verify_cose(&self, _auth: &[u8], _digest: &[u8]) -> Result<(), SuitError> {
            Ok(())
        }
    }

    /// Folds the envelope into a [`Summary`]; with `walk`, reads every
    /// pair of every sequence.
    #[derive(Default)]
    struct Walk {
        walk: bool,
        summary: Summary,
    }

    fn err(e: impl core::fmt::Debug) -> SuitError {
        black_box(e);
        SuitError::default().with_ctx("bench")
    }

    impl SuitStartHandler for Walk {
        fn on_envelope<'a>(&mut self, envelope: SuitEnvelope<'a>) -> Result<(), SuitError> {
            let manifest = envelope.manifest.get().map_err(err)?;
            self.summary.sequence_number = manifest.sequence_number;
            let common = manifest.common.get().map_err(err)?;
            for component in common.components.get()? {
                for segment in component.map_err(err)?.get()? {
                    black_box(segment.map_err(err)?);
                }
                self.summary.components += 1;
            }
            if !self.walk {
                return Ok(());
            }
            if let Some(shared) = &common.shared_seq {
                shared.get().map_err(err)?.decode_and_dispatch(self)?;
            }
            for sequence in [&manifest.validate, &manifest.load, &manifest.invoke]
                .into_iter()
                .flatten()
            {
                sequence.get().map_err(err)?.decode_and_dispatch(self)?;
            }
            for member in [&manifest.payload_fetch, &manifest.install] {
                if let Some(DigestOrCbor::Cbor(sequence)) = member {
                    sequence.get().map_err(err)?.decode_and_dispatch(self)?;
                }
            }
            Ok(())
        }

        fn on_manifest<'a>(&mut self, _manifest: SuitManifest<'a>) -> Result<(), SuitError> {
            Err(err("a bare manifest, not an envelope"))
        }
    }

    impl SuitCommandHandler for Walk {
        fn on_conditions<'a>(
            &mut self,
            conditions: impl Iterator<Item = PairView<'a, SuitCondition>>,
        ) -> Result<(), SuitError> {
            for condition in conditions {
                black_box(condition.get()?);
                self.summary.commands += 1;
            }
            Ok(())
        }

        fn on_directives<'a>(
            &mut self,
            directives: impl Iterator<Item = PairView<'a, SuitDirective<'a>>>,
        ) -> Result<(), SuitError> {
            for directive in directives {
                self.summary.commands += 1;
                match directive.get()? {
                    SuitDirective::RunSequence(nested) => {
                        nested.get().map_err(err)?.decode_and_dispatch(self)?;
                    }
                    SuitDirective::TryEach(branches) => {
                        for nested in branches.0.get().map_err(err)? {
                            nested
                                .map_err(err)?
                                .get()
                                .map_err(err)?
                                .decode_and_dispatch(self)?;
                        }
                    }
                    other => {
                        black_box(other);
                    }
                }
            }
            Ok(())
        }

        fn on_customs<'a>(
            &mut self,
            customs: impl Iterator<Item = PairView<'a, CommandCustomValue<'a>>>,
        ) -> Result<(), SuitError> {
            for custom in customs {
                black_box(custom.get()?);
                self.summary.commands += 1;
            }
            Ok(())
        }
    }

    impl SuitSharedSequenceHandler for Walk {
        fn on_conditions<'a>(
            &mut self,
            conditions: impl Iterator<Item = PairView<'a, SuitCondition>>,
        ) -> Result<(), SuitError> {
            for condition in conditions {
                black_box(condition.get()?);
                self.summary.commands += 1;
            }
            Ok(())
        }

        fn on_commands<'a>(
            &mut self,
            commands: impl Iterator<Item = PairView<'a, SuitSharedCommand<'a>>>,
        ) -> Result<(), SuitError> {
            for command in commands {
                self.summary.commands += 1;
                match command.get()? {
                    SuitSharedCommand::RunSequence(nested) => {
                        nested.get().map_err(err)?.decode_and_dispatch(self)?;
                    }
                    SuitSharedCommand::TryEach(branches) => {
                        if let Some(sequences) = branches.sequences {
                            for nested in sequences.get().map_err(err)? {
                                nested
                                    .map_err(err)?
                                    .get()
                                    .map_err(err)?
                                    .decode_and_dispatch(self)?;
                            }
                        }
                    }
                    other => {
                        black_box(other);
                    }
                }
            }
            Ok(())
        }
    }

    /// The decode bench: every pair of every sequence, signature not
    /// checked (the manifest digest is).
    pub(crate) fn decode(bytes: &[u8]) -> Result<Summary, SuitError> {
        let mut handler = Walk {
            walk: true,
            ..Walk::default()
        };
        suit_validator::suit_decode(bytes, &mut handler, &mut NoSignatureCheck)?;
        Ok(handler.summary)
    }

    /// The verify bench: digest and signature checked, top level decoded.
    pub(crate) fn verify(bytes: &[u8], crypto: &mut CoseCrypto<'_>) -> Result<Summary, SuitError> {
        let mut handler = Walk::default();
        suit_validator::suit_decode(bytes, &mut handler, crypto)?;
        Ok(handler.summary)
    }
}

struct Example {
    name: &'static str,
    bytes: Vec<u8>,
}

fn examples() -> Vec<Example> {
    EXAMPLES
        .iter()
        .map(|&name| Example {
            name,
            bytes: read(&format!("manifest-spec/{name}.cbor")),
        })
        .collect()
}

fn suit_decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("suit_decode");
    for Example { name, bytes } in examples() {
        let ours = ours::decode(&bytes, false)
            .unwrap_or_else(|e| panic!("{name}: iotm-suit refuses it: {e}"));
        let ours_digest = ours::decode(&bytes, true)
            .unwrap_or_else(|e| panic!("{name}: iotm-suit+digest refuses it: {e}"));
        let peer = peer::decode(&bytes)
            .unwrap_or_else(|e| panic!("{name}: suit_validator refuses it: {e}"));
        assert_eq!(ours, peer, "{name}");
        assert_eq!(ours_digest, peer, "{name}");
        assert!(ours.commands > 0, "{name}");

        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(format!("{name}/iotm-suit"), |b| {
            b.iter(|| ours::decode(black_box(&bytes), false).unwrap());
        });
        group.bench_function(format!("{name}/iotm-suit+digest"), |b| {
            b.iter(|| ours::decode(black_box(&bytes), true).unwrap());
        });
        group.bench_function(format!("{name}/suit_validator"), |b| {
            b.iter(|| peer::decode(black_box(&bytes)).unwrap());
        });
    }
    group.finish();
}

fn suit_verify(c: &mut Criterion) {
    let public = p256_public();
    let anchors = [TrustAnchor::signature(
        SignatureAlg::EcdsaP256Sha256,
        &public,
    )];
    let keys = peer::key_set(&public);
    let mut crypto = suit_validator::crypto::CoseCrypto::new(&keys);
    let wrong = other_p256_public();
    let wrong_anchors = [TrustAnchor::signature(
        SignatureAlg::EcdsaP256Sha256,
        &wrong,
    )];
    let wrong_keys = peer::key_set(&wrong);
    let mut wrong_crypto = suit_validator::crypto::CoseCrypto::new(&wrong_keys);

    let mut group = c.benchmark_group("suit_verify");
    for Example { name, bytes } in examples() {
        let ours = ours::verify(&bytes, &anchors)
            .unwrap_or_else(|e| panic!("{name}: iotm-suit does not verify it: {e}"));
        let peer = peer::verify(&bytes, &mut crypto)
            .unwrap_or_else(|e| panic!("{name}: suit_validator does not verify it: {e}"));
        assert_eq!(ours, peer, "{name}");
        // Another P-256 key must fail in both, or nothing is verified.
        assert!(ours::verify(&bytes, &wrong_anchors).is_err(), "{name}");
        assert!(peer::verify(&bytes, &mut wrong_crypto).is_err(), "{name}");

        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(format!("{name}/iotm-suit"), |b| {
            b.iter(|| ours::verify(black_box(&bytes), &anchors).unwrap());
        });
        group.bench_function(format!("{name}/suit_validator"), |b| {
            b.iter(|| peer::verify(black_box(&bytes), &mut crypto).unwrap());
        });
    }
    group.finish();
}

fn suit_process(c: &mut Criterion) {
    let public = p256_public();
    let anchors = [TrustAnchor::signature(
        SignatureAlg::EcdsaP256Sha256,
        &public,
    )];

    let mut group = c.benchmark_group("suit_process");
    for Example { name, bytes } in examples() {
        let device = ours::device(&bytes);
        let verified = Envelope::decode(&bytes)
            .unwrap()
            .verify(&RustCryptoProvider, &anchors)
            .unwrap_or_else(|e| panic!("{name}: iotm-suit does not verify it: {e}"));
        let outcome = ours::process(&bytes, &anchors, &mut device.clone());
        assert_eq!(outcome, ours::run(&verified, &mut device.clone()), "{name}");
        eprintln!("suit_process/{name}: {outcome:?}");

        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_function(format!("{name}/iotm-suit"), |b| {
            b.iter_batched_ref(
                || device.clone(),
                |device| ours::process(black_box(&bytes), &anchors, device),
                BatchSize::SmallInput,
            );
        });
        group.bench_function(format!("{name}/iotm-suit-run-only"), |b| {
            b.iter_batched_ref(
                || device.clone(),
                |device| ours::run(black_box(&verified), device),
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

criterion_group!(
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500));
    targets = suit_decode, suit_verify, suit_process
);
criterion_main!(benches);
