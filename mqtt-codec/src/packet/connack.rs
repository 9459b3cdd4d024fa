//! CONNACK (§3.2).

use iotm_wire::EncodeError;

use crate::property::Context;
use crate::read::PacketReader;
use crate::write::Writer;
use crate::{Error, Properties, ReasonCode, Rule, Version};

/// CONNACK. In MQTT 3.1.1 `reason_code` carries the Connect Return Code
/// byte (0 accepted, 1–5 refused) and there are no properties.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Connack<'a> {
    /// The server has a session for this client.
    pub session_present: bool,
    /// Connect Reason Code (5.0) or Return Code (3.1.1).
    pub reason_code: ReasonCode,
    /// CONNACK properties (5.0).
    pub properties: Properties<'a>,
}

impl<'a> Connack<'a> {
    pub(crate) fn read(r: &mut PacketReader<'a>) -> Result<Self, Error> {
        let flags_at = r.reader.position();
        let flags = r.u8()?;
        if flags & 0xfe != 0 {
            return Err(r.malformed_at(Rule::ConnackReservedFlags, flags_at));
        }
        let reason_code = ReasonCode(r.u8()?);
        let session_present = flags & 1 != 0;
        if session_present && reason_code != ReasonCode::SUCCESS {
            return Err(r.malformed_at(Rule::SessionPresentWithError, flags_at));
        }
        let properties = if r.version.is_v5() {
            Properties::read(r, Context::Connack)?
        } else {
            Properties::EMPTY
        };
        Ok(Self {
            session_present,
            reason_code,
            properties,
        })
    }

    fn check(&self, version: Version) -> Result<(), EncodeError> {
        if self.session_present && self.reason_code != ReasonCode::SUCCESS {
            return Err(EncodeError::Invalid {
                rule: "[MQTT-3.2.2-6]: Session Present must be 0 with an error code",
            });
        }
        if !version.is_v5() && !self.properties.is_empty() {
            return Err(EncodeError::Invalid {
                rule: "MQTT 3.1.1 CONNACK has no properties",
            });
        }
        Ok(())
    }

    pub(crate) fn body_len(&self, version: Version) -> Result<usize, EncodeError> {
        self.check(version)?;
        Ok(2 + if version.is_v5() {
            self.properties.checked_len(Context::Connack)?
        } else {
            0
        })
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>, version: Version) -> Result<(), EncodeError> {
        w.u8(u8::from(self.session_present))?;
        w.u8(self.reason_code.0)?;
        if version.is_v5() {
            self.properties.write_checked(w, Context::Connack)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Packet, Property};
    use iotm_wire::ErrorKind;

    #[test]
    fn v311_connack() {
        let (p, _) = Packet::decode(&[0x20, 0x02, 0x01, 0x00], Version::V3_1_1).unwrap();
        assert_eq!(
            p,
            Packet::Connack(Connack {
                session_present: true,
                ..Connack::default()
            })
        );
    }

    #[test]
    fn mqtt_3_2_2_1_reserved_acknowledge_flags() {
        let e = Packet::decode(&[0x20, 0x02, 0x02, 0x00], Version::V3_1_1).unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::Malformed(Rule::ConnackReservedFlags), 2)
        );
    }

    #[test]
    fn mqtt_3_2_2_6_no_session_present_with_an_error() {
        let e = Packet::decode(&[0x20, 0x03, 0x01, 0x87, 0x00], Version::V5).unwrap_err();
        assert_eq!(
            e.kind(),
            ErrorKind::Malformed(Rule::SessionPresentWithError)
        );
    }

    #[test]
    fn v5_connack_with_every_connack_property_round_trips() {
        let props = [
            Property::SessionExpiryInterval(10),
            Property::ReceiveMaximum(100),
            Property::MaximumQos(1),
            Property::RetainAvailable(1),
            Property::MaximumPacketSize(1_048_576),
            Property::AssignedClientIdentifier("auto-1"),
            Property::TopicAliasMaximum(16),
            Property::ReasonString("ok"),
            Property::UserProperty("x", "y"),
            Property::WildcardSubscriptionAvailable(1),
            Property::SubscriptionIdentifierAvailable(1),
            Property::SharedSubscriptionAvailable(0),
            Property::ServerKeepAlive(30),
            Property::ResponseInformation("resp/"),
            Property::ServerReference("other:1883"),
            Property::AuthenticationMethod("PLAIN"),
            Property::AuthenticationData(b"d"),
        ];
        let c = Connack {
            session_present: false,
            reason_code: ReasonCode::SUCCESS,
            properties: Properties::from_list(&props),
        };
        let mut buf = [0u8; 256];
        let bytes = Packet::Connack(c).encode(Version::V5, &mut buf).unwrap();
        assert_eq!(
            Packet::decode(bytes, Version::V5).unwrap(),
            (Packet::Connack(c), bytes.len())
        );
    }

    #[test]
    fn mqtt5_3_2_2_3_4_maximum_qos_is_0_or_1() {
        let e =
            Packet::decode(&[0x20, 0x05, 0x00, 0x00, 0x02, 0x24, 0x02], Version::V5).unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (ErrorKind::Malformed(Rule::PropertyValueOutOfRange(0x24)), 5)
        );
    }
}
