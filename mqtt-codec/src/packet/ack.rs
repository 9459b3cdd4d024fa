//! PUBACK, PUBREC, PUBREL and PUBCOMP (§3.4–§3.7): one shape, four types.

use iotm_wire::EncodeError;

use crate::property::Context;
use crate::read::PacketReader;
use crate::write::Writer;
use crate::{Error, Properties, ReasonCode, Version};

/// The body of PUBACK, PUBREC, PUBREL and PUBCOMP.
///
/// MQTT 5.0 allows short forms: without properties the Property Length may
/// be left out, and with reason code Success too (§3.4.2.1); the encoder
/// writes the shortest form. MQTT 3.1.1 carries the packet identifier only.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ack<'a> {
    /// The packet identifier of the PUBLISH (or PUBREL) acknowledged.
    pub packet_id: u16,
    /// Success, or why not (5.0 only; `SUCCESS` in 3.1.1).
    pub reason_code: ReasonCode,
    /// Reason String and User Properties (5.0 only).
    pub properties: Properties<'a>,
}

impl<'a> Ack<'a> {
    /// A successful acknowledgment of `packet_id`.
    pub const fn new(packet_id: u16) -> Self {
        Self {
            packet_id,
            reason_code: ReasonCode::SUCCESS,
            properties: Properties::EMPTY,
        }
    }

    pub(crate) fn read(r: &mut PacketReader<'a>) -> Result<Self, Error> {
        let packet_id = r.packet_id()?;
        let mut ack = Self::new(packet_id);
        if r.version.is_v5() && !r.is_empty() {
            ack.reason_code = ReasonCode(r.u8()?);
            if !r.is_empty() {
                ack.properties = Properties::read(r, Context::PublishAck)?;
            }
        }
        Ok(ack)
    }

    fn short_form(&self) -> bool {
        self.properties.is_empty()
    }

    pub(crate) fn body_len(&self, version: Version) -> Result<usize, EncodeError> {
        if !version.is_v5() {
            self.check_v3()?;
            return Ok(2);
        }
        Ok(match (self.reason_code, self.short_form()) {
            (ReasonCode::SUCCESS, true) => 2,
            (_, true) => 3,
            (_, false) => 3 + self.properties.checked_len(Context::PublishAck)?,
        })
    }

    fn check_v3(&self) -> Result<(), EncodeError> {
        if self.reason_code != ReasonCode::SUCCESS || !self.properties.is_empty() {
            return Err(EncodeError::Invalid {
                rule: "MQTT 3.1.1 acknowledgments carry no reason code or properties",
            });
        }
        Ok(())
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>, version: Version) -> Result<(), EncodeError> {
        if self.packet_id == 0 {
            return Err(EncodeError::Invalid {
                rule: "[MQTT-2.2.1-3]: packet identifier must not be 0",
            });
        }
        w.u16(self.packet_id)?;
        if !version.is_v5() {
            return self.check_v3();
        }
        match (self.reason_code, self.short_form()) {
            (ReasonCode::SUCCESS, true) => Ok(()),
            (code, true) => w.u8(code.0),
            (code, false) => {
                w.u8(code.0)?;
                self.properties.write_checked(w, Context::PublishAck)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::{Packet, Property, Rule, Version};
    use iotm_wire::ErrorKind;

    use super::*;

    #[test]
    fn mqtt5_3_4_2_1_short_forms_decode() {
        let (p, n) = Packet::decode(&[0x40, 0x02, 0x00, 0x07], Version::V5).unwrap();
        assert_eq!((p, n), (Packet::Puback(Ack::new(7)), 4));
        let (p, _) = Packet::decode(&[0x50, 0x03, 0x00, 0x07, 0x10], Version::V5).unwrap();
        let Packet::Pubrec(ack) = p else {
            panic!("{p:?}")
        };
        assert_eq!(ack.reason_code, ReasonCode::NO_MATCHING_SUBSCRIBERS);
    }

    #[test]
    fn encoder_writes_the_shortest_form() {
        let mut buf = [0u8; 32];
        assert_eq!(
            Packet::Pubcomp(Ack::new(1))
                .encode(Version::V5, &mut buf)
                .unwrap(),
            [0x70, 0x02, 0x00, 0x01]
        );
        let ack = Ack {
            reason_code: ReasonCode::PACKET_IDENTIFIER_NOT_FOUND,
            ..Ack::new(1)
        };
        assert_eq!(
            Packet::Pubrel(ack).encode(Version::V5, &mut buf).unwrap(),
            [0x62, 0x03, 0x00, 0x01, 0x92]
        );
        let props = [Property::ReasonString("x")];
        let ack = Ack {
            properties: Properties::from_list(&props),
            ..Ack::new(1)
        };
        let bytes = Packet::Puback(ack).encode(Version::V5, &mut buf).unwrap();
        assert_eq!(
            bytes,
            [0x40, 0x08, 0x00, 0x01, 0x00, 0x04, 0x1f, 0x00, 0x01, b'x']
        );
        assert_eq!(
            Packet::decode(bytes, Version::V5).unwrap().0,
            Packet::Puback(ack)
        );
    }

    #[test]
    fn mqtt_3_4_2_v311_ack_is_exactly_the_packet_identifier() {
        let e = Packet::decode(&[0x40, 0x03, 0x00, 0x07, 0x00], Version::V3_1_1).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::Malformed(Rule::RemainingLengthMismatch)
        );
        let ack = Ack {
            reason_code: ReasonCode::UNSPECIFIED_ERROR,
            ..Ack::new(1)
        };
        assert!(
            Packet::Puback(ack)
                .encode(Version::V3_1_1, &mut [0u8; 8])
                .is_err()
        );
    }

    #[test]
    fn mqtt_2_2_1_3_packet_identifier_zero_is_malformed() {
        let e = Packet::decode(&[0x40, 0x02, 0x00, 0x00], Version::V5).unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::Malformed(Rule::ZeroPacketIdentifier), 2)
        );
    }

    #[test]
    fn properties_not_allowed_in_an_ack_are_malformed() {
        // Topic Alias (0x23) in a PUBACK.
        let e = Packet::decode(
            &[0x40, 0x07, 0x00, 0x01, 0x00, 0x03, 0x23, 0x00, 0x01],
            Version::V5,
        )
        .unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::Malformed(Rule::PropertyNotAllowed(0x23)), 6)
        );
    }
}
