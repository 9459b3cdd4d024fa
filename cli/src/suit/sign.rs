//! `iotm suit sign`: signs a manifest (or re-signs an envelope), severing
//! members and integrating payloads on the way.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use iotm_crypto::{RustCryptoProvider, SignatureAlg, SigningKey};
use iotm_suit::{EnvelopeBuilder, Signer, label, remove_severed, unpack};

use crate::exit::CliError;
use crate::input::{BinaryInput, parse_hex, to_hex};

/// How an envelope is signed.
#[derive(Debug, Args)]
pub(crate) struct SignerArgs {
    /// A PEM private key (P-256 or Ed25519; PKCS#8 or SEC1).
    #[arg(long, value_name = "KEY", conflicts_with = "mac_key")]
    key: Option<PathBuf>,

    /// An HMAC-SHA-256 secret, in hex: COSE_Mac0 instead of a signature.
    #[arg(long = "mac-key", value_name = "HEX")]
    mac_key: Option<String>,

    /// The COSE algorithm id to write: ES256 or ESP256 for P-256, EdDSA or
    /// Ed25519 for Ed25519 (default: the fully-specified one).
    #[arg(long, value_enum)]
    alg: Option<AlgArg>,

    /// A key id for the COSE header (text).
    #[arg(long)]
    kid: Option<String>,
}

impl SignerArgs {
    fn given(&self) -> bool {
        self.key.is_some() || self.mac_key.is_some()
    }
}

#[derive(Debug, Args)]
pub(crate) struct SignArgs {
    #[command(flatten)]
    signer: SignerArgs,

    /// Members to move from the manifest into the envelope, by name:
    /// install, payload-fetch, text, dependency-resolution,
    /// candidate-verification, coswid. Repeatable.
    #[arg(long = "sever", value_name = "MEMBER")]
    sever: Vec<String>,

    /// An integrated payload: `NAME=FILE` (NAME such as `#tc`). Repeatable.
    #[arg(long = "integrate", value_name = "NAME=FILE")]
    integrate: Vec<String>,

    /// The input is diagnostic notation of the manifest, not CBOR.
    #[arg(long)]
    diag: bool,

    /// Write the envelope here instead of printing it as hex.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// The manifest (a CBOR map) or an envelope to re-sign.
    #[command(flatten)]
    input: BinaryInput,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum AlgArg {
    /// ECDSA P-256 with SHA-256, COSE -7.
    Es256,
    /// ECDSA P-256 with SHA-256, fully specified, COSE -9.
    Esp256,
    /// EdDSA, COSE -8.
    Eddsa,
    /// Ed25519, fully specified, COSE -19.
    Ed25519,
}

fn member_key(name: &str) -> Result<i64, CliError> {
    let key = match name {
        "install" => label::manifest::INSTALL,
        "payload-fetch" => label::manifest::PAYLOAD_FETCH,
        "text" => label::manifest::TEXT,
        "dependency-resolution" => label::manifest::DEPENDENCY_RESOLUTION,
        "candidate-verification" => label::manifest::CANDIDATE_VERIFICATION,
        "coswid" => label::manifest::COSWID,
        other => {
            return Err(CliError::Usage(format!(
                "--sever {other}: not a severable member"
            )));
        }
    };
    Ok(key)
}

pub(crate) fn run(args: &SignArgs, json: bool) -> Result<(), CliError> {
    let input = args.input.read()?;
    let bytes = if args.diag {
        let text = String::from_utf8(input)
            .map_err(|_| CliError::Usage("--diag input is not UTF-8".into()))?;
        iotm_cbor::parse_diagnostic(&text).map_err(|e| CliError::Rejected {
            message: e.to_string(),
            offset: None,
            kind: "malformed",
        })?
    } else {
        input
    };
    let rejected = |e: iotm_suit::SignError| CliError::Rejected {
        message: e.to_string(),
        offset: None,
        kind: "malformed",
    };
    // A map is a manifest; a tag or an envelope map is re-signed.
    let mut builder = match EnvelopeBuilder::new(&bytes) {
        Ok(builder) => builder,
        Err(_) => unpack(&bytes).map_err(rejected)?,
    };
    for name in &args.sever {
        builder
            .sever(&RustCryptoProvider, member_key(name)?)
            .map_err(rejected)?;
    }
    for spec in &args.integrate {
        let (name, file) = spec
            .split_once('=')
            .ok_or_else(|| CliError::Usage(format!("--integrate {spec}: expected NAME=FILE")))?;
        let payload =
            std::fs::read(file).map_err(|e| CliError::Usage(format!("cannot read {file}: {e}")))?;
        builder.integrate(name, &payload);
    }
    if !args.signer.given() {
        return Err(CliError::Usage("give --key or --mac-key".into()));
    }
    let envelope = sign_with(&builder, &args.signer)?;
    write_out(&envelope, args.output.as_ref(), json, "envelope")
}

/// Signs `builder` with the key the options name.
fn sign_with(builder: &EnvelopeBuilder, args: &SignerArgs) -> Result<Vec<u8>, CliError> {
    let rejected = |e: iotm_suit::SignError| CliError::Rejected {
        message: e.to_string(),
        offset: None,
        kind: "malformed",
    };
    let kid = args.kid.as_deref().map(str::as_bytes);
    let (private, secret);
    let signer = match (&args.key, &args.mac_key) {
        (Some(path), _) => {
            private = super::keys::read_private_key(path)?;
            let cose_alg = match (private.alg, args.alg) {
                (SignatureAlg::EcdsaP256Sha256, Some(AlgArg::Es256)) => -7,
                (SignatureAlg::EcdsaP256Sha256, None | Some(AlgArg::Esp256)) => -9,
                (SignatureAlg::Ed25519, Some(AlgArg::Eddsa)) => -8,
                (SignatureAlg::Ed25519, None | Some(AlgArg::Ed25519)) => -19,
                (alg, chosen) => {
                    return Err(CliError::Usage(format!(
                        "--alg {chosen:?} does not fit a {alg:?} key"
                    )));
                }
            };
            Signer::Signature {
                cose_alg,
                key: SigningKey::new(&private.private, &private.public),
                kid,
            }
        }
        (None, Some(hex)) => {
            secret = parse_hex(hex)?;
            Signer::Mac {
                cose_alg: 5,
                key: &secret,
                kid,
            }
        }
        (None, None) => return Err(CliError::Usage("give --key or --mac-key".into())),
    };
    builder.sign(&RustCryptoProvider, &signer).map_err(rejected)
}

/// Writes `bytes` to `output`, or prints them as hex (in JSON under `field`).
fn write_out(
    bytes: &[u8],
    output: Option<&PathBuf>,
    json: bool,
    field: &str,
) -> Result<(), CliError> {
    match output {
        Some(path) => std::fs::write(path, bytes)
            .map_err(|e| CliError::Usage(format!("cannot write {}: {e}", path.display())))?,
        None if json => println!("{}", serde_json::json!({ field: to_hex(bytes) })),
        None => println!("{}", to_hex(bytes)),
    }
    Ok(())
}

#[derive(Debug, Args)]
pub(crate) struct CreateArgs {
    /// Sign the manifest into an envelope (severing the members the
    /// description marks severable); without a key, print the manifest.
    #[command(flatten)]
    signer: SignerArgs,

