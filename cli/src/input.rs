//! The one way every subcommand reads its input: a file, `-` for stdin, or
//! `--hex` on the command line.

use std::io::Read;
use std::path::PathBuf;

use clap::Args;

use crate::exit::CliError;

/// Where the input bytes come from.
#[derive(Debug, Args)]
pub(crate) struct BinaryInput {
    /// Input file, or `-` for standard input.
    #[arg(value_name = "FILE", conflicts_with = "hex")]
    file: Option<PathBuf>,

    /// The input as hexadecimal on the command line (spaces, `0x` and `:` allowed).
    #[arg(long, value_name = "HEX")]
    hex: Option<String>,
}

impl BinaryInput {
    /// The input bytes.
    pub(crate) fn read(&self) -> Result<Vec<u8>, CliError> {
        match (&self.hex, &self.file) {
            (Some(hex), _) => parse_hex(hex),
            (None, Some(path)) => read_path(path),
            (None, None) => Err(CliError::Usage(
                "no input: give a FILE, - for stdin, or --hex HEX".into(),
            )),
        }
    }
}

/// Where an input text comes from.
#[derive(Debug, Args)]
pub(crate) struct TextInput {
    /// Input file, or `-` for standard input.
    #[arg(value_name = "FILE", conflicts_with = "text")]
    file: Option<PathBuf>,

    /// The input text on the command line.
    #[arg(short = 'e', long = "expr", value_name = "TEXT")]
    text: Option<String>,
}

impl TextInput {
    /// The input text.
    pub(crate) fn read(&self) -> Result<String, CliError> {
        match (&self.text, &self.file) {
            (Some(text), _) => Ok(text.clone()),
            (None, Some(path)) => String::from_utf8(read_path(path)?).map_err(|e| {
                CliError::Usage(format!(
                    "input is not UTF-8 text (byte {})",
                    e.utf8_error().valid_up_to()
                ))
            }),
            (None, None) => Err(CliError::Usage(
                "no input: give a FILE, - for stdin, or -e TEXT".into(),
            )),
        }
    }
}

fn read_path(path: &PathBuf) -> Result<Vec<u8>, CliError> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| CliError::Usage(format!("cannot read standard input: {e}")))?;
        return Ok(bytes);
    }
    std::fs::read(path).map_err(|e| CliError::Usage(format!("cannot read {}: {e}", path.display())))
}

/// Hex digits to bytes; white space, `:` separators and `0x` prefixes are skipped.
pub(crate) fn parse_hex(text: &str) -> Result<Vec<u8>, CliError> {
    let cleaned: String = text
        .replace("0x", "")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ':')
        .collect();
    if !cleaned.len().is_multiple_of(2) {
        return Err(CliError::Usage("--hex: odd number of hex digits".into()));
    }
    (0..cleaned.len())
        .step_by(2)
        .map(|i| {
            cleaned
                .get(i..i + 2)
                .and_then(|pair| u8::from_str_radix(pair, 16).ok())
                .ok_or_else(|| CliError::Usage(format!("--hex: not a hex digit near digit {i}")))
        })
        .collect()
}

/// `len` bytes from the operating system's RNG (content keys, IVs,
/// device keys, serial numbers).
pub(crate) fn random_bytes(len: usize) -> Result<Vec<u8>, CliError> {
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes)
        .map_err(|e| CliError::Usage(format!("no randomness from the OS: {e}")))?;
    Ok(bytes)
}

/// Bytes as lowercase hex.
pub(crate) fn to_hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_accepts_separators_and_prefixes() {
        assert_eq!(parse_hex("0xa1 01:02").unwrap(), [0xa1, 0x01, 0x02]);
        assert!(parse_hex("a").is_err());
        assert!(parse_hex("zz").is_err());
        assert_eq!(to_hex(&[0, 0xff]), "00ff");
    }
}
