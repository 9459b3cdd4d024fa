//! `iotm identity issue` and `crl`: a manufacturing or operator CA on the
//! host. Issued certificates are checked against their profile before
//! they are written.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use iotm_device_identity::build::{
    CertificateBuilder, CrlBuilder, ExtensionsBuilder, GeneralNameSpec, KeyPair, RevokedEntry,
    hardware_module_name,
};
use iotm_device_identity::crypto::RingProvider;
use iotm_device_identity::extension::{GeneralName, KeyUsage};
use iotm_device_identity::oid::{Oid, kp};
use iotm_device_identity::profile::{ieee8021ar, matter};
use iotm_device_identity::time::NO_EXPIRATION;
use iotm_device_identity::{Certificate, Csr, UnixTime};

use super::files;
use crate::exit::CliError;
use crate::input::parse_hex;

/// What kind of certificate to issue.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Kind {
    /// A device (end entity): clientAuth and serverAuth.
    Device,
    /// A CA.
    Ca,
    /// An IEEE 802.1AR IDevID: hardwareModuleName, no expiration.
    Idevid,
    /// A Matter Device Attestation Certificate.
    MatterDac,
    /// A Matter Product Attestation Intermediate.
    MatterPai,
    /// A Matter Product Attestation Authority (self-signed).
    MatterPaa,
}

#[derive(Debug, Args)]
pub(crate) struct IssueArgs {
    /// The request to certify (PEM or DER); its signature is checked.
    #[arg(long, value_name = "FILE", required_unless_present = "self_signed")]
    csr: Option<PathBuf>,

    /// Issue a self-signed root for --ca-key instead of certifying a request.
    #[arg(long = "self-signed", conflicts_with_all = ["csr", "ca_cert"])]
    self_signed: bool,

    /// The issuing CA's certificate (not for --self-signed).
    #[arg(
        long = "ca-cert",
        value_name = "FILE",
        required_unless_present = "self_signed"
    )]
    ca_cert: Option<PathBuf>,

    /// The issuing CA's private key (PKCS#8 PEM).
    #[arg(long = "ca-key", value_name = "FILE")]
    ca_key: PathBuf,

    /// What to issue.
    #[arg(long, value_enum, default_value = "device")]
    kind: Kind,

    /// The subject (default: the request's), e.g. `CN=Acme Root,O=Acme`.
    #[arg(long)]
    subject: Option<String>,

    /// pathLenConstraint for --kind ca.
    #[arg(long = "path-len", value_name = "N")]
    path_len: Option<u8>,

    /// subjectAltName DNS names (default: those the request asks for).
    #[arg(long = "dns", value_name = "NAME")]
    dns: Vec<String>,

    /// subjectAltName IP addresses.
    #[arg(long = "ip", value_name = "ADDRESS")]
    ip: Vec<String>,

    /// hardwareModuleName hwType (dotted OID) for --kind idevid.
    #[arg(long = "hw-type", value_name = "OID")]
    hw_type: Option<String>,

    /// hardwareModuleName hwSerialNum for --kind idevid.
    #[arg(long = "hw-serial", value_name = "TEXT")]
    hw_serial: Option<String>,

    /// notBefore (RFC 3339 or Unix seconds; default: now).
    #[arg(long = "not-before", value_name = "TIME")]
    not_before: Option<String>,

    /// Validity in days (IDevIDs never expire: 99991231235959Z).
    #[arg(long, default_value_t = 365)]
    days: i64,

    /// The serial number in hex (default: 16 random bytes).
    #[arg(long, value_name = "HEX")]
    serial: Option<String>,

    /// Write the certificate here (PEM); default: stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub(crate) fn now() -> UnixTime {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    UnixTime::from_secs(i64::try_from(secs).unwrap_or(i64::MAX))
}

pub(crate) fn parse_time(text: &str, option: &str) -> Result<UnixTime, CliError> {
    UnixTime::parse(text)
        .ok_or_else(|| CliError::Usage(format!("{option} {text}: not RFC 3339 or Unix seconds")))
}

/// A dotted OID's content octets.
fn oid_from_dotted(text: &str) -> Result<Vec<u8>, CliError> {
    let bad = || CliError::Usage(format!("--hw-type {text}: not a dotted OID"));
    let arcs = text
        .split('.')
        .map(|a| a.parse::<u64>().map_err(|_| bad()))
        .collect::<Result<Vec<_>, _>>()?;
    let [first, second, rest @ ..] = arcs.as_slice() else {
        return Err(bad());
    };
    if *first > 2 || (*first < 2 && *second >= 40) {
        return Err(bad());
    }
    let mut out = Vec::new();
    for arc in std::iter::once(first * 40 + second).chain(rest.iter().copied()) {
        let mut groups = vec![u8::try_from(arc & 0x7f).map_err(|_| bad())?];
        let mut v = arc >> 7;
        while v > 0 {
            groups.push(u8::try_from(v & 0x7f).map_err(|_| bad())? | 0x80);
            v >>= 7;
        }
        out.extend(groups.iter().rev());
    }
    Oid::from_content(&out).ok_or_else(bad)?;
    Ok(out)
}

