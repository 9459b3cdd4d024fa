//! The fixed header (§2.1): packet type, flags, Remaining Length.

use core::fmt;

use crate::read::decode_variable_byte_integer;
use crate::{Error, Rule, Version};

/// The MQTT Control Packet types (§2.1.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u8)]
pub enum PacketType {
    /// Client request to connect.
    Connect = 1,
    /// Connect acknowledgment.
    Connack = 2,
    /// Publish message.
    Publish = 3,
    /// Publish acknowledgment (QoS 1).
    Puback = 4,
    /// Publish received (QoS 2, part 1).
    Pubrec = 5,
    /// Publish release (QoS 2, part 2).
    Pubrel = 6,
    /// Publish complete (QoS 2, part 3).
    Pubcomp = 7,
    /// Subscribe request.
    Subscribe = 8,
    /// Subscribe acknowledgment.
    Suback = 9,
    /// Unsubscribe request.
    Unsubscribe = 10,
    /// Unsubscribe acknowledgment.
    Unsuback = 11,
    /// PING request.
    Pingreq = 12,
    /// PING response.
    Pingresp = 13,
    /// Disconnect notification.
    Disconnect = 14,
    /// Authentication exchange (MQTT 5.0 only).
    Auth = 15,
}

impl PacketType {
    /// The type in the high nibble of a fixed header's first byte.
    pub const fn from_nibble(nibble: u8) -> Option<Self> {
        Some(match nibble {
            1 => Self::Connect,
            2 => Self::Connack,
            3 => Self::Publish,
            4 => Self::Puback,
            5 => Self::Pubrec,
            6 => Self::Pubrel,
            7 => Self::Pubcomp,
            8 => Self::Subscribe,
            9 => Self::Suback,
            10 => Self::Unsubscribe,
            11 => Self::Unsuback,
            12 => Self::Pingreq,
            13 => Self::Pingresp,
            14 => Self::Disconnect,
            15 => Self::Auth,
            _ => return None,
        })
    }

    /// The flags every packet of this type carries (§2.1.3); `None` for
    /// PUBLISH, whose flags carry DUP, QoS and RETAIN.
    pub const fn fixed_flags(self) -> Option<u8> {
        match self {
            Self::Publish => None,
            Self::Pubrel | Self::Subscribe | Self::Unsubscribe => Some(0b0010),
            _ => Some(0),
        }
    }

    /// The upper-case name the specification uses.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Connect => "CONNECT",
            Self::Connack => "CONNACK",
            Self::Publish => "PUBLISH",
            Self::Puback => "PUBACK",
            Self::Pubrec => "PUBREC",
            Self::Pubrel => "PUBREL",
            Self::Pubcomp => "PUBCOMP",
            Self::Subscribe => "SUBSCRIBE",
            Self::Suback => "SUBACK",
            Self::Unsubscribe => "UNSUBSCRIBE",
            Self::Unsuback => "UNSUBACK",
            Self::Pingreq => "PINGREQ",
            Self::Pingresp => "PINGRESP",
            Self::Disconnect => "DISCONNECT",
            Self::Auth => "AUTH",
        }
    }
}

impl fmt::Display for PacketType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A decoded fixed header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedHeader {
    /// The packet type.
    pub packet_type: PacketType,
    /// The four flag bits (checked against the type's rules).
    pub flags: u8,
    /// Bytes after the fixed header.
    pub remaining_length: u32,
    /// Bytes of the fixed header itself (2–5).
    pub header_len: usize,
}

impl FixedHeader {
    /// Bytes of the whole packet: header plus Remaining Length.
    pub fn packet_len(&self) -> usize {
        self.header_len
            .saturating_add(usize::try_from(self.remaining_length).unwrap_or(usize::MAX))
    }

