//! Shared by the integration tests (`mod support;`): an owned description of
//! any valid MQTT 3.1.1 or 5.0 packet, proptest strategies that generate one,
//! and the borrowed [`Packet`] built from it.
//!
//! `Packet<'a>` borrows its strings and lists, so a strategy cannot yield it
//! directly: it yields an [`OwnedPacket`], and [`OwnedPacket::with_packet`]
//! lends the borrowed packet to a closure. Cargo also builds this file as a
//! test target of its own, with no tests in it.

#![allow(
    dead_code,
    missing_docs,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test support: each test crate uses part of it"
)]

use iotm_mqtt_codec::property::{Context, id};
use iotm_mqtt_codec::{
    Ack, Auth, Connack, Connect, Disconnect, Packet, PacketType, Properties, Property, Publish,
    QoS, ReasonCode, RetainHandling, Suback, Subscribe, SubscribeFilter, SubscribeFilters,
    SubscriptionOptions, TopicFilters, Unsuback, Unsubscribe, Version, Will,
};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, subsequence};

/// Every property identifier MQTT 5.0 defines (§2.2.2.2, Table 2-4).
pub const ALL_PROPERTY_IDS: [u8; 27] = [
    id::PAYLOAD_FORMAT_INDICATOR,
    id::MESSAGE_EXPIRY_INTERVAL,
    id::CONTENT_TYPE,
    id::RESPONSE_TOPIC,
    id::CORRELATION_DATA,
    id::SUBSCRIPTION_IDENTIFIER,
    id::SESSION_EXPIRY_INTERVAL,
    id::ASSIGNED_CLIENT_IDENTIFIER,
    id::SERVER_KEEP_ALIVE,
    id::AUTHENTICATION_METHOD,
    id::AUTHENTICATION_DATA,
    id::REQUEST_PROBLEM_INFORMATION,
    id::WILL_DELAY_INTERVAL,
    id::REQUEST_RESPONSE_INFORMATION,
    id::RESPONSE_INFORMATION,
    id::SERVER_REFERENCE,
    id::REASON_STRING,
    id::RECEIVE_MAXIMUM,
    id::TOPIC_ALIAS_MAXIMUM,
    id::TOPIC_ALIAS,
    id::MAXIMUM_QOS,
    id::RETAIN_AVAILABLE,
    id::USER_PROPERTY,
    id::MAXIMUM_PACKET_SIZE,
    id::WILDCARD_SUBSCRIPTION_AVAILABLE,
    id::SUBSCRIPTION_IDENTIFIER_AVAILABLE,
    id::SHARED_SUBSCRIPTION_AVAILABLE,
];

/// Every property context, with the packet type that carries it.
pub const ALL_CONTEXTS: [Context; 11] = [
    Context::Connect,
    Context::Will,
    Context::Connack,
    Context::Publish,
    Context::PublishAck,
    Context::Subscribe,
    Context::Suback,
    Context::Unsubscribe,
    Context::Unsuback,
    Context::Disconnect,
    Context::Auth,
];

/// A property value, owned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Byte(u8),
    Two(u16),
    Four(u32),
    Vbi(u32),
    Str(String),
    Bin(Vec<u8>),
    Pair(String, String),
}

/// A property, owned: its identifier and value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnedProperty {
    pub id: u8,
    pub value: Value,
}

