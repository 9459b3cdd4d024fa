//! PUBLISH (§3.3).

use iotm_wire::EncodeError;

use crate::fixed_header::first_byte;
use crate::property::{Context, id, sized_fields, write_fields_scanning};
use crate::read::PacketReader;
use crate::topic::check_topic_name;
use crate::write::{
    Writer, binary_len, length_prefix, remaining_length, variable_byte_integer_len,
};
use crate::{Error, PacketType, Properties, QoS, Rule, Version, scan};

const INVALID_TOPIC: EncodeError = EncodeError::Invalid {
    rule: "[MQTT-3.3.2-2]/[MQTT-4.7.3-1]/[MQTT-1.5.4-2]: invalid topic name",
};

/// PUBLISH: an application message.
///
/// `packet_id` is `Some` exactly when `qos` is above 0 [MQTT-2.2.1-2]. In
/// MQTT 5.0 the topic may be empty when a Topic Alias property stands for it
/// (§3.3.2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Publish<'a> {
    /// A re-delivery of an earlier attempt (QoS 1 and 2 only).
    pub dup: bool,
    /// The delivery guarantee.
    pub qos: QoS,
    /// Keep as the topic's retained message.
    pub retain: bool,
    /// The topic name.
    pub topic: &'a str,
    /// The packet identifier, for QoS 1 and 2.
    pub packet_id: Option<u16>,
    /// PUBLISH properties (5.0).
    pub properties: Properties<'a>,
    /// The application message.
    pub payload: &'a [u8],
}

impl<'a> Publish<'a> {
    /// A QoS 0 message without flags or properties.
    pub const fn new(topic: &'a str, payload: &'a [u8]) -> Self {
        Self {
            dup: false,
            qos: QoS::AtMostOnce,
            retain: false,
            topic,
            packet_id: None,
            properties: Properties::EMPTY,
            payload,
        }
    }

    pub(crate) fn flags(&self) -> u8 {
        u8::from(self.dup) << 3 | (self.qos as u8) << 1 | u8::from(self.retain)
    }

    pub(crate) fn read(r: &mut PacketReader<'a>, flags: u8) -> Result<Self, Error> {
        // The fixed header already refused QoS 3 and DUP with QoS 0.
        let qos = QoS::from_bits((flags >> 1) & 0b11).ok_or(Error::malformed(Rule::QosThree, 0))?;
        let topic_at = r.offset() + 2;
        let topic = r.topic_name()?;
        let packet_id = if qos == QoS::AtMostOnce {
            None
        } else {
            Some(r.packet_id()?)
        };
        let properties = if r.version.is_v5() {
            Properties::read(r, Context::Publish)?
        } else {
            Properties::EMPTY
        };
        // An empty topic stands only beside a Topic Alias (§3.3.2.1).
        if topic.is_empty() && properties.get(id::TOPIC_ALIAS).is_none() {
            return Err(Error::malformed(Rule::EmptyTopic, topic_at));
        }
        Ok(Self {
            dup: flags & 0b1000 != 0,
            qos,
            retain: flags & 0b0001 != 0,
            topic,
            packet_id,
            properties,
            payload: r.rest(),
        })
    }

    /// Every encode check but the topic's wildcard scan, which `encode`
    /// makes while it copies the topic.
    fn check_fields(&self) -> Result<(), EncodeError> {
        match (self.qos, self.packet_id) {
            (QoS::AtMostOnce, Some(_)) => {
                return Err(EncodeError::Invalid {
                    rule: "[MQTT-2.2.1-2]: a QoS 0 PUBLISH has no packet identifier",
                });
            }
            (QoS::AtLeastOnce | QoS::ExactlyOnce, None | Some(0)) => {
                return Err(EncodeError::Invalid {
                    rule: "[MQTT-2.2.1-3]: QoS 1 and 2 need a non-zero packet identifier",
                });
            }
            _ => {}
        }
        if self.dup && self.qos == QoS::AtMostOnce {
            return Err(EncodeError::Invalid {
                rule: "[MQTT-3.3.1-2]: DUP must be 0 for QoS 0",
            });
        }
        // An empty topic needs a Topic Alias (§3.3.2.1); look for one only then.
        if self.topic.is_empty() && self.properties.get(id::TOPIC_ALIAS).is_none() {
            return Err(INVALID_TOPIC);
        }
        Ok(())
    }

    fn check(&self) -> Result<(), EncodeError> {
        self.check_fields()?;
        let topic = self.topic;
        if !topic.is_empty() && (check_topic_name(topic).is_err() || scan::has_nul(topic)) {
            return Err(INVALID_TOPIC);
        }
        Ok(())
    }

