//! One test per normative statement the codec enforces, named after it:
//! literal bytes in, the exact [`Rule`] and byte offset out. Statements of
//! MQTT 5.0 are `mqtt_<id>` (the `[MQTT-x.y.z-n]` id) or `mqtt5_<section>`
//! for rules the specification states without an id; 3.1.1 ids are named in
//! the test's comment where they differ. What the unit tests in `src/`
//! already pin down is not repeated here; these add the other packet types,
//! the other version, other fields and the edges.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "test code"
)]

use iotm_mqtt_codec::property::{Context, id};
use iotm_mqtt_codec::{ErrorKind, FixedHeader, Packet, PacketType, Property, Rule, Version};

const V3: Version = Version::V3_1_1;
const V5: Version = Version::V5;
const BOTH: [Version; 2] = [V3, V5];

/// A packet with a one-byte Remaining Length: `first`, `body.len()`, `body`.
/// An offset `n` in `body` is `2 + n` in the packet.
fn packet(first: u8, body: &[u8]) -> Vec<u8> {
    assert!(body.len() < 128, "one-byte Remaining Length only");
    let mut bytes = vec![first, body.len() as u8];
    bytes.extend_from_slice(body);
    bytes
}

/// The rule `bytes` break and its offset; panics if they decode or are incomplete.
fn malformed(bytes: &[u8], version: Version) -> (Rule, usize) {
    match Packet::decode(bytes, version) {
        Ok((p, _)) => panic!("{bytes:02x?} decoded as {p:?} ({version:?})"),
        Err(e) => match e.kind() {
            ErrorKind::Malformed(rule) => (rule, e.offset()),
            other => panic!("{bytes:02x?}: {other:?} at {} ({version:?})", e.offset()),
        },
    }
}

fn assert_malformed(bytes: &[u8], version: Version, rule: Rule, offset: usize) {
    assert_eq!(
        malformed(bytes, version),
        (rule, offset),
        "{bytes:02x?} ({version:?})"
    );
}

/// CONNECT body: "MQTT", `level`, `flags`, keep-alive 60, then `rest`
/// (5.0: the properties onward). `rest` starts at packet offset 12.
fn connect(level: u8, flags: u8, rest: &[u8]) -> Vec<u8> {
    let mut body = vec![0x00, 0x04, b'M', b'Q', b'T', b'T', level, flags, 0x00, 0x3c];
    body.extend_from_slice(rest);
    packet(0x10, &body)
}

// ------------------------------------------------------------- §1.5 data

#[test]
fn mqtt_1_5_4_1_surrogate_in_topic_name_is_malformed() {
    // 3.1.1: [MQTT-1.5.3-1]. "a" then U+D800 as ED A0 80.
    assert_malformed(
        &packet(0x30, &[0x00, 0x04, b'a', 0xed, 0xa0, 0x80]),
        V3,
        Rule::InvalidUtf8,
        5,
    );
    assert_malformed(
        &packet(0x30, &[0x00, 0x04, b'a', 0xed, 0xa0, 0x80, 0x00]),
        V5,
        Rule::InvalidUtf8,
        5,
    );
}

#[test]
fn mqtt_1_5_4_1_overlong_form_in_client_id_is_malformed() {
    // '/' as the overlong C0 AF.
    assert_malformed(
        &connect(4, 0x02, &[0x00, 0x02, 0xc0, 0xaf]),
        V3,
        Rule::InvalidUtf8,
        14,
    );
    // 5.0: after an empty property list.
    assert_malformed(
        &connect(5, 0x02, &[0x00, 0x00, 0x02, 0xc0, 0xaf]),
        V5,
        Rule::InvalidUtf8,
        15,
    );
}

#[test]
fn mqtt_1_5_4_1_three_byte_overlong_form_in_user_name_is_malformed() {
    // Client id "c", then user name E0 80 AF (overlong '/').
    let bytes = connect(4, 0x82, &[0x00, 0x01, b'c', 0x00, 0x03, 0xe0, 0x80, 0xaf]);
    assert_malformed(&bytes, V3, Rule::InvalidUtf8, 17);
}

#[test]
fn mqtt_1_5_4_1_surrogate_in_user_property_is_malformed() {
    // PUBLISH "t", User Property "a" = U+DC00 (ED B0 80).
    let props = [0x26, 0x00, 0x01, b'a', 0x00, 0x03, 0xed, 0xb0, 0x80];
    let mut body = vec![0x00, 0x01, b't', props.len() as u8];
    body.extend_from_slice(&props);
    assert_malformed(&packet(0x30, &body), V5, Rule::InvalidUtf8, 12);
}

#[test]
fn mqtt_1_5_4_1_truncated_sequence_in_topic_filter_is_malformed() {
    // SUBSCRIBE "a" then a lone lead byte C3.
    let bytes = packet(0x82, &[0x00, 0x01, 0x00, 0x02, b'a', 0xc3, 0x00]);
    assert_malformed(&bytes, V3, Rule::InvalidUtf8, 7);
}

#[test]
fn mqtt_1_5_4_1_code_point_above_u_10ffff_in_reason_string_is_malformed() {
    // DISCONNECT 0x00 with Reason String F4 90 80 80 (U+110000).
    let bytes = packet(
        0xe0,
        &[0x00, 0x07, 0x1f, 0x00, 0x04, 0xf4, 0x90, 0x80, 0x80],
    );
    assert_malformed(&bytes, V5, Rule::InvalidUtf8, 7);
}

