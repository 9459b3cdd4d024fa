//! `iotm suit process`: runs an envelope on a simulated device whose
//! components are files in a folder, and prints the SUIT Report.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use iotm_crypto::RustCryptoProvider;
use iotm_suit::{
    ComponentId, Envelope, Identifier, Procedure, Processor, SimulatedDevice, Status, TrustAnchor,
};
use serde_json::{Value, json};

use crate::exit::CliError;
use crate::input::{BinaryInput, to_hex};

/// Components a simulated device holds at most.
const MAX_COMPONENTS: usize = 16;

#[derive(Debug, Args)]
pub(crate) struct ProcessArgs {
    /// The device folder: `components/` holds one file per component (a
    /// text segment as is, a binary one as `0x` and hex, nested as folders),
    /// and an optional `device.json` its identity: `vendor-id`, `class-id`,
    /// `device-id` (UUIDs), `now`, `battery-mwh`, `authorized`,
    /// `sequence-number`, `slots` and `versions` (by component path).
    /// Component files are created and rewritten as the manifest says.
    #[arg(long, value_name = "DIR")]
    device: PathBuf,

    /// Which sections run.
    #[arg(long, value_enum, default_value_t = ProcedureArg::All)]
    procedure: ProcedureArg,

    /// What fetching a URI yields: `URI=FILE`. Repeatable.
    #[arg(long = "fetch", value_name = "URI=FILE")]
    fetch: Vec<String>,

    /// A key for encrypted payloads: `ALG:HEX` or `ALG:KID:HEX`, ALG -3
    /// (A128KW) or -29 (ECDH-ES+A128KW, the device's P-256 private scalar).
    #[arg(
        long = "decryption-key",
        value_name = "ALG[:KID]:HEX",
        allow_hyphen_values = true
    )]
    decryption_keys: Vec<String>,

    /// The manifest's URI for the report's reference.
    #[arg(long, default_value = "")]
    uri: String,

    #[command(flatten)]
    keys: super::KeyArgs,

    #[command(flatten)]
    input: BinaryInput,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum ProcedureArg {
    /// Dependency resolution, payload fetch, install, validate.
    Update,
    /// Validate, load, invoke.
    Invoke,
    /// The update, then the boot.
    All,
    /// The uninstall sequence.
    Uninstall,
}

pub(crate) fn run(args: &ProcessArgs, json: bool) -> Result<(), CliError> {
    let keys = args.keys.load()?;
    let anchors: Vec<TrustAnchor<'_>> = keys.anchors();
    let bytes = args.input.read()?;
    let envelope = Envelope::decode(&bytes).map_err(|e| CliError::decode(&e))?;
    let verified = envelope
        .verify(&RustCryptoProvider, anchors.as_slice())
        .map_err(|e| CliError::decode(&e))?;

    let mut device = load_device(&args.device)?;
    for component in verified.manifest().common.components.clone() {
        let content = std::fs::read(component_path(&args.device, &component)).unwrap_or_default();
        device
            .components
            .insert(component.encoded().to_vec(), content);
    }
    for spec in &args.fetch {
        let (uri, file) = spec
            .split_once('=')
            .ok_or_else(|| CliError::Usage(format!("--fetch {spec}: expected URI=FILE")))?;
        let content =
            std::fs::read(file).map_err(|e| CliError::Usage(format!("cannot read {file}: {e}")))?;
        device.remote.insert(uri.to_owned(), content);
    }
    for spec in &args.decryption_keys {
        device.decryption_keys.push(decryption_key(spec)?);
    }

    let procedure = match args.procedure {
        ProcedureArg::Update => Procedure::Update,
        ProcedureArg::Invoke => Procedure::Invoke,
        ProcedureArg::All => Procedure::UpdateThenInvoke,
        ProcedureArg::Uninstall => Procedure::Uninstall,
    };
    let mut buffer = vec![0u8; 16 << 20];
    let mut processor =
        Processor::<MAX_COMPONENTS>::new(&verified, procedure).with_buffer(&mut buffer);
    let outcome = loop {
        match processor.run(&mut device, &RustCryptoProvider) {
            Ok(Status::Done) => break Ok(()),
            Ok(Status::Pending { .. }) => {}
            Err(abort) => break Err(abort),
        }
    };
    let mut out = vec![0u8; 64 << 10];
    let report = processor
        .report(&args.uri, None, &mut out)
        .map_err(|e| CliError::Usage(format!("cannot encode the report: {e}")))?
        .to_vec();
    save_components(&args.device, &verified, &device)?;
    let diagnostic = iotm_cbor::Diagnostic::new(&report)
        .map(|(d, _)| d.to_string())
        .unwrap_or_default();
    if json {
        let value = json!({
            "result": if outcome.is_ok() { "success" } else { "failure" },
            "abort": outcome.err().map(|a| json!({
                "reason": a.reason as u8,
                "section": a.section,
                "offset": a.offset,
                "component": a.component,
                "command": a.command,
                "rule": a.rule.map(|r| r.to_string()),
            })),
            "trace": device.trace,
            // What the update left on the device for a management system:
            // suit-set-version and each component's metadata (diagnostic
            // notation), by component path.
            "set_version": device.set_version,
            "component_metadata": component_metadata(&verified, &device),
            "report": to_hex(&report),
            "report_diagnostic": diagnostic,
        });
        println!("{value}");
    } else {
        for line in &device.trace {
            println!("{line}");
        }
        println!("report: {diagnostic}");
    }
    match outcome {
        Ok(()) => Ok(()),
        Err(a) => Err(CliError::Rejected {
            message: format!(
                "processing aborted in section {} at byte {}: {:?}{}",
                a.section,
                a.offset,
                a.reason,
                a.rule.map(|r| format!(" ({r})")).unwrap_or_default()
            ),
            offset: Some(a.offset),
            kind: "aborted",
        }),
    }
}

