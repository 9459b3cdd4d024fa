//! AUTH (§3.15, MQTT 5.0 only): the enhanced authentication exchange.

use iotm_wire::EncodeError;

use crate::property::Context;
use crate::read::PacketReader;
use crate::write::Writer;
use crate::{Error, Properties, ReasonCode, Version};

/// AUTH. The reason code and properties may be left out together when the
/// reason is Success (§3.15.2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Auth<'a> {
    /// Success, Continue authentication or Re-authenticate.
    pub reason_code: ReasonCode,
    /// Authentication Method and Data, Reason String, User Properties.
    pub properties: Properties<'a>,
}

impl<'a> Auth<'a> {
    pub(crate) fn read(r: &mut PacketReader<'a>) -> Result<Self, Error> {
        let mut auth = Self::default();
        if !r.is_empty() {
            auth.reason_code = ReasonCode(r.u8()?);
            if !r.is_empty() {
                auth.properties = Properties::read(r, Context::Auth)?;
            }
        }
        Ok(auth)
    }

    pub(crate) fn body_len(&self, _version: Version) -> Result<usize, EncodeError> {
        Ok(match (self.reason_code, self.properties.is_empty()) {
            (ReasonCode::SUCCESS, true) => 0,
            _ => 1 + self.properties.checked_len(Context::Auth)?,
        })
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>, _version: Version) -> Result<(), EncodeError> {
        match (self.reason_code, self.properties.is_empty()) {
            (ReasonCode::SUCCESS, true) => Ok(()),
            (code, _) => {
                w.u8(code.0)?;
                self.properties.write_checked(w, Context::Auth)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Packet, Property};

    #[test]
    fn mqtt5_3_15_auth_round_trip() {
        let props = [
            Property::AuthenticationMethod("SCRAM-SHA-1"),
            Property::AuthenticationData(b"n,,n=u"),
        ];
        let auth = Auth {
            reason_code: ReasonCode::CONTINUE_AUTHENTICATION,
            properties: Properties::from_list(&props),
        };
        let mut buf = [0u8; 64];
        let bytes = Packet::Auth(auth).encode(Version::V5, &mut buf).unwrap();
        assert_eq!(
            Packet::decode(bytes, Version::V5).unwrap(),
            (Packet::Auth(auth), bytes.len())
        );
        assert_eq!(
            Packet::decode(&[0xf0, 0x00], Version::V5).unwrap().0,
            Packet::Auth(Auth::default())
        );
        assert!(
            Packet::Auth(auth)
                .encode(Version::V3_1_1, &mut buf)
                .is_err()
        );
    }
}