impl OwnedProperty {
    /// The borrowed property.
    pub fn as_property(&self) -> Property<'_> {
        use Value as V;
        use id::*;
        match (self.id, &self.value) {
            (PAYLOAD_FORMAT_INDICATOR, V::Byte(v)) => Property::PayloadFormatIndicator(*v),
            (MESSAGE_EXPIRY_INTERVAL, V::Four(v)) => Property::MessageExpiryInterval(*v),
            (CONTENT_TYPE, V::Str(s)) => Property::ContentType(s),
            (RESPONSE_TOPIC, V::Str(s)) => Property::ResponseTopic(s),
            (CORRELATION_DATA, V::Bin(b)) => Property::CorrelationData(b),
            (SUBSCRIPTION_IDENTIFIER, V::Vbi(v)) => Property::SubscriptionIdentifier(*v),
            (SESSION_EXPIRY_INTERVAL, V::Four(v)) => Property::SessionExpiryInterval(*v),
            (ASSIGNED_CLIENT_IDENTIFIER, V::Str(s)) => Property::AssignedClientIdentifier(s),
            (SERVER_KEEP_ALIVE, V::Two(v)) => Property::ServerKeepAlive(*v),
            (AUTHENTICATION_METHOD, V::Str(s)) => Property::AuthenticationMethod(s),
            (AUTHENTICATION_DATA, V::Bin(b)) => Property::AuthenticationData(b),
            (REQUEST_PROBLEM_INFORMATION, V::Byte(v)) => Property::RequestProblemInformation(*v),
            (WILL_DELAY_INTERVAL, V::Four(v)) => Property::WillDelayInterval(*v),
            (REQUEST_RESPONSE_INFORMATION, V::Byte(v)) => Property::RequestResponseInformation(*v),
            (RESPONSE_INFORMATION, V::Str(s)) => Property::ResponseInformation(s),
            (SERVER_REFERENCE, V::Str(s)) => Property::ServerReference(s),
            (REASON_STRING, V::Str(s)) => Property::ReasonString(s),
            (RECEIVE_MAXIMUM, V::Two(v)) => Property::ReceiveMaximum(*v),
            (TOPIC_ALIAS_MAXIMUM, V::Two(v)) => Property::TopicAliasMaximum(*v),
            (TOPIC_ALIAS, V::Two(v)) => Property::TopicAlias(*v),
            (MAXIMUM_QOS, V::Byte(v)) => Property::MaximumQos(*v),
            (RETAIN_AVAILABLE, V::Byte(v)) => Property::RetainAvailable(*v),
            (USER_PROPERTY, V::Pair(k, v)) => Property::UserProperty(k, v),
            (MAXIMUM_PACKET_SIZE, V::Four(v)) => Property::MaximumPacketSize(*v),
            (WILDCARD_SUBSCRIPTION_AVAILABLE, V::Byte(v)) => {
                Property::WildcardSubscriptionAvailable(*v)
            }
            (SUBSCRIPTION_IDENTIFIER_AVAILABLE, V::Byte(v)) => {
                Property::SubscriptionIdentifierAvailable(*v)
            }
            (SHARED_SUBSCRIPTION_AVAILABLE, V::Byte(v)) => {
                Property::SharedSubscriptionAvailable(*v)
            }
            (other, value) => panic!("no property {other:#04x} with a {value:?}"),
        }
    }
}

/// A Will Message, owned.
#[derive(Clone, Debug)]
pub struct OwnedWill {
    pub qos: QoS,
    pub retain: bool,
    pub properties: Vec<OwnedProperty>,
    pub topic: String,
    pub payload: Vec<u8>,
}

