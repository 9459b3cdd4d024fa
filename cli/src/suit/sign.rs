//! `iotm suit sign`: signs a manifest (or re-signs an envelope), severing
//! members and integrating payloads on the way.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use iotm_crypto::{RustCryptoProvider, SignatureAlg, SigningKey};
use iotm_suit::{EnvelopeBuilder, Signer, label, unpack};

use crate::exit::CliError;
use crate::input::{BinaryInput, parse_hex, to_hex};

#[derive(Debug, Args)]
pub(crate) struct SignArgs {
    /// A PEM private key (P-256 or Ed25519; PKCS#8 or SEC1).
    #[arg(
        long,
        value_name = "KEY",
        required_unless_present = "mac_key",
        conflicts_with = "mac_key"
    )]
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
    let envelope = builder
        .sign(&RustCryptoProvider, &signer)
        .map_err(rejected)?;
    match &args.output {
        Some(path) => std::fs::write(path, &envelope)
            .map_err(|e| CliError::Usage(format!("cannot write {}: {e}", path.display())))?,
        None if json => println!("{}", serde_json::json!({ "envelope": to_hex(&envelope) })),
        None => println!("{}", to_hex(&envelope)),
    }
    Ok(())
}
