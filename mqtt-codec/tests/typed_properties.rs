//! Typed property sets (`PublishProperties`, `WillProperties`,
//! `ConnectProperties`) encode exactly as the same properties in a list do:
//! the same bytes, the same verdict on every value, in their own packet and
//! in any other; they iterate in wire order; a decoder gives back the list.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

mod support;

use iotm_mqtt_codec::property::{
    ConnectProperties, Context, PublishProperties, WillProperties, id,
};
use iotm_mqtt_codec::{EncodeError, Packet, Properties, Property, Rule, Version};
use proptest::prelude::*;

/// Encodes into a roomy buffer and one exactly the size asked for (both
/// must agree), or the error.
fn encode(context: Context, properties: Properties<'_>) -> Result<Vec<u8>, EncodeError> {
    support::with_context_packet(context, properties, |packet| {
        let mut roomy = [0u8; 1024];
        let result = packet.encode(Version::V5, &mut roomy).map(<[u8]>::to_vec);
        if let Ok(bytes) = &result {
            let mut exact = vec![0u8; packet.encoded_len(Version::V5).unwrap()];
            assert_eq!(packet.encode(Version::V5, &mut exact).unwrap(), &bytes[..]);
            let (decoded, _) = Packet::decode(bytes, Version::V5).unwrap();
            assert_eq!(decoded, packet);
        } else {
            // A rule broken is reported before a buffer too small.
            let short = packet.encode(Version::V5, &mut roomy[..3]);
            assert!(
                !matches!(short, Err(EncodeError::BufferTooSmall { .. })),
                "{short:?}"
            );
        }
        result
    })
}

/// The typed set and the list of its properties give the same bytes or
/// both are refused, and `check` agrees.
fn assert_same_as_list(context: Context, typed: Properties<'_>) {
    let list: Vec<Property<'_>> = typed.iter().collect();
    let listed = Properties::from_list(&list);
    assert_eq!(typed, listed);
    let (a, b) = (encode(context, typed), encode(context, listed));
    assert_eq!(a.is_ok(), b.is_ok(), "{context:?} {list:?}: {a:?} {b:?}");
    if let (Ok(a), Ok(b)) = (&a, &b) {
        assert_eq!(a, b, "{context:?} {list:?}");
    }
    assert_eq!(typed.check(context).is_ok(), a.is_ok(), "{list:?}");
}

const PAIRS: [(&str, &str); 3] = [("k", "v"), ("unit", "celsius"), ("longer name", "")];

fn full_publish() -> PublishProperties<'static> {
    PublishProperties {
        payload_format_indicator: Some(1),
        message_expiry_interval: Some(3600),
        topic_alias: Some(7),
        response_topic: Some("sensors/device-42/response"),
        correlation_data: Some(b"request-0001"),
        user_properties: &PAIRS,
        subscription_identifiers: &[1, 268_435_455],
        content_type: Some("application/json"),
    }
}

fn full_will() -> WillProperties<'static> {
    WillProperties {
        will_delay_interval: Some(30),
        payload_format_indicator: Some(0),
        message_expiry_interval: Some(600),
        content_type: Some("text/plain"),
        response_topic: Some("a/b"),
        correlation_data: Some(b""),
        user_properties: &PAIRS,
    }
}

fn full_connect() -> ConnectProperties<'static> {
    ConnectProperties {
        session_expiry_interval: Some(0),
        receive_maximum: Some(20),
        maximum_packet_size: Some(65_536),
        topic_alias_maximum: Some(0),
        request_response_information: Some(1),
        request_problem_information: Some(0),
        user_properties: &PAIRS,
        authentication_method: Some("SCRAM-SHA-256"),
        authentication_data: Some(b"client-first-message"),
    }
}