    /// The whole encode of a PUBLISH, the commonest packet, for
    /// `Packet::encode` (the only writer of a PUBLISH): the checks, the
    /// sizing and the writes in one function, so that they compile to
    /// straight-line code, and the topic scanned for wildcards while it is
    /// copied instead of before. The same checks and size as `body_len`. On
    /// an error the buffer may hold part of the packet.
    pub(crate) fn encode<'b>(
        &self,
        version: Version,
        buf: &'b mut [u8],
    ) -> Result<&'b [u8], EncodeError> {
        self.check_fields()?;
        // No properties (the usual case) take one byte, Property Length 0.
        // (wire length, body length); the strings' "no U+0000" is checked
        // while they are written.
        // Hosts walk a typed set inlined; bare-metal targets keep the flash.
        #[cfg(not(target_os = "none"))]
        let typed = self.properties.as_publish();
        #[cfg(target_os = "none")]
        let typed: Option<&crate::property::PublishProperties<'_>> = None;
        let (properties, properties_body) = if !version.is_v5() {
            (self.check_v3()?, 0)
        } else if let Some(set) = typed {
            sized_fields(set)?
        } else if self.properties.is_plainly_empty() {
            (1, 0)
        } else {
            self.properties.sized_unscanned(Context::Publish)?
        };
        let topic = self.topic.as_bytes();
        // Too long a topic is reported before a short buffer.
        length_prefix(topic.len())?;
        let packet_id = if self.packet_id.is_some() { 2 } else { 0 };
        let body = binary_len(topic.len()) + packet_id + properties + self.payload.len();
        let remaining = remaining_length(body)?;
        let needed = 1 + variable_byte_integer_len(remaining) + body;
        let available = buf.len();
        let Some(out) = buf.get_mut(..needed) else {
            // An invalid topic or property is reported before a short
            // buffer, as ever.
            self.check()?;
            if version.is_v5() {
                self.properties.checked_len(Context::Publish)?;
            }
            return Err(EncodeError::BufferTooSmall { needed, available });
        };
        let mut w = Writer::new(out);
        w.u8(first_byte(PacketType::Publish, self.flags()))?;
        w.variable_byte_integer(remaining)?;
        // [MQTT-3.3.2-2]: no wildcard in a topic name (`check_topic_name`);
        // [MQTT-1.5.4-2]: no U+0000. Scanned at a glance while copied, and
        // byte by byte only if the glance marks a byte. (`length_prefix`
        // above checked the length.)
        if w.put_prefixed_marked(topic, scan::glance_mask) && scan::has_wildcard_or_nul(topic) {
            return Err(INVALID_TOPIC);
        }
        if let Some(packet_id) = self.packet_id {
            w.u16(packet_id)?;
        }
        if version.is_v5() {
            if properties_body == 0 {
                w.u8(0)?;
            } else if let Some(set) = typed {
                write_fields_scanning(&mut w, set, properties_body)?;
            } else {
                self.properties.write_scanning(&mut w, properties_body)?;
            }
        }
        w.bytes(self.payload)?;
        w.finish()?;
        Ok(buf.get(..needed).unwrap_or_default())
    }

    pub(crate) fn body_len(&self, version: Version) -> Result<usize, EncodeError> {
        self.check()?;
        let properties = if version.is_v5() {
            self.properties.checked_len(Context::Publish)?
        } else {
            self.check_v3()?
        };
        let packet_id = if self.packet_id.is_some() { 2 } else { 0 };
        Ok(binary_len(self.topic.len()) + packet_id + properties + self.payload.len())
    }

    fn check_v3(&self) -> Result<usize, EncodeError> {
        if self.properties.is_empty() {
            Ok(0)
        } else {
            Err(EncodeError::Invalid {
                rule: "MQTT 3.1.1 PUBLISH has no properties",
            })
        }
    }
}

#[cfg(test)]
mod tests {
    extern crate alloc;

    use super::*;
    use crate::{Packet, Property};
    use iotm_wire::ErrorKind;

