//! `iotm mqtt pub` and `iotm mqtt sub`: the sans-IO client session driven
//! over a blocking TCP socket.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant as StdInstant};

use clap::Args;
use iotm_mqtt_codec::{
    Buffers, Client, ClientConfig, ClientError, Event, Instant, Properties, Property, Publish, QoS,
    ReasonCode, SubscribeFilter, SubscriptionOptions, Version,
};

use super::Protocol;
use crate::exit::CliError;

/// Where and how to connect.
#[derive(Debug, Args)]
pub(crate) struct ConnectArgs {
    /// Broker host.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Broker port.
    #[arg(long, short, default_value_t = 1883)]
    port: u16,
    /// Protocol version.
    #[arg(long, value_enum, default_value = "5")]
    protocol: Protocol,
    /// Client identifier (empty: the broker assigns one).
    #[arg(long, default_value = "")]
    client_id: String,
    /// User name.
    #[arg(long)]
    user: Option<String>,
    /// Password.
    #[arg(long)]
    password: Option<String>,
    /// Give up after this many seconds.
    #[arg(long, default_value_t = 10)]
    timeout: u64,
}

#[derive(Debug, Args)]
pub(crate) struct PubArgs {
    #[command(flatten)]
    connect: ConnectArgs,
    /// Topic name.
    #[arg(long, short)]
    topic: String,
    /// Message payload (UTF-8).
    #[arg(long, short, default_value = "")]
    message: String,
    /// Quality of service: 0, 1 or 2.
    #[arg(long, short, default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=2))]
    qos: u8,
    /// Retain the message.
    #[arg(long)]
    retain: bool,
    /// A user property NAME=VALUE (MQTT 5.0; repeatable).
    #[arg(long = "user-property", value_name = "NAME=VALUE")]
    user_properties: Vec<String>,
    /// Content Type (MQTT 5.0).
    #[arg(long)]
    content_type: Option<String>,
    /// Message Expiry Interval in seconds (MQTT 5.0).
    #[arg(long)]
    message_expiry: Option<u32>,
}

#[derive(Debug, Args)]
pub(crate) struct SubArgs {
    #[command(flatten)]
    connect: ConnectArgs,
    /// Topic filter (repeatable).
    #[arg(long, short, required = true)]
    topic: Vec<String>,
    /// Maximum QoS of the subscription.
    #[arg(long, short, default_value_t = 0, value_parser = clap::value_parser!(u8).range(0..=2))]
    qos: u8,
    /// Exit after this many messages (0: run until the timeout).
    #[arg(long, short, default_value_t = 0)]
    count: usize,
}

/// A connected client session over TCP.
struct Connection<'b> {
    stream: TcpStream,
    client: Client<'b, 16>,
    started: StdInstant,
    deadline: StdInstant,
}

impl Connection<'_> {
    fn now(&self) -> Instant {
        Instant(u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX))
    }

    fn flush(&mut self) -> Result<(), CliError> {
        let now = self.now();
        if let Some(bytes) = self.client.poll_transmit(now) {
            self.stream
                .write_all(bytes)
                .map_err(|e| CliError::Usage(format!("cannot send: {e}")))?;
        }
        Ok(())
    }

    /// Reads once from the socket (up to 100 ms) and feeds the session.
    fn read(&mut self) -> Result<(), CliError> {
        if StdInstant::now() > self.deadline {
            return Err(CliError::Rejected {
                message: "timed out".into(),
                offset: None,
                kind: "timeout",
            });
        }
        let now = self.now();
        self.client.handle_timeout(now).map_err(session_error)?;
        self.flush()?;
        let mut buf = [0u8; 4096];
        match self.stream.read(&mut buf) {
            Ok(0) => Err(CliError::Rejected {
                message: "the broker closed the connection".into(),
                offset: None,
                kind: "closed",
            }),
            Ok(n) => {
                let mut rest = buf.get(..n).unwrap_or_default();
                while !rest.is_empty() {
                    let taken = self.client.receive(rest);
                    rest = rest.get(taken..).unwrap_or_default();
                    if taken == 0 {
                        return Err(CliError::Rejected {
                            message: "packet larger than the receive buffer".into(),
                            offset: None,
                            kind: "malformed",
                        });
                    }
                }
                Ok(())
            }
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                Ok(())
            }
            Err(e) => Err(CliError::Usage(format!("cannot receive: {e}"))),
        }
    }
}

fn session_error(e: ClientError) -> CliError {
    match e {
        ClientError::Decode(e) => CliError::decode(&e),
        other => CliError::Rejected {
            message: other.to_string(),
            offset: None,
            kind: "protocol",
        },
    }
}