pub(crate) fn issue(args: &IssueArgs) -> Result<(), CliError> {
    let crypto = RingProvider::new();
    let ca_key = files::read_key(&args.ca_key)?;
    let usage = |e: &dyn std::fmt::Display| CliError::Usage(e.to_string());

    // Who is certified: a request's subject and key, or the CA itself.
    let request_der;
    let request;
    let (subject, public_key, requested_dns): (Vec<u8>, Vec<u8>, Vec<String>) = if args.self_signed
    {
        let subject = args
            .subject
            .as_deref()
            .ok_or_else(|| CliError::Usage("--self-signed needs --subject".into()))?;
        (files::parse_subject(subject)?, ca_key.spki(), Vec::new())
    } else {
        let path = args
            .csr
            .as_ref()
            .ok_or_else(|| CliError::Usage("give --csr".into()))?;
        request_der =
            files::read_object(path, &["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"])?;
        request = Csr::from_der(&request_der)
            .map_err(|e| files::rejected(&format!("{}: {e}", path.display()), Some(e.offset())))?;
        request
            .verify_signature(&crypto)
            .map_err(|e| files::rejected(&format!("{}: {e}", path.display()), None))?;
        let requested = request
            .extensions
            .and_then(|e| e.get(iotm_device_identity::oid::ext::SUBJECT_ALT_NAME))
            .and_then(|e| iotm_device_identity::extension::GeneralNames::decode(&e).ok())
            .map(|names| {
                names
                    .iter()
                    .filter_map(|n| match n {
                        GeneralName::Dns(d) => Some(d.to_string()),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let subject = match &args.subject {
            Some(s) => files::parse_subject(s)?,
            None => request.subject.encoded.to_vec(),
        };
        (subject, request.public_key.encoded.to_vec(), requested)
    };

    let (issuer, issuer_key_id): (Vec<u8>, Vec<u8>) = if args.self_signed {
        (
            subject.clone(),
            ca_key.key_id(&crypto).map_err(|e| usage(&e))?.to_vec(),
        )
    } else {
        let path = args
            .ca_cert
            .as_ref()
            .ok_or_else(|| CliError::Usage("give --ca-cert".into()))?;
        let der = files::read_object(path, &["CERTIFICATE"])?;
        let ca = Certificate::from_der(&der)
            .map_err(|e| files::rejected(&format!("{}: {e}", path.display()), Some(e.offset())))?;
        if ca.public_key.encoded != ca_key.spki().as_slice() {
            return Err(CliError::Usage(format!(
                "{} does not match the key in {}",
                path.display(),
                args.ca_key.display()
            )));
        }
        // The authority key id is the CA's own subject key id, so path
        // builders that compare them find the CA.
        let id = match ca.subject_key_id {
            Some(id) => id.to_vec(),
            None => ca_key.key_id(&crypto).map_err(|e| usage(&e))?.to_vec(),
        };
        (ca.subject.encoded.to_vec(), id)
    };

    // The subject key's identifier (RFC 7093 method 1 over its bits).
    let spki = iotm_device_identity::algorithm::PublicKeyInfo::read(
        &mut iotm_device_identity::der::Der::new(&public_key),
    )
    .map_err(|e| files::rejected(&e.to_string(), Some(e.offset())))?;
    let subject_key_id =
        iotm_device_identity::build::key_id(&crypto, spki.key).map_err(|e| usage(&e))?;

    let dns: Vec<String> = if args.dns.is_empty() {
        requested_dns
    } else {
        args.dns.clone()
    };
    let ips = super::parse_ips(&args.ip)?;
    let hmn = match (args.kind, &args.hw_type, &args.hw_serial) {
        (Kind::Idevid, Some(hw_type), Some(serial)) => Some(hardware_module_name(
            &oid_from_dotted(hw_type)?,
            serial.as_bytes(),
        )),
        (Kind::Idevid, _, _) => {
            return Err(CliError::Usage(
                "--kind idevid needs --hw-type and --hw-serial".into(),
            ));
        }
        _ => None,
    };
    let mut san: Vec<GeneralNameSpec<'_>> = super::alt_names(&dns, &ips);
    if let Some(value) = &hmn {
        san.push(GeneralNameSpec::OtherName {
            type_id: ieee8021ar::HARDWARE_MODULE_NAME,
            value,
        });
    }

    let ca_bits = KeyUsage(KeyUsage::KEY_CERT_SIGN.0 | KeyUsage::CRL_SIGN.0);
    let mut extensions = ExtensionsBuilder::default();
    match args.kind {
        Kind::Device | Kind::Idevid | Kind::MatterDac => {
            extensions
                .basic_constraints(false, None)
                .key_usage(KeyUsage::DIGITAL_SIGNATURE);
            if args.kind == Kind::Device {
                extensions.ext_key_usage(&[kp::CLIENT_AUTH, kp::SERVER_AUTH]);
            }
        }
        Kind::Ca => {
            extensions
                .basic_constraints(true, args.path_len)
                .key_usage(ca_bits);
        }
        Kind::MatterPai => {
            extensions
                .basic_constraints(true, Some(0))
                .key_usage(ca_bits);
        }
        Kind::MatterPaa => {
            extensions
                .basic_constraints(true, Some(1))
                .key_usage(ca_bits);
        }
    }
    if !san.is_empty() {
        extensions.subject_alt_name(&san, subject.len() <= 2);
    }
    extensions.subject_key_id(&subject_key_id);
    if !args.self_signed {
        extensions.authority_key_id(&issuer_key_id);
    }

    let not_before = match &args.not_before {
        Some(t) => parse_time(t, "--not-before")?,
        None => now(),
    };
    let not_after = if args.kind == Kind::Idevid {
        NO_EXPIRATION
    } else {
        UnixTime::from_secs(
            not_before
                .as_secs()
                .saturating_add(args.days.saturating_mul(86_400)),
        )
    };
    let serial = match &args.serial {
        Some(hex) => parse_hex(hex)?,
        None => {
            let mut serial = crate::input::random_bytes(16)?;
            // Positive and non-zero (RFC 5280 §4.1.2.2).
            if let Some(first) = serial.first_mut() {
                *first = (*first & 0x7f) | 0x01;
            }
            serial
        }
    };
    let der = CertificateBuilder {
        serial,
        issuer,
        subject,
        not_before,
        not_after,
        public_key,
        extensions,
    }
    .sign(&crypto, &ca_key)
    .map_err(|e| usage(&e))?;

    // A CA issues only certificates that meet their profile.
    let cert = Certificate::from_der(&der).map_err(|e| usage(&e))?;
    let profile_error = match args.kind {
        Kind::Idevid => ieee8021ar::check(&cert, ieee8021ar::Kind::IDevId)
            .err()
            .map(|r| r.to_string()),
        Kind::MatterDac => matter::check_certificate(&cert, matter::Level::Dac)
            .err()
            .map(|e| e.to_string()),
        Kind::MatterPai => matter::check_certificate(&cert, matter::Level::Pai)
            .err()
            .map(|e| e.to_string()),
        Kind::MatterPaa => matter::check_certificate(&cert, matter::Level::Paa)
            .err()
            .map(|e| e.to_string()),
        Kind::Device | Kind::Ca => None,
    };
    if let Some(message) = profile_error {
        return Err(files::rejected(
            &format!("the certificate would break its profile: {message}"),
            None,
        ));
    }
    files::write_pem(args.output.as_ref(), "CERTIFICATE", &der)
}

#[derive(Debug, Args)]
pub(crate) struct CrlArgs {
    /// The issuing CA's certificate.
    #[arg(long = "ca-cert", value_name = "FILE")]
    ca_cert: PathBuf,

    /// The issuing CA's private key (PKCS#8 PEM).
    #[arg(long = "ca-key", value_name = "FILE")]
    ca_key: PathBuf,

    /// A serial number (hex) to revoke. Repeatable.
    #[arg(long = "revoke", value_name = "HEX")]
    revoke: Vec<String>,

    /// The CRL number (increase it with every CRL).
    #[arg(long, default_value_t = 1)]
    number: u64,

    /// Days until nextUpdate.
    #[arg(long, default_value_t = 30)]
    days: i64,

    /// thisUpdate (RFC 3339 or Unix seconds; default: now).
    #[arg(long = "this-update", value_name = "TIME")]
    this_update: Option<String>,

    /// Write the CRL here (PEM); default: stdout.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
}

pub(crate) fn crl(args: &CrlArgs) -> Result<(), CliError> {
    let crypto = RingProvider::new();
    let key: KeyPair = files::read_key(&args.ca_key)?;
    let der = files::read_object(&args.ca_cert, &["CERTIFICATE"])?;
    let ca = Certificate::from_der(&der).map_err(|e| {
        files::rejected(
            &format!("{}: {e}", args.ca_cert.display()),
            Some(e.offset()),
        )
    })?;
    if ca.public_key.encoded != key.spki().as_slice() {
        return Err(CliError::Usage("--ca-cert does not match --ca-key".into()));
    }
    let this_update = match &args.this_update {
        Some(t) => parse_time(t, "--this-update")?,
        None => now(),
    };
    let revoked = args
        .revoke
        .iter()
        .map(|hex| {
            Ok(RevokedEntry {
                serial: parse_hex(hex)?,
                date: this_update,
                reason: None,
            })
        })
        .collect::<Result<Vec<_>, CliError>>()?;
    let crl = CrlBuilder {
        issuer: ca.subject.encoded.to_vec(),
        this_update,
        next_update: Some(UnixTime::from_secs(
            this_update
                .as_secs()
                .saturating_add(args.days.saturating_mul(86_400)),
        )),
        number: args.number,
        authority_key_id: ca.subject_key_id.map(<[u8]>::to_vec),
        revoked,
    }
    .sign(&crypto, &key)
    .map_err(|e| CliError::Usage(e.to_string()))?;
    files::write_pem(args.output.as_ref(), "X509 CRL", &crl)
}