/// A packet's fields, owned (the properties are in [`OwnedPacket`]).
#[derive(Clone, Debug)]
pub enum Body {
    Connect {
        clean_start: bool,
        keep_alive: u16,
        client_id: String,
        will: Option<OwnedWill>,
        user_name: Option<String>,
        password: Option<Vec<u8>>,
    },
    Connack {
        session_present: bool,
        reason_code: u8,
    },
    Publish {
        dup: bool,
        qos: QoS,
        retain: bool,
        topic: String,
        packet_id: Option<u16>,
        payload: Vec<u8>,
    },
    /// PUBACK, PUBREC, PUBREL or PUBCOMP.
    Ack {
        packet_type: PacketType,
        packet_id: u16,
        reason_code: u8,
    },
    Subscribe {
        packet_id: u16,
        filters: Vec<(String, SubscriptionOptions)>,
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

/// A whole packet, owned, with the version it is encoded for.
#[derive(Clone, Debug)]
pub struct OwnedPacket {
    pub version: Version,
    pub properties: Vec<OwnedProperty>,
    pub body: Body,
}

impl OwnedPacket {
    /// Builds the borrowed packet and hands it to `f`.
    pub fn with_packet<R>(&self, f: impl FnOnce(Packet<'_>) -> R) -> R {
        let props: Vec<Property<'_>> = self
            .properties
            .iter()
            .map(OwnedProperty::as_property)
            .collect();
        let will_props: Vec<Property<'_>> = match &self.body {
            Body::Connect { will: Some(w), .. } => w
                .properties
                .iter()
                .map(OwnedProperty::as_property)
                .collect(),
            _ => Vec::new(),
        };
        let subscribe_filters: Vec<SubscribeFilter<'_>> = match &self.body {
            Body::Subscribe { filters, .. } => filters
                .iter()
                .map(|(filter, options)| SubscribeFilter {
                    filter,
                    options: *options,
                })
                .collect(),
            _ => Vec::new(),
        };
        let unsubscribe_filters: Vec<&str> = match &self.body {
            Body::Unsubscribe { filters, .. } => filters.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        };
        let properties = Properties::from_list(&props);
        // `Packet::Connect` holds its fields by reference: they live here.
        let connect = match &self.body {
            Body::Connect {
                clean_start,
                keep_alive,
                client_id,
                will,
                user_name,
                password,
            } => Some(Connect {
                version: self.version,
                clean_start: *clean_start,
                keep_alive: *keep_alive,
                properties,
                client_id,
                will: will.as_ref().map(|w| Will {
                    qos: w.qos,
                    retain: w.retain,
                    properties: Properties::from_list(&will_props),
                    topic: &w.topic,
                    payload: &w.payload,
                }),
                user_name: user_name.as_deref(),
                password: password.as_deref(),
            }),
            _ => None,
        };
        let packet = match &self.body {
            Body::Connect { .. } => Packet::from(connect.as_ref().unwrap()),
            Body::Connack {
                session_present,
                reason_code,
            } => Packet::Connack(Connack {
                session_present: *session_present,
                reason_code: ReasonCode(*reason_code),
                properties,
            }),
            Body::Publish {
                dup,
                qos,
                retain,
                topic,
                packet_id,
                payload,
            } => Packet::Publish(Publish {
                dup: *dup,
                qos: *qos,
                retain: *retain,
                topic,
                packet_id: *packet_id,
                properties,
                payload,
            }),
            Body::Ack {
                packet_type,
                packet_id,
                reason_code,
            } => {
                let ack = Ack {
                    packet_id: *packet_id,
                    reason_code: ReasonCode(*reason_code),
                    properties,
                };
                match packet_type {
                    PacketType::Puback => Packet::Puback(ack),
                    PacketType::Pubrec => Packet::Pubrec(ack),
                    PacketType::Pubrel => Packet::Pubrel(ack),
                    PacketType::Pubcomp => Packet::Pubcomp(ack),
                    other => panic!("{other} is not an acknowledgment"),
                }
            }
            Body::Subscribe { packet_id, .. } => Packet::Subscribe(Subscribe {
                packet_id: *packet_id,
                properties,
                filters: SubscribeFilters::from_list(&subscribe_filters),
            }),
            Body::Suback {
                packet_id,
                reason_codes,
            } => Packet::Suback(Suback {
                packet_id: *packet_id,
                properties,
                reason_codes,
            }),
            Body::Unsubscribe { packet_id, .. } => Packet::Unsubscribe(Unsubscribe {
                packet_id: *packet_id,
                properties,
                filters: TopicFilters::from_list(&unsubscribe_filters),
            }),
            Body::Unsuback {
                packet_id,
                reason_codes,
            } => Packet::Unsuback(Unsuback {
                packet_id: *packet_id,
                properties,
                reason_codes,
            }),
            Body::Pingreq => Packet::Pingreq,
            Body::Pingresp => Packet::Pingresp,
            Body::Disconnect { reason_code } => Packet::Disconnect(Disconnect {
                reason_code: ReasonCode(*reason_code),
                properties,
            }),
            Body::Auth { reason_code } => Packet::Auth(Auth {
                reason_code: ReasonCode(*reason_code),
                properties,
            }),
        };
        f(packet)
    }

    /// The packet's encoding for its version.
    pub fn encode(&self) -> Vec<u8> {
        self.with_packet(|packet| encode(&packet, self.version))
    }
}

/// Encodes `packet` for `version` into a vector sized by `encoded_len`
/// (without the crate's `alloc` feature: integration tests have std).
pub fn encode(packet: &Packet<'_>, version: Version) -> Vec<u8> {
    let mut buf = vec![0u8; packet.encoded_len(version).unwrap()];
    let len = packet.encode(version, &mut buf).unwrap().len();
    assert_eq!(len, buf.len(), "encoded_len and encode disagree");
    buf
}

// ---------------------------------------------------------------- strategies

/// A UTF-8 string of up to `max` characters, any Unicode scalar but U+0000.
pub fn text(max: usize) -> BoxedStrategy<String> {
    prop_oneof![
        3 => proptest::string::string_regex(&format!("[a-zA-Z0-9 ._/-]{{0,{max}}}")).unwrap(),
        1 => proptest::string::string_regex(&format!("[^\\x00]{{0,{max}}}")).unwrap(),
    ]
    .boxed()
}

/// A topic name: at least one character, no wildcards, no U+0000.
pub fn topic_name() -> BoxedStrategy<String> {
    prop_oneof![
        4 => "[a-z0-9]{1,6}(/[a-z0-9]{0,6}){0,3}",
        2 => "[^+#\\x00]{1,8}",
        1 => "\\$SYS/[a-z]{1,6}",
        1 => Just("/".to_owned()),
    ]
    .boxed()
}

/// A topic filter, not a shared subscription: levels of text or `+`, maybe
/// ending in `#`. Levels never start with `$` except `$SYS` at the front,
/// so nothing reads as `$share/`.
pub fn plain_topic_filter() -> BoxedStrategy<String> {
    let level = prop_oneof![3 => "[^+#/$\\x00]{0,6}", 1 => Just("+".to_owned())];
    let levels = (vec(level, 1..5), any::<bool>()).prop_map(|(levels, hash)| {
        let mut filter = levels.join("/");
        if hash {
            filter.push_str("/#");
        }
        if filter.is_empty() {
            filter.push('#');
        }
        filter
    });
    prop_oneof![
        8 => levels,
        1 => Just("#".to_owned()),
        1 => "\\$SYS/[a-z]{1,4}/#",
    ]
    .boxed()
}

/// A topic filter for `version`: in 5.0 sometimes a shared subscription.
pub fn topic_filter(version: Version) -> BoxedStrategy<String> {
    if version.is_v5() {
        prop_oneof![
            4 => plain_topic_filter(),
            1 => ("[^+#/$\\x00]{1,6}", plain_topic_filter())
                .prop_map(|(group, filter)| format!("$share/{group}/{filter}")),
        ]
        .boxed()
    } else {
        plain_topic_filter()
    }
}

pub fn qos() -> impl Strategy<Value = QoS> {
    select(&[QoS::AtMostOnce, QoS::AtLeastOnce, QoS::ExactlyOnce][..])
}

pub fn packet_id() -> impl Strategy<Value = u16> {
    prop_oneof![1u16..=10, Just(u16::MAX), 1u16..=u16::MAX]
}

fn binary(max: usize) -> impl Strategy<Value = Vec<u8>> {
    vec(any::<u8>(), 0..=max)
}

/// A value in range for property `id` (§3.x of MQTT 5.0).
pub fn property(property_id: u8) -> BoxedStrategy<OwnedProperty> {
    use id::*;
    let value: BoxedStrategy<Value> = match property_id {
        PAYLOAD_FORMAT_INDICATOR
        | REQUEST_PROBLEM_INFORMATION
        | REQUEST_RESPONSE_INFORMATION
        | MAXIMUM_QOS
        | RETAIN_AVAILABLE
        | WILDCARD_SUBSCRIPTION_AVAILABLE
        | SUBSCRIPTION_IDENTIFIER_AVAILABLE
        | SHARED_SUBSCRIPTION_AVAILABLE => (0u8..=1).prop_map(Value::Byte).boxed(),
        MESSAGE_EXPIRY_INTERVAL | SESSION_EXPIRY_INTERVAL | WILL_DELAY_INTERVAL => {
            any::<u32>().prop_map(Value::Four).boxed()
        }
        MAXIMUM_PACKET_SIZE => (1u32..=u32::MAX).prop_map(Value::Four).boxed(),
        SUBSCRIPTION_IDENTIFIER => prop_oneof![
            Just(1u32),
            Just(127),
            Just(128),
            Just(16_383),
            Just(16_384),
            Just(2_097_152),
            Just(268_435_455),
            1u32..=268_435_455,
        ]
        .prop_map(Value::Vbi)
        .boxed(),
        SERVER_KEEP_ALIVE | TOPIC_ALIAS_MAXIMUM => any::<u16>().prop_map(Value::Two).boxed(),
        RECEIVE_MAXIMUM | TOPIC_ALIAS => (1u16..=u16::MAX).prop_map(Value::Two).boxed(),
        RESPONSE_TOPIC => topic_name().prop_map(Value::Str).boxed(),
        CONTENT_TYPE
        | ASSIGNED_CLIENT_IDENTIFIER
        | AUTHENTICATION_METHOD
        | RESPONSE_INFORMATION
        | SERVER_REFERENCE
        | REASON_STRING => text(12).prop_map(Value::Str).boxed(),
        CORRELATION_DATA | AUTHENTICATION_DATA => binary(16).prop_map(Value::Bin).boxed(),
        USER_PROPERTY => (text(6), text(6))
            .prop_map(|(k, v)| Value::Pair(k, v))
            .boxed(),
        other => panic!("no property {other:#04x}"),
    };
    value
        .prop_map(move |value| OwnedProperty {
            id: property_id,
            value,
        })
        .boxed()
}

/// A property list `context` allows: each single-use property at most once,
/// the repeatable ones (User Property; Subscription Identifier in PUBLISH)
/// up to three times, in any order; values in range.
pub fn properties(context: Context) -> BoxedStrategy<Vec<OwnedProperty>> {
    let allowed = ALL_PROPERTY_IDS
        .iter()
        .copied()
        .filter(|&p| context.allows(p));
    let singles: Vec<u8> = allowed
        .clone()
        .filter(|&p| !context.allows_repeat(p))
        .collect();
    let repeats: Vec<u8> = allowed.filter(|&p| context.allows_repeat(p)).collect();
    let n = singles.len();
    let single = subsequence(singles, 0..=n)
        .prop_flat_map(|ids| ids.into_iter().map(property).collect::<Vec<_>>());
    let repeated: Vec<_> = repeats
        .into_iter()
        .map(|p| vec(property(p), 0..=3))
        .collect();
    let full = (single, repeated)
        .prop_map(|(mut list, more)| {
            list.extend(more.into_iter().flatten());
            list
        })
        .prop_shuffle();
    prop_oneof![1 => Just(Vec::new()), 3 => full].boxed()
}

/// Properties for `version`: none in 3.1.1.
fn properties_for(version: Version, context: Context) -> BoxedStrategy<Vec<OwnedProperty>> {
    if version.is_v5() {
        properties(context)
    } else {
        Just(Vec::new()).boxed()
    }
}

/// Valid reason codes for a packet (MQTT 5.0 §2.4 and each packet's table);
/// for 3.1.1 the codes it has.
fn reason_code(version: Version, packet_type: PacketType) -> BoxedStrategy<u8> {
    const CONNACK_V5: &[u8] = &[
        0x00, 0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x8c, 0x90, 0x95,
        0x97, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9f,
    ];
    const PUBACK: &[u8] = &[0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99];
    const PUBREL: &[u8] = &[0x00, 0x92];
    const SUBACK_V5: &[u8] = &[
        0x00, 0x01, 0x02, 0x80, 0x83, 0x87, 0x8f, 0x91, 0x97, 0x9e, 0xa1, 0xa2,
    ];
    const SUBACK_V3: &[u8] = &[0x00, 0x01, 0x02, 0x80];
    const UNSUBACK: &[u8] = &[0x00, 0x11, 0x80, 0x83, 0x87, 0x8f, 0x91];
    const DISCONNECT: &[u8] = &[
        0x00, 0x04, 0x80, 0x81, 0x82, 0x83, 0x87, 0x89, 0x8b, 0x8d, 0x8e, 0x8f, 0x90, 0x93, 0x94,
        0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2,
    ];
    const AUTH: &[u8] = &[0x00, 0x18, 0x19];
    let v5 = version.is_v5();
    let codes: &'static [u8] = match packet_type {
        PacketType::Connack if v5 => CONNACK_V5,
        PacketType::Connack => &[0, 1, 2, 3, 4, 5],
        PacketType::Puback | PacketType::Pubrec if v5 => PUBACK,
        PacketType::Pubrel | PacketType::Pubcomp if v5 => PUBREL,
        PacketType::Suback if v5 => SUBACK_V5,
        PacketType::Suback => SUBACK_V3,
        PacketType::Unsuback => UNSUBACK,
        PacketType::Disconnect if v5 => DISCONNECT,
        PacketType::Auth => AUTH,
        _ => &[0x00],
    };
    prop_oneof![1 => Just(0u8), 2 => select(codes)].boxed()
}

