//! UNSUBSCRIBE (§3.10).

use core::fmt;

use iotm_wire::EncodeError;

use crate::property::Context;
use crate::read::PacketReader;
use crate::topic::check_topic_filter;
use crate::write::{Writer, binary_len};
use crate::{Error, Properties, Rule, Version};

/// Topic filters of an UNSUBSCRIBE: checked when decoded and read in place,
/// or a list to encode.
#[derive(Clone, Copy)]
pub struct TopicFilters<'a>(Repr<'a>);

#[derive(Clone, Copy)]
enum Repr<'a> {
    Wire(&'a [u8], Version),
    List(&'a [&'a str]),
}

impl<'a> TopicFilters<'a> {
    /// Filters to encode.
    pub const fn from_list(list: &'a [&'a str]) -> Self {
        Self(Repr::List(list))
    }

    /// The filters in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let (mut wire, mut list) = match self.0 {
            Repr::Wire(bytes, version) => (Some(PacketReader::trusted(bytes, version)), [].iter()),
            Repr::List(list) => (None, list.iter()),
        };
        core::iter::from_fn(move || match wire.as_mut() {
            // Checked when decoded: reading cannot fail.
            Some(r) if r.is_empty() => None,
            Some(r) => r.utf8().ok(),
            None => list.next().copied(),
        })
    }

    fn encoded_len(&self) -> usize {
        match self.0 {
            Repr::Wire(bytes, _) => bytes.len(),
            Repr::List(list) => list.iter().map(|f| binary_len(f.len())).sum(),
        }
    }
}

impl PartialEq for TopicFilters<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for TopicFilters<'_> {}

impl fmt::Debug for TopicFilters<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// UNSUBSCRIBE: one or more topic filters [MQTT-3.10.3-2].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unsubscribe<'a> {
    /// The packet identifier UNSUBACK answers.
    pub packet_id: u16,
    /// User Properties (5.0).
    pub properties: Properties<'a>,
    /// The filters.
    pub filters: TopicFilters<'a>,
}

impl<'a> Unsubscribe<'a> {
    pub(crate) fn read(r: &mut PacketReader<'a>) -> Result<Self, Error> {
        let packet_id = r.packet_id()?;
        let properties = if r.version.is_v5() {
            Properties::read(r, Context::Unsubscribe)?
        } else {
            Properties::EMPTY
        };
        if r.is_empty() {
            return Err(r.malformed(Rule::NoTopicFilter));
        }
        let start = r.reader.position();
        while !r.is_empty() {
            let at = r.offset() + 2;
            let filter = r.utf8()?;
            check_topic_filter(filter, r.version.is_v5())
                .map_err(|(rule, i)| Error::malformed(rule, at + i))?;
        }
        let bytes = r.reader.input().get(start..).unwrap_or_default();
        Ok(Self {
            packet_id,
            properties,
            filters: TopicFilters(Repr::Wire(bytes, r.version)),
        })
    }

    fn check(&self, version: Version) -> Result<(), EncodeError> {
        if self.packet_id == 0 {
            return Err(EncodeError::Invalid {
                rule: "[MQTT-2.2.1-3]: packet identifier must not be 0",
            });
        }
        if self.filters.iter().next().is_none() {
            return Err(EncodeError::Invalid {
                rule: "[MQTT-3.10.3-2]: UNSUBSCRIBE needs a topic filter",
            });
        }
        if self
            .filters
            .iter()
            .any(|f| check_topic_filter(f, version.is_v5()).is_err() || crate::scan::has_nul(f))
        {
            return Err(EncodeError::Invalid {
                rule: "[MQTT-4.7.1-2]/[MQTT-4.7.1-3]/[MQTT-1.5.4-2]: invalid topic filter",
            });
        }
        if !version.is_v5() && !self.properties.is_empty() {
            return Err(EncodeError::Invalid {
                rule: "MQTT 3.1.1 UNSUBSCRIBE has no properties",
            });
        }
        Ok(())
    }

    pub(crate) fn body_len(&self, version: Version) -> Result<usize, EncodeError> {
        self.check(version)?;
        let properties = if version.is_v5() {
            self.properties.checked_len(Context::Unsubscribe)?
        } else {
            0
        };
        Ok(2 + properties + self.filters.encoded_len())
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>, version: Version) -> Result<(), EncodeError> {
        w.u16(self.packet_id)?;
        if version.is_v5() {
            self.properties.write_checked(w, Context::Unsubscribe)?;
        }
        self.filters.iter().try_for_each(|f| w.utf8(f))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Packet;
    use iotm_wire::ErrorKind;

    #[test]
    fn unsubscribe_round_trips_in_both_versions() {
        let filters = ["a/b", "c/#"];
        let u = Unsubscribe {
            packet_id: 4,
            properties: Properties::EMPTY,
            filters: TopicFilters::from_list(&filters),
        };
        let mut buf = [0u8; 32];
        for version in [Version::V3_1_1, Version::V5] {
            let bytes = Packet::Unsubscribe(u).encode(version, &mut buf).unwrap();
            assert_eq!(bytes[0], 0xa2);
            assert_eq!(
                Packet::decode(bytes, version).unwrap(),
                (Packet::Unsubscribe(u), bytes.len())
            );
        }
    }

    #[test]
    fn mqtt_3_10_3_2_at_least_one_filter() {
        let e = Packet::decode(&[0xa2, 0x02, 0x00, 0x01], Version::V3_1_1).unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::Malformed(Rule::NoTopicFilter), 4)
        );
    }

    #[test]
    fn mqtt_3_10_1_1_reserved_flags_must_be_0010() {
        let e = Packet::decode(&[0xa0, 0x05, 0x00, 0x01, 0x00, 0x01, b'a'], Version::V3_1_1)
            .unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::Malformed(Rule::InvalidFixedHeaderFlags(
                crate::PacketType::Unsubscribe
            ))
        );
    }
}
