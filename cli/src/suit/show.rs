//! `iotm suit show`: an envelope as a tree with the draft's names, as JSON
//! or as indented text rendered from the same JSON.

use iotm_cbor::Diagnostic;
use iotm_suit::{
    BlockKind, Command, CommandSequence, Digest, Envelope, IndexArg, IndexedEntry, MAX_NESTING,
    Manifest, Parameter, Parameters, Severable, label,
};
use serde_json::{Map, Value, json};

use crate::exit::CliError;
use crate::input::to_hex;

pub(crate) fn run(bytes: &[u8], json: bool) -> Result<(), CliError> {
    let envelope = Envelope::decode(bytes).map_err(|e| CliError::decode(&e))?;
    let value = envelope_value(&envelope, bytes.len())?;
    if json {
        println!("{value}");
    } else {
        let mut out = String::new();
        render(&value, 0, &mut out);
        print!("{out}");
    }
    Ok(())
}

fn decode_error(e: &iotm_suit::Error) -> CliError {
    CliError::decode(e)
}

fn envelope_value(envelope: &Envelope<'_>, size: usize) -> Result<Value, CliError> {
    let authentication = envelope.authentication().map_err(|e| decode_error(&e))?;
    let blocks: Vec<Value> = authentication
        .blocks()
        .map(|b| {
            json!({
                "type": match b.kind { BlockKind::Sign1 => "COSE_Sign1", BlockKind::Mac0 => "COSE_Mac0" },
                "algorithm": algorithm_name(b.algorithm),
                "kid": b.kid.map(to_hex),
            })
        })
        .collect();
    let mut d = iotm_cbor::Decoder::new(envelope.manifest_bytes());
    let mut inner = d
        .bstr_cbor()
        .map_err(|e| decode_error(&e.map_rule(iotm_suit::Rule::Cbor)))?;
    let manifest = Manifest::decode(&mut inner).map_err(|e| decode_error(&e))?;
    let integrated: Map<String, Value> = envelope
        .integrated_payloads()
        .map(|(k, v)| (k.to_owned(), json!(format!("{} bytes", v.len()))))
        .collect();
    let mut value = Map::new();
    value.insert("envelope".into(), json!(format!("{size} bytes")));
    value.insert(
        "authentication".into(),
        json!({ "digest": digest_value(&authentication.digest), "blocks": blocks }),
    );
    value.insert("manifest".into(), manifest_value(envelope, &manifest)?);
    if !integrated.is_empty() {
        value.insert("integrated-payloads".into(), Value::Object(integrated));
    }
    Ok(Value::Object(value))
}

fn manifest_value(envelope: &Envelope<'_>, manifest: &Manifest<'_>) -> Result<Value, CliError> {
    let mut m = Map::new();
    m.insert("sequence-number".into(), json!(manifest.sequence_number));
    if let Some(uri) = manifest.reference_uri {
        m.insert("reference-uri".into(), json!(uri));
    }
    if let Some(id) = &manifest.component_id {
        m.insert("manifest-component-id".into(), json!(id.to_string()));
    }
    let mut common = Map::new();
    common.insert(
        "components".into(),
        manifest
            .common
            .components
            .clone()
            .map(|c| json!(c.to_string()))
            .collect(),
    );
    if let Some(dependencies) = &manifest.common.dependencies {
        common.insert(
            "dependencies".into(),
            json!(diagnostic(dependencies.encoded)),
        );
    }
    if let Some(shared) = &manifest.common.shared_sequence {
        common.insert("shared-sequence".into(), sequence_value(shared.clone(), 0)?);
    }
    m.insert("common".into(), Value::Object(common));
    for (name, sequence) in [
        ("validate", &manifest.validate),
        ("load", &manifest.load),
        ("invoke", &manifest.invoke),
        ("uninstall", &manifest.uninstall),
    ] {
        if let Some(sequence) = sequence {
            m.insert(name.into(), sequence_value(sequence.clone(), 0)?);
        }
    }
    if let Some(set_version) = &manifest.set_version {
        m.insert("set-version".into(), json!(diagnostic(set_version.content)));
    }
    for key in label::manifest::SEVERABLE {
        let Some(member) = manifest.severable(key) else {
            continue;
        };
        let name = label::member_name(key)
            .unwrap_or("member")
            .trim_start_matches("suit-");
        let value = match member {
            Severable::Present(w) => member_value(key, w.content, w.offset)?,
            Severable::Severed(digest) => {
                // The envelope's copy, unverified here: `verify` checks it.
                let copy = match envelope_member(envelope, key) {
                    Some((offset, content)) => member_value(key, content, offset)?,
                    None => json!(false),
                };
                json!({ "severed": digest_value(&digest), "in-envelope": copy })
            }
        };
        m.insert(name.into(), value);
    }
    Ok(Value::Object(m))
}

