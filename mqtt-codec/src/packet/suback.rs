//! SUBACK (§3.9).

use iotm_wire::EncodeError;

use crate::property::Context;
use crate::read::PacketReader;
use crate::write::Writer;
use crate::{Error, Properties, ReasonCode, Version};

/// SUBACK: one reason code (3.1.1: return code) per filter of the SUBSCRIBE,
/// kept as the wire bytes; [`codes`](Self::codes) reads them as [`ReasonCode`]s.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Suback<'a> {
    /// The packet identifier of the SUBSCRIBE.
    pub packet_id: u16,
    /// Reason String and User Properties (5.0).
    pub properties: Properties<'a>,
    /// One code per filter, in order.
    pub reason_codes: &'a [u8],
}

impl<'a> Suback<'a> {
    /// The codes as [`ReasonCode`]s.
    pub fn codes(&self) -> impl Iterator<Item = ReasonCode> + 'a {
        self.reason_codes.iter().map(|&code| ReasonCode(code))
    }

    pub(crate) fn read(r: &mut PacketReader<'a>) -> Result<Self, Error> {
        let packet_id = r.packet_id()?;
        let properties = if r.version.is_v5() {
            Properties::read(r, Context::Suback)?
        } else {
            Properties::EMPTY
        };
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
        if !version.is_v5() && !self.properties.is_empty() {
            return Err(EncodeError::Invalid {
                rule: "MQTT 3.1.1 SUBACK has no properties",
            });
        }
        Ok(())
    }

    pub(crate) fn body_len(&self, version: Version) -> Result<usize, EncodeError> {
        self.check(version)?;
        let properties = if version.is_v5() {
            self.properties.checked_len(Context::Suback)?
        } else {
            0
        };
        Ok(2 + properties + self.reason_codes.len())
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>, version: Version) -> Result<(), EncodeError> {
        w.u16(self.packet_id)?;
        if version.is_v5() {
            self.properties.write_checked(w, Context::Suback)?;
        }
        w.bytes(self.reason_codes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Packet;

    #[test]
    fn suback_round_trips_in_both_versions() {
        let s = Suback {
            packet_id: 3,
            properties: Properties::EMPTY,
            reason_codes: &[0x00, 0x01, 0x80],
        };
        let mut buf = [0u8; 16];
        assert_eq!(
            Packet::Suback(s).encode(Version::V3_1_1, &mut buf).unwrap(),
            [0x90, 0x05, 0x00, 0x03, 0x00, 0x01, 0x80]
        );
        let v5 = Packet::Suback(s).encode(Version::V5, &mut buf).unwrap();
        assert_eq!(v5, [0x90, 0x06, 0x00, 0x03, 0x00, 0x00, 0x01, 0x80]);
        let (p, _) = Packet::decode(v5, Version::V5).unwrap();
        assert_eq!(p, Packet::Suback(s));
        let Packet::Suback(s) = p else { unreachable!() };
        assert_eq!(s.codes().nth(2), Some(ReasonCode::UNSPECIFIED_ERROR));
    }
}
