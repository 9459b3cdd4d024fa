//! UNSUBACK (§3.11).

use iotm_wire::EncodeError;

use crate::property::Context;
use crate::read::PacketReader;
use crate::write::Writer;
use crate::{Error, Properties, ReasonCode, Version};

/// UNSUBACK. MQTT 3.1.1 carries the packet identifier only; 5.0 adds
/// properties and one reason code per filter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unsuback<'a> {
    /// The packet identifier of the UNSUBSCRIBE.
    pub packet_id: u16,
    /// Reason String and User Properties (5.0).
    pub properties: Properties<'a>,
    /// One code per filter (5.0; empty in 3.1.1).
    pub reason_codes: &'a [u8],
}

impl<'a> Unsuback<'a> {
    /// The codes as [`ReasonCode`]s.
    pub fn codes(&self) -> impl Iterator<Item = ReasonCode> + 'a {
        self.reason_codes.iter().map(|&code| ReasonCode(code))
    }

    pub(crate) fn read(r: &mut PacketReader<'a>) -> Result<Self, Error> {
        let packet_id = r.packet_id()?;
        if !r.version.is_v5() {
            return Ok(Self {
                packet_id,
                properties: Properties::EMPTY,
                reason_codes: &[],
            });
        }
        let properties = Properties::read(r, Context::Unsuback)?;
        Ok(Self {
            packet_id,
            properties,
            reason_codes: r.rest(),
        })
    }

    fn check(&self, version: Version) -> Result<(), EncodeError> {
        if self.packet_id == 0 {
            return Err(EncodeError::Invalid {
                rule: "[MQTT-2.2.1-3]: packet identifier must not be 0",
            });
        }
        if !version.is_v5() && (!self.properties.is_empty() || !self.reason_codes.is_empty()) {
            return Err(EncodeError::Invalid {
                rule: "MQTT 3.1.1 UNSUBACK carries the packet identifier only",
            });
        }
        Ok(())
    }

    pub(crate) fn body_len(&self, version: Version) -> Result<usize, EncodeError> {
        self.check(version)?;
        if !version.is_v5() {
            return Ok(2);
        }
        Ok(2 + self.properties.checked_len(Context::Unsuback)? + self.reason_codes.len())
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>, version: Version) -> Result<(), EncodeError> {
        w.u16(self.packet_id)?;
        if version.is_v5() {
            self.properties.write_checked(w, Context::Unsuback)?;
            w.bytes(self.reason_codes)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Packet, Rule};
    use iotm_wire::ErrorKind;

    #[test]
    fn unsuback_in_both_versions() {
        let mut buf = [0u8; 16];
        let v3 = Unsuback {
            packet_id: 5,
            properties: Properties::EMPTY,
            reason_codes: &[],
        };
        assert_eq!(
            Packet::Unsuback(v3)
                .encode(Version::V3_1_1, &mut buf)
                .unwrap(),
            [0xb0, 0x02, 0x00, 0x05]
        );
        let v5 = Unsuback {
            reason_codes: &[0x00, 0x11],
            ..v3
        };
        let bytes = Packet::Unsuback(v5).encode(Version::V5, &mut buf).unwrap();
        assert_eq!(bytes, [0xb0, 0x05, 0x00, 0x05, 0x00, 0x00, 0x11]);
        assert_eq!(
            Packet::decode(bytes, Version::V5).unwrap().0,
            Packet::Unsuback(v5)
        );
        let e = Packet::decode(&[0xb0, 0x03, 0x00, 0x05, 0x00], Version::V3_1_1).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::Malformed(Rule::RemainingLengthMismatch)
        );
    }
}
