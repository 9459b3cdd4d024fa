//! SUBSCRIBE (§3.8).

use core::fmt;

use iotm_wire::EncodeError;

use crate::property::Context;
use crate::read::{PacketReader, check_utf8};
use crate::topic::{SharedSubscription, check_topic_filter};
use crate::write::{Writer, binary_len};
use crate::{Error, Properties, QoS, Rule, Version, scan};

/// What the server does with retained messages when the subscription is
/// made (§3.8.3.1, MQTT 5.0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum RetainHandling {
    /// Send retained messages at subscribe time.
    #[default]
    SendAtSubscribe = 0,
    /// Send them only if the subscription did not exist yet.
    SendAtNewSubscribe = 1,
    /// Do not send them.
    DoNotSend = 2,
}

/// The Subscription Options byte (§3.8.3.1). MQTT 3.1.1 carries the QoS only.
// `repr(C)`: the four fields lie in wire order, one byte each, so that
// `to_byte` reads them with one load.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct SubscriptionOptions {
    /// The highest QoS the server may deliver with.
    pub qos: QoS,
    /// Do not send the client's own publications back (5.0).
    pub no_local: bool,
    /// Keep the RETAIN flag as published (5.0).
    pub retain_as_published: bool,
    /// Retained messages at subscribe time (5.0).
    pub retain_handling: RetainHandling,
}

impl SubscriptionOptions {
    /// Options with `qos` and everything else off.
    pub const fn qos(qos: QoS) -> Self {
        Self {
            qos,
            no_local: false,
            retain_as_published: false,
            retain_handling: RetainHandling::SendAtSubscribe,
        }
    }

    /// The byte: bits 0–1 QoS, 2 No Local, 3 Retain As Published, 4–5
    /// Retain Handling. The four fields, one byte each, are read as one
    /// word (the compiler merges the loads of adjacent bytes) and one
    /// multiplication moves each field's bits to their place in the top
    /// byte: QoS by 24 bits, No Local by 18, Retain As Published by 11,
    /// Retain Handling by 4. Every other product lands below bit 22 or
    /// above bit 31, so none reaches the top byte.
    fn to_byte(self) -> u8 {
        const GATHER: u32 = 1 << 24 | 1 << 18 | 1 << 11 | 1 << 4;
        let fields = u32::from_le_bytes([
            self.qos as u8,
            u8::from(self.no_local),
            u8::from(self.retain_as_published),
            self.retain_handling as u8,
        ]);
        let [.., byte] = fields.wrapping_mul(GATHER).to_le_bytes();
        byte
    }

    /// The options byte; the rule broken otherwise.
    fn from_byte(byte: u8, version: Version) -> Result<Self, Rule> {
        let reserved = if version.is_v5() {
            0b1100_0000
        } else {
            0b1111_1100
        };
        if byte & reserved != 0 {
            return Err(Rule::SubscriptionOptionsReserved);
        }
        let qos = QoS::from_bits(byte & 0b11).ok_or(Rule::QosThree)?;
        let retain_handling = match (byte >> 4) & 0b11 {
            0 => RetainHandling::SendAtSubscribe,
            1 => RetainHandling::SendAtNewSubscribe,
            2 => RetainHandling::DoNotSend,
            _ => return Err(Rule::RetainHandlingThree),
        };
        Ok(Self {
            qos,
            no_local: byte & 0b100 != 0,
            retain_as_published: byte & 0b1000 != 0,
            retain_handling,
        })
    }
}

/// One topic filter with its options.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SubscribeFilter<'a> {
    /// The topic filter, possibly a shared subscription (5.0).
    pub filter: &'a str,
    /// Its options.
    pub options: SubscriptionOptions,
}

/// The filters of a SUBSCRIBE: checked when decoded and read in place, or a
/// list to encode.
#[derive(Clone, Copy)]
pub struct SubscribeFilters<'a>(Repr<'a>);

#[derive(Clone, Copy)]
enum Repr<'a> {
    /// Checked wire bytes.
    Wire(&'a [u8], Version),
    /// Checked wire bytes that are, as a whole, valid UTF-8 (the usual
    /// case: ASCII filters shorter than 128 bytes): each filter is then
    /// sliced from them without validating its UTF-8 a second time.
    Text(&'a str, Version),
    List(&'a [SubscribeFilter<'a>]),
}