#[test]
fn mqtt_1_5_4_2_null_character_in_client_id_is_malformed() {
    // 3.1.1: [MQTT-1.5.3-2].
    assert_malformed(
        &connect(4, 0x02, &[0x00, 0x02, b'a', 0x00]),
        V3,
        Rule::NullCharacter,
        15,
    );
}

#[test]
fn mqtt_1_5_4_2_null_character_in_topic_filter_is_malformed() {
    let bytes = packet(0x82, &[0x00, 0x01, 0x00, 0x03, b'a', b'/', 0x00, 0x00]);
    assert_malformed(&bytes, V3, Rule::NullCharacter, 8);
}

#[test]
fn mqtt_1_5_4_2_null_character_in_user_property_name_is_malformed() {
    // UNSUBSCRIBE with User Property "\0" = "b", filter "a".
    let bytes = packet(
        0xa2,
        &[
            0x00, 0x01, 0x07, 0x26, 0x00, 0x01, 0x00, 0x00, 0x01, b'b', 0x00, 0x01, b'a',
        ],
    );
    assert_malformed(&bytes, V5, Rule::NullCharacter, 8);
}

#[test]
fn mqtt_1_5_4_2_null_character_in_will_topic_is_malformed() {
    let bytes = connect(4, 0x06, &[0x00, 0x01, b'c', 0x00, 0x01, 0x00, 0x00, 0x00]);
    assert_malformed(&bytes, V3, Rule::NullCharacter, 17);
}

/// [MQTT-1.5.4-2] on the encode side: a string with U+0000 in any field
/// is refused, with room for the packet and without, in both versions, so
/// the encoder never writes what its decoder refuses.
#[test]
fn mqtt_1_5_4_2_null_character_is_refused_by_the_encoder_in_every_string() {
    use iotm_mqtt_codec::{
        Connect, Properties, Property, Publish, QoS, Subscribe, SubscribeFilter, SubscribeFilters,
        SubscriptionOptions, TopicFilters, Unsubscribe, Will,
    };
    let filters = [SubscribeFilter {
        filter: "a/\0/#",
        options: SubscriptionOptions::qos(QoS::AtLeastOnce),
    }];
    let unsubscribe_filters = ["a/+", "sensors/\0"];
    let will = Will {
        qos: QoS::AtMostOnce,
        retain: false,
        properties: Properties::EMPTY,
        topic: "last/\0will",
        payload: b"gone",
    };
    let mut with_will = Connect::new(V5, "client");
    with_will.will = Some(will);
    let mut with_user = Connect::new(V5, "client");
    with_user.user_name = Some("us\0er");
    let nul_client_id = Connect::new(V5, "cli\0ent");
    let packets = [
        Packet::Publish(Publish::new("sensors/\0/t", b"x")),
        Packet::Publish(Publish::new(
            "a-rather-long-topic-name/with/levels/\0",
            b"x",
        )),
        Packet::Subscribe(Subscribe {
            packet_id: 1,
            properties: Properties::EMPTY,
            filters: SubscribeFilters::from_list(&filters),
        }),
        Packet::Unsubscribe(Unsubscribe {
            packet_id: 1,
            properties: Properties::EMPTY,
            filters: TopicFilters::from_list(&unsubscribe_filters),
        }),
        Packet::from(&nul_client_id),
        Packet::from(&with_will),
        Packet::from(&with_user),
    ];
    // 5.0 property strings: a user property's key or value, a content type;
    // short and long (a word-at-a-time scan reads them differently).
    let property_lists = [
        [Property::UserProperty("k\0", "v")],
        [Property::UserProperty(
            "key",
            "a-longer-value-\0-past-a-word",
        )],
        [Property::ContentType("text/\0")],
    ];
    for list in &property_lists {
        let mut publish = Publish::new("sensors/t", b"x");
        publish.properties = Properties::from_list(list);
        for len in [256, 3] {
            let mut buf = [0u8; 256];
            let result = Packet::Publish(publish).encode(V5, &mut buf[..len]);
            assert!(
                matches!(result, Err(iotm_wire::EncodeError::Invalid { .. })),
                "{list:?} into {len} bytes: {result:?}"
            );
        }
    }
    for packet in packets {
        for version in BOTH {
            let mut buf = [0u8; 256];
            let roomy = packet.encode(version, &mut buf);
            assert!(
                matches!(roomy, Err(iotm_wire::EncodeError::Invalid { .. })),
                "{packet:?} ({version:?}): {roomy:?}"
            );
            let short = packet.encode(version, &mut buf[..3]);
            assert!(
                matches!(short, Err(iotm_wire::EncodeError::Invalid { .. })),
                "{packet:?} ({version:?}) into 3 bytes: {short:?}"
            );
        }
    }
}

#[test]
fn mqtt_1_5_4_3_byte_order_mark_is_kept_not_stripped() {
    // 3.1.1: [MQTT-1.5.3-3]. Topic "\u{feff}a".
    for version in BOTH {
        let mut body = vec![0x00, 0x04, 0xef, 0xbb, 0xbf, b'a'];
        if version.is_v5() {
            body.push(0x00);
        }
        let bytes = packet(0x30, &body);
        let (p, _) = Packet::decode(&bytes, version).unwrap();
        let Packet::Publish(publish) = p else {
            panic!("{p:?}")
        };
        assert_eq!(publish.topic, "\u{feff}a");
    }
}