#[test]
fn typed_sets_iterate_their_fields_in_wire_order() {
    let publish = full_publish();
    let items: Vec<_> = Properties::from(&publish).iter().collect();
    let mut expected = vec![
        Property::PayloadFormatIndicator(1),
        Property::MessageExpiryInterval(3600),
        Property::TopicAlias(7),
        Property::ResponseTopic("sensors/device-42/response"),
        Property::CorrelationData(b"request-0001"),
    ];
    expected.extend(PAIRS.iter().map(|&(k, v)| Property::UserProperty(k, v)));
    expected.extend([
        Property::SubscriptionIdentifier(1),
        Property::SubscriptionIdentifier(268_435_455),
        Property::ContentType("application/json"),
    ]);
    assert_eq!(items, expected);
    // Absent fields are skipped, wherever they stand.
    let sparse = PublishProperties {
        message_expiry_interval: Some(1),
        subscription_identifiers: &[5],
        ..PublishProperties::default()
    };
    let items: Vec<_> = Properties::from(&sparse).iter().collect();
    assert_eq!(
        items,
        [
            Property::MessageExpiryInterval(1),
            Property::SubscriptionIdentifier(5)
        ]
    );
    assert!(Properties::from(&PublishProperties::default()).is_empty());
    assert_eq!(Properties::from(&full_will()).iter().count(), 6 + 3);
    assert_eq!(Properties::from(&full_connect()).iter().count(), 8 + 3);
}

#[test]
fn typed_sets_encode_as_their_lists_do_in_their_own_packet() {
    assert_same_as_list(Context::Publish, Properties::from(&full_publish()));
    assert_same_as_list(Context::Will, Properties::from(&full_will()));
    assert_same_as_list(Context::Connect, Properties::from(&full_connect()));
    for context in [Context::Publish, Context::Will, Context::Connect] {
        assert_same_as_list(context, Properties::from(&PublishProperties::default()));
    }
    // An empty set is no properties at all: the same bytes as none.
    let empty = PublishProperties::default();
    assert_eq!(
        encode(Context::Publish, Properties::from(&empty)).unwrap(),
        encode(Context::Publish, Properties::EMPTY).unwrap()
    );
}

#[test]
fn mqtt5_2_2_2_2_a_typed_set_elsewhere_is_held_to_that_packets_set() {
    // A PUBLISH set in a CONNECT: its Topic Alias is not allowed there.
    let publish = full_publish();
    let typed = Properties::from(&publish);
    assert_eq!(
        typed.check(Context::Connect),
        Err(Rule::PropertyNotAllowed(id::PAYLOAD_FORMAT_INDICATOR))
    );
    assert_same_as_list(Context::Connect, typed);
    assert_same_as_list(Context::Connack, typed);
    // Only what the other packet allows: accepted there.
    let users_only = PublishProperties {
        user_properties: &PAIRS,
        ..PublishProperties::default()
    };
    assert!(encode(Context::Connack, Properties::from(&users_only)).is_ok());
    assert_same_as_list(Context::Connack, Properties::from(&users_only));
    // Subscription Identifiers repeat in PUBLISH only.
    let two_ids = PublishProperties {
        subscription_identifiers: &[1, 2],
        ..PublishProperties::default()
    };
    assert!(encode(Context::Publish, Properties::from(&two_ids)).is_ok());
    assert!(encode(Context::Will, Properties::from(&two_ids)).is_err());
    // A Will's set in a PUBLISH: Will Delay Interval is not allowed there.
    let will = full_will();
    assert!(encode(Context::Publish, Properties::from(&will)).is_err());
    assert_same_as_list(Context::Publish, Properties::from(&will));
    assert_same_as_list(Context::Connect, Properties::from(&will));
    let connect = full_connect();
    assert_same_as_list(Context::Publish, Properties::from(&connect));
    assert_same_as_list(Context::Connack, Properties::from(&connect));
}

