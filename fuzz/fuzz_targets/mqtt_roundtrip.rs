//! Structured round trip for `iotm-mqtt-codec`: an arbitrary owned packet
//! description is made valid (wildcards out of topic names, filters checked,
//! properties filtered to the set the packet allows with values in range,
//! 3.1.1 without properties or reason codes), built into a borrowed `Packet`
//! and encoded: `encoded_len` equals the bytes written, a slice one byte short
//! fails with `BufferTooSmall`, and decoding gives back the same packet.

#![no_main]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a fuzz target asserts by panicking"
)]

use iotm_mqtt_codec::property::Context;
use iotm_mqtt_codec::{
    Ack, Auth, Connack, Connect, Disconnect, EncodeError, Packet, Properties, Property, Publish,
    QoS, ReasonCode, RetainHandling, Rule, SharedSubscription, Suback, Subscribe, SubscribeFilter,
    SubscribeFilters, SubscriptionOptions, TopicFilters, Unsuback, Unsubscribe, Version, Will,
    check_topic_filter,
};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

/// A property with an arbitrary value, made in range by `to_property`.
#[derive(Arbitrary, Debug)]
enum Prop {
    PayloadFormatIndicator(bool),
    MessageExpiryInterval(u32),
    ContentType(String),
    ResponseTopic(String),
    CorrelationData(Vec<u8>),
    SubscriptionIdentifier(u32),
    SessionExpiryInterval(u32),
    AssignedClientIdentifier(String),
    ServerKeepAlive(u16),
    AuthenticationMethod(String),
    AuthenticationData(Vec<u8>),
    RequestProblemInformation(bool),
    WillDelayInterval(u32),
    RequestResponseInformation(bool),
    ResponseInformation(String),
    ServerReference(String),
    ReasonString(String),
    ReceiveMaximum(u16),
    TopicAliasMaximum(u16),
    TopicAlias(u16),
    MaximumQos(bool),
    RetainAvailable(bool),
    UserProperty(String, String),
    MaximumPacketSize(u32),
    WildcardSubscriptionAvailable(bool),
    SubscriptionIdentifierAvailable(bool),
    SharedSubscriptionAvailable(bool),
}

#[derive(Arbitrary, Debug)]
struct WillDesc {
    qos: u8,
    retain: bool,
    props: Vec<Prop>,
    topic: String,
    payload: Vec<u8>,
}

#[derive(Arbitrary, Debug)]
enum Body {
    Connect {
        clean_start: bool,
        keep_alive: u16,
        client_id: String,
        will: Option<WillDesc>,
        user_name: Option<String>,
        password: Option<Vec<u8>>,
    },
    Connack {
        session_present: bool,
        reason_code: u8,
    },
    Publish {
        dup: bool,
        qos: u8,
        retain: bool,
        topic: String,
        alias_only: bool,
        packet_id: u16,
        payload: Vec<u8>,
    },
    /// PUBACK, PUBREC, PUBREL, PUBCOMP by `kind % 4`.
    Ack {
        kind: u8,
        packet_id: u16,
        reason_code: u8,
    },
    Subscribe {
        packet_id: u16,
        filters: Vec<(String, u8)>,
    },
    Suback {
        packet_id: u16,
        reason_codes: Vec<u8>,
    },
    Unsubscribe {
        packet_id: u16,
        filters: Vec<String>,
    },
    Unsuback {
        packet_id: u16,
        reason_codes: Vec<u8>,
    },
    Pingreq,
    Pingresp,
    Disconnect {
        reason_code: u8,
    },
    Auth {
        reason_code: u8,
    },
}

#[derive(Arbitrary, Debug)]
struct Input {
    v5: bool,
    props: Vec<Prop>,
    body: Body,
}

