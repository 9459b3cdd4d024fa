//! `iotm mqtt`: decode and encode MQTT 3.1.1 / 5.0 packets, publish and
//! subscribe against a broker.

mod json;
mod net;

use std::io::Write;

use clap::{Args, Subcommand, ValueEnum};
use iotm_mqtt_codec::{Packet, Version};
use serde_json::Value;

use crate::exit::CliError;
use crate::input::{BinaryInput, TextInput, to_hex};

#[derive(Debug, Subcommand)]
pub(crate) enum MqttCommand {
    /// Decode every packet in the input (a captured byte stream).
    ///
    /// A malformed packet exits 1 naming the rule of the specification and
    /// the byte offset; the packets before it are printed.
    Decode(DecodeArgs),
    /// Encode packets from JSON (one object, or a list), in the shape
    /// `decode --json` prints.
    Encode(EncodeArgs),
    /// Publish one message to a broker.
    Pub(net::PubArgs),
    /// Subscribe and print messages as they arrive.
    Sub(net::SubArgs),
}

/// The protocol version on the command line.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum Protocol {
    /// MQTT 3.1.1.
    #[value(name = "3.1.1")]
    V311,
    /// MQTT 5.0.
    #[value(name = "5")]
    V5,
}

impl From<Protocol> for Version {
    fn from(p: Protocol) -> Self {
        match p {
            Protocol::V311 => Self::V3_1_1,
            Protocol::V5 => Self::V5,
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct DecodeArgs {
    /// Protocol version of the stream (a CONNECT names its own).
    #[arg(long, value_enum, default_value = "5")]
    protocol: Protocol,

    #[command(flatten)]
    input: BinaryInput,
}

#[derive(Debug, Args)]
pub(crate) struct EncodeArgs {
    /// Protocol version to encode for.
    #[arg(long, value_enum, default_value = "5")]
    protocol: Protocol,

    #[command(flatten)]
    input: TextInput,

    /// Write the raw bytes to standard output instead of hex.
    #[arg(long)]
    raw: bool,
}

pub(crate) fn run(command: &MqttCommand, json: bool) -> Result<(), CliError> {
    match command {
        MqttCommand::Decode(args) => decode(args, json),
        MqttCommand::Encode(args) => encode(args, json),
        MqttCommand::Pub(args) => net::publish(args, json),
        MqttCommand::Sub(args) => net::subscribe(args, json),
    }
}

fn decode(args: &DecodeArgs, json: bool) -> Result<(), CliError> {
    let bytes = args.input.read()?;
    let version = Version::from(args.protocol);
    let mut offset = 0;
    let mut packets = Vec::new();
    let mut failure = None;
    while offset < bytes.len() {
        match Packet::decode(bytes.get(offset..).unwrap_or_default(), version) {
            Ok((packet, len)) => {
                let mut value = json::packet_json(&packet);
                if json {
                    if let Value::Object(o) = &mut value {
                        o.insert("offset".into(), offset.into());
                        o.insert("length".into(), len.into());
                    }
                    packets.push(value);
                } else {
                    println!("{offset:>6}  {value}");
                }
                offset += len;
            }
            Err(e) => {
                failure = Some(CliError::decode(&e.shifted(offset)));
                break;
            }
        }
    }
    if json {
        println!("{}", serde_json::json!({ "packets": packets }));
    }
    failure.map_or(Ok(()), Err)
}

fn encode(args: &EncodeArgs, json: bool) -> Result<(), CliError> {
    let text = args.input.read()?;
    let value: Value = serde_json::from_str(&text).map_err(|e| CliError::Rejected {
        message: format!("JSON: {e}"),
        offset: None,
        kind: "malformed",
    })?;
    let list = match &value {
        Value::Array(items) => items.iter().collect::<Vec<_>>(),
        Value::Object(o) if o.contains_key("packets") => o
            .get("packets")
            .and_then(Value::as_array)
            .map(|a| a.iter().collect())
            .unwrap_or_default(),
        other => vec![other],
    };
    let version = Version::from(args.protocol);
    let mut out = Vec::new();
    for (index, item) in list.into_iter().enumerate() {
        let packet =
            json::packet_from_json(item, version).map_err(|message| CliError::Rejected {
                message: format!("packet {index}: {message}"),
                offset: None,
                kind: "malformed",
            })?;
        let bytes = packet
            .encode_to_vec(version)
            .map_err(|e| CliError::Rejected {
                message: format!("packet {index}: {e}"),
                offset: None,
                kind: "malformed",
            })?;
        out.extend_from_slice(&bytes);
    }
    if args.raw {
        std::io::stdout()
            .write_all(&out)
            .map_err(|e| CliError::Usage(format!("cannot write standard output: {e}")))?;
    } else if json {
        println!(
            "{}",
            serde_json::json!({ "hex": to_hex(&out), "length": out.len() })
        );
    } else {
        println!("{}", to_hex(&out));
    }
    Ok(())
}
