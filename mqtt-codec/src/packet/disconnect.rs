//! DISCONNECT (§3.14).

use iotm_wire::EncodeError;

use crate::property::Context;
use crate::read::PacketReader;
use crate::write::Writer;
use crate::{Error, Properties, ReasonCode, Version};

/// DISCONNECT. In MQTT 3.1.1 it has no body; in 5.0 a reason code and
/// properties, both of which may be left out: `e0 00` is Normal
/// disconnection, `e0 01 8e` a reason code without properties (§3.14.2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Disconnect<'a> {
    /// Why (5.0; `SUCCESS` is "Normal disconnection").
    pub reason_code: ReasonCode,
    /// Session Expiry Interval, Reason String, Server Reference, User Properties (5.0).
    pub properties: Properties<'a>,
}

impl<'a> Disconnect<'a> {
    pub(crate) fn read(r: &mut PacketReader<'a>) -> Result<Self, Error> {
        let mut disconnect = Self::default();
        if r.version.is_v5() && !r.is_empty() {
            disconnect.reason_code = ReasonCode(r.u8()?);
            if !r.is_empty() {
                disconnect.properties = Properties::read(r, Context::Disconnect)?;
            }
        }
        Ok(disconnect)
    }

    pub(crate) fn body_len(&self, version: Version) -> Result<usize, EncodeError> {
        if !version.is_v5() {
            self.check_v3()?;
            return Ok(0);
        }
        Ok(match (self.reason_code, self.properties.is_empty()) {
            (ReasonCode::SUCCESS, true) => 0,
            (_, true) => 1,
            (_, false) => 1 + self.properties.checked_len(Context::Disconnect)?,
        })
    }

    fn check_v3(&self) -> Result<(), EncodeError> {
        if self.reason_code != ReasonCode::SUCCESS || !self.properties.is_empty() {
            return Err(EncodeError::Invalid {
                rule: "MQTT 3.1.1 DISCONNECT has no reason code or properties",
            });
        }
        Ok(())
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>, version: Version) -> Result<(), EncodeError> {
        if !version.is_v5() {
            return self.check_v3();
        }
        match (self.reason_code, self.properties.is_empty()) {
            (ReasonCode::SUCCESS, true) => Ok(()),
            (code, true) => w.u8(code.0),
            (code, false) => {
                w.u8(code.0)?;
                self.properties.write_checked(w, Context::Disconnect)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Packet, Property, Rule};
    use iotm_wire::ErrorKind;

    #[test]
    fn mqtt5_3_14_2_1_e0_00_is_normal_disconnection() {
        for version in [Version::V5, Version::V3_1_1] {
            let (p, n) = Packet::decode(&[0xe0, 0x00], version).unwrap();
            assert_eq!((p, n), (Packet::Disconnect(Disconnect::default()), 2));
        }
    }

    #[test]
    fn mqtt5_3_14_2_1_reason_code_without_properties() {
        let (p, _) = Packet::decode(&[0xe0, 0x01, 0x8e], Version::V5).unwrap();
        let Packet::Disconnect(d) = p else {
            panic!("{p:?}")
        };
        assert_eq!(
            (d.reason_code, d.properties.is_empty()),
            (ReasonCode::SESSION_TAKEN_OVER, true)
        );
        let mut buf = [0u8; 8];
        assert_eq!(
            Packet::Disconnect(d).encode(Version::V5, &mut buf).unwrap(),
            [0xe0, 0x01, 0x8e]
        );
    }

    #[test]
    fn mqtt5_3_14_2_2_session_expiry_once() {
        let twice = [0xe0, 0x0c, 0x00, 0x0a, 0x11, 0, 0, 0, 1, 0x11, 0, 0, 0, 2];
        let e = Packet::decode(&twice, Version::V5).unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::Malformed(Rule::DuplicateProperty(0x11)), 9)
        );
        let props = [
            Property::SessionExpiryInterval(1),
            Property::SessionExpiryInterval(2),
        ];
        let d = Disconnect {
            properties: Properties::from_list(&props),
            ..Disconnect::default()
        };
        assert!(
            Packet::Disconnect(d)
                .encode(Version::V5, &mut [0u8; 32])
                .is_err()
        );
    }

    #[test]
    fn v311_disconnect_has_no_body() {
        let e = Packet::decode(&[0xe0, 0x01, 0x00], Version::V3_1_1).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::Malformed(Rule::RemainingLengthMismatch)
        );
    }
}