#[test]
fn typed_sets_refuse_values_out_of_range() {
    let refused_publish = [
        PublishProperties {
            payload_format_indicator: Some(2),
            ..PublishProperties::default()
        },
        PublishProperties {
            topic_alias: Some(0),
            ..PublishProperties::default()
        },
        PublishProperties {
            subscription_identifiers: &[5, 0],
            ..PublishProperties::default()
        },
        PublishProperties {
            subscription_identifiers: &[268_435_456],
            ..PublishProperties::default()
        },
    ];
    for set in &refused_publish {
        assert!(
            encode(Context::Publish, Properties::from(set)).is_err(),
            "{set:?}"
        );
        assert_same_as_list(Context::Publish, Properties::from(set));
    }
    let refused_connect = [
        ConnectProperties {
            receive_maximum: Some(0),
            ..ConnectProperties::default()
        },
        ConnectProperties {
            maximum_packet_size: Some(0),
            ..ConnectProperties::default()
        },
        ConnectProperties {
            request_response_information: Some(2),
            ..ConnectProperties::default()
        },
        ConnectProperties {
            request_problem_information: Some(9),
            ..ConnectProperties::default()
        },
    ];
    for set in &refused_connect {
        assert!(
            encode(Context::Connect, Properties::from(set)).is_err(),
            "{set:?}"
        );
        assert_same_as_list(Context::Connect, Properties::from(set));
    }
    let will = WillProperties {
        payload_format_indicator: Some(3),
        ..WillProperties::default()
    };
    assert!(encode(Context::Will, Properties::from(&will)).is_err());
}

