//! The encoder keeps §2.2.2.2's property rules exactly as the decoder
//! does: a property list is refused where it is not allowed, where a
//! single-use property repeats, where a value is out of range or a string
//! holds U+0000, in every packet type, and every list it accepts decodes
//! back to itself. The encoder checks a list with masks and flags in one
//! pass; `Properties::check` checks it one property at a time, as the
//! decoder does, and the two must agree.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

mod support;

use iotm_mqtt_codec::property::{Context, id};
use iotm_mqtt_codec::{
    Connect, EncodeError, Packet, Properties, Property, Publish, QoS, Version, Will,
};
use support::{ALL_CONTEXTS, ALL_PROPERTY_IDS};

const CONTEXTS: [Context; 11] = ALL_CONTEXTS;
const IDS: [u8; 27] = ALL_PROPERTY_IDS;

/// A property with an in-range value.
fn valid(identifier: u8) -> Property<'static> {
    use Property as P;
    use id::*;
    match identifier {
        PAYLOAD_FORMAT_INDICATOR => P::PayloadFormatIndicator(1),
        MESSAGE_EXPIRY_INTERVAL => P::MessageExpiryInterval(256),
        CONTENT_TYPE => P::ContentType("text/plain"),
        RESPONSE_TOPIC => P::ResponseTopic("a/b"),
        CORRELATION_DATA => P::CorrelationData(b"\x00\x01"),
        SUBSCRIPTION_IDENTIFIER => P::SubscriptionIdentifier(200),
        SESSION_EXPIRY_INTERVAL => P::SessionExpiryInterval(256),
        ASSIGNED_CLIENT_IDENTIFIER => P::AssignedClientIdentifier("c"),
        SERVER_KEEP_ALIVE => P::ServerKeepAlive(10),
        AUTHENTICATION_METHOD => P::AuthenticationMethod("SCRAM-SHA-256"),
        AUTHENTICATION_DATA => P::AuthenticationData(b"\x00"),
        REQUEST_PROBLEM_INFORMATION => P::RequestProblemInformation(0),
        WILL_DELAY_INTERVAL => P::WillDelayInterval(256),
        REQUEST_RESPONSE_INFORMATION => P::RequestResponseInformation(1),
        RESPONSE_INFORMATION => P::ResponseInformation("r"),
        SERVER_REFERENCE => P::ServerReference("other.example"),
        REASON_STRING => P::ReasonString("because"),
        RECEIVE_MAXIMUM => P::ReceiveMaximum(10),
        TOPIC_ALIAS_MAXIMUM => P::TopicAliasMaximum(0),
        TOPIC_ALIAS => P::TopicAlias(10),
        MAXIMUM_QOS => P::MaximumQos(1),
        RETAIN_AVAILABLE => P::RetainAvailable(0),
        USER_PROPERTY => P::UserProperty("name", "a longer value, past two words"),
        MAXIMUM_PACKET_SIZE => P::MaximumPacketSize(256),
        WILDCARD_SUBSCRIPTION_AVAILABLE => P::WildcardSubscriptionAvailable(1),
        SUBSCRIPTION_IDENTIFIER_AVAILABLE => P::SubscriptionIdentifierAvailable(0),
        SHARED_SUBSCRIPTION_AVAILABLE => P::SharedSubscriptionAvailable(1),
        other => panic!("{other:#04x}"),
    }
}