fn subscription_options(version: Version, shared: bool) -> BoxedStrategy<SubscriptionOptions> {
    if !version.is_v5() {
        return qos().prop_map(SubscriptionOptions::qos).boxed();
    }
    let retain_handling = select(
        &[
            RetainHandling::SendAtSubscribe,
            RetainHandling::SendAtNewSubscribe,
            RetainHandling::DoNotSend,
        ][..],
    );
    (qos(), any::<bool>(), any::<bool>(), retain_handling)
        .prop_map(
            move |(qos, no_local, retain_as_published, retain_handling)| {
                SubscriptionOptions {
                    qos,
                    // [MQTT-3.8.3-4]: No Local never on a shared subscription.
                    no_local: no_local && !shared,
                    retain_as_published,
                    retain_handling,
                }
            },
        )
        .boxed()
}

fn subscribe_filter(version: Version) -> BoxedStrategy<(String, SubscriptionOptions)> {
    topic_filter(version)
        .prop_flat_map(move |filter| {
            let shared = filter.starts_with("$share/");
            (Just(filter), subscription_options(version, shared))
        })
        .boxed()
}

fn will(version: Version) -> BoxedStrategy<OwnedWill> {
    (
        qos(),
        any::<bool>(),
        properties_for(version, Context::Will),
        topic_name(),
        binary(24),
    )
        .prop_map(|(qos, retain, properties, topic, payload)| OwnedWill {
            qos,
            retain,
            properties,
            topic,
            payload,
        })
        .boxed()
}