    fn rule(bytes: &[u8], version: Version) -> (Rule, usize) {
        let e = Packet::decode(bytes, version).unwrap_err();
        match e.kind() {
            ErrorKind::Malformed(rule) => (rule, e.offset()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn qos0_publish_v311() {
        let bytes = [0x30, 0x07, 0x00, 0x03, b'a', b'/', b'b', b'h', b'i'];
        let (p, n) = Packet::decode(&bytes, Version::V3_1_1).unwrap();
        assert_eq!(n, 9);
        assert_eq!(p, Packet::Publish(Publish::new("a/b", b"hi")));
        let mut buf = [0u8; 16];
        assert_eq!(p.encode(Version::V3_1_1, &mut buf).unwrap(), bytes);
    }

    #[test]
    fn qos2_retain_dup_with_properties_round_trip() {
        let props = [
            Property::PayloadFormatIndicator(1),
            Property::MessageExpiryInterval(60),
            Property::UserProperty("k", "v"),
            Property::UserProperty("k", "w"),
            Property::SubscriptionIdentifier(5),
            Property::SubscriptionIdentifier(268_435_455),
        ];
        let publish = Publish {
            dup: true,
            qos: QoS::ExactlyOnce,
            retain: true,
            packet_id: Some(9),
            properties: Properties::from_list(&props),
            ..Publish::new("t", b"payload")
        };
        let mut buf = [0u8; 128];
        let bytes = Packet::Publish(publish)
            .encode(Version::V5, &mut buf)
            .unwrap();
        assert_eq!(bytes[0], 0x3d);
        assert_eq!(
            Packet::decode(bytes, Version::V5).unwrap(),
            (Packet::Publish(publish), bytes.len())
        );
    }

    #[test]
    fn mqtt_3_3_2_2_wildcards_in_topic_name_are_malformed() {
        assert_eq!(
            rule(&[0x30, 0x03, 0x00, 0x01, b'#'], Version::V3_1_1),
            (Rule::WildcardInTopicName, 4)
        );
        assert_eq!(
            rule(&[0x30, 0x05, 0x00, 0x03, b'a', b'/', b'+'], Version::V3_1_1),
            (Rule::WildcardInTopicName, 6)
        );
    }

    /// [MQTT-3.3.2-2]/[MQTT-1.5.4-2] on encode: a topic name with a
    /// wildcard or U+0000 anywhere is refused, and one with a byte only the
    /// encoder's glance marks (space, `*`, `(`, a UTF-8 sequence) is not, at
    /// every place in names of every length up to 40 bytes.
    #[test]
    fn mqtt_3_3_2_2_and_1_5_4_2_topic_names_are_checked_at_every_place_on_encode() {
        let base = "abcdefgh/ijklmnop/qrstuvwx/yzabcdefgh/ij";
        for len in 1..=base.len() {
            for at in 0..len {
                for (byte, valid) in [
                    ("+", false),
                    ("#", false),
                    ("\0", false),
                    (" ", true),
                    ("*", true),
                    ("(", true),
                    ("\u{e9}", true),
                ] {
                    let topic = alloc::format!("{}{byte}{}", &base[..at], &base[at + 1..len]);
                    for version in [Version::V3_1_1, Version::V5] {
                        let packet = Packet::Publish(Publish::new(&topic, b"x"));
                        let mut buf = [0u8; 64];
                        let encoded = packet.encode(version, &mut buf);
                        if valid {
                            let bytes = encoded.unwrap().to_vec();
                            assert_eq!(Packet::decode(&bytes, version).unwrap().0, packet);
                        } else {
                            assert_eq!(encoded, Err(INVALID_TOPIC), "{topic:?}");
                        }
                    }
                }
            }
        }
    }

    /// The decoder's topic name check (one glance, then rule by rule for a
    /// name it marks) against the rules applied one after another: invalid
    /// UTF-8 first, then U+0000, then a wildcard, each at its offset. Every
    /// name length up to 40, every bad byte at every place, both versions.
    #[test]
    fn decoded_topic_names_are_checked_rule_by_rule_at_every_length_and_place() {
        let base = b"sensors/device-42/temperature/and/more/x";
        for len in 1..=base.len() {
            for at in 0..len {
                for bad in [
                    &b"\0"[..],
                    b"+",
                    b"#",
                    b" ",
                    b"*",
                    b"\xc3\xa9",
                    b"\xff",
                    b"\xed\xa0\x80",
                ] {
                    let mut topic = base[..at].to_vec();
                    topic.extend_from_slice(bad);
                    topic.extend_from_slice(&base[at + 1..len]);
                    let expected = match core::str::from_utf8(&topic) {
                        Err(e) => Some((Rule::InvalidUtf8, e.valid_up_to())),
                        Ok(_) => [(0, Rule::NullCharacter), (b'+', Rule::WildcardInTopicName)]
                            .into_iter()
                            .chain([(b'#', Rule::WildcardInTopicName)])
                            .filter_map(|(byte, rule)| {
                                Some((rule, topic.iter().position(|b| *b == byte)?))
                            })
                            .min_by_key(|(rule, at)| (*rule != Rule::NullCharacter, *at)),
                    };
                    let mut bytes = alloc::vec![0x30, 0, 0, u8::try_from(topic.len()).unwrap()];
                    bytes.extend_from_slice(&topic);
                    for version in [Version::V3_1_1, Version::V5] {
                        let mut packet = bytes.clone();
                        if version.is_v5() {
                            packet.push(0);
                        }
                        packet[1] = u8::try_from(packet.len() - 2).unwrap();
                        let decoded = Packet::decode(&packet, version);
                        match expected {
                            None => assert!(decoded.is_ok(), "{topic:?}"),
                            Some((rule_broken, offset)) => assert_eq!(
                                self::rule(&packet, version),
                                (rule_broken, 4 + offset),
                                "{topic:?}"
                            ),
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn mqtt_1_5_4_2_null_in_topic_is_malformed() {
        assert_eq!(
            rule(&[0x30, 0x03, 0x00, 0x01, 0x00], Version::V3_1_1),
            (Rule::NullCharacter, 4)
        );
    }

    #[test]
    fn mqtt_4_7_3_1_empty_topic_needs_a_topic_alias() {
        assert_eq!(
            rule(&[0x30, 0x03, 0x00, 0x00, 0x00], Version::V5),
            (Rule::EmptyTopic, 4)
        );
        let aliased = [0x30, 0x06, 0x00, 0x00, 0x03, 0x23, 0x00, 0x01];
        assert!(Packet::decode(&aliased, Version::V5).is_ok());
    }

    #[test]
    fn mqtt5_3_3_2_3_4_topic_alias_zero_is_malformed() {
        let bytes = [0x30, 0x07, 0x00, 0x01, b't', 0x03, 0x23, 0x00, 0x00];
        assert_eq!(
            rule(&bytes, Version::V5),
            (Rule::PropertyValueOutOfRange(0x23), 6)
        );
    }

    #[test]
    fn mqtt_2_2_1_2_packet_identifier_only_with_qos() {
        let mut buf = [0u8; 32];
        let bad = Publish {
            packet_id: Some(1),
            ..Publish::new("t", b"")
        };
        assert!(Packet::Publish(bad).encode(Version::V5, &mut buf).is_err());
        let bad = Publish {
            qos: QoS::AtLeastOnce,
            ..Publish::new("t", b"")
        };
        assert!(Packet::Publish(bad).encode(Version::V5, &mut buf).is_err());
    }

    #[test]
    fn mqtt_1_5_4_2_null_in_a_property_string_is_malformed() {
        // The property list is valid UTF-8 as a whole, so its strings are
        // sliced from it; each is still checked for U+0000.
        let bytes = [
            0x30, 0x0a, 0x00, 0x01, b't', 0x06, 0x03, 0x00, 0x03, b'a', 0x00, b'b',
        ];
        assert_eq!(rule(&bytes, Version::V5), (Rule::NullCharacter, 10));
    }

    #[test]
    fn encode_refuses_what_decode_refuses() {
        let mut buf = [0u8; 64];
        // [MQTT-1.5.4-2]: U+0000 in a property string, checked as it is copied.
        for props in [
            [Property::UserProperty("k\0", "v")],
            [Property::UserProperty("k", "long value\0")],
            [Property::ContentType("text/\0plain")],
        ] {
            let p = Publish {
                properties: Properties::from_list(&props),
                ..Publish::new("t", b"")
            };
            assert!(Packet::Publish(p).encode(Version::V5, &mut buf).is_err());
            assert!(
                Packet::Publish(p)
                    .encode(Version::V5, &mut buf[..4])
                    .is_err()
            );
        }
        // [MQTT-3.3.2-2]: a wildcard anywhere in the topic, short or long,
        // with room for the packet or without.
        for topic in [
            "+",
            "a/#",
            "sensors/device-42/+/x",
            "sensors/device-42/temperature#",
        ] {
            let p = Publish::new(topic, b"x");
            assert!(
                Packet::Publish(p)
                    .encode(Version::V3_1_1, &mut buf)
                    .is_err()
            );
            assert!(matches!(
                Packet::Publish(p).encode(Version::V3_1_1, &mut buf[..2]),
                Err(EncodeError::Invalid { .. })
            ));
        }
    }

    #[test]
    fn truncated_publish_is_incomplete_with_the_bytes_missing() {
        let e = Packet::decode(&[0x30, 0x07, 0x00, 0x03, b'a'], Version::V5).unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::Incomplete { needed: 4 }, 5)
        );
    }
}