/// Values each property's section refuses: ranges, and U+0000 in strings
/// (short ones, and ones past two machine words, which are copied apart).
fn refused(identifier: u8) -> Vec<Property<'static>> {
    use Property as P;
    use id::*;
    match identifier {
        PAYLOAD_FORMAT_INDICATOR => vec![P::PayloadFormatIndicator(2)],
        SUBSCRIPTION_IDENTIFIER => vec![
            P::SubscriptionIdentifier(0),
            P::SubscriptionIdentifier(268_435_456),
        ],
        REQUEST_PROBLEM_INFORMATION => vec![P::RequestProblemInformation(2)],
        REQUEST_RESPONSE_INFORMATION => vec![P::RequestResponseInformation(255)],
        RECEIVE_MAXIMUM => vec![P::ReceiveMaximum(0)],
        TOPIC_ALIAS => vec![P::TopicAlias(0)],
        MAXIMUM_QOS => vec![P::MaximumQos(2)],
        RETAIN_AVAILABLE => vec![P::RetainAvailable(2)],
        MAXIMUM_PACKET_SIZE => vec![P::MaximumPacketSize(0)],
        WILDCARD_SUBSCRIPTION_AVAILABLE => vec![P::WildcardSubscriptionAvailable(2)],
        SUBSCRIPTION_IDENTIFIER_AVAILABLE => vec![P::SubscriptionIdentifierAvailable(7)],
        SHARED_SUBSCRIPTION_AVAILABLE => vec![P::SharedSubscriptionAvailable(2)],
        CONTENT_TYPE => vec![P::ContentType("a\0"), P::ContentType("text/plain; x=\0")],
        RESPONSE_TOPIC => vec![P::ResponseTopic("\0")],
        ASSIGNED_CLIENT_IDENTIFIER => vec![P::AssignedClientIdentifier("c\0c")],
        AUTHENTICATION_METHOD => vec![P::AuthenticationMethod("SCRAM\0")],
        RESPONSE_INFORMATION => vec![P::ResponseInformation("0123456789abcdef\0")],
        SERVER_REFERENCE => vec![P::ServerReference("\0other")],
        REASON_STRING => vec![P::ReasonString("bec\0ause")],
        USER_PROPERTY => vec![
            P::UserProperty("k\0", "v"),
            P::UserProperty("k", "a longer value, past two words\0"),
        ],
        _ => Vec::new(),
    }
}