fn connect(version: Version) -> BoxedStrategy<OwnedPacket> {
    (
        any::<bool>(),
        any::<u16>(),
        properties_for(version, Context::Connect),
        text(12),
        proptest::option::of(will(version)),
        proptest::option::of(text(8)),
        proptest::option::of(binary(12)),
    )
        .prop_map(
            move |(clean_start, keep_alive, properties, client_id, will, user_name, password)| {
                // 3.1.1 [MQTT-3.1.2-22]: no password without a user name.
                let password = if version.is_v5() || user_name.is_some() {
                    password
                } else {
                    None
                };
                OwnedPacket {
                    version,
                    properties,
                    body: Body::Connect {
                        clean_start,
                        keep_alive,
                        client_id,
                        will,
                        user_name,
                        password,
                    },
                }
            },
        )
        .boxed()
}

fn publish(version: Version) -> BoxedStrategy<OwnedPacket> {
    (
        qos(),
        any::<bool>(),
        any::<bool>(),
        topic_name(),
        packet_id(),
        properties_for(version, Context::Publish),
        binary(64),
        any::<bool>(),
    )
        .prop_map(
            move |(qos, dup, retain, topic, id, properties, payload, alias_only)| {
                // 5.0 §3.3.2.1: an empty topic stands beside a Topic Alias.
                let aliased = properties.iter().any(|p| p.id == id::TOPIC_ALIAS);
                let topic = if aliased && alias_only {
                    String::new()
                } else {
                    topic
                };
                let packet_id = (qos != QoS::AtMostOnce).then_some(id);
                OwnedPacket {
                    version,
                    properties,
                    body: Body::Publish {
                        dup: dup && qos != QoS::AtMostOnce,
                        qos,
                        retain,
                        topic,
                        packet_id,
                        payload,
                    },
                }
            },
        )
        .boxed()
}