impl<'a> SubscribeFilters<'a> {
    /// Filters to encode.
    pub const fn from_list(list: &'a [SubscribeFilter<'a>]) -> Self {
        Self(Repr::List(list))
    }

    /// The filters in order.
    pub fn iter(&self) -> impl Iterator<Item = SubscribeFilter<'a>> + 'a {
        let (bytes, text, version, mut list) = match self.0 {
            Repr::Wire(bytes, version) => (bytes, None, version, [].iter()),
            Repr::Text(text, version) => (text.as_bytes(), Some(text), version, [].iter()),
            Repr::List(list) => (&[][..], None, Version::V5, list.iter()),
        };
        let mut at = 0;
        core::iter::from_fn(move || {
            if let Some(filter) = list.next() {
                return Some(*filter);
            }
            // Wire bytes were checked when decoded: reading cannot fail.
            let [high, low, ..] = *bytes.get(at..)? else {
                return None;
            };
            let start = at + 2;
            let end = start + usize::from(u16::from_be_bytes([high, low]));
            let filter = match text.and_then(|text| text.get(start..end)) {
                Some(filter) => filter,
                None => core::str::from_utf8(bytes.get(start..end)?).ok()?,
            };
            let options = SubscriptionOptions::from_byte(*bytes.get(end)?, version).ok()?;
            at = end + 1;
            Some(SubscribeFilter { filter, options })
        })
    }

    fn encoded_len(&self) -> usize {
        match self.0 {
            Repr::Wire(bytes, _) => bytes.len(),
            Repr::Text(text, _) => text.len(),
            Repr::List(list) => list.iter().map(|f| binary_len(f.filter.len()) + 1).sum(),
        }
    }

    fn is_empty(&self) -> bool {
        match self.0 {
            Repr::Wire(bytes, _) => bytes.is_empty(),
            Repr::Text(text, _) => text.is_empty(),
            Repr::List(list) => list.is_empty(),
        }
    }
}

impl PartialEq for SubscribeFilters<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for SubscribeFilters<'_> {}

impl fmt::Debug for SubscribeFilters<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Reads and checks one filter. `text` is the rest of the filters as a
/// string, if they are valid UTF-8 as a whole, with the reader position it
/// starts at: the filter is then sliced from it, which proves its UTF-8
/// without a pass of its own.
fn read_filter<'a>(
    r: &mut PacketReader<'a>,
    text: Option<(&'a str, usize)>,
) -> Result<SubscribeFilter<'a>, Error> {
    let filter_at = r.offset() + 2;
    let filter = match text {
        Some((text, base)) => {
            let len = usize::from(r.u16()?);
            let start = r.reader.position();
            let bytes = r.take(len)?;
            match text.get(start - base..start - base + len) {
                Some(filter) => {
                    if let Some(at) = scan::find(bytes, scan::nul_mask) {
                        return Err(Error::malformed(Rule::NullCharacter, filter_at + at));
                    }
                    filter
                }
                // Not on character boundaries: validate it alone.
                None => check_utf8(bytes)
                    .map_err(|(rule, at)| Error::malformed(rule, filter_at + at))?,
            }
        }
        None => r.utf8()?,
    };
    check_topic_filter(filter, r.version.is_v5())
        .map_err(|(rule, at)| Error::malformed(rule, filter_at + at))?;
    let options_at = r.offset();
    let options = SubscriptionOptions::from_byte(r.u8()?, r.version)
        .map_err(|rule| Error::malformed(rule, options_at))?;
    if options.no_local && r.version.is_v5() && SharedSubscription::parse(filter).is_some() {
        return Err(Error::malformed(
            Rule::NoLocalOnSharedSubscription,
            options_at,
        ));
    }
    Ok(SubscribeFilter { filter, options })
}

// The list encoder is for hosts; bare-metal targets keep the general
// encoder, for flash (a device subscribes rarely).
#[cfg(not(target_os = "none"))]
mod list_encoder;

