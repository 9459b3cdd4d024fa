//! `iotm suit`: SUIT manifests (draft-ietf-suit-manifest): create, sign,
//! sever, encrypt payloads; verify an envelope, show it, process it.

mod encrypt;
mod keys;
mod process;
mod show;
mod sign;

use std::path::PathBuf;

use clap::{Args, Subcommand};
use iotm_crypto::{MacAlg, RustCryptoProvider};
use iotm_suit::{Envelope, Member, TrustAnchor};

use crate::exit::CliError;
use crate::input::{BinaryInput, parse_hex};

#[derive(Debug, Subcommand)]
pub(crate) enum SuitCommand {
    /// Verify an envelope: its authentication with the given keys, every
    /// severable member present and matching its digest, and every command
    /// sequence one this tool can process.
    ///
    /// Exit 0 when valid, 1 when rejected (the reason names the rule and the
    /// byte offset), 2 for unreadable keys or files.
    Verify(VerifyArgs),
    /// Show an envelope as a readable tree (or JSON with --json): the
    /// authentication, the manifest's components, parameters and command
    /// sequences, with the draft's names. Nothing is verified.
    Show(ShowArgs),
    /// Process an envelope on a simulated device (components are files in
    /// a folder) and print the SUIT Report. Exit 0 when every section ran,
    /// 1 when processing aborted (the reason, section and offset are given).
    Process(process::ProcessArgs),
    /// Sign a manifest into an envelope (COSE_Sign1 with a P-256 or Ed25519
    /// PEM key, or COSE_Mac0), or re-sign an envelope; sever members and
    /// integrate payloads on the way. Deterministic: the same input and key
    /// give the same bytes.
    Sign(sign::SignArgs),
    /// Create a manifest from a suit-tool style JSON description (the
    /// draft's examples reproduce byte for byte), and with a key sign it
    /// into an envelope.
    Create(sign::CreateArgs),
    /// Remove severed members (text, install, ...) from an envelope for a
    /// device that does not need them. The manifest keeps their digests,
    /// so the signature still verifies; nothing is re-signed.
    Sever(sign::SeverArgs),
    /// Encrypt a payload for a device (AES-KW or ECDH-ES+A128KW, with
    /// A128GCM or A128CTR) and print the SUIT_Encryption_Info for the
    /// manifest, with the plaintext's digest and size.
    Encrypt(encrypt::EncryptArgs),
}

/// The keys an envelope is verified with.
#[derive(Debug, Args)]
pub(crate) struct KeyArgs {
    /// A PEM key: a public key (P-256 or Ed25519), or a private key whose
    /// public half is used. Repeat for several keys.
    #[arg(long = "key", value_name = "KEY", required_unless_present = "mac_key")]
    keys: Vec<PathBuf>,

    /// An HMAC-SHA-256 secret, in hex, for COSE_Mac0 envelopes.
    #[arg(long = "mac-key", value_name = "HEX")]
    mac_key: Vec<String>,
}

/// Keys read from files and the command line.
pub(crate) struct LoadedKeys {
    publics: Vec<keys::PublicKey>,
    secrets: Vec<Vec<u8>>,
}

impl KeyArgs {
    pub(crate) fn load(&self) -> Result<LoadedKeys, CliError> {
        Ok(LoadedKeys {
            publics: self
                .keys
                .iter()
                .map(|path| keys::read_public_key(path))
                .collect::<Result<Vec<_>, _>>()?,
            secrets: self
                .mac_key
                .iter()
                .map(|hex| parse_hex(hex))
                .collect::<Result<Vec<_>, _>>()?,
        })
    }
}

impl LoadedKeys {
    pub(crate) fn anchors(&self) -> Vec<TrustAnchor<'_>> {
        self.publics
            .iter()
            .map(|k| TrustAnchor::signature(k.alg, &k.bytes))
            .chain(
                self.secrets
                    .iter()
                    .map(|s| TrustAnchor::mac(MacAlg::HmacSha256, s)),
            )
            .collect()
    }
}

#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    #[command(flatten)]
    keys: KeyArgs,

    /// Accept an envelope from which severable members were removed (by
    /// `iotm suit sever`): their digests are still authenticated, and a
    /// member that is present must still match.
    #[arg(long = "allow-severed")]
    allow_severed: bool,

    #[command(flatten)]
    input: BinaryInput,
}

#[derive(Debug, Args)]
pub(crate) struct ShowArgs {
    #[command(flatten)]
    input: BinaryInput,
}

pub(crate) fn run(command: &SuitCommand, json: bool) -> Result<(), CliError> {
    match command {
        SuitCommand::Verify(args) => verify(args, json),
        SuitCommand::Show(args) => show::run(&args.input.read()?, json),
        SuitCommand::Process(args) => process::run(args, json),
        SuitCommand::Sign(args) => sign::run(args, json),
        SuitCommand::Create(args) => sign::create(args, json),
        SuitCommand::Sever(args) => sign::sever(args, json),
        SuitCommand::Encrypt(args) => encrypt::run(args, json),
    }
}

fn verify(args: &VerifyArgs, json: bool) -> Result<(), CliError> {
    let keys = args.keys.load()?;
    let anchors = keys.anchors();
    let bytes = args.input.read()?;
    let envelope = Envelope::decode(&bytes).map_err(|e| CliError::decode(&e))?;
    let verified = envelope
        .verify(&RustCryptoProvider, anchors.as_slice())
        .map_err(|e| CliError::decode(&e))?;
    if !args.allow_severed {
        verified
            .require_all_members()
            .map_err(|e| CliError::decode(&e))?;
    }
    let commands = verified
        .check_processable()
        .map_err(|e| CliError::decode(&e))?;
    let manifest = verified.manifest();
    if json {
        let value = serde_json::json!({
            "valid": true,
            "sequence_number": manifest.sequence_number,
            "components": manifest.common.component_count,
            "commands": commands,
        });
        println!("{value}");
    } else {
        println!(
            "valid: sequence number {}, {} component(s), {} command(s); {} authenticated",
            manifest.sequence_number,
            manifest.common.component_count,
            commands,
            Member::Manifest,
        );
    }
    Ok(())
}