#[test]
fn mqtt_1_5_5_remaining_length_over_four_bytes() {
    // 3.1.1: §2.2.3.
    for version in BOTH {
        assert_malformed(
            &[0x30, 0xff, 0xff, 0xff, 0xff, 0x01],
            version,
            Rule::VariableByteIntegerTooLong,
            1,
        );
        // Four continuation bytes are already too many, whatever follows.
        assert_malformed(
            &[0xc0, 0x80, 0x80, 0x80, 0x80],
            version,
            Rule::VariableByteIntegerTooLong,
            1,
        );
    }
}

#[test]
fn mqtt_1_5_5_property_length_over_four_bytes() {
    let bytes = packet(0x30, &[0x00, 0x01, b't', 0x80, 0x80, 0x80, 0x80, 0x01]);
    assert_malformed(&bytes, V5, Rule::VariableByteIntegerTooLong, 5);
}

#[test]
fn mqtt_1_5_5_1_non_minimal_remaining_length_in_5_0_only() {
    assert_malformed(
        &[0xc0, 0x80, 0x00],
        V5,
        Rule::VariableByteIntegerNotMinimal,
        1,
    );
    assert_malformed(
        &[0xc0, 0x80, 0x80, 0x00],
        V5,
        Rule::VariableByteIntegerNotMinimal,
        1,
    );
    // 3.1.1 has no such statement: the codec accepts the longer form.
    assert_eq!(
        Packet::decode(&[0xc0, 0x80, 0x00], V3).unwrap(),
        (Packet::Pingreq, 3)
    );
}

#[test]
fn mqtt_1_5_5_1_non_minimal_property_length() {
    // DISCONNECT 0x00, Property Length 80 00.
    assert_malformed(
        &packet(0xe0, &[0x00, 0x80, 0x00]),
        V5,
        Rule::VariableByteIntegerNotMinimal,
        3,
    );
}

#[test]
fn mqtt_1_5_5_1_non_minimal_subscription_identifier() {
    // SUBSCRIBE with Subscription Identifier 81 00 (1 in two bytes).
    let bytes = packet(
        0x82,
        &[0x00, 0x01, 0x03, 0x0b, 0x81, 0x00, 0x00, 0x01, b'a', 0x00],
    );
    assert_malformed(&bytes, V5, Rule::VariableByteIntegerNotMinimal, 6);
}

// ------------------------------------------------------- §2 fixed header

#[test]
fn mqtt5_2_1_2_packet_type_0_is_reserved() {
    for version in BOTH {
        for flags in 0..16 {
            assert_malformed(&[flags, 0x00], version, Rule::ReservedPacketType(0), 0);
        }
    }
}

#[test]
fn mqtt5_2_1_2_packet_type_15_is_auth_in_5_0_and_reserved_in_3_1_1() {
    assert_malformed(&[0xf0, 0x00], V3, Rule::NotInThisVersion, 0);
    assert!(Packet::decode(&[0xf0, 0x00], V5).is_ok());
}

