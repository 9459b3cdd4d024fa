//! `iotm cbor`: RFC 8949 items to diagnostic notation and back.

use std::io::Write;

use clap::{Args, Subcommand};
use iotm_cbor::{Diagnostic, check_deterministic, parse_diagnostic, to_deterministic};

use crate::exit::CliError;
use crate::input::{BinaryInput, TextInput, to_hex};

#[derive(Debug, Subcommand)]
pub(crate) enum CborCommand {
    /// Decode CBOR (a single item or an RFC 8742 sequence) to diagnostic notation.
    ///
    /// Each item is checked for well-formedness and printed on its own line.
    /// Arguments not in their shortest form carry an encoding indicator
    /// (`_0`..`_3`), so that `iotm cbor encode` gives back the same bytes.
    Decode(DecodeArgs),
    /// Encode diagnostic notation (RFC 8949 §8, RFC 8610 Appendix G) to CBOR.
    ///
    /// Prints the bytes as hex, or writes them raw with --raw or --output.
    Encode(EncodeArgs),
}

#[derive(Debug, Args)]
pub(crate) struct DecodeArgs {
    #[command(flatten)]
    input: BinaryInput,

    /// Also require deterministic encoding (RFC 8949 §4.2.1); exit 1 if not.
    #[arg(long)]
    deterministic: bool,
}

#[derive(Debug, Args)]
pub(crate) struct EncodeArgs {
    #[command(flatten)]
    input: TextInput,

    /// Re-encode the result deterministically (RFC 8949 §4.2.1): sorted map
    /// keys, definite lengths, shortest forms.
    #[arg(long)]
    deterministic: bool,

    /// Write the raw bytes to standard output instead of hex.
    #[arg(long, conflicts_with = "output")]
    raw: bool,

    /// Write the raw bytes to this file.
    #[arg(short, long, value_name = "FILE")]
    output: Option<std::path::PathBuf>,
}

pub(crate) fn run(command: &CborCommand, json: bool) -> Result<(), CliError> {
    match command {
        CborCommand::Decode(args) => decode(args, json),
        CborCommand::Encode(args) => encode(args, json),
    }
}

fn decode(args: &DecodeArgs, json: bool) -> Result<(), CliError> {
    let bytes = args.input.read()?;
    let mut rest = bytes.as_slice();
    let mut items = Vec::new();
    let mut failure = None;
    if rest.is_empty() {
        failure = Some(CliError::Rejected {
            message: "incomplete at byte 0: the input is empty".into(),
            offset: Some(0),
            kind: "incomplete",
        });
    }
    while !rest.is_empty() {
        let offset = bytes.len() - rest.len();
        match Diagnostic::new(rest) {
            Ok((diag, after)) => {
                if args.deterministic {
                    if let Err(e) = check_deterministic(diag.item()) {
                        failure = Some(CliError::decode(&e.shifted(offset)));
                        break;
                    }
                }
                let text = diag.to_string();
                if !json {
                    println!("{text}");
                }
                items.push(serde_json::json!({
                    "offset": offset,
                    "length": diag.item().len(),
                    "diagnostic": text,
                }));
                rest = after;
            }
            Err(e) => {
                failure = Some(CliError::decode(&e.shifted(offset)));
                break;
            }
        }
    }
    if json {
        println!("{}", serde_json::json!({ "items": items }));
    }
    failure.map_or(Ok(()), Err)
}

fn encode(args: &EncodeArgs, json: bool) -> Result<(), CliError> {
    let text = args.input.read()?;
    let mut bytes = parse_diagnostic(&text).map_err(|e| CliError::Rejected {
        message: e.to_string(),
        offset: Some(e.offset),
        kind: "malformed",
    })?;
    if args.deterministic {
        bytes = to_deterministic(&bytes).map_err(|e| CliError::decode(&e))?;
    }
    if let Some(path) = &args.output {
        std::fs::write(path, &bytes)
            .map_err(|e| CliError::Usage(format!("cannot write {}: {e}", path.display())))?;
    } else if args.raw {
        std::io::stdout()
            .write_all(&bytes)
            .map_err(|e| CliError::Usage(format!("cannot write standard output: {e}")))?;
        return Ok(());
    }
    if json {
        println!(
            "{}",
            serde_json::json!({ "hex": to_hex(&bytes), "length": bytes.len() })
        );
    } else if args.output.is_none() {
        println!("{}", to_hex(&bytes));
    }
    Ok(())
}
