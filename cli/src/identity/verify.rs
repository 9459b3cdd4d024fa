//! `iotm identity verify`: path validation with the profiles.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use iotm_device_identity::crypto::RingProvider;
use iotm_device_identity::profile::{ieee8021ar, matter};
use iotm_device_identity::verify::IpAddress;
use iotm_device_identity::{Certificate, Crl, ExpectedName, Policy, Profile, Usage, verify};
use serde_json::json;

use super::files;
use super::issue::{now, parse_time};
use crate::exit::CliError;

/// The rules the certificate is held to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ProfileArg {
    /// RFC 5280 (private and IoT PKIs).
    Rfc5280,
    /// RFC 5280 and the CA/Browser Forum rules (TLS servers).
    Webpki,
    /// A Matter DAC: give its PAI with --intermediates and the PAAs with
    /// --trust; checked at the DAC's notBefore.
    MatterDac,
    /// An IEEE 802.1AR IDevID (RFC 5280 path plus the DevID rules).
    Ieee8021ar,
    /// An IEEE 802.1AR LDevID.
    Ieee8021arLdevid,
}

/// What the end entity's key must be good for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum UsageArg {
    /// Any purpose.
    Any,
    /// TLS server (id-kp-serverAuth).
    Server,
    /// TLS client (id-kp-clientAuth).
    Client,
}

#[derive(Debug, Args)]
pub(crate) struct VerifyArgs {
    /// Trusted roots (PEM, any number). Repeatable.
    #[arg(long, value_name = "ROOTS", required = true)]
    trust: Vec<PathBuf>,

    /// Untrusted intermediates to build the path from. Repeatable.
    #[arg(long, value_name = "FILE")]
    intermediates: Vec<PathBuf>,

    /// CRLs to check the path against. Repeatable.
    #[arg(long, value_name = "FILE")]
    crl: Vec<PathBuf>,

    /// Validation time: RFC 3339 or Unix seconds (default: now).
    #[arg(long, value_name = "TIME")]
    at: Option<String>,

    /// The profile.
    #[arg(long, value_enum, default_value = "rfc5280")]
    profile: ProfileArg,

    /// The DNS name or IP address the certificate must be valid for.
    #[arg(long, value_name = "NAME")]
    name: Option<String>,

    /// The purpose (default: server for webpki, any otherwise).
    #[arg(long, value_enum)]
    usage: Option<UsageArg>,

    /// The most intermediates on a path.
    #[arg(long = "max-intermediates", default_value_t = 8)]
    max_intermediates: usize,

    /// The certificate to validate.
    #[arg(value_name = "CERT")]
    cert: PathBuf,
}

fn load_certs(paths: &[PathBuf]) -> Result<Vec<Vec<u8>>, CliError> {
    let mut out = Vec::new();
    for path in paths {
        out.extend(files::read_objects(path, &["CERTIFICATE"])?);
    }
    Ok(out)
}

fn parse_all<'a>(ders: &'a [Vec<u8>], what: &str) -> Result<Vec<Certificate<'a>>, CliError> {
    ders.iter()
        .map(|der| {
            Certificate::from_der(der)
                .map_err(|e| files::rejected(&format!("{what}: {e}"), Some(e.offset())))
        })
        .collect()
}

pub(crate) fn run(args: &VerifyArgs, json: bool) -> Result<(), CliError> {
    let crypto = RingProvider::new();
    let leaf_der = files::read_object(&args.cert, &["CERTIFICATE"])?;
    let leaf = Certificate::from_der(&leaf_der)
        .map_err(|e| files::rejected(&format!("{}: {e}", args.cert.display()), Some(e.offset())))?;
    let anchor_ders = load_certs(&args.trust)?;
    let anchors = parse_all(&anchor_ders, "--trust")?;
    let pool_ders = load_certs(&args.intermediates)?;
    let pool = parse_all(&pool_ders, "--intermediates")?;
    let mut crl_ders = Vec::new();
    for path in &args.crl {
        crl_ders.extend(files::read_objects(path, &["X509 CRL"])?);
    }
    let crls = crl_ders
        .iter()
        .map(|der| {
            Crl::from_der(der)
                .map_err(|e| files::rejected(&format!("--crl: {e}"), Some(e.offset())))
        })
        .collect::<Result<Vec<_>, _>>()?;

    let rejected = |message: String| files::rejected(&message, None);
    if args.profile == ProfileArg::MatterDac {
        let [pai] = pool.as_slice() else {
            return Err(CliError::Usage(
                "--profile matter-dac needs exactly one PAI in --intermediates".into(),
            ));
        };
        let ids = matter::verify_attestation(&crypto, &leaf, pai, &anchors)
            .map_err(|e| rejected(e.to_string()))?;
        let vid = ids.vendor.map(|v| format!("{v:04X}"));
        let pid = ids.product.map(|v| format!("{v:04X}"));
        if json {
            println!(
                "{}",
                json!({"valid": true, "profile": "matter-dac", "vendor_id": vid, "product_id": pid})
            );
        } else {
            println!(
                "valid Matter DAC: vendor {}, product {} (checked at its notBefore {})",
                vid.unwrap_or_default(),
                pid.unwrap_or_default(),
                leaf.not_before
            );
        }
        return Ok(());
    }

    let time = match &args.at {
        Some(t) => parse_time(t, "--at")?,
        None => now(),
    };
    let mut policy = Policy::new(time);
    policy.profile = if args.profile == ProfileArg::Webpki {
        Profile::WebPki
    } else {
        Profile::Rfc5280
    };
    policy.usage = match args.usage.unwrap_or(if args.profile == ProfileArg::Webpki {
        UsageArg::Server
    } else {
        UsageArg::Any
    }) {
        UsageArg::Any => Usage::Any,
        UsageArg::Server => Usage::ServerAuth,
        UsageArg::Client => Usage::ClientAuth,
    };
    policy.max_intermediates = args.max_intermediates;
    policy.crls = &crls;
    policy.name = args
        .name
        .as_deref()
        .map(|name| IpAddress::parse(name).map_or(ExpectedName::Dns(name), ExpectedName::Ip));
    let path =
        verify(&crypto, &leaf, &pool, &anchors, &policy).map_err(|e| rejected(e.to_string()))?;
    let devid = match args.profile {
        ProfileArg::Ieee8021ar => Some(ieee8021ar::Kind::IDevId),
        ProfileArg::Ieee8021arLdevid => Some(ieee8021ar::Kind::LDevId),
        _ => None,
    };
    if let Some(kind) = devid {
        ieee8021ar::check(&leaf, kind).map_err(|rule| rejected(rule.to_string()))?;
    }
    let subjects: Vec<String> = path.certificates().map(|c| c.subject.to_string()).collect();
    if json {
        println!(
            "{}",
            json!({"valid": true, "at": time.to_string(), "path": subjects})
        );
    } else {
        println!("valid at {time}: {}", subjects.join(" <- "));
    }
    Ok(())
}