const INVALID_FILTER: EncodeError = EncodeError::Invalid {
    rule: "[MQTT-4.7.1-2]/[MQTT-4.7.1-3]/[MQTT-1.5.4-2]: invalid topic filter",
};

/// The encode checks of one filter: its rules, then its options'.
fn check_filter(f: &SubscribeFilter<'_>, version: Version) -> Result<(), EncodeError> {
    if check_topic_filter(f.filter, version.is_v5()).is_err() || scan::has_nul(f.filter) {
        return Err(INVALID_FILTER);
    }
    check_options(f, version)
}

/// The encode checks of one filter's options (the filter's own rules,
/// wildcards and "no U+0000" [MQTT-1.5.4-2], are checked apart).
fn check_options(f: &SubscribeFilter<'_>, version: Version) -> Result<(), EncodeError> {
    let o = f.options;
    let v5_only =
        o.no_local || o.retain_as_published || o.retain_handling != RetainHandling::SendAtSubscribe;
    if !version.is_v5() && v5_only {
        return Err(EncodeError::Invalid {
            rule: "MQTT 3.1.1 subscription options carry the QoS only",
        });
    }
    if o.no_local && version.is_v5() && SharedSubscription::parse(f.filter).is_some() {
        return Err(EncodeError::Invalid {
            rule: "[MQTT-3.8.3-4]: No Local on a shared subscription",
        });
    }
    Ok(())
}

/// SUBSCRIBE: one or more topic filters [MQTT-3.8.3-2].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Subscribe<'a> {
    /// The packet identifier SUBACK answers.
    pub packet_id: u16,
    /// Subscription Identifier and User Properties (5.0).
    pub properties: Properties<'a>,
    /// The filters.
    pub filters: SubscribeFilters<'a>,
}

impl<'a> Subscribe<'a> {
    pub(crate) fn read(r: &mut PacketReader<'a>) -> Result<Self, Error> {
        let packet_id = r.packet_id()?;
        let properties = if r.version.is_v5() {
            Properties::read(r, Context::Subscribe)?
        } else {
            Properties::EMPTY
        };
        if r.is_empty() {
            return Err(r.malformed(Rule::NoTopicFilter));
        }
        let start = r.reader.position();
        let bytes = r.reader.remaining();
        // One UTF-8 validation of all the filters (with their lengths and
        // options, ASCII in the usual case) instead of one per filter, here
        // and in every later `iter`.
        let text = core::str::from_utf8(bytes).ok();
        while !r.is_empty() {
            read_filter(r, text.map(|text| (text, start)))?;
        }
        let filters = match text {
            Some(text) => Repr::Text(text, r.version),
            None => Repr::Wire(bytes, r.version),
        };
        Ok(Self {
            packet_id,
            properties,
            filters: SubscribeFilters(filters),
        })
    }

    /// The checks of the packet's own fields (not its filters).
    fn check_fields(&self, version: Version) -> Result<(), EncodeError> {
        if self.packet_id == 0 {
            return Err(EncodeError::Invalid {
                rule: "[MQTT-2.2.1-3]: packet identifier must not be 0",
            });
        }
        if self.filters.is_empty() {
            return Err(EncodeError::Invalid {
                rule: "[MQTT-3.8.3-2]: SUBSCRIBE needs a topic filter",
            });
        }
        if !version.is_v5() && !self.properties.is_empty() {
            return Err(EncodeError::Invalid {
                rule: "MQTT 3.1.1 SUBSCRIBE has no properties",
            });
        }
        Ok(())
    }

    fn check(&self, version: Version) -> Result<(), EncodeError> {
        self.check_fields(version)?;
        self.filters
            .iter()
            .try_for_each(|f| check_filter(&f, version))
    }

    pub(crate) fn body_len(&self, version: Version) -> Result<usize, EncodeError> {
        self.check(version)?;
        let properties = if version.is_v5() {
            self.properties.checked_len(Context::Subscribe)?
        } else {
            0
        };
        Ok(2 + properties + self.filters.encoded_len())
    }

