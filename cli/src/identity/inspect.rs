//! `iotm identity inspect`: certificates, requests and CRLs, as text or
//! JSON.

use std::path::PathBuf;

use clap::Args;
use iotm_device_identity::crypto::{CryptoProvider as _, HashAlg, RingProvider};
use iotm_device_identity::extension::{Extension, GeneralName, KeyUsage};
use iotm_device_identity::oid::ext;
use iotm_device_identity::profile::{ieee8021ar, matter};
use iotm_device_identity::{Certificate, Crl, Csr};
use serde_json::{Value, json};

use super::files;
use crate::exit::CliError;
use crate::input::to_hex;

#[derive(Debug, Args)]
pub(crate) struct InspectArgs {
    /// Files holding certificates, requests or CRLs (PEM, any number of
    /// blocks, or one DER object).
    #[arg(value_name = "FILE", required = true)]
    files: Vec<PathBuf>,
}

pub(crate) fn run(args: &InspectArgs, json: bool) -> Result<(), CliError> {
    let mut all = Vec::new();
    for path in &args.files {
        for der in files::read_objects(path, &[])? {
            let value = describe(&der).map_err(|message| {
                files::rejected(&format!("{}: {message}", path.display()), None)
            })?;
            all.push(value);
        }
    }
    if json {
        println!("{}", Value::Array(all));
    } else {
        for (i, value) in all.iter().enumerate() {
            if i > 0 {
                println!();
            }
            print_text(value, 0);
        }
    }
    Ok(())
}