/// Connects, runs `body` once CONNACK arrived, disconnects.
fn with_connection(
    args: &ConnectArgs,
    body: impl FnOnce(&mut Connection<'_>) -> Result<(), CliError>,
) -> Result<(), CliError> {
    let version = Version::from(args.protocol);
    let stream = TcpStream::connect((args.host.as_str(), args.port)).map_err(|e| {
        CliError::Usage(format!(
            "cannot connect to {}:{}: {e}",
            args.host, args.port
        ))
    })?;
    stream
        .set_read_timeout(Some(Duration::from_millis(100)))
        .map_err(|e| CliError::Usage(format!("socket: {e}")))?;
    let mut config = ClientConfig::new(version, &args.client_id);
    config.user_name = args.user.as_deref();
    config.password = args.password.as_deref().map(str::as_bytes);
    let (mut rx, mut tx, mut store, mut aliases) = (
        vec![0u8; 1 << 20],
        vec![0u8; 1 << 20],
        vec![0u8; 16 << 16],
        vec![0u8; 130 * 64],
    );
    let buffers = Buffers {
        rx: &mut rx,
        tx: &mut tx,
        store: &mut store,
        topic_aliases: &mut aliases,
    };
    let started = StdInstant::now();
    let mut conn = Connection {
        stream,
        client: Client::new(config, buffers),
        started,
        deadline: started + Duration::from_secs(args.timeout),
    };
    let now = conn.now();
    conn.client.connect(now).map_err(session_error)?;
    conn.flush()?;
    loop {
        conn.read()?;
        let now = conn.now();
        match conn.client.poll_event(now).map_err(session_error)? {
            Some(Event::Connected { .. }) => break,
            Some(Event::ConnectionRefused { reason_code, .. }) => {
                return Err(CliError::Rejected {
                    message: format!("connection refused: {reason_code}"),
                    offset: None,
                    kind: "refused",
                });
            }
            _ => {}
        }
    }
    body(&mut conn)?;
    conn.client
        .disconnect(ReasonCode::SUCCESS)
        .map_err(session_error)?;
    conn.flush()
}

pub(crate) fn publish(args: &PubArgs, json: bool) -> Result<(), CliError> {
    let version = Version::from(args.connect.protocol);
    let mut properties = Vec::new();
    for pair in &args.user_properties {
        let (name, value) = pair
            .split_once('=')
            .ok_or_else(|| CliError::Usage(format!("--user-property {pair}: NAME=VALUE")))?;
        properties.push(Property::UserProperty(name, value));
    }
    if let Some(content_type) = &args.content_type {
        properties.push(Property::ContentType(content_type));
    }
    if let Some(seconds) = args.message_expiry {
        properties.push(Property::MessageExpiryInterval(seconds));
    }
    if !version.is_v5() && !properties.is_empty() {
        return Err(CliError::Usage("properties need --protocol 5".into()));
    }
    let qos = QoS::from_bits(args.qos).unwrap_or(QoS::AtMostOnce);
    let message = Publish {
        qos,
        retain: args.retain,
        properties: Properties::from_list(&properties),
        ..Publish::new(&args.topic, args.message.as_bytes())
    };
    with_connection(&args.connect, |conn| {
        let packet_id = conn.client.publish(&message).map_err(session_error)?;
        conn.flush()?;
        if let Some(packet_id) = packet_id {
            loop {
                conn.read()?;
                let now = conn.now();
                if let Some(Event::Published {
                    packet_id: done,
                    reason_code,
                }) = conn.client.poll_event(now).map_err(session_error)?
                {
                    if done == packet_id {
                        if reason_code.is_error() {
                            return Err(CliError::Rejected {
                                message: format!("publish refused: {reason_code}"),
                                offset: None,
                                kind: "refused",
                            });
                        }
                        break;
                    }
                }
            }
        }
        if json {
            println!(
                "{}",
                serde_json::json!({ "published": { "topic": args.topic, "qos": args.qos, "packet_id": packet_id } })
            );
        }
        Ok(())
    })
}

pub(crate) fn subscribe(args: &SubArgs, json: bool) -> Result<(), CliError> {
    let qos = QoS::from_bits(args.qos).unwrap_or(QoS::AtMostOnce);
    let filters: Vec<SubscribeFilter<'_>> = args
        .topic
        .iter()
        .map(|t| SubscribeFilter {
            filter: t,
            options: SubscriptionOptions::qos(qos),
        })
        .collect();
    with_connection(&args.connect, |conn| {
        conn.client
            .subscribe(&filters, Properties::EMPTY)
            .map_err(session_error)?;
        conn.flush()?;
        let mut received = 0;
        loop {
            match conn.read() {
                Err(CliError::Rejected {
                    kind: "timeout", ..
                }) if args.count == 0 => return Ok(()),
                other => other?,
            }
            let now = conn.now();
            while let Some(event) = conn.client.poll_event(now).map_err(session_error)? {
                match event {
                    Event::Message(message) => {
                        received += 1;
                        if json {
                            let mut value = super::json::packet_json(
                                &iotm_mqtt_codec::Packet::Publish(message),
                            );
                            if let Some(o) = value.as_object_mut() {
                                o.remove("type");
                            }
                            println!("{value}");
                        } else {
                            println!(
                                "{} {}",
                                message.topic,
                                String::from_utf8_lossy(message.payload)
                            );
                        }
                    }
                    Event::Subscribed { reason_codes, .. }
                        if reason_codes.iter().any(|c| *c >= 0x80) =>
                    {
                        return Err(CliError::Rejected {
                            message: "subscription refused".into(),
                            offset: None,
                            kind: "refused",
                        });
                    }
                    _ => {}
                }
                if args.count > 0 && received >= args.count {
                    return Ok(());
                }
            }
            conn.flush()?;
        }
    })
}