fn with_properties(
    version: Version,
    context: Context,
    body: BoxedStrategy<Body>,
) -> BoxedStrategy<OwnedPacket> {
    (properties_for(version, context), body)
        .prop_map(move |(properties, body)| OwnedPacket {
            version,
            properties,
            body,
        })
        .boxed()
}

fn ack(version: Version, packet_type: PacketType) -> BoxedStrategy<OwnedPacket> {
    let body = (packet_id(), reason_code(version, packet_type))
        .prop_map(move |(packet_id, reason_code)| Body::Ack {
            packet_type,
            packet_id,
            reason_code,
        })
        .boxed();
    with_properties(version, Context::PublishAck, body)
}

/// Any valid packet of any of the 15 types (14 in 3.1.1) for `version`.
pub fn packet(version: Version) -> BoxedStrategy<OwnedPacket> {
    let v5 = version.is_v5();
    let connack = (any::<bool>(), reason_code(version, PacketType::Connack))
        .prop_map(|(session_present, reason_code)| Body::Connack {
            // [MQTT-3.2.2-6]: Session Present only with success.
            session_present: session_present && reason_code == 0,
            reason_code,
        })
        .boxed();
    let subscribe = (packet_id(), vec(subscribe_filter(version), 1..5))
        .prop_map(|(packet_id, filters)| Body::Subscribe { packet_id, filters })
        .boxed();
    let suback = (
        packet_id(),
        vec(reason_code(version, PacketType::Suback), 1..5),
    )
        .prop_map(|(packet_id, reason_codes)| Body::Suback {
            packet_id,
            reason_codes,
        })
        .boxed();
    let unsubscribe = (packet_id(), vec(topic_filter(version), 1..5))
        .prop_map(|(packet_id, filters)| Body::Unsubscribe { packet_id, filters })
        .boxed();
    let unsuback_codes = if v5 {
        vec(reason_code(version, PacketType::Unsuback), 1..5).boxed()
    } else {
        Just(Vec::new()).boxed()
    };
    let unsuback = (packet_id(), unsuback_codes)
        .prop_map(|(packet_id, reason_codes)| Body::Unsuback {
            packet_id,
            reason_codes,
        })
        .boxed();
    let disconnect = reason_code(version, PacketType::Disconnect)
        .prop_map(|reason_code| Body::Disconnect { reason_code })
        .boxed();
    let bare = |body: Body| {
        Just(OwnedPacket {
            version,
            properties: Vec::new(),
            body,
        })
        .boxed()
    };
    let mut all = vec![
        connect(version),
        with_properties(version, Context::Connack, connack),
        publish(version),
        ack(version, PacketType::Puback),
        ack(version, PacketType::Pubrec),
        ack(version, PacketType::Pubrel),
        ack(version, PacketType::Pubcomp),
        with_properties(version, Context::Subscribe, subscribe),
        with_properties(version, Context::Suback, suback),
        with_properties(version, Context::Unsubscribe, unsubscribe),
        with_properties(version, Context::Unsuback, unsuback),
        bare(Body::Pingreq),
        bare(Body::Pingresp),
        with_properties(version, Context::Disconnect, disconnect),
    ];
    if v5 {
        let auth = reason_code(version, PacketType::Auth)
            .prop_map(|reason_code| Body::Auth { reason_code })
            .boxed();
        all.push(with_properties(version, Context::Auth, auth));
    }
    proptest::strategy::Union::new(all).boxed()
}

