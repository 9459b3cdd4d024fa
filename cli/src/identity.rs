//! `iotm identity`: device keys, certification requests, certificates,
//! CRLs, path validation with the IoT profiles, and fleet checks.

mod files;
mod inspect;
mod issue;
mod verify;

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use iotm_device_identity::Certificate;
use iotm_device_identity::build::{CsrBuilder, GeneralNameSpec, KeyPair};
use iotm_device_identity::crypto::{RingProvider, SignatureAlg};
use iotm_device_identity::fleet::{self, KnownKey};
use iotm_device_identity::verify::IpAddress;

use crate::exit::CliError;
use crate::input::to_hex;

#[derive(Debug, Subcommand)]
pub(crate) enum IdentityCommand {
    /// Generate a device key (P-256 by default) from the OS's randomness
    /// and write it as PKCS#8 PEM.
    Keygen(KeygenArgs),
    /// Build and sign a PKCS#10 certification request.
    Csr(CsrArgs),
    /// Issue a certificate from a request (or a self-signed root) with a
    /// CA key: device, CA, IEEE 802.1AR IDevID, or Matter DAC/PAI/PAA.
    Issue(issue::IssueArgs),
    /// Show certificates, requests or CRLs (PEM or DER) with their fields.
    Inspect(inspect::InspectArgs),
    /// Validate a certificate up to trusted roots. Exit 0 valid, 1 rejected
    /// with the reason (the rule and the certificate's depth).
    Verify(verify::VerifyArgs),
    /// Issue a CRL revoking serial numbers.
    Crl(issue::CrlArgs),
    /// Check a batch of device certificates for shared keys, repeated
    /// serial numbers and known default keys. Exit 1 when any is found.
    FleetCheck(FleetArgs),
}

/// A key algorithm.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum AlgArg {
    /// ECDSA on P-256.
    P256,
    /// ECDSA on P-384.
    P384,
    /// Ed25519.
    Ed25519,
}