    /// Write the result here instead of printing it as hex.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// The description: suit-tool's JSON input (components with install-id,
    /// vendor-id, class-id, install-digest, install-size, uri, bootable,
    /// slot, load and download ids; reference-uri, description, severable).
    #[arg(value_name = "JSON")]
    input: PathBuf,
}

pub(crate) fn create(args: &CreateArgs, json: bool) -> Result<(), CliError> {
    let text = std::fs::read_to_string(&args.input)
        .map_err(|e| CliError::Usage(format!("cannot read {}: {e}", args.input.display())))?;
    let compiled = iotm_suit::compile::compile(&text).map_err(|e| CliError::Rejected {
        message: e.to_string(),
        offset: None,
        kind: "malformed",
    })?;
    if !args.signer.given() {
        return write_out(&compiled.manifest, args.output.as_ref(), json, "manifest");
    }
    let rejected = |e: iotm_suit::SignError| CliError::Rejected {
        message: e.to_string(),
        offset: None,
        kind: "malformed",
    };
    let mut builder = EnvelopeBuilder::new(&compiled.manifest).map_err(rejected)?;
    for key in &compiled.severable {
        builder.sever(&RustCryptoProvider, *key).map_err(rejected)?;
    }
    let envelope = sign_with(&builder, &args.signer)?;
    write_out(&envelope, args.output.as_ref(), json, "envelope")
}

#[derive(Debug, Args)]
pub(crate) struct SeverArgs {
    /// A member to remove, by name (install, payload-fetch, text,
    /// dependency-resolution, candidate-verification, coswid). Repeatable.
    #[arg(
        long = "member",
        value_name = "MEMBER",
        required_unless_present = "all"
    )]
    members: Vec<String>,

    /// Remove every severed member the envelope carries.
    #[arg(long, conflicts_with = "members")]
    all: bool,

    /// Write the envelope here instead of printing it as hex.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// The envelope.
    #[command(flatten)]
    input: BinaryInput,
}

/// Removes severed members from an envelope; the signature still holds.
pub(crate) fn sever(args: &SeverArgs, json: bool) -> Result<(), CliError> {
    let bytes = args.input.read()?;
    let keys = if args.all {
        let envelope = iotm_suit::Envelope::decode(&bytes).map_err(|e| CliError::decode(&e))?;
        label::manifest::SEVERABLE
            .into_iter()
            .filter(|key| envelope.severable_unverified(*key).is_some())
            .collect()
    } else {
        args.members
            .iter()
            .map(|name| member_key(name))
            .collect::<Result<Vec<_>, _>>()?
    };
    let severed = remove_severed(&bytes, &keys).map_err(|e| CliError::Rejected {
        message: e.to_string(),
        offset: None,
        kind: "malformed",
    })?;
    write_out(&severed, args.output.as_ref(), json, "envelope")
}