/// Any valid packet of either version.
pub fn any_packet() -> BoxedStrategy<OwnedPacket> {
    prop_oneof![packet(Version::V3_1_1), packet(Version::V5)].boxed()
}

/// `n` packets for `version` from a fixed seed: the same list on every run.
pub fn fixed_packets(version: Version, n: usize) -> Vec<OwnedPacket> {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let strategy = packet(version);
    let mut runner = TestRunner::deterministic();
    (0..n)
        .map(|_| strategy.new_tree(&mut runner).unwrap().current())
        .collect()
}

/// A minimal 5.0 packet of the type that carries `context`'s properties,
/// with `properties` there, lent to `f` (a CONNECT's fields live here).
pub fn with_context_packet<R>(
    context: Context,
    properties: Properties<'_>,
    f: impl FnOnce(Packet<'_>) -> R,
) -> R {
    let filters = [SubscribeFilter {
        filter: "a/+",
        options: SubscriptionOptions::qos(QoS::AtLeastOnce),
    }];
    let connect = Connect {
        properties: if context == Context::Connect {
            properties
        } else {
            Properties::EMPTY
        },
        will: (context == Context::Will).then_some(Will {
            qos: QoS::AtMostOnce,
            retain: false,
            properties,
            topic: "will/topic",
            payload: b"gone",
        }),
        ..Connect::new(Version::V5, "device")
    };
    let ack = Ack {
        packet_id: 7,
        reason_code: ReasonCode(0x10),
        properties,
    };
    f(match context {
        Context::Connect | Context::Will => Packet::from(&connect),
        Context::Connack => Packet::Connack(Connack {
            properties,
            ..Connack::default()
        }),
        Context::Publish => Packet::Publish(Publish {
            properties,
            ..Publish::new("a/b", b"payload")
        }),
        Context::PublishAck => Packet::Puback(ack),
        Context::Subscribe => Packet::Subscribe(Subscribe {
            packet_id: 7,
            properties,
            filters: SubscribeFilters::from_list(&filters),
        }),
        Context::Suback => Packet::Suback(Suback {
            packet_id: 7,
            properties,
            reason_codes: &[0x01],
        }),
        Context::Unsubscribe => Packet::Unsubscribe(Unsubscribe {
            packet_id: 7,
            properties,
            filters: TopicFilters::from_list(&["a/#"]),
        }),
        Context::Unsuback => Packet::Unsuback(Unsuback {
            packet_id: 7,
            properties,
            reason_codes: &[0x00],
        }),
        Context::Disconnect => Packet::Disconnect(Disconnect {
            reason_code: ReasonCode(0x04),
            properties,
        }),
        Context::Auth => Packet::Auth(Auth {
            reason_code: ReasonCode(0x18),
            properties,
        }),
        other => panic!("{other:?}"),
    })
}