/// A severable member the envelope carries: offset and content.
fn envelope_member<'a>(envelope: &Envelope<'a>, key: i64) -> Option<(usize, &'a [u8])> {
    envelope
        .severable_unverified(key)
        .map(|w| (w.offset, w.content))
}

fn member_value(key: i64, content: &[u8], offset: usize) -> Result<Value, CliError> {
    if key == label::manifest::TEXT || key == label::manifest::COSWID {
        return Ok(json!(diagnostic(content)));
    }
    let mut d = iotm_cbor::Decoder::with_base(content, offset);
    let sequence = CommandSequence::from_decoder(&mut d).map_err(|e| decode_error(&e))?;
    sequence_value(sequence, 0)
}

fn sequence_value(mut sequence: CommandSequence<'_>, depth: usize) -> Result<Value, CliError> {
    let mut commands = Vec::new();
    while let Some((command, offset)) = sequence.next_command().map_err(|e| decode_error(&e))? {
        let mut c = Map::new();
        c.insert(command.name().into(), argument_value(&command, depth)?);
        c.insert("offset".into(), json!(offset));
        commands.push(Value::Object(c));
    }
    Ok(Value::Array(commands))
}

fn argument_value(command: &Command<'_>, depth: usize) -> Result<Value, CliError> {
    let nested = |s: CommandSequence<'_>| -> Result<Value, CliError> {
        if depth >= MAX_NESTING {
            return Ok(json!("(nested too deep)"));
        }
        sequence_value(s, depth + 1)
    };
    Ok(match command {
        Command::Condition(_, policy) | Command::Directive(_, policy) => json!(policy.0),
        Command::SetComponentIndex(IndexArg::One(i)) => json!(i),
        Command::SetComponentIndex(IndexArg::All) => json!(true),
        Command::SetComponentIndex(IndexArg::List(list)) => json!(list.clone().collect::<Vec<_>>()),
        Command::RunSequence(s) => nested(s.clone())?,
        Command::TryEach(each) => {
            let mut options = Vec::new();
            for s in each.clone() {
                options.push(nested(s)?);
            }
            if each.nil_terminated {
                options.push(Value::Null);
            }
            Value::Array(options)
        }
        Command::OverrideParameters(p) | Command::SetParameters(p) => parameters_value(p.clone()),
        Command::OverrideMultiple(map) | Command::CopyParams(map) => {
            let mut m = Map::new();
            for entry in map.clone() {
                match entry {
                    IndexedEntry::Parameters(i, p) => m.insert(i.to_string(), parameters_value(p)),
                    IndexedEntry::Keys(i, keys) => {
                        m.insert(i.to_string(), json!(keys.collect::<Vec<_>>()))
                    }
                };
            }
            Value::Object(m)
        }
        Command::Custom(_, argument) => json!(diagnostic(argument)),
        _ => Value::Null,
    })
}