fuzz_target!(|input: Input| {
    // AUTH exists only in 5.0.
    let version = if input.v5 || matches!(input.body, Body::Auth { .. }) {
        Version::V5
    } else {
        Version::V3_1_1
    };
    let v5 = version.is_v5();
    let owned = Owned::new(&input, version);
    let context = context(&input.body);
    let props = if v5 {
        properties(&owned.props, context)
    } else {
        Vec::new()
    };
    let will_props = match &owned.will {
        Some(w) if v5 => properties(&w.props, Context::Will),
        _ => Vec::new(),
    };
    let sub_filters: Vec<SubscribeFilter<'_>> = owned
        .sub_filters
        .iter()
        .map(|(filter, options)| SubscribeFilter {
            filter,
            options: *options,
        })
        .collect();
    let unsub_filters: Vec<&str> = owned.unsub_filters.iter().map(String::as_str).collect();
    let properties = Properties::from_list(&props);
    let connect = connect(&input.body, &owned, version, properties, &will_props);
    let packet = match &connect {
        Some(connect) => Packet::from(connect),
        None => build(
            &input.body,
            &owned,
            version,
            properties,
            &sub_filters,
            &unsub_filters,
        ),
    };
    check(&packet, version);
});

fn check(packet: &Packet<'_>, version: Version) {
    let len = packet
        .encoded_len(version)
        .unwrap_or_else(|e| panic!("a valid packet has no length: {e}\n{packet:?}"));
    let mut buf = vec![0u8; len + 1];
    let written = packet
        .encode(version, &mut buf)
        .unwrap_or_else(|e| panic!("a valid packet does not encode: {e}\n{packet:?}"))
        .len();
    assert_eq!(written, len, "encoded_len and encode disagree");
    let bytes = &buf[..len];
    let mut exact = vec![0u8; len];
    assert_eq!(packet.encode(version, &mut exact).unwrap(), bytes);
    let mut short = vec![0u8; len - 1];
    assert_eq!(
        packet.encode(version, &mut short),
        Err(EncodeError::BufferTooSmall {
            needed: len,
            available: len - 1
        })
    );
    let (decoded, decoded_len) = Packet::decode(bytes, version)
        .unwrap_or_else(|e| panic!("encoding does not decode: {e}\n{packet:?}\n{bytes:02x?}"));
    assert_eq!(decoded_len, len);
    assert!(
        decoded == *packet,
        "decode(encode(p)) != p\n p: {packet:?}\n decoded: {decoded:?}\n bytes: {bytes:02x?}"
    );
    // The size limit is checked against the whole packet.
    let limit = u32::try_from(len).unwrap();
    assert!(Packet::decode_with_limit(bytes, version, limit).is_ok());
    assert_eq!(
        Packet::decode_with_limit(bytes, version, limit - 1)
            .unwrap_err()
            .rule(),
        Some(&Rule::PacketTooLarge {
            size: limit,
            max: limit - 1
        })
    );
}

/// The strings and lists of a packet, made valid and owned.
struct Owned {
    props: Vec<OwnedProp>,
    will: Option<OwnedWill>,
    text: Vec<String>,
    sub_filters: Vec<(String, SubscriptionOptions)>,
    unsub_filters: Vec<String>,
}

struct OwnedWill {
    props: Vec<OwnedProp>,
    topic: String,
}