    /// Decodes the fixed header at the start of `bytes`, checking the packet
    /// type, its flags and the Remaining Length encoding; nothing after it is
    /// read, so a streaming caller learns the packet's size first.
    ///
    /// # Errors
    /// `Incomplete` until the whole header is there; `ReservedPacketType`,
    /// `InvalidFixedHeaderFlags`, `QosThree`, `DupWithQosZero`,
    /// `NotInThisVersion`, Variable Byte Integer rules.
    #[inline]
    pub fn decode(bytes: &[u8], version: Version) -> Result<Self, Error> {
        let first = *bytes.first().ok_or(Error::incomplete(2, 0))?;
        let nibble = first >> 4;
        let flags = first & 0x0f;
        let packet_type = PacketType::from_nibble(nibble)
            .ok_or(Error::malformed(Rule::ReservedPacketType(nibble), 0))?;
        if packet_type == PacketType::Auth && !version.is_v5() {
            return Err(Error::malformed(Rule::NotInThisVersion, 0));
        }
        match packet_type.fixed_flags() {
            Some(expected) if flags != expected => {
                return Err(Error::malformed(
                    Rule::InvalidFixedHeaderFlags(packet_type),
                    0,
                ));
            }
            Some(_) => {}
            None => check_publish_flags(flags)?,
        }
        let rest = bytes.get(1..).unwrap_or_default();
        let (remaining_length, len) =
            decode_variable_byte_integer(rest, version).map_err(|e| e.shifted(1))?;
        Ok(Self {
            packet_type,
            flags,
            remaining_length,
            header_len: 1 + len,
        })
    }
}

/// PUBLISH flags: QoS 3 [MQTT-3.3.1-4] and DUP with QoS 0 [MQTT-3.3.1-2] are malformed.
fn check_publish_flags(flags: u8) -> Result<(), Error> {
    let qos = (flags >> 1) & 0b11;
    if qos == 3 {
        return Err(Error::malformed(Rule::QosThree, 0));
    }
    if qos == 0 && flags & 0b1000 != 0 {
        return Err(Error::malformed(Rule::DupWithQosZero, 0));
    }
    Ok(())
}

/// The first byte of a fixed header.
pub(crate) const fn first_byte(packet_type: PacketType, flags: u8) -> u8 {
    (packet_type as u8) << 4 | (flags & 0x0f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use iotm_wire::ErrorKind;

    fn rule(bytes: &[u8], version: Version) -> Rule {
        match FixedHeader::decode(bytes, version).unwrap_err().kind() {
            ErrorKind::Malformed(rule) => rule,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn mqtt_2_1_2_packet_type_0_is_reserved() {
        assert_eq!(
            rule(&[0x00, 0x00], Version::V5),
            Rule::ReservedPacketType(0)
        );
    }

    #[test]
    fn mqtt_2_1_3_1_reserved_flags_must_match() {
        assert!(FixedHeader::decode(&[0x82, 0x00], Version::V5).is_ok());
        assert_eq!(
            rule(&[0x80, 0x00], Version::V5),
            Rule::InvalidFixedHeaderFlags(PacketType::Subscribe)
        );
        assert_eq!(
            rule(&[0x60, 0x02], Version::V3_1_1),
            Rule::InvalidFixedHeaderFlags(PacketType::Pubrel)
        );
        assert_eq!(
            rule(&[0xc1, 0x00], Version::V5),
            Rule::InvalidFixedHeaderFlags(PacketType::Pingreq)
        );
        assert_eq!(
            rule(&[0xe8, 0x00], Version::V5),
            Rule::InvalidFixedHeaderFlags(PacketType::Disconnect)
        );
    }

    #[test]
    fn mqtt_3_3_1_4_publish_qos_3_is_malformed() {
        assert_eq!(rule(&[0x36, 0x00], Version::V5), Rule::QosThree);
    }

    #[test]
    fn mqtt_3_3_1_2_dup_must_be_0_for_qos_0() {
        assert_eq!(rule(&[0x38, 0x00], Version::V3_1_1), Rule::DupWithQosZero);
        assert!(FixedHeader::decode(&[0x3a, 0x00], Version::V5).is_ok());
    }

    #[test]
    fn auth_is_mqtt_5_only() {
        assert_eq!(rule(&[0xf0, 0x00], Version::V3_1_1), Rule::NotInThisVersion);
        assert!(FixedHeader::decode(&[0xf0, 0x00], Version::V5).is_ok());
    }

    #[test]
    fn remaining_length_and_sizes() {
        let h = FixedHeader::decode(&[0x30, 0x80, 0x01], Version::V5).unwrap();
        assert_eq!(
            (h.remaining_length, h.header_len, h.packet_len()),
            (128, 3, 131)
        );
        let e = FixedHeader::decode(&[0x30, 0x80], Version::V5).unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::Incomplete { needed: 1 }, 2)
        );
        assert!(
            FixedHeader::decode(&[], Version::V5)
                .unwrap_err()
                .is_incomplete()
        );
    }
}
