//! Reading and writing the files `iotm identity` works on: PEM or DER
//! certificates, requests, CRLs and PKCS #8 keys.

use std::path::{Path, PathBuf};

use iotm_device_identity::build::{KeyPair, NameBuilder};
use iotm_device_identity::crypto::RingProvider;
use iotm_device_identity::der::tag;
use iotm_device_identity::pem;

use crate::exit::CliError;

fn read(path: &Path) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|e| CliError::Usage(format!("cannot read {}: {e}", path.display())))
}

/// The DER objects in a file: every PEM block with one of `labels` (any
/// label when empty), or the whole file as DER.
pub(crate) fn read_objects(path: &Path, labels: &[&str]) -> Result<Vec<Vec<u8>>, CliError> {
    let bytes = read(path)?;
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return Ok(vec![bytes]);
    };
    if !text.contains("-----BEGIN ") {
        return Ok(vec![bytes]);
    }
    let mut out = Vec::new();
    for block in pem::blocks(text) {
        let block =
            block.map_err(|e| rejected(&format!("{}: {e}", path.display()), Some(e.offset())))?;
        if labels.is_empty() || labels.contains(&block.label) {
            out.push(
                block
                    .decode()
                    .map_err(|e| rejected(&format!("{}: {e}", path.display()), Some(e.offset())))?,
            );
        }
    }
    if out.is_empty() {
        return Err(CliError::Usage(format!(
            "{}: no PEM block labelled {}",
            path.display(),
            labels.join(" or ")
        )));
    }
    Ok(out)
}

/// The one object in a file.
pub(crate) fn read_object(path: &Path, labels: &[&str]) -> Result<Vec<u8>, CliError> {
    let mut objects = read_objects(path, labels)?;
    match objects.len() {
        1 => Ok(objects.remove(0)),
        n => Err(CliError::Usage(format!(
            "{}: {n} objects where one is expected",
            path.display()
        ))),
    }
}

/// A PKCS #8 private key (PEM `PRIVATE KEY` or DER).
pub(crate) fn read_key(path: &Path) -> Result<KeyPair, CliError> {
    let der = read_object(path, &["PRIVATE KEY"])?;
    KeyPair::from_pkcs8_der(&RingProvider::new(), &der).map_err(|e| {
        CliError::Usage(format!(
            "{}: not a P-256, P-384 or Ed25519 PKCS#8 key ({e})",
            path.display()
        ))
    })
}

/// Writes `der` as PEM to `path`, or prints it.
pub(crate) fn write_pem(path: Option<&PathBuf>, label: &str, der: &[u8]) -> Result<(), CliError> {
    let text = pem::encode(label, der);
    match path {
        Some(path) => std::fs::write(path, text)
            .map_err(|e| CliError::Usage(format!("cannot write {}: {e}", path.display()))),
        None => {
            print!("{text}");
            Ok(())
        }
    }
}

/// A rejected input (exit 1).
pub(crate) fn rejected(message: &str, offset: Option<usize>) -> CliError {
    CliError::Rejected {
        message: message.to_string(),
        offset,
        kind: "malformed",
    }
}

/// A distinguished name from `CN=Device 1,O=Acme,C=US` (attributes in
/// order, one per RDN; `\,` for a comma inside a value).
pub(crate) fn parse_subject(text: &str) -> Result<Vec<u8>, CliError> {
    let mut name = NameBuilder::new();
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => current.extend(chars.next()),
            ',' => parts.push(std::mem::take(&mut current)),
            c => current.push(c),
        }
    }
    parts.push(current);
    for part in parts.iter().map(|p| p.trim()).filter(|p| !p.is_empty()) {
        let (key, value) = part
            .split_once('=')
            .ok_or_else(|| CliError::Usage(format!("subject: `{part}` is not KEY=VALUE")))?;
        let (oid, value_tag): (&[u8], u8) = match key.trim() {
            "CN" => (iotm_device_identity::oid::at::COMMON_NAME, tag::UTF8_STRING),
            "O" => (
                iotm_device_identity::oid::at::ORGANIZATION_NAME,
                tag::UTF8_STRING,
            ),
            "OU" => (&[0x55, 0x04, 0x0b], tag::UTF8_STRING),
            "L" => (&[0x55, 0x04, 0x07], tag::UTF8_STRING),
            "ST" => (&[0x55, 0x04, 0x08], tag::UTF8_STRING),
            "C" => (
                iotm_device_identity::oid::at::COUNTRY_NAME,
                tag::PRINTABLE_STRING,
            ),
            "serialNumber" => (
                iotm_device_identity::oid::at::SERIAL_NUMBER,
                tag::PRINTABLE_STRING,
            ),
            "matterVID" => (
                iotm_device_identity::profile::matter::VENDOR_ID,
                tag::UTF8_STRING,
            ),
            "matterPID" => (
                iotm_device_identity::profile::matter::PRODUCT_ID,
                tag::UTF8_STRING,
            ),
            other => {
                return Err(CliError::Usage(format!(
                    "subject: unknown attribute {other} (CN, O, OU, L, ST, C, serialNumber, matterVID, matterPID)"
                )));
            }
        };
        name = name.attribute(oid, value_tag, value.trim().as_bytes());
    }
    Ok(name.build())
}