/// A property with its strings made valid (no U+0000).
enum OwnedProp {
    Plain(Property<'static>),
    Str(u8, String),
    Bin(u8, Vec<u8>),
    Pair(String, String),
}

impl Owned {
    fn new(input: &Input, version: Version) -> Self {
        let v5 = version.is_v5();
        let mut owned = Self {
            props: input.props.iter().map(own).collect(),
            will: None,
            text: Vec::new(),
            sub_filters: Vec::new(),
            unsub_filters: Vec::new(),
        };
        match &input.body {
            Body::Connect {
                client_id,
                will,
                user_name,
                ..
            } => {
                owned.text.push(text(client_id));
                owned
                    .text
                    .push(user_name.as_deref().map(text).unwrap_or_default());
                owned.will = will.as_ref().map(|w| OwnedWill {
                    props: w.props.iter().map(own).collect(),
                    topic: topic_name(&w.topic),
                });
            }
            Body::Publish { topic, .. } => owned.text.push(topic_name(topic)),
            Body::Subscribe { filters, .. } => {
                owned.sub_filters = filters
                    .iter()
                    .map(|(f, o)| {
                        let filter = topic_filter(f, v5);
                        let shared = v5 && SharedSubscription::parse(&filter).is_some();
                        let options = options(*o, v5, shared);
                        (filter, options)
                    })
                    .collect();
                if owned.sub_filters.is_empty() {
                    owned
                        .sub_filters
                        .push(("a/+".to_owned(), SubscriptionOptions::qos(QoS::AtMostOnce)));
                }
            }
            Body::Unsubscribe { filters, .. } => {
                owned.unsub_filters = filters.iter().map(|f| topic_filter(f, v5)).collect();
                if owned.unsub_filters.is_empty() {
                    owned.unsub_filters.push("#".to_owned());
                }
            }
            _ => {}
        }
        owned
    }
}

/// Text without U+0000, at most 1000 bytes.
fn text(s: &str) -> String {
    let mut out: String = s.chars().filter(|&c| c != '\0').collect();
    while out.len() > 1000 {
        out.pop();
    }
    out
}

/// A valid topic name made from `s`.
fn topic_name(s: &str) -> String {
    let name: String = text(s).chars().filter(|&c| c != '+' && c != '#').collect();
    if name.is_empty() {
        "t".to_owned()
    } else {
        name
    }
}

/// A valid topic filter made from `s`: `s` itself when it is one.
fn topic_filter(s: &str, v5: bool) -> String {
    let filter = text(s);
    if check_topic_filter(&filter, v5).is_ok() {
        return filter;
    }
    let levels: Vec<&str> = filter.split('/').collect();
    let last = levels.len() - 1;
    let fixed: Vec<String> = levels
        .iter()
        .enumerate()
        .map(|(i, level)| match *level {
            "+" => "+".to_owned(),
            "#" if i == last => "#".to_owned(),
            "#" => "+".to_owned(),
            other => other.replace(['+', '#', '$'], ""),
        })
        .collect();
    let filter = fixed.join("/");
    if check_topic_filter(&filter, v5).is_ok() {
        filter
    } else {
        "a/+".to_owned()
    }
}

fn options(byte: u8, v5: bool, shared: bool) -> SubscriptionOptions {
    let qos = qos(byte);
    if !v5 {
        return SubscriptionOptions::qos(qos);
    }
    SubscriptionOptions {
        qos,
        no_local: byte & 0x04 != 0 && !shared,
        retain_as_published: byte & 0x08 != 0,
        retain_handling: match (byte >> 4) % 3 {
            0 => RetainHandling::SendAtSubscribe,
            1 => RetainHandling::SendAtNewSubscribe,
            _ => RetainHandling::DoNotSend,
        },
    }
}

fn qos(byte: u8) -> QoS {
    QoS::from_bits((byte & 0x03) % 3).unwrap()
}

fn own(p: &Prop) -> OwnedProp {
    use OwnedProp::{Bin, Pair, Plain, Str};
    use iotm_mqtt_codec::property::id;
    match p {
        Prop::PayloadFormatIndicator(b) => Plain(Property::PayloadFormatIndicator(u8::from(*b))),
        Prop::MessageExpiryInterval(v) => Plain(Property::MessageExpiryInterval(*v)),
        Prop::ContentType(s) => Str(id::CONTENT_TYPE, text(s)),
        Prop::ResponseTopic(s) => Str(id::RESPONSE_TOPIC, topic_name(s)),
        Prop::CorrelationData(b) => Bin(id::CORRELATION_DATA, b.clone()),
        Prop::SubscriptionIdentifier(v) => {
            Plain(Property::SubscriptionIdentifier(v % 268_435_455 + 1))
        }
        Prop::SessionExpiryInterval(v) => Plain(Property::SessionExpiryInterval(*v)),
        Prop::AssignedClientIdentifier(s) => Str(id::ASSIGNED_CLIENT_IDENTIFIER, text(s)),
        Prop::ServerKeepAlive(v) => Plain(Property::ServerKeepAlive(*v)),
        Prop::AuthenticationMethod(s) => Str(id::AUTHENTICATION_METHOD, text(s)),
        Prop::AuthenticationData(b) => Bin(id::AUTHENTICATION_DATA, b.clone()),
        Prop::RequestProblemInformation(b) => {
            Plain(Property::RequestProblemInformation(u8::from(*b)))
        }
        Prop::WillDelayInterval(v) => Plain(Property::WillDelayInterval(*v)),
        Prop::RequestResponseInformation(b) => {
            Plain(Property::RequestResponseInformation(u8::from(*b)))
        }
        Prop::ResponseInformation(s) => Str(id::RESPONSE_INFORMATION, text(s)),
        Prop::ServerReference(s) => Str(id::SERVER_REFERENCE, text(s)),
        Prop::ReasonString(s) => Str(id::REASON_STRING, text(s)),
        Prop::ReceiveMaximum(v) => Plain(Property::ReceiveMaximum((*v).max(1))),
        Prop::TopicAliasMaximum(v) => Plain(Property::TopicAliasMaximum(*v)),
        Prop::TopicAlias(v) => Plain(Property::TopicAlias((*v).max(1))),
        Prop::MaximumQos(b) => Plain(Property::MaximumQos(u8::from(*b))),
        Prop::RetainAvailable(b) => Plain(Property::RetainAvailable(u8::from(*b))),
        Prop::UserProperty(k, v) => Pair(text(k), text(v)),
        Prop::MaximumPacketSize(v) => Plain(Property::MaximumPacketSize((*v).max(1))),
        Prop::WildcardSubscriptionAvailable(b) => {
            Plain(Property::WildcardSubscriptionAvailable(u8::from(*b)))
        }
        Prop::SubscriptionIdentifierAvailable(b) => {
            Plain(Property::SubscriptionIdentifierAvailable(u8::from(*b)))
        }
        Prop::SharedSubscriptionAvailable(b) => {
            Plain(Property::SharedSubscriptionAvailable(u8::from(*b)))
        }
    }
}

fn borrow(p: &OwnedProp) -> Property<'_> {
    use iotm_mqtt_codec::property::id;
    match p {
        OwnedProp::Plain(p) => *p,
        OwnedProp::Str(property, s) => match *property {
            id::CONTENT_TYPE => Property::ContentType(s),
            id::RESPONSE_TOPIC => Property::ResponseTopic(s),
            id::ASSIGNED_CLIENT_IDENTIFIER => Property::AssignedClientIdentifier(s),
            id::AUTHENTICATION_METHOD => Property::AuthenticationMethod(s),
            id::RESPONSE_INFORMATION => Property::ResponseInformation(s),
            id::SERVER_REFERENCE => Property::ServerReference(s),
            _ => Property::ReasonString(s),
        },
        OwnedProp::Bin(property, b) => match *property {
            id::CORRELATION_DATA => Property::CorrelationData(b),
            _ => Property::AuthenticationData(b),
        },
        OwnedProp::Pair(k, v) => Property::UserProperty(k, v),
    }
}