/// `components/seg1/seg2…` for a component identifier.
fn component_path(dir: &Path, component: &ComponentId<'_>) -> PathBuf {
    let mut path = dir.join("components");
    for segment in component.segments() {
        path.push(segment_name(segment));
    }
    path
}

/// A segment as a file name: as is when it is plain text, else `0x` and hex.
fn segment_name(segment: &[u8]) -> String {
    let printable = !segment.is_empty()
        && segment
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(b))
        && !segment.starts_with(b"0x")
        && segment != b"."
        && segment != b"..";
    if printable {
        String::from_utf8_lossy(segment).into_owned()
    } else {
        format!("0x{}", to_hex(segment))
    }
}

/// The metadata the device applied, by component path (`seg1/seg2`, as in
/// `device.json`), in diagnostic notation.
fn component_metadata(
    verified: &iotm_suit::Verified<'_>,
    device: &SimulatedDevice,
) -> serde_json::Map<String, Value> {
    let mut out = serde_json::Map::new();
    for component in verified.manifest().common.components.clone() {
        let Some(metadata) = device.metadata.get(component.encoded()) else {
            continue;
        };
        let path: Vec<String> = component.segments().map(segment_name).collect();
        let diagnostic = iotm_cbor::Diagnostic::new(metadata)
            .map_or_else(|_| to_hex(metadata), |(d, _)| d.to_string());
        out.insert(path.join("/"), Value::String(diagnostic));
    }
    out
}

fn save_components(
    dir: &Path,
    verified: &iotm_suit::Verified<'_>,
    device: &SimulatedDevice,
) -> Result<(), CliError> {
    for component in verified.manifest().common.components.clone() {
        let path = component_path(dir, &component);
        let content = device.component(&component).unwrap_or_default();
        if content.is_empty() && !path.exists() {
            continue;
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| CliError::Usage(format!("cannot create {}: {e}", parent.display())))?;
        }
        std::fs::write(&path, content)
            .map_err(|e| CliError::Usage(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(())
}

fn load_device(dir: &Path) -> Result<SimulatedDevice, CliError> {
    let mut device = SimulatedDevice::default();
    let path = dir.join("device.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        return Ok(device);
    };
    let v: Value = serde_json::from_str(&text)
        .map_err(|e| CliError::Usage(format!("{}: {e}", path.display())))?;
    for (field, kind) in [
        ("vendor-id", Identifier::Vendor),
        ("class-id", Identifier::Class),
        ("device-id", Identifier::Device),
    ] {
        if let Some(uuid) = v.get(field).and_then(Value::as_str) {
            let bytes = crate::input::parse_hex(&uuid.replace('-', ""))?;
            device.identifiers.push((kind, bytes));
        }
    }
    device.now = v.get("now").and_then(Value::as_u64);
    device.battery_mwh = v.get("battery-mwh").and_then(Value::as_u64);
    device.authorized = v
        .get("authorized")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    device.sequence_number = v.get("sequence-number").and_then(Value::as_u64);
    if let Some(slots) = v.get("slots").and_then(Value::as_object) {
        for (path, slot) in slots {
            let slot = slot.as_u64().ok_or_else(|| {
                CliError::Usage(format!("device.json: slot of {path} is not a number"))
            })?;
            device.slots.insert(encoded_component(path)?, slot);
        }
    }
    if let Some(versions) = v.get("versions").and_then(Value::as_object) {
        for (path, version) in versions {
            let version: Option<Vec<i64>> = version
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_i64).collect());
            let version = version.ok_or_else(|| {
                CliError::Usage(format!("device.json: version of {path} is not a list"))
            })?;
            device.versions.insert(encoded_component(path)?, version);
        }
    }
    Ok(device)
}

/// The encoded identifier of a component path (`seg1/seg2`, a binary
/// segment as `0x` and hex).
fn encoded_component(path: &str) -> Result<Vec<u8>, CliError> {
    let segments: Vec<Vec<u8>> = path
        .split('/')
        .map(|segment| match segment.strip_prefix("0x") {
            Some(hex) => crate::input::parse_hex(hex),
            None => Ok(segment.as_bytes().to_vec()),
        })
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    let mut e = iotm_cbor::Encoder::new(&mut out);
    let encoded = e
        .array(segments.len() as u64)
        .and_then(|e| segments.iter().try_fold(e, |e, s| e.bytes(s)));
    encoded.map_err(|e| CliError::Usage(format!("component {path}: {e}")))?;
    Ok(out)
}

/// A decryption key as the simulated device holds it: algorithm, key id, key.
type DecryptionKey = (i64, Option<Vec<u8>>, Vec<u8>);

/// `ALG:HEX` or `ALG:KID:HEX`.
fn decryption_key(spec: &str) -> Result<DecryptionKey, CliError> {
    let usage = || CliError::Usage(format!("--decryption-key {spec}: expected ALG[:KID]:HEX"));
    let parts: Vec<&str> = spec.split(':').collect();
    let (alg, kid, key) = match parts.as_slice() {
        [alg, key] => (alg, None, key),
        [alg, kid, key] => (alg, Some(kid.as_bytes().to_vec()), key),
        _ => return Err(usage()),
    };
    let alg = alg.parse().map_err(|_| usage())?;
    Ok((alg, kid, crate::input::parse_hex(key)?))
}