#[test]
fn mqtt_2_1_3_1_reserved_flags_of_each_packet_type() {
    // 3.1.1: [MQTT-2.2.2-1]; PUBREL, SUBSCRIBE, UNSUBSCRIBE 0010
    // ([MQTT-3.6.1-1], [MQTT-3.8.1-1], [MQTT-3.10.1-1]); the rest 0000.
    let mut checked = 0;
    for nibble in 1u8..=15 {
        let packet_type = PacketType::from_nibble(nibble).unwrap();
        let Some(expected) = packet_type.fixed_flags() else {
            continue; // PUBLISH's flags are DUP, QoS and RETAIN.
        };
        for version in BOTH {
            if packet_type == PacketType::Auth && !version.is_v5() {
                continue;
            }
            let good = FixedHeader::decode(&[nibble << 4 | expected, 0x00], version).unwrap();
            assert_eq!((good.packet_type, good.flags), (packet_type, expected));
            for flags in (0u8..16).filter(|&f| f != expected) {
                // The flags are refused from the first byte, whatever follows.
                assert_malformed(
                    &[nibble << 4 | flags, 0x00],
                    version,
                    Rule::InvalidFixedHeaderFlags(packet_type),
                    0,
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, (13 + 14) * 15);
}

#[test]
fn mqtt_3_3_1_4_publish_with_both_qos_bits_set() {
    for version in BOTH {
        for first in [0x36, 0x37, 0x3e, 0x3f] {
            assert_malformed(&[first, 0x00], version, Rule::QosThree, 0);
        }
    }
}

#[test]
fn mqtt_3_3_1_2_dup_with_qos_0() {
    for version in BOTH {
        for first in [0x38, 0x39] {
            assert_malformed(
                &packet(first, &[0x00, 0x01, b't', 0x00]),
                version,
                Rule::DupWithQosZero,
                0,
            );
        }
    }
}

#[test]
fn mqtt_2_2_1_3_zero_packet_identifier_in_each_packet_type() {
    // 3.1.1: [MQTT-2.3.1-1].
    let cases: [(u8, &[u8], usize); 9] = [
        (0x32, &[0x00, 0x01, b't', 0x00, 0x00], 5),
        (0x34, &[0x00, 0x01, b't', 0x00, 0x00], 5),
        (0x40, &[0x00, 0x00], 2),
        (0x50, &[0x00, 0x00], 2),
        (0x62, &[0x00, 0x00], 2),
        (0x70, &[0x00, 0x00], 2),
        (0x82, &[0x00, 0x00, 0x00, 0x01, b'a', 0x00], 2),
        (0x90, &[0x00, 0x00, 0x00], 2),
        (0xa2, &[0x00, 0x00, 0x00, 0x01, b'a'], 2),
    ];
    for (first, body, offset) in cases {
        assert_malformed(&packet(first, body), V3, Rule::ZeroPacketIdentifier, offset);
    }
    assert_malformed(&[0xb0, 0x02, 0x00, 0x00], V3, Rule::ZeroPacketIdentifier, 2);
    // 5.0: the identifier comes before the properties.
    assert_malformed(
        &packet(0x32, &[0x00, 0x01, b't', 0x00, 0x00, 0x00]),
        V5,
        Rule::ZeroPacketIdentifier,
        5,
    );
    assert_malformed(
        &packet(0x90, &[0x00, 0x00, 0x00, 0x00]),
        V5,
        Rule::ZeroPacketIdentifier,
        2,
    );
}

#[test]
fn mqtt5_2_1_4_fields_must_fill_the_remaining_length_exactly() {
    for version in BOTH {
        // PINGREQ and PINGRESP have no body.
        assert_malformed(
            &[0xc0, 0x01, 0x00],
            version,
            Rule::RemainingLengthMismatch,
            2,
        );
        assert_malformed(
            &[0xd0, 0x01, 0x00],
            version,
            Rule::RemainingLengthMismatch,
            2,
        );
        // CONNACK cut after its flags.
        assert_malformed(
            &[0x20, 0x01, 0x00],
            version,
            Rule::RemainingLengthMismatch,
            3,
        );
        // A topic length running past the Remaining Length.
        assert_malformed(
            &[0x30, 0x03, 0x00, 0x05, b'a'],
            version,
            Rule::RemainingLengthMismatch,
            4,
        );
    }
    // A property running past the Property Length: Receive Maximum with one byte.
    assert_malformed(
        &packet(0x20, &[0x00, 0x00, 0x02, 0x21, 0x00]),
        V5,
        Rule::RemainingLengthMismatch,
        5,
    );
}

// ------------------------------------------------------------- §3.1 CONNECT

#[test]
fn mqtt_3_1_2_1_protocol_name_must_be_mqtt() {
    // MQTT 3.1's "MQIsdp", and the name in lower case.
    let mut body = vec![0x00, 0x06];
    body.extend_from_slice(b"MQIsdp");
    body.extend_from_slice(&[0x03, 0x02, 0x00, 0x3c, 0x00, 0x01, b'c']);
    assert_malformed(&packet(0x10, &body), V3, Rule::ProtocolName, 2);
    let mut lower = connect(4, 0x02, &[0x00, 0x01, b'c']);
    lower[4..8].copy_from_slice(b"mqtt");
    assert_malformed(&lower, V5, Rule::ProtocolName, 2);
}

#[test]
fn mqtt_3_1_2_2_unsupported_protocol_level() {
    for level in [0, 3, 6, 0x84] {
        assert_malformed(
            &connect(level, 0x02, &[0x00, 0x01, b'c']),
            V5,
            Rule::UnsupportedProtocolLevel(level),
            8,
        );
    }
}

#[test]
fn mqtt_3_1_2_3_reserved_connect_flag_in_5_0() {
    assert_malformed(
        &connect(5, 0x03, &[0x00, 0x00, 0x01, b'c']),
        V5,
        Rule::ConnectReservedFlag,
        9,
    );
}

#[test]
fn mqtt_3_1_2_11_will_qos_without_will_flag() {
    // 3.1.1: [MQTT-3.1.2-13]. Either Will QoS bit, in 5.0.
    for flags in [0x0a, 0x12] {
        assert_malformed(
            &connect(5, flags, &[0x00, 0x00, 0x01, b'c']),
            V5,
            Rule::WillQosWithoutWill,
            9,
        );
    }
}

#[test]
fn mqtt_3_1_2_12_will_qos_3() {
    // 3.1.1: [MQTT-3.1.2-14].
    assert_malformed(
        &connect(5, 0x1e, &[0x00, 0x00, 0x01, b'c']),
        V5,
        Rule::WillQosThree,
        9,
    );
}

#[test]
fn mqtt_3_1_2_13_will_retain_without_will_flag() {
    // 3.1.1: [MQTT-3.1.2-15].
    assert_malformed(
        &connect(5, 0x22, &[0x00, 0x00, 0x01, b'c']),
        V5,
        Rule::WillRetainWithoutWill,
        9,
    );
}

#[test]
fn mqtt_3_1_2_22_password_without_user_name_in_3_1_1_only() {
    // 5.0 dropped the statement: a password alone is fine there.
    let bytes = connect(5, 0x42, &[0x00, 0x00, 0x01, b'c', 0x00, 0x01, b'p']);
    let (p, _) = Packet::decode(&bytes, V5).unwrap();
    let Packet::Connect(c) = p else {
        panic!("{p:?}")
    };
    let c = c.fields();
    assert_eq!((c.user_name, c.password), (None, Some(&b"p"[..])));
    assert_malformed(
        &connect(4, 0x42, &[0x00, 0x01, b'c', 0x00, 0x01, b'p']),
        V3,
        Rule::PasswordWithoutUserName,
        9,
    );
}

#[test]
fn mqtt_3_1_3_11_will_topic_must_be_a_topic_name_without_wildcards() {
    // The Will Topic is a Topic Name: [MQTT-3.3.2-2] applies to it.
    let bytes = connect(
        4,
        0x06,
        &[0x00, 0x01, b'c', 0x00, 0x03, b'a', b'/', b'#', 0x00, 0x00],
    );
    assert_malformed(&bytes, V3, Rule::WildcardInTopicName, 19);
}

#[test]
fn mqtt_4_7_3_1_empty_will_topic() {
    let bytes = connect(4, 0x06, &[0x00, 0x01, b'c', 0x00, 0x00, 0x00, 0x00]);
    assert_malformed(&bytes, V3, Rule::EmptyTopic, 17);
}

// ------------------------------------------------------------- §3.2 CONNACK

#[test]
fn mqtt_3_2_2_1_connack_reserved_flags_in_5_0() {
    for flags in [0x02, 0x80, 0xfe] {
        assert_malformed(
            &packet(0x20, &[flags, 0x00, 0x00]),
            V5,
            Rule::ConnackReservedFlags,
            2,
        );
    }
}

#[test]
fn mqtt_3_2_2_6_session_present_with_a_refusal_in_3_1_1() {
    // 3.1.1: [MQTT-3.2.2-4], return codes 1 to 5.
    for code in 1..=5 {
        assert_malformed(
            &packet(0x20, &[0x01, code]),
            V3,
            Rule::SessionPresentWithError,
            2,
        );
    }
}

// ------------------------------------------------------------- §3.3 PUBLISH

#[test]
fn mqtt_3_3_2_2_wildcard_in_topic_name_in_5_0() {
    assert_malformed(
        &packet(0x30, &[0x00, 0x01, b'+', 0x00]),
        V5,
        Rule::WildcardInTopicName,
        4,
    );
    assert_malformed(
        &packet(0x32, &[0x00, 0x03, b'a', b'#', b'b', 0x00, 0x01, 0x00]),
        V5,
        Rule::WildcardInTopicName,
        5,
    );
}

#[test]
fn mqtt_4_7_3_1_empty_topic_name_in_3_1_1() {
    // 3.1.1 has no Topic Alias to stand in for it.
    assert_malformed(&packet(0x30, &[0x00, 0x00]), V3, Rule::EmptyTopic, 4);
    assert_malformed(
        &packet(0x32, &[0x00, 0x00, 0x00, 0x01]),
        V3,
        Rule::EmptyTopic,
        4,
    );
}

// ------------------------------------------- §3.8, §3.10 SUBSCRIBE, UNSUBSCRIBE

#[test]
fn mqtt_3_10_3_2_unsubscribe_with_properties_but_no_filter() {
    assert_malformed(
        &packet(0xa2, &[0x00, 0x01, 0x00]),
        V5,
        Rule::NoTopicFilter,
        5,
    );
}

#[test]
fn mqtt_3_8_3_5_reserved_subscription_option_bits() {
    // 3.1.1: [MQTT-3-8.3-4] (sic): bits 7-2 are reserved there.
    for bit in 6..8 {
        assert_malformed(
            &packet(0x82, &[0x00, 0x01, 0x00, 0x00, 0x01, b'a', 1 << bit]),
            V5,
            Rule::SubscriptionOptionsReserved,
            8,
        );
    }
    for bit in 2..8 {
        assert_malformed(
            &packet(0x82, &[0x00, 0x01, 0x00, 0x01, b'a', 1 << bit]),
            V3,
            Rule::SubscriptionOptionsReserved,
            7,
        );
    }
}

#[test]
fn mqtt_3_8_3_4_qos_3_in_subscription_options_in_3_1_1() {
    // 3.1.1: [MQTT-3-8.3-4] (sic).
    assert_malformed(
        &packet(0x82, &[0x00, 0x01, 0x00, 0x01, b'a', 0x03]),
        V3,
        Rule::QosThree,
        7,
    );
}

#[test]
fn mqtt5_3_8_3_1_retain_handling_3_in_a_later_filter() {
    let bytes = packet(
        0x82,
        &[
            0x00, 0x01, 0x00, 0x00, 0x01, b'a', 0x00, 0x00, 0x01, b'b', 0x30,
        ],
    );
    assert_malformed(&bytes, V5, Rule::RetainHandlingThree, 12);
}

#[test]
fn mqtt_4_7_1_2_multi_level_wildcard_must_be_last() {
    // 5.0 numbers this [MQTT-4.7.1-1]; 3.1.1 [MQTT-4.7.1-2].
    let bytes = packet(
        0x82,
        &[
            0x00, 0x01, 0x00, 0x00, 0x05, b'a', b'/', b'#', b'/', b'b', 0x00,
        ],
    );
    assert_malformed(&bytes, V5, Rule::InvalidWildcard, 9);
    let bytes = packet(0xa2, &[0x00, 0x01, 0x00, 0x02, b'a', b'#']);
    assert_malformed(&bytes, V3, Rule::InvalidWildcard, 7);
}

#[test]
fn mqtt_4_7_1_3_single_level_wildcard_must_fill_its_level() {
    // 5.0 numbers this [MQTT-4.7.1-2]; 3.1.1 [MQTT-4.7.1-3].
    let bytes = packet(0xa2, &[0x00, 0x01, 0x00, 0x02, b'a', b'+']);
    assert_malformed(&bytes, V3, Rule::InvalidWildcard, 7);
    let bytes = packet(
        0xa2,
        &[0x00, 0x01, 0x00, 0x00, 0x04, b'+', b'/', b'+', b'b'],
    );
    assert_malformed(&bytes, V5, Rule::InvalidWildcard, 9);
}

#[test]
fn mqtt_4_7_3_1_empty_topic_filter() {
    assert_malformed(
        &packet(0x82, &[0x00, 0x01, 0x00, 0x00, 0x00]),
        V3,
        Rule::EmptyTopic,
        6,
    );
    assert_malformed(
        &packet(0xa2, &[0x00, 0x01, 0x00, 0x00, 0x01, b'a', 0x00, 0x00]),
        V5,
        Rule::EmptyTopic,
        10,
    );
}

/// A 5.0 filter in SUBSCRIBE (options 0) starting at packet offset 7.
fn subscribe_v5(filter: &[u8]) -> Vec<u8> {
    let mut body = vec![0x00, 0x01, 0x00, 0x00, filter.len() as u8];
    body.extend_from_slice(filter);
    body.push(0x00);
    packet(0x82, &body)
}

#[test]
fn mqtt_4_8_2_1_shared_subscription_needs_a_share_name() {
    assert_malformed(
        &subscribe_v5(b"$share//a"),
        V5,
        Rule::InvalidSharedSubscription,
        14,
    );
}

#[test]
fn mqtt_4_8_2_2_share_name_without_wildcards_and_followed_by_a_filter() {
    assert_malformed(
        &subscribe_v5(b"$share/a#/b"),
        V5,
        Rule::InvalidSharedSubscription,
        15,
    );
    assert_malformed(
        &subscribe_v5(b"$share/g"),
        V5,
        Rule::InvalidSharedSubscription,
        15,
    );
    assert_malformed(
        &subscribe_v5(b"$share/g/"),
        V5,
        Rule::InvalidSharedSubscription,
        16,
    );
    // 3.1.1 has no shared subscriptions: "$share/g" is an ordinary filter.
    let bytes = packet(
        0x82,
        &[
            0x00, 0x01, 0x00, 0x08, b'$', b's', b'h', b'a', b'r', b'e', b'/', b'g', 0x00,
        ],
    );
    assert!(Packet::decode(&bytes, V3).is_ok());
}

// ------------------------------------------------- §2.2.2 properties (5.0)

/// Every property identifier MQTT 5.0 defines.
const IDS: [u8; 27] = [
    0x01, 0x02, 0x03, 0x08, 0x09, 0x0b, 0x11, 0x12, 0x13, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1c,
    0x1f, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a,
];

const CONTEXTS: [Context; 11] = [
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

/// A property with an in-range value, on the wire.
fn valid_property(property: u8) -> Vec<u8> {
    use id::*;
    let value: &[u8] = match property {
        PAYLOAD_FORMAT_INDICATOR
        | REQUEST_PROBLEM_INFORMATION
        | REQUEST_RESPONSE_INFORMATION
        | MAXIMUM_QOS
        | RETAIN_AVAILABLE
        | WILDCARD_SUBSCRIPTION_AVAILABLE
        | SUBSCRIPTION_IDENTIFIER_AVAILABLE
        | SHARED_SUBSCRIPTION_AVAILABLE => &[0x01],
        MESSAGE_EXPIRY_INTERVAL
        | SESSION_EXPIRY_INTERVAL
        | WILL_DELAY_INTERVAL
        | MAXIMUM_PACKET_SIZE => &[0x00, 0x00, 0x01, 0x00],
        SUBSCRIPTION_IDENTIFIER => &[0x05],
        SERVER_KEEP_ALIVE | RECEIVE_MAXIMUM | TOPIC_ALIAS_MAXIMUM | TOPIC_ALIAS => &[0x00, 0x0a],
        USER_PROPERTY => &[0x00, 0x01, b'k', 0x00, 0x01, b'v'],
        _ => &[0x00, 0x01, b'x'],
    };
    let mut bytes = vec![property];
    bytes.extend_from_slice(value);
    bytes
}

/// A minimal 5.0 packet whose property list for `context` is `props`, and
/// the packet offset where the list starts.
fn with_properties(context: Context, props: &[u8]) -> (Vec<u8>, usize) {
    assert!(props.len() < 128);
    let plen = props.len() as u8;
    let (first, prefix, suffix): (u8, &[u8], &[u8]) = match context {
        Context::Connect => (
            0x10,
            &[0x00, 0x04, b'M', b'Q', b'T', b'T', 5, 0x02, 0x00, 0x3c],
            &[0x00, 0x01, b'c'],
        ),
        Context::Will => {
            // CONNECT with the Will Flag: the Will Properties follow the
            // (empty) CONNECT properties and the client id.
            let mut body = vec![
                0x00, 0x04, b'M', b'Q', b'T', b'T', 5, 0x06, 0x00, 0x3c, 0x00, 0x00, 0x01, b'c',
                plen,
            ];
            body.extend_from_slice(props);
            body.extend_from_slice(&[0x00, 0x01, b't', 0x00, 0x00]);
            return (packet(0x10, &body), 17);
        }
        Context::Connack => (0x20, &[0x00, 0x00], &[]),
        Context::Publish => (0x30, &[0x00, 0x01, b't'], &[]),
        Context::PublishAck => (0x40, &[0x00, 0x01, 0x00], &[]),
        Context::Subscribe => (0x82, &[0x00, 0x01], &[0x00, 0x01, b'a', 0x00]),
        Context::Suback => (0x90, &[0x00, 0x01], &[0x00]),
        Context::Unsubscribe => (0xa2, &[0x00, 0x01], &[0x00, 0x01, b'a']),
        Context::Unsuback => (0xb0, &[0x00, 0x01], &[0x00]),
        Context::Disconnect => (0xe0, &[0x00], &[]),
        Context::Auth => (0xf0, &[0x00], &[]),
        other => panic!("{other:?}"),
    };
    let mut body = prefix.to_vec();
    body.push(plen);
    body.extend_from_slice(props);
    body.extend_from_slice(suffix);
    (packet(first, &body), 2 + prefix.len() + 1)
}

#[test]
fn every_context_accepts_its_properties_once() {
    // The baseline for the tests below: each allowed property, alone and
    // with a valid value, decodes in each packet type.
    for context in CONTEXTS {
        for property in IDS.into_iter().filter(|&p| context.allows(p)) {
            let (bytes, _) = with_properties(context, &valid_property(property));
            let (p, _) = Packet::decode(&bytes, V5)
                .unwrap_or_else(|e| panic!("{context:?} {property:#04x}: {e}"));
            assert_eq!(p.encoded_len(V5).unwrap(), bytes.len());
        }
    }
}

#[test]
fn mqtt5_2_2_2_2_property_not_allowed_in_each_packet_type() {
    let mut checked = 0;
    for context in CONTEXTS {
        for property in IDS.into_iter().filter(|&p| !context.allows(p)) {
            let (bytes, at) = with_properties(context, &valid_property(property));
            assert_malformed(&bytes, V5, Rule::PropertyNotAllowed(property), at);
            checked += 1;
        }
    }
    // Table 2-4: 27 identifiers, 11 places, 58 allowed pairs (CONNECT 9,
    // Will 7, CONNACK 17, PUBLISH 8, the acks 2, SUBSCRIBE 2, SUBACK 2,
    // UNSUBSCRIBE 1, UNSUBACK 2, DISCONNECT 4, AUTH 4).
    assert_eq!(checked, 27 * 11 - 58);
}

#[test]
fn mqtt5_2_2_2_2_property_not_allowed_after_an_allowed_one() {
    // The offset is the refused property's, not the list's.
    let mut props = valid_property(id::USER_PROPERTY);
    let second = props.len();
    props.extend_from_slice(&valid_property(id::TOPIC_ALIAS));
    let (bytes, at) = with_properties(Context::Connect, &props);
    assert_malformed(
        &bytes,
        V5,
        Rule::PropertyNotAllowed(id::TOPIC_ALIAS),
        at + second,
    );
}

#[test]
fn mqtt5_2_2_2_2_single_use_property_twice_in_each_packet_type() {
    let mut checked = 0;
    for context in CONTEXTS {
        for property in IDS
            .into_iter()
            .filter(|&p| context.allows(p) && !context.allows_repeat(p))
        {
            let once = valid_property(property);
            let mut twice = once.clone();
            twice.extend_from_slice(&valid_property(id::USER_PROPERTY));
            let second = twice.len();
            twice.extend_from_slice(&once);
            let (bytes, at) = with_properties(context, &twice);
            assert_malformed(&bytes, V5, Rule::DuplicateProperty(property), at + second);
            checked += 1;
        }
    }
    // The 58 allowed pairs less the User Property in each of the 11 places
    // and the Subscription Identifier in PUBLISH.
    assert_eq!(checked, 58 - 11 - 1);
}

#[test]
fn mqtt5_3_3_2_3_8_user_property_and_publish_subscription_identifier_may_repeat() {
    for context in CONTEXTS {
        let mut props = valid_property(id::USER_PROPERTY);
        props.extend_from_slice(&valid_property(id::USER_PROPERTY));
        let (bytes, _) = with_properties(context, &props);
        assert!(Packet::decode(&bytes, V5).is_ok(), "{context:?}");
    }
    let mut props = valid_property(id::SUBSCRIPTION_IDENTIFIER);
    props.extend_from_slice(&[0x0b, 0xff, 0xff, 0xff, 0x7f]);
    let (bytes, _) = with_properties(Context::Publish, &props);
    let (p, _) = Packet::decode(&bytes, V5).unwrap();
    let Packet::Publish(publish) = p else {
        panic!("{p:?}")
    };
    let ids: Vec<_> = publish.properties.iter().collect();
    assert_eq!(
        ids,
        [
            Property::SubscriptionIdentifier(5),
            Property::SubscriptionIdentifier(268_435_455)
        ]
    );
}

#[test]
fn mqtt5_2_2_2_2_unknown_property_identifiers() {
    for unknown in (0u8..=0x7f).filter(|p| !IDS.contains(p)) {
        let (bytes, at) = with_properties(Context::Publish, &[unknown, 0x00]);
        assert_malformed(&bytes, V5, Rule::UnknownProperty(u32::from(unknown)), at);
    }
    // A two-byte identifier (128): no property has one.
    let (bytes, at) = with_properties(Context::Connack, &[0x80, 0x01, 0x00]);
    assert_malformed(&bytes, V5, Rule::UnknownProperty(0x80), at);
    // Past a byte (256): reported as read, not truncated.
    let (bytes, at) = with_properties(Context::Connack, &[0x80, 0x02, 0x00]);
    assert_malformed(&bytes, V5, Rule::UnknownProperty(256), at);
}

/// The value-range statements: the property (identifier and out-of-range
/// value) in `context` is refused at the start of the property.
fn assert_out_of_range(context: Context, property: &[u8]) {
    let (bytes, at) = with_properties(context, property);
    assert_malformed(&bytes, V5, Rule::PropertyValueOutOfRange(property[0]), at);
}

#[test]
fn mqtt5_3_1_2_11_3_receive_maximum_0() {
    assert_out_of_range(Context::Connect, &[0x21, 0x00, 0x00]);
    assert_out_of_range(Context::Connack, &[0x21, 0x00, 0x00]);
}

#[test]
fn mqtt5_3_1_2_11_4_maximum_packet_size_0() {
    assert_out_of_range(Context::Connect, &[0x27, 0x00, 0x00, 0x00, 0x00]);
    assert_out_of_range(Context::Connack, &[0x27, 0x00, 0x00, 0x00, 0x00]);
}

#[test]
fn mqtt5_3_1_2_11_6_request_response_information_other_than_0_or_1() {
    for value in [2, 0xff] {
        assert_out_of_range(Context::Connect, &[0x19, value]);
    }
}

#[test]
fn mqtt5_3_1_2_11_7_request_problem_information_other_than_0_or_1() {
    for value in [2, 0x80] {
        assert_out_of_range(Context::Connect, &[0x17, value]);
    }
}

#[test]
fn mqtt5_3_1_3_2_3_will_payload_format_indicator_2() {
    assert_out_of_range(Context::Will, &[0x01, 0x02]);
}

#[test]
fn mqtt5_3_2_2_3_4_maximum_qos_2() {
    // Maximum QoS is 0 or 1: a server that supports QoS 2 leaves it out.
    for value in [2, 0xff] {
        assert_out_of_range(Context::Connack, &[0x24, value]);
    }
}

#[test]
fn mqtt5_3_2_2_3_5_retain_available_other_than_0_or_1() {
    assert_out_of_range(Context::Connack, &[0x25, 0x02]);
}

#[test]
fn mqtt5_3_2_2_3_11_to_13_availability_flags_other_than_0_or_1() {
    for property in [0x28, 0x29, 0x2a] {
        assert_out_of_range(Context::Connack, &[property, 0x02]);
    }
}

#[test]
fn mqtt5_3_3_2_3_2_payload_format_indicator_2() {
    assert_out_of_range(Context::Publish, &[0x01, 0x02]);
}

#[test]
fn mqtt_3_3_2_8_topic_alias_0() {
    // [MQTT-3.3.2-8]: a sender must not send Topic Alias 0; an empty topic
    // does not make it acceptable.
    let (bytes, at) = with_properties(Context::Publish, &[0x23, 0x00, 0x00]);
    assert_malformed(&bytes, V5, Rule::PropertyValueOutOfRange(0x23), at);
    let empty_topic = packet(0x30, &[0x00, 0x00, 0x03, 0x23, 0x00, 0x00]);
    assert_malformed(&empty_topic, V5, Rule::PropertyValueOutOfRange(0x23), 5);
}

#[test]
fn mqtt5_3_8_2_1_2_subscription_identifier_0() {
    assert_out_of_range(Context::Subscribe, &[0x0b, 0x00]);
    assert_out_of_range(Context::Publish, &[0x0b, 0x00]);
}

#[test]
fn mqtt5_2_2_2_1_property_values_at_the_edges_of_their_ranges_decode() {
    let edges: [(Context, &[u8]); 8] = [
        (Context::Connect, &[0x21, 0x00, 0x01]),
        (Context::Connect, &[0x21, 0xff, 0xff]),
        (Context::Connect, &[0x27, 0x00, 0x00, 0x00, 0x01]),
        (Context::Connack, &[0x27, 0xff, 0xff, 0xff, 0xff]),
        (Context::Connack, &[0x24, 0x00]),
        (Context::Publish, &[0x23, 0x00, 0x01]),
        (Context::Publish, &[0x01, 0x01]),
        (Context::Subscribe, &[0x0b, 0x01]),
    ];
    for (context, property) in edges {
        let (bytes, _) = with_properties(context, property);
        assert!(
            Packet::decode(&bytes, V5).is_ok(),
            "{context:?} {property:02x?}"
        );
    }
}

// ------------------------------------------------- §3.1.2.11.4 packet size

#[test]
fn mqtt5_3_1_2_11_4_packet_over_the_maximum_packet_size_is_refused_from_its_header() {
    // A 7-byte PUBLISH against a limit of 6: refused with only its fixed
    // header there, before the body is complete.
    let e = Packet::decode_with_limit(&[0x30, 0x05], V5, 6).unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (
            ErrorKind::Malformed(Rule::PacketTooLarge { size: 7, max: 6 }),
            0
        )
    );
    let exact = packet(0x30, &[0x00, 0x01, b't', 0x00, b'x']);
    assert!(Packet::decode_with_limit(&exact, V5, 7).is_ok());
}