/// Prints a JSON value as an indented outline.
fn print_text(value: &Value, indent: usize) {
    let pad = "  ".repeat(indent);
    if let Value::Object(map) = value {
        for (key, v) in map {
            match v {
                Value::Object(_) => {
                    println!("{pad}{key}:");
                    print_text(v, indent + 1);
                }
                Value::Array(items) if items.iter().any(Value::is_object) => {
                    println!("{pad}{key}:");
                    for item in items {
                        println!("{pad}  -");
                        print_text(item, indent + 2);
                    }
                }
                Value::Array(items) => {
                    let parts: Vec<String> = items.iter().map(scalar).collect();
                    println!("{pad}{key}: {}", parts.join(", "));
                }
                _ => println!("{pad}{key}: {}", scalar(v)),
            }
        }
    }
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn describe(der: &[u8]) -> Result<Value, String> {
    match Certificate::from_der(der) {
        Ok(cert) => Ok(certificate(&cert)),
        Err(cert_error) => {
            if let Ok(csr) = Csr::from_der(der) {
                return Ok(request(&csr));
            }
            if let Ok(crl) = Crl::from_der(der) {
                return Ok(revocation_list(&crl));
            }
            Err(format!(
                "not a certificate, request or CRL: as a certificate, {cert_error}"
            ))
        }
    }
}

fn sha256(bytes: &[u8]) -> String {
    let mut out = [0u8; 32];
    match RingProvider::new().digest(HashAlg::Sha256, bytes, &mut out) {
        Ok(_) => to_hex(&out),
        Err(_) => String::new(),
    }
}

fn general_name(name: &GeneralName<'_>) -> String {
    match name {
        GeneralName::Dns(d) => format!("DNS:{d}"),
        GeneralName::Ip(ip) => iotm_device_identity::verify::IpAddress::from_bytes(ip)
            .map_or_else(|| format!("IP:{}", to_hex(ip)), |ip| format!("IP:{ip}")),
        GeneralName::Rfc822(e) => format!("email:{e}"),
        GeneralName::Uri(u) => format!("URI:{u}"),
        GeneralName::Directory(n) => format!("DirName:{n}"),
        GeneralName::OtherName { type_id, .. } => format!("otherName:{type_id}"),
        GeneralName::RegisteredId(oid) => format!("RID:{oid}"),
        GeneralName::X400(_) | GeneralName::EdiParty(_) => "other".into(),
    }
}

fn extension(e: &Extension<'_>, cert: Option<&Certificate<'_>>) -> Value {
    let name = match e.oid.as_bytes() {
        ext::BASIC_CONSTRAINTS => "basicConstraints",
        ext::KEY_USAGE => "keyUsage",
        ext::EXT_KEY_USAGE => "extendedKeyUsage",
        ext::SUBJECT_ALT_NAME => "subjectAltName",
        ext::NAME_CONSTRAINTS => "nameConstraints",
        ext::SUBJECT_KEY_IDENTIFIER => "subjectKeyIdentifier",
        ext::AUTHORITY_KEY_IDENTIFIER => "authorityKeyIdentifier",
        ext::CRL_DISTRIBUTION_POINTS => "cRLDistributionPoints",
        ext::AUTHORITY_INFO_ACCESS => "authorityInfoAccess",
        ext::CERTIFICATE_POLICIES => "certificatePolicies",
        ext::CRL_NUMBER => "cRLNumber",
        _ => "",
    };
    let mut value = json!({
        "name": if name.is_empty() { e.oid.to_string() } else { name.to_string() },
        "critical": e.critical,
    });
    let Some(cert) = cert else { return value };
    let detail: Option<Value> = match e.oid.as_bytes() {
        ext::BASIC_CONSTRAINTS => cert.basic_constraints.map(|bc| json!({"ca": bc.ca, "path_len": bc.path_len})),
        ext::KEY_USAGE => cert.key_usage.map(|ku: KeyUsage| json!(ku.names().collect::<Vec<_>>())),
        ext::EXT_KEY_USAGE => cert
            .ext_key_usage
            .map(|eku| json!(eku.iter().map(|o| o.to_string()).collect::<Vec<_>>())),
        ext::SUBJECT_ALT_NAME => cert
            .subject_alt_name
            .map(|san| json!(san.iter().map(|n| general_name(&n)).collect::<Vec<_>>())),
        ext::NAME_CONSTRAINTS => cert.name_constraints.map(|nc| {
            json!({
                "permitted": nc.permitted.map(|p| p.iter().map(|n| general_name(&n)).collect::<Vec<_>>()),
                "excluded": nc.excluded.map(|p| p.iter().map(|n| general_name(&n)).collect::<Vec<_>>()),
            })
        }),
        ext::SUBJECT_KEY_IDENTIFIER => cert.subject_key_id.map(|id| json!(to_hex(id))),
        ext::AUTHORITY_KEY_IDENTIFIER => cert
            .authority_key_id
            .map(|aki| json!(aki.key_id.map(to_hex))),
        _ => None,
    };
    if let (Some(detail), Some(map)) = (detail, value.as_object_mut()) {
        map.insert("value".into(), detail);
    }
    value
}

fn certificate(cert: &Certificate<'_>) -> Value {
    let extensions: Vec<Value> = cert
        .extensions
        .map(|e| e.iter().map(|e| extension(&e, Some(cert))).collect())
        .unwrap_or_default();
    let mut value = json!({
        "type": "certificate",
        "version": format!("{:?}", cert.version),
        "serial": to_hex(cert.serial.bytes),
        "signature_algorithm": format!("{:?}", cert.signature_algorithm.algorithm),
        "issuer": cert.issuer.to_string(),
        "subject": cert.subject.to_string(),
        "not_before": cert.not_before.to_string(),
        "not_after": cert.not_after.to_string(),
        "public_key": format!("{:?}", cert.public_key.algorithm),
        "public_key_bits": cert.public_key.bits(),
        "extensions": extensions,
        "sha256": sha256(cert.encoded),
    });
    if let Some(map) = value.as_object_mut() {
        if let Ok(ids) = matter::ids(cert) {
            if ids.vendor.is_some() || ids.product.is_some() {
                map.insert(
                    "matter".into(),
                    json!({
                        "vendor_id": ids.vendor.map(|v| format!("{v:04X}")),
                        "product_id": ids.product.map(|v| format!("{v:04X}")),
                    }),
                );
            }
        }
        if let Ok(Some(hmn)) = ieee8021ar::check(cert, ieee8021ar::Kind::LDevId) {
            map.insert(
                "hardware_module_name".into(),
                json!({
                    "hw_type": hmn.hw_type.to_string(),
                    "hw_serial": String::from_utf8_lossy(hmn.serial),
                }),
            );
        }
    }
    value
}

fn request(csr: &Csr<'_>) -> Value {
    let signature = csr
        .verify_signature(&RingProvider::new())
        .map_or_else(|e| e.to_string(), |()| "valid".to_string());
    json!({
        "type": "certification request",
        "subject": csr.subject.to_string(),
        "public_key": format!("{:?}", csr.public_key.algorithm),
        "signature_algorithm": format!("{:?}", csr.signature_algorithm.algorithm),
        "signature": signature,
        "requested_extensions": csr
            .extensions
            .map(|e| e.iter().map(|e| extension(&e, None)).collect::<Vec<_>>())
            .unwrap_or_default(),
    })
}

fn revocation_list(crl: &Crl<'_>) -> Value {
    json!({
        "type": "CRL",
        "version": crl.version,
        "issuer": crl.issuer.to_string(),
        "this_update": crl.this_update.to_string(),
        "next_update": crl.next_update.map(|t| t.to_string()),
        "crl_number": crl.crl_number().and_then(|(n, _)| n.to_u64()),
        "revoked": crl
            .revoked
            .iter()
            .map(|r| json!({"serial": to_hex(r.serial.bytes), "date": r.revocation_date.to_string()}))
            .collect::<Vec<_>>(),
    })
}