/// The properties `context` allows, each single-use one once (the first).
fn properties(props: &[OwnedProp], context: Context) -> Vec<Property<'_>> {
    let mut seen = 0u64;
    let mut list = Vec::new();
    for p in props.iter().map(borrow) {
        let property = p.id();
        let bit = 1u64 << property;
        if !context.allows(property) || (seen & bit != 0 && !context.allows_repeat(property)) {
            continue;
        }
        seen |= bit;
        list.push(p);
    }
    list
}

fn context(body: &Body) -> Context {
    match body {
        Body::Connect { .. } => Context::Connect,
        Body::Connack { .. } => Context::Connack,
        Body::Publish { .. } => Context::Publish,
        Body::Ack { .. } => Context::PublishAck,
        Body::Subscribe { .. } => Context::Subscribe,
        Body::Suback { .. } => Context::Suback,
        Body::Unsubscribe { .. } => Context::Unsubscribe,
        Body::Unsuback { .. } => Context::Unsuback,
        Body::Pingreq | Body::Pingresp | Body::Disconnect { .. } => Context::Disconnect,
        Body::Auth { .. } => Context::Auth,
    }
}

/// The CONNECT of `body`, if it is one.
fn connect<'a>(
    body: &'a Body,
    owned: &'a Owned,
    version: Version,
    properties: Properties<'a>,
    will_props: &'a [Property<'a>],
) -> Option<Connect<'a>> {
    let v5 = version.is_v5();
    let Body::Connect {
        clean_start,
        keep_alive,
        will,
        user_name,
        password,
        ..
    } = body
    else {
        return None;
    };
    let user_name = user_name.as_ref().map(|_| owned.text[1].as_str());
    // 3.1.1 [MQTT-3.1.2-22]: no password without a user name.
    let password = password.as_deref().filter(|_| v5 || user_name.is_some());
    Some(Connect {
        version,
        clean_start: *clean_start,
        keep_alive: *keep_alive,
        properties,
        client_id: &owned.text[0],
        will: will.as_ref().zip(owned.will.as_ref()).map(|(w, ow)| Will {
            qos: qos(w.qos),
            retain: w.retain,
            properties: Properties::from_list(will_props),
            topic: &ow.topic,
            payload: &w.payload,
        }),
        user_name,
        password,
    })
}