/// Encodes a packet of `context` carrying `list`, into a roomy buffer and
/// into one exactly the size the encoder asks for.
fn encode(context: Context, list: &[Property<'_>]) -> Result<Vec<u8>, EncodeError> {
    support::with_context_packet(context, Properties::from_list(list), |packet| {
        encode_checked(context, list, packet)
    })
}

/// Encodes `packet` into a roomy buffer and one exactly the size asked for.
fn encode_checked(
    context: Context,
    list: &[Property<'_>],
    packet: Packet<'_>,
) -> Result<Vec<u8>, EncodeError> {
    let mut roomy = [0u8; 512];
    let result = packet.encode(Version::V5, &mut roomy).map(<[u8]>::to_vec);
    let len = packet.encoded_len(Version::V5);
    match (&result, len) {
        (Ok(bytes), Ok(len)) => {
            assert_eq!(bytes.len(), len);
            let mut exact = vec![0u8; len];
            packet.encode(Version::V5, &mut exact).unwrap();
            assert_eq!(&exact, bytes);
            // Decoded, the same properties come back, in order.
            let (decoded, _) = Packet::decode(bytes, Version::V5).unwrap();
            assert_eq!(decoded, packet);
        }
        (Err(_), Err(_)) => {}
        (result, len) => panic!("{context:?} {list:?}: encode {result:?}, encoded_len {len:?}"),
    }
    result
}

/// The encoder's verdict on `list` in `context` is `expected`, and that of
/// `Properties::check` (the decoder's rules) too.
fn assert_verdict(context: Context, list: &[Property<'_>], expected: bool) {
    let encoded = encode(context, list);
    assert_eq!(
        encoded.is_ok(),
        expected,
        "{context:?} {list:?}: {encoded:?}"
    );
    assert_eq!(
        Properties::from_list(list).check(context).is_ok(),
        expected,
        "{context:?} {list:?}"
    );
}

#[test]
fn mqtt5_2_2_2_2_encoder_refuses_a_property_not_allowed_in_each_packet_type() {
    let mut allowed = 0;
    for context in CONTEXTS {
        for identifier in IDS {
            assert_verdict(context, &[valid(identifier)], context.allows(identifier));
            // After an allowed one, too: the verdict is the list's.
            let list = [valid(id::USER_PROPERTY), valid(identifier)];
            assert_verdict(context, &list, context.allows(identifier));
            allowed += usize::from(context.allows(identifier));
        }
    }
    assert_eq!(allowed, 58);
}

#[test]
fn mqtt5_2_2_2_2_encoder_refuses_a_single_use_property_twice() {
    for context in CONTEXTS {
        for identifier in IDS.into_iter().filter(|&i| context.allows(i)) {
            let twice = [
                valid(identifier),
                valid(id::USER_PROPERTY),
                valid(identifier),
            ];
            assert_verdict(context, &twice, context.allows_repeat(identifier));
        }
    }
}

#[test]
fn mqtt5_2_2_2_2_encoder_refuses_values_out_of_range_and_null_characters() {
    let mut checked = 0;
    for context in CONTEXTS {
        for identifier in IDS.into_iter().filter(|&i| context.allows(i)) {
            for bad in refused(identifier) {
                assert!(!bad.value_in_range(), "{bad:?}");
                assert_verdict(context, &[bad], false);
                assert_verdict(context, &[valid(id::USER_PROPERTY), bad], false);
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "{checked}");
}

#[test]
fn mqtt_1_5_4_property_strings_longer_than_65535_bytes_are_too_large() {
    let long = "x".repeat(65_536);
    for list in [
        [Property::UserProperty(&long, "v")],
        [Property::UserProperty("k", &long)],
        [Property::ContentType(&long)],
        [Property::CorrelationData(long.as_bytes())],
    ] {
        let mut buf = vec![0u8; 70_000];
        let publish = Packet::Publish(Publish {
            properties: Properties::from_list(&list),
            ..Publish::new("a/b", b"")
        });
        assert!(
            matches!(
                publish.encode(Version::V5, &mut buf),
                Err(EncodeError::ValueTooLarge { .. })
            ),
            "{list:?}"
        );
        assert!(publish.encoded_len(Version::V5).is_err());
    }
}

#[test]
fn mqtt_3_1_3_11_encoder_refuses_a_will_topic_that_is_no_topic_name() {
    for (topic, valid) in [
        ("a/b", true),
        ("sensors/device-42/status/long/enough", true),
        ("", false),
        ("+", false),
        ("a/#", false),
        ("sensors/device-42/status#", false),
        ("sensors/device-42/+/status/and/more/levels", false),
        ("a\0", false),
        ("sensors/device-42/status\0", false),
    ] {
        for version in [Version::V3_1_1, Version::V5] {
            let connect = Connect {
                will: Some(Will {
                    qos: QoS::AtLeastOnce,
                    retain: true,
                    properties: Properties::EMPTY,
                    topic,
                    payload: b"gone",
                }),
                user_name: Some("user"),
                password: Some(b"secret"),
                ..Connect::new(version, "device")
            };
            let packet = Packet::from(&connect);
            let mut roomy = [0u8; 256];
            let encoded = packet.encode(version, &mut roomy).map(<[u8]>::to_vec);
            assert_eq!(encoded.is_ok(), valid, "{topic:?} {version:?}");
            assert_eq!(packet.encoded_len(version).is_ok(), valid, "{topic:?}");
            // A rule broken is reported before a buffer too small.
            let short = packet.encode(version, &mut roomy[..5]);
            assert_eq!(
                matches!(short, Err(EncodeError::BufferTooSmall { .. })),
                valid,
                "{topic:?} {short:?}"
            );
            if let Ok(bytes) = encoded {
                assert_eq!(Packet::decode(&bytes, version).unwrap().0, packet);
            }
        }
    }
}