    /// Writes the body of a SUBSCRIBE that `body_len` checked.
    pub(crate) fn write(&self, w: &mut Writer<'_>, version: Version) -> Result<(), EncodeError> {
        w.u16(self.packet_id)?;
        if version.is_v5() {
            self.properties.write_checked(w, Context::Subscribe)?;
        }
        for f in self.filters.iter() {
            w.utf8(f.filter)?;
            w.u8(f.options.to_byte())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Packet;
    use iotm_wire::ErrorKind;

    fn rule(bytes: &[u8], version: Version) -> (Rule, usize) {
        let e = Packet::decode(bytes, version).unwrap_err();
        match e.kind() {
            ErrorKind::Malformed(rule) => (rule, e.offset()),
            other => panic!("{other:?}"),
        }
    }

    /// Every combination of the options gives the byte of §3.8.3.1 and
    /// reads back from it.
    #[test]
    fn every_options_byte_is_the_fields_in_their_bits() {
        let mut seen = 0;
        for qos in [QoS::AtMostOnce, QoS::AtLeastOnce, QoS::ExactlyOnce] {
            for retain_handling in [
                RetainHandling::SendAtSubscribe,
                RetainHandling::SendAtNewSubscribe,
                RetainHandling::DoNotSend,
            ] {
                for (no_local, retain_as_published) in
                    [(false, false), (true, false), (false, true), (true, true)]
                {
                    let options = SubscriptionOptions {
                        qos,
                        no_local,
                        retain_as_published,
                        retain_handling,
                    };
                    let byte = (retain_handling as u8) << 4
                        | u8::from(retain_as_published) << 3
                        | u8::from(no_local) << 2
                        | qos as u8;
                    assert_eq!(options.to_byte(), byte, "{options:?}");
                    assert_eq!(
                        SubscriptionOptions::from_byte(byte, Version::V5),
                        Ok(options)
                    );
                    seen += 1;
                }
            }
        }
        assert_eq!(seen, 36);
    }

    #[test]
    fn subscribe_round_trips_in_both_versions() {
        let filters = [
            SubscribeFilter {
                filter: "a/+",
                options: SubscriptionOptions::qos(QoS::AtLeastOnce),
            },
            SubscribeFilter {
                filter: "b/#",
                options: SubscriptionOptions::qos(QoS::ExactlyOnce),
            },
        ];
        let s = Subscribe {
            packet_id: 10,
            properties: Properties::EMPTY,
            filters: SubscribeFilters::from_list(&filters),
        };
        let mut buf = [0u8; 64];
        for version in [Version::V3_1_1, Version::V5] {
            let bytes = Packet::Subscribe(s).encode(version, &mut buf).unwrap();
            assert_eq!(bytes[0], 0x82);
            let (p, n) = Packet::decode(bytes, version).unwrap();
            assert_eq!((p, n), (Packet::Subscribe(s), bytes.len()));
        }
    }

    #[test]
    fn mqtt_1_5_4_1_utf8_is_checked_per_filter_even_when_the_list_is_utf8() {
        // Length 0x00C3, then a filter starting with 0xA9: together "é", so
        // the filters read as one string are valid UTF-8, the filter alone
        // is not.
        let mut bytes = [b'a'; 203];
        bytes[..7].copy_from_slice(&[0x82, 0xc8, 0x01, 0x00, 0x01, 0x00, 0xc3]);
        bytes[7] = 0xa9;
        bytes[202] = 0x00;
        assert_eq!(rule(&bytes, Version::V3_1_1), (Rule::InvalidUtf8, 7));
        // Valid multi-byte filters are read back whole, from either form.
        let filters = [SubscribeFilter {
            filter: "caf\u{e9}/+/\u{1f600}",
            options: SubscriptionOptions::qos(QoS::AtLeastOnce),
        }];
        let s = Subscribe {
            packet_id: 3,
            properties: Properties::EMPTY,
            filters: SubscribeFilters::from_list(&filters),
        };
        let mut buf = [0u8; 64];
        let encoded = Packet::Subscribe(s).encode(Version::V5, &mut buf).unwrap();
        let (decoded, _) = Packet::decode(encoded, Version::V5).unwrap();
        assert_eq!(decoded, Packet::Subscribe(s));
    }

    #[test]
    fn encode_refuses_invalid_filters_and_options() {
        let mut buf = [0u8; 128];
        let mut bad = |filter, options, version| {
            let list = [SubscribeFilter { filter, options }];
            let s = Subscribe {
                packet_id: 1,
                properties: Properties::EMPTY,
                filters: SubscribeFilters::from_list(&list),
            };
            let roomy = Packet::Subscribe(s).encode(version, &mut buf).is_err();
            let short = matches!(
                Packet::Subscribe(s).encode(version, &mut [0u8; 3]),
                Err(EncodeError::Invalid { .. })
            );
            roomy && short
        };
        let qos1 = SubscriptionOptions::qos(QoS::AtLeastOnce);
        for filter in ["", "a#", "a/b+", "sensors/device-42/#/x", "+a", "$share//a"] {
            assert!(bad(filter, qos1, Version::V5), "{filter}");
        }
        assert!(bad("$share/g+/a", qos1, Version::V5));
        let no_local = SubscriptionOptions {
            no_local: true,
            ..qos1
        };
        assert!(bad("$share/g/a", no_local, Version::V5));
        assert!(bad("a/b", no_local, Version::V3_1_1));
    }

    #[test]
    fn mqtt_3_8_1_1_reserved_flags_must_be_0010() {
        assert_eq!(
            rule(
                &[0x80, 0x06, 0x00, 0x01, 0x00, 0x01, b'a', 0x00],
                Version::V3_1_1
            ),
            (
                Rule::InvalidFixedHeaderFlags(crate::PacketType::Subscribe),
                0
            )
        );
    }

    #[test]
    fn mqtt_3_8_3_2_at_least_one_filter() {
        assert_eq!(
            rule(&[0x82, 0x02, 0x00, 0x01], Version::V3_1_1),
            (Rule::NoTopicFilter, 4)
        );
        assert_eq!(
            rule(&[0x82, 0x03, 0x00, 0x01, 0x00], Version::V5),
            (Rule::NoTopicFilter, 5)
        );
    }

    #[test]
    fn mqtt_3_8_3_5_reserved_option_bits_must_be_zero() {
        assert_eq!(
            rule(
                &[0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, b'a', 0x40],
                Version::V5
            ),
            (Rule::SubscriptionOptionsReserved, 8)
        );
        // 3.1.1: only the QoS bits are defined.
        assert_eq!(
            rule(
                &[0x82, 0x06, 0x00, 0x01, 0x00, 0x01, b'a', 0x04],
                Version::V3_1_1
            ),
            (Rule::SubscriptionOptionsReserved, 7)
        );
    }

    #[test]
    fn mqtt_3_8_3_1_qos_3_and_retain_handling_3_are_malformed() {
        assert_eq!(
            rule(
                &[0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, b'a', 0x03],
                Version::V5
            ),
            (Rule::QosThree, 8)
        );
        assert_eq!(
            rule(
                &[0x82, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, b'a', 0x30],
                Version::V5
            ),
            (Rule::RetainHandlingThree, 8)
        );
    }

    #[test]
    fn mqtt_3_8_3_4_no_local_on_shared_subscription() {
        let mut bytes = [0u8; 18];
        bytes[..7].copy_from_slice(&[0x82, 0x10, 0x00, 0x01, 0x00, 0x00, 0x0a]);
        bytes[7..17].copy_from_slice(b"$share/g/a");
        bytes[17] = 0x04;
        assert_eq!(
            rule(&bytes, Version::V5),
            (Rule::NoLocalOnSharedSubscription, 17)
        );
    }

    #[test]
    fn mqtt_4_7_1_invalid_filters_are_malformed_with_offset() {
        assert_eq!(
            rule(
                &[0x82, 0x07, 0x00, 0x01, 0x00, 0x02, b'a', b'#', 0x00],
                Version::V3_1_1
            ),
            (Rule::InvalidWildcard, 7)
        );
    }

    #[test]
    fn subscription_identifier_once_in_subscribe() {
        let bytes = [
            0x82, 0x0b, 0x00, 0x01, 0x04, 0x0b, 0x01, 0x0b, 0x02, 0x00, 0x01, b'a', 0x00,
        ];
        assert_eq!(
            rule(&bytes, Version::V5),
            (Rule::DuplicateProperty(0x0b), 7)
        );
    }
}