fn build<'a>(
    body: &'a Body,
    owned: &'a Owned,
    version: Version,
    properties: Properties<'a>,
    sub_filters: &'a [SubscribeFilter<'a>],
    unsub_filters: &'a [&'a str],
) -> Packet<'a> {
    let v5 = version.is_v5();
    let id = |packet_id: u16| packet_id.max(1);
    // 3.1.1 acknowledgments and DISCONNECT carry no reason code.
    let code = |reason_code: u8| ReasonCode(if v5 { reason_code } else { 0 });
    match body {
        // Built by `connect`: `Packet::Connect` holds it by reference.
        Body::Connect { .. } => unreachable!("CONNECT is built by `connect`"),
        Body::Connack {
            session_present,
            reason_code,
        } => Packet::Connack(Connack {
            // [MQTT-3.2.2-6]: Session Present only with success.
            session_present: *session_present && *reason_code == 0,
            reason_code: ReasonCode(*reason_code),
            properties,
        }),
        Body::Publish {
            dup,
            qos: q,
            retain,
            alias_only,
            packet_id,
            payload,
            ..
        } => {
            let qos = qos(*q);
            let aliased = properties
                .get(iotm_mqtt_codec::property::id::TOPIC_ALIAS)
                .is_some();
            let topic = if *alias_only && aliased {
                ""
            } else {
                owned.text[0].as_str()
            };
            Packet::Publish(Publish {
                dup: *dup && qos != QoS::AtMostOnce,
                qos,
                retain: *retain,
                topic,
                packet_id: (qos != QoS::AtMostOnce).then_some(id(*packet_id)),
                properties,
                payload,
            })
        }
        Body::Ack {
            kind,
            packet_id,
            reason_code,
        } => {
            let ack = Ack {
                packet_id: id(*packet_id),
                reason_code: code(*reason_code),
                properties,
            };
            match kind % 4 {
                0 => Packet::Puback(ack),
                1 => Packet::Pubrec(ack),
                2 => Packet::Pubrel(ack),
                _ => Packet::Pubcomp(ack),
            }
        }
        Body::Subscribe { packet_id, .. } => Packet::Subscribe(Subscribe {
            packet_id: id(*packet_id),
            properties,
            filters: SubscribeFilters::from_list(sub_filters),
        }),
        Body::Suback {
            packet_id,
            reason_codes,
        } => Packet::Suback(Suback {
            packet_id: id(*packet_id),
            properties,
            reason_codes,
        }),
        Body::Unsubscribe { packet_id, .. } => Packet::Unsubscribe(Unsubscribe {
            packet_id: id(*packet_id),
            properties,
            filters: TopicFilters::from_list(unsub_filters),
        }),
        Body::Unsuback {
            packet_id,
            reason_codes,
        } => Packet::Unsuback(Unsuback {
            packet_id: id(*packet_id),
            properties,
            reason_codes: if v5 { reason_codes } else { &[] },
        }),
        Body::Pingreq => Packet::Pingreq,
        Body::Pingresp => Packet::Pingresp,
        Body::Disconnect { reason_code } => Packet::Disconnect(Disconnect {
            reason_code: code(*reason_code),
            properties,
        }),
        Body::Auth { reason_code } => Packet::Auth(Auth {
            reason_code: ReasonCode(*reason_code),
            properties,
        }),
    }
}