impl AlgArg {
    const fn alg(self) -> SignatureAlg {
        match self {
            Self::P256 => SignatureAlg::EcdsaP256Sha256,
            Self::P384 => SignatureAlg::EcdsaP384Sha384,
            Self::Ed25519 => SignatureAlg::Ed25519,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct KeygenArgs {
    /// The algorithm.
    #[arg(long, value_enum, default_value = "p256")]
    alg: AlgArg,

    /// Write the private key here (PEM); default: stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct CsrArgs {
    /// The device's private key (PKCS#8 PEM).
    #[arg(long, value_name = "KEY")]
    key: PathBuf,

    /// The subject, e.g. `CN=sensor-42,O=Acme,serialNumber=SN42`.
    #[arg(long)]
    subject: String,

    /// A DNS name to request in subjectAltName. Repeatable.
    #[arg(long = "dns", value_name = "NAME")]
    dns: Vec<String>,

    /// An IP address to request in subjectAltName. Repeatable.
    #[arg(long = "ip", value_name = "ADDRESS")]
    ip: Vec<String>,

    /// Write the request here (PEM); default: stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct FleetArgs {
    /// Public keys that no device may carry (PEM certificates or public
    /// keys, e.g. an SDK's example credentials).
    #[arg(long = "known-keys", value_name = "FILE")]
    known_keys: Vec<PathBuf>,

    /// Certificate files (PEM with any number of certificates, or DER).
    #[arg(value_name = "CERTS", required = true)]
    certs: Vec<PathBuf>,
}

pub(crate) fn run(command: &IdentityCommand, json: bool) -> Result<(), CliError> {
    match command {
        IdentityCommand::Keygen(args) => keygen(args, json),
        IdentityCommand::Csr(args) => csr(args),
        IdentityCommand::Issue(args) => issue::issue(args),
        IdentityCommand::Inspect(args) => inspect::run(args, json),
        IdentityCommand::Verify(args) => verify::run(args, json),
        IdentityCommand::Crl(args) => issue::crl(args),
        IdentityCommand::FleetCheck(args) => fleet_check(args, json),
    }
}

fn keygen(args: &KeygenArgs, json: bool) -> Result<(), CliError> {
    let entropy = crate::input::random_bytes(32)?;
    let key = KeyPair::generate(&RingProvider::new(), args.alg.alg(), &entropy)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let der = key.to_pkcs8_der();
    if json && args.output.is_some() {
        files::write_pem(args.output.as_ref(), "PRIVATE KEY", &der)?;
        let id = key
            .key_id(&RingProvider::new())
            .map_err(|e| CliError::Usage(e.to_string()))?;
        println!(
            "{}",
            serde_json::json!({ "public_key": to_hex(&key.public), "key_id": to_hex(&id) })
        );
        Ok(())
    } else {
        files::write_pem(args.output.as_ref(), "PRIVATE KEY", &der)
    }
}

/// subjectAltName entries from `--dns` and `--ip`.
fn alt_names<'a>(dns: &'a [String], ips: &'a [IpAddress]) -> Vec<GeneralNameSpec<'a>> {
    dns.iter()
        .map(|d| GeneralNameSpec::Dns(d))
        .chain(ips.iter().map(|ip| GeneralNameSpec::Ip(ip.as_bytes())))
        .collect()
}

fn parse_ips(ips: &[String]) -> Result<Vec<IpAddress>, CliError> {
    ips.iter()
        .map(|ip| {
            IpAddress::parse(ip)
                .ok_or_else(|| CliError::Usage(format!("--ip {ip}: not an IP address")))
        })
        .collect()
}

fn csr(args: &CsrArgs) -> Result<(), CliError> {
    let key = files::read_key(&args.key)?;
    let mut builder = CsrBuilder {
        subject: files::parse_subject(&args.subject)?,
        ..CsrBuilder::default()
    };
    let ips = parse_ips(&args.ip)?;
    let names = alt_names(&args.dns, &ips);
    if !names.is_empty() {
        builder.extensions.subject_alt_name(&names, false);
    }
    let der = builder
        .sign(&RingProvider::new(), &key)
        .map_err(|e| CliError::Usage(e.to_string()))?;
    files::write_pem(args.output.as_ref(), "CERTIFICATE REQUEST", &der)
}

fn fleet_check(args: &FleetArgs, json: bool) -> Result<(), CliError> {
    let mut ders = Vec::new();
    let mut sources = Vec::new();
    for path in &args.certs {
        for der in files::read_objects(path, &["CERTIFICATE"])? {
            ders.push(der);
            sources.push(path.display().to_string());
        }
    }
    let certs = ders
        .iter()
        .zip(&sources)
        .map(|(der, source)| {
            Certificate::from_der(der)
                .map_err(|e| files::rejected(&format!("{source}: {e}"), Some(e.offset())))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut known_ders = Vec::new();
    for path in &args.known_keys {
        known_ders.extend(files::read_objects(path, &["CERTIFICATE", "PUBLIC KEY"])?);
    }
    let known_infos = known_ders
        .iter()
        .map(|der| {
            Certificate::from_der(der)
                .map(|c| c.public_key)
                .or_else(|_| {
                    iotm_device_identity::algorithm::PublicKeyInfo::read(
                        &mut iotm_device_identity::der::Der::new(der),
                    )
                })
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| CliError::Usage(format!("--known-keys: {e}")))?;
    let known: Vec<KnownKey<'_>> = known_infos
        .iter()
        .map(|info| KnownKey {
            label: "known default key",
            key: info.key,
        })
        .collect();
    let report = fleet::check(&certs, &known);
    let describe = |i: &usize| {
        let cert = certs.get(*i);
        serde_json::json!({
            "file": sources.get(*i),
            "subject": cert.map(|c| c.subject.to_string()),
            "serial": cert.map(|c| to_hex(c.serial.bytes)),
        })
    };
    if json {
        let groups = |g: &Vec<Vec<usize>>| -> Vec<Vec<serde_json::Value>> {
            g.iter()
                .map(|group| group.iter().map(describe).collect())
                .collect()
        };
        println!(
            "{}",
            serde_json::json!({
                "certificates": certs.len(),
                "clean": report.is_clean(),
                "duplicate_keys": groups(&report.duplicate_keys),
                "duplicate_serials": groups(&report.duplicate_serials),
                "default_keys": report.default_keys.iter().map(|(i, _)| describe(i)).collect::<Vec<_>>(),
            })
        );
    } else {
        println!("{} certificate(s) checked", certs.len());
        for group in &report.duplicate_keys {
            println!("shared public key: {}", names(&certs, group));
        }
        for group in &report.duplicate_serials {
            println!(
                "repeated issuer and serial number: {}",
                names(&certs, group)
            );
        }
        for (i, _) in &report.default_keys {
            println!("known default key: {}", names(&certs, &[*i]));
        }
    }
    if report.is_clean() {
        Ok(())
    } else {
        Err(files::rejected(
            "NIST IR 8259A: device credentials are not unique",
            None,
        ))
    }
}

fn names(certs: &[Certificate<'_>], group: &[usize]) -> String {
    group
        .iter()
        .filter_map(|i| certs.get(*i))
        .map(|c| format!("[{}]", c.subject))
        .collect::<Vec<_>>()
        .join(", ")
}