fn parameters_value(parameters: Parameters<'_>) -> Value {
    let mut m = Map::new();
    for (parameter, _) in parameters {
        let name = parameter
            .name()
            .map_or_else(|| parameter.key().to_string(), str::to_owned);
        let value = match parameter {
            Parameter::VendorIdentifier(b)
            | Parameter::ClassIdentifier(b)
            | Parameter::DeviceIdentifier(b) => json!(uuid(b)),
            Parameter::ImageDigest(d) => digest_value(&d),
            Parameter::UseBefore(n)
            | Parameter::ComponentSlot(n)
            | Parameter::ImageSize(n)
            | Parameter::SourceComponent(n)
            | Parameter::MinimumBattery(n) => json!(n),
            Parameter::UpdatePriority(n) => json!(n),
            Parameter::StrictOrder(b) | Parameter::SoftFailure(b) => json!(b),
            Parameter::Uri(uri) => json!(uri),
            Parameter::Content(b) | Parameter::InvokeArgs(b) | Parameter::FetchArguments(b) => {
                json!(format!("h'{}'", to_hex(b)))
            }
            Parameter::EncryptionInfo(item)
            | Parameter::Version(item)
            | Parameter::WaitInfo(item)
            | Parameter::ComponentMetadata(item)
            | Parameter::Other(_, item) => json!(diagnostic(item)),
            _ => Value::Null,
        };
        m.insert(name, value);
    }
    Value::Object(m)
}

fn digest_value(digest: &Digest<'_>) -> Value {
    let algorithm = match digest.algorithm {
        -16 => "SHA-256".to_owned(),
        -43 => "SHA-384".to_owned(),
        -44 => "SHA-512".to_owned(),
        other => other.to_string(),
    };
    json!({ "algorithm": algorithm, "bytes": to_hex(digest.bytes) })
}

fn algorithm_name(id: i64) -> String {
    let name = match id {
        -7 => "ES256",
        -9 => "ESP256",
        -35 => "ES384",
        -51 => "ESP384",
        -8 => "EdDSA",
        -19 => "Ed25519",
        -46 => "HSS-LMS",
        5 => "HMAC 256/256",
        6 => "HMAC 384/384",
        7 => "HMAC 512/512",
        _ => return id.to_string(),
    };
    format!("{name} ({id})")
}

/// A 16-byte identifier as an RFC 4122 UUID; anything else as hex.
fn uuid(bytes: &[u8]) -> String {
    if bytes.len() != 16 {
        return format!("h'{}'", to_hex(bytes));
    }
    let part = |range: core::ops::Range<usize>| bytes.get(range).map(to_hex).unwrap_or_default();
    format!(
        "{}-{}-{}-{}-{}",
        part(0..4),
        part(4..6),
        part(6..8),
        part(8..10),
        part(10..16)
    )
}

/// One CBOR item in diagnostic notation (or hex if it is not one).
fn diagnostic(item: &[u8]) -> String {
    match Diagnostic::new(item) {
        Ok((diag, [])) => diag.to_string(),
        _ => format!("h'{}'", to_hex(item)),
    }
}

/// Renders the JSON tree as indented text, one field per line.
fn render(value: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                if k == "offset" {
                    continue;
                }
                if is_scalar(v) {
                    out.push_str(&format!("{pad}{k}: {}\n", scalar(v)));
                } else {
                    out.push_str(&format!("{pad}{k}:\n"));
                    render(v, indent + 2, out);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    // A command: its name and argument on the dash line.
                    Value::Object(map) if map.contains_key("offset") => {
                        for (k, v) in map.iter().filter(|(k, _)| *k != "offset") {
                            if is_scalar(v) {
                                out.push_str(&format!("{pad}- {k}: {}\n", scalar(v)));
                            } else {
                                out.push_str(&format!("{pad}- {k}:\n"));
                                render(v, indent + 4, out);
                            }
                        }
                    }
                    v if is_scalar(v) => out.push_str(&format!("{pad}- {}\n", scalar(v))),
                    v => {
                        out.push_str(&format!("{pad}-\n"));
                        render(v, indent + 2, out);
                    }
                }
            }
        }
        v => out.push_str(&format!("{pad}{}\n", scalar(v))),
    }
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Object(_) | Value::Array(_))
}

fn scalar(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "nil".into(),
        other => other.to_string(),
    }
}