/// Calls `f` with each typed set holding `text` in one string slot (and,
/// if `binary`, its bytes in one Binary Data slot), in the set's own
/// packet: every string each packet's encoder writes.
fn each_slot(text: &str, binary: bool, mut f: impl FnMut(Context, Properties<'_>)) {
    let key = [(text, "v")];
    let value = [("k", text)];
    let bytes = binary.then_some(text.as_bytes());
    let publish = [
        PublishProperties {
            response_topic: Some(text),
            ..PublishProperties::default()
        },
        PublishProperties {
            content_type: Some(text),
            ..PublishProperties::default()
        },
        PublishProperties {
            user_properties: &key,
            ..PublishProperties::default()
        },
        PublishProperties {
            user_properties: &value,
            ..PublishProperties::default()
        },
        PublishProperties {
            correlation_data: bytes,
            ..PublishProperties::default()
        },
    ];
    // Without `binary`, the last set of each packet is empty: left out.
    let sets = publish.len() - usize::from(!binary);
    for set in &publish[..sets] {
        f(Context::Publish, Properties::from(set));
    }
    let will = [
        WillProperties {
            content_type: Some(text),
            ..WillProperties::default()
        },
        WillProperties {
            response_topic: Some(text),
            ..WillProperties::default()
        },
        WillProperties {
            user_properties: &key,
            ..WillProperties::default()
        },
        WillProperties {
            user_properties: &value,
            ..WillProperties::default()
        },
        WillProperties {
            correlation_data: bytes,
            ..WillProperties::default()
        },
    ];
    for set in &will[..sets] {
        f(Context::Will, Properties::from(set));
    }
    let connect = [
        ConnectProperties {
            authentication_method: Some(text),
            ..ConnectProperties::default()
        },
        ConnectProperties {
            user_properties: &key,
            ..ConnectProperties::default()
        },
        ConnectProperties {
            user_properties: &value,
            ..ConnectProperties::default()
        },
        ConnectProperties {
            authentication_data: bytes,
            ..ConnectProperties::default()
        },
    ];
    for set in &connect[..connect.len() - usize::from(!binary)] {
        f(Context::Connect, Properties::from(set));
    }
}

#[test]
fn mqtt_1_5_4_2_typed_sets_refuse_null_characters_in_every_string() {
    // Every length up to five words (strings of up to four are copied in
    // registers, by length class) and every place of the U+0000.
    let clean = "abcdefgh/ijklmnop/qrstuvwx/yzABCDEF/GHIJ";
    for len in 0..=clean.len() {
        let text = &clean[..len];
        each_slot(text, false, |context, set| {
            assert!(encode(context, set).is_ok(), "{context:?} {text:?}");
        });
        for at in 0..len {
            let mut bad = text.as_bytes().to_vec();
            bad[at] = 0;
            let bad = String::from_utf8(bad).unwrap();
            each_slot(&bad, false, |context, set| {
                assert!(encode(context, set).is_err(), "{context:?} {bad:?}");
                assert_same_as_list(context, set);
            });
        }
    }
}

#[test]
fn mqtt_1_5_4_typed_set_strings_longer_than_65535_bytes_are_too_large() {
    let mut buf = vec![0u8; 70_000];
    for (len, fits) in [(65_535, true), (65_536, false)] {
        let long = "x".repeat(len);
        let mut slots = 0;
        each_slot(&long, true, |context, set| {
            slots += 1;
            let (encoded, encoded_len) = support::with_context_packet(context, set, |packet| {
                (
                    packet.encode(Version::V5, &mut buf).map(<[u8]>::len),
                    packet.encoded_len(Version::V5),
                )
            });
            if fits {
                assert_eq!(encoded.unwrap(), encoded_len.unwrap(), "{context:?}");
            } else {
                assert!(
                    matches!(encoded, Err(EncodeError::ValueTooLarge { .. })),
                    "{context:?} {encoded:?}"
                );
                assert!(encoded_len.is_err(), "{context:?}");
            }
        });
        assert_eq!(slots, 14);
    }
}

fn text() -> impl Strategy<Value = String> {
    // Mostly short, sometimes long, sometimes holding U+0000.
    prop_oneof![
        4 => "[a-z/]{0,20}",
        1 => "[a-z\u{0}é]{0,40}",
    ]
}

fn pairs() -> impl Strategy<Value = Vec<(String, String)>> {
    prop::collection::vec((text(), text()), 0..4)
}

fn small() -> impl Strategy<Value = Option<u8>> {
    prop::option::of(0u8..3)
}

fn two() -> impl Strategy<Value = Option<u16>> {
    prop::option::of(prop_oneof![Just(0u16), any::<u16>()])
}

fn four() -> impl Strategy<Value = Option<u32>> {
    prop::option::of(prop_oneof![Just(0u32), any::<u32>()])
}

fn context() -> impl Strategy<Value = Context> {
    prop_oneof![
        Just(Context::Publish),
        Just(Context::Will),
        Just(Context::Connect),
        Just(Context::Connack),
    ]
}

proptest! {
    #[test]
    fn any_publish_set_encodes_as_its_list(
        (pfi, mei, ta) in (small(), four(), two()),
        (rt, cd, ct) in (prop::option::of(text()), prop::option::of(text()), prop::option::of(text())),
        users in pairs(),
        ids in prop::collection::vec(prop_oneof![Just(0u32), 1u32..300, Just(268_435_456)], 0..3),
        context in context(),
    ) {
        let users: Vec<(&str, &str)> = users.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let set = PublishProperties {
            payload_format_indicator: pfi,
            message_expiry_interval: mei,
            topic_alias: ta,
            response_topic: rt.as_deref(),
            correlation_data: cd.as_deref().map(str::as_bytes),
            user_properties: &users,
            subscription_identifiers: &ids,
            content_type: ct.as_deref(),
        };
        assert_same_as_list(context, Properties::from(&set));
    }

    #[test]
    fn any_will_set_encodes_as_its_list(
        (wdi, pfi, mei) in (four(), small(), four()),
        (ct, rt, cd) in (prop::option::of(text()), prop::option::of(text()), prop::option::of(text())),
        users in pairs(),
        context in context(),
    ) {
        let users: Vec<(&str, &str)> = users.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let set = WillProperties {
            will_delay_interval: wdi,
            payload_format_indicator: pfi,
            message_expiry_interval: mei,
            content_type: ct.as_deref(),
            response_topic: rt.as_deref(),
            correlation_data: cd.as_deref().map(str::as_bytes),
            user_properties: &users,
        };
        assert_same_as_list(context, Properties::from(&set));
    }

    #[test]
    fn any_connect_set_encodes_as_its_list(
        (sei, rm, mps, tam) in (four(), two(), four(), two()),
        (rri, rpi) in (small(), small()),
        (am, ad) in (prop::option::of(text()), prop::option::of(text())),
        users in pairs(),
        context in context(),
    ) {
        let users: Vec<(&str, &str)> = users.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let set = ConnectProperties {
            session_expiry_interval: sei,
            receive_maximum: rm,
            maximum_packet_size: mps,
            topic_alias_maximum: tam,
            request_response_information: rri,
            request_problem_information: rpi,
            user_properties: &users,
            authentication_method: am.as_deref(),
            authentication_data: ad.as_deref().map(str::as_bytes),
        };
        assert_same_as_list(context, Properties::from(&set));
    }
}
