//! CONNECT (§3.1).

use iotm_wire::EncodeError;

use crate::property::Context;
use crate::read::PacketReader;
use crate::topic::check_topic_name;
use crate::write::{Writer, binary_len};
use crate::{Error, Properties, QoS, Rule, Version};

#[cfg(not(target_os = "none"))]
mod encoder;

/// The Protocol Name of MQTT 3.1.1 and 5.0 [MQTT-3.1.2-1].
const PROTOCOL_NAME: &str = "MQTT";

/// The encoder's error for a password without a user name in 3.1.1.
const PASSWORD_WITHOUT_USER_NAME: EncodeError = EncodeError::Invalid {
    rule: "3.1.1 [MQTT-3.1.2-22]: a password needs a user name",
};

/// The encoder's error for U+0000 in a string.
const NUL_IN_STRING: EncodeError = EncodeError::Invalid {
    rule: "[MQTT-1.5.4-2]: U+0000 in a UTF-8 Encoded String",
};

/// Connect Flags bits (§3.1.2.3).
mod flag {
    pub(super) const RESERVED: u8 = 0b0000_0001;
    pub(super) const CLEAN_START: u8 = 0b0000_0010;
    pub(super) const WILL: u8 = 0b0000_0100;
    pub(super) const WILL_QOS_SHIFT: u8 = 3;
    pub(super) const WILL_QOS: u8 = 0b0001_1000;
    pub(super) const WILL_RETAIN: u8 = 0b0010_0000;
    pub(super) const PASSWORD: u8 = 0b0100_0000;
    pub(super) const USER_NAME: u8 = 0b1000_0000;
}

/// The Will Message a CONNECT asks the server to publish if the connection
/// ends without DISCONNECT (§3.1.2.5).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Will<'a> {
    /// Will QoS.
    pub qos: QoS,
    /// Will Retain.
    pub retain: bool,
    /// Will Properties (5.0).
    pub properties: Properties<'a>,
    /// Will Topic: a topic name.
    pub topic: &'a str,
    /// Will Payload.
    pub payload: &'a [u8],
}

/// CONNECT: the first packet from a client. It names its protocol version,
/// which the decoder follows whatever it was told.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Connect<'a> {
    /// The protocol version asked for (Protocol Level 4 or 5).
    pub version: Version,
    /// Clean Start (5.0) / Clean Session (3.1.1).
    pub clean_start: bool,
    /// Keep Alive, in seconds; 0 turns it off.
    pub keep_alive: u16,
    /// CONNECT properties (5.0).
    pub properties: Properties<'a>,
    /// Client Identifier; may be empty.
    pub client_id: &'a str,
    /// The Will Message, if any.
    pub will: Option<Will<'a>>,
    /// User Name, if any.
    pub user_name: Option<&'a str>,
    /// Password, if any (3.1.1: only with a User Name).
    pub password: Option<&'a [u8]>,
}

impl<'a> Connect<'a> {
    /// A clean-start CONNECT for `version` with `client_id`, keep-alive 60 s.
    pub const fn new(version: Version, client_id: &'a str) -> Self {
        Self {
            version,
            clean_start: true,
            keep_alive: 60,
            properties: Properties::EMPTY,
            client_id,
            will: None,
            user_name: None,
            password: None,
        }
    }

    pub(crate) fn read(r: &mut PacketReader<'a>) -> Result<Self, Error> {
        let name_at = r.reader.position();
        let name = r.utf8()?;
        if name != PROTOCOL_NAME {
            return Err(r.malformed_at(Rule::ProtocolName, name_at));
        }
        let level_at = r.reader.position();
        let level = r.u8()?;
        let version = Version::from_level(level)
            .ok_or(r.malformed_at(Rule::UnsupportedProtocolLevel(level), level_at))?;
        // Everything after the Protocol Level follows the version it names.
        r.version = version;
        let flags_at = r.reader.position();
        let flags = r.u8()?;
        check_flags(flags, version).map_err(|rule| r.malformed_at(rule, flags_at))?;
        let keep_alive = r.u16()?;
        let properties = if version.is_v5() {
            Properties::read(r, Context::Connect)?
        } else {
            Properties::EMPTY
        };
        let client_id = r.utf8()?;
        let will = if flags & flag::WILL != 0 {
            let properties = if version.is_v5() {
                Properties::read(r, Context::Will)?
            } else {
                Properties::EMPTY
            };
            let topic_at = r.offset() + 2;
            let topic = r.utf8()?;
            if !r.trusted {
                check_topic_name(topic)
                    .map_err(|(rule, at)| Error::malformed(rule, topic_at + at))?;
            }
            let payload = r.binary()?;
            let qos = QoS::from_bits((flags & flag::WILL_QOS) >> flag::WILL_QOS_SHIFT)
                .unwrap_or(QoS::AtMostOnce);
            Some(Will {
                qos,
                retain: flags & flag::WILL_RETAIN != 0,
                properties,
                topic,
                payload,
            })
        } else {
            None
        };
        let user_name = if flags & flag::USER_NAME != 0 {
            Some(r.utf8()?)
        } else {
            None
        };
        let password = if flags & flag::PASSWORD != 0 {
            Some(r.binary()?)
        } else {
            None
        };
        Ok(Self {
            version,
            clean_start: flags & flag::CLEAN_START != 0,
            keep_alive,
            properties,
            client_id,
            will,
            user_name,
            password,
        })
    }

    fn flags(&self) -> u8 {
        let mut flags = 0;
        if self.clean_start {
            flags |= flag::CLEAN_START;
        }
        if let Some(will) = &self.will {
            flags |= flag::WILL | (will.qos as u8) << flag::WILL_QOS_SHIFT;
            if will.retain {
                flags |= flag::WILL_RETAIN;
            }
        }
        if self.user_name.is_some() {
            flags |= flag::USER_NAME;
        }
        if self.password.is_some() {
            flags |= flag::PASSWORD;
        }
        flags
    }

    fn check(&self) -> Result<(), EncodeError> {
        check_flags(self.flags(), self.version).map_err(|_| PASSWORD_WITHOUT_USER_NAME)?;
        // [MQTT-1.5.4-2]: no U+0000 in the strings a decoder reads.
        let nul = crate::scan::has_nul;
        let will_topic = self.will.as_ref().map(|will| will.topic);
        if nul(self.client_id) || will_topic.is_some_and(nul) || self.user_name.is_some_and(nul) {
            return Err(NUL_IN_STRING);
        }
        if let Some(will) = &self.will {
            if check_topic_name(will.topic).is_err() {
                return Err(EncodeError::Invalid {
                    rule: "[MQTT-3.1.3-11]: the Will Topic must be a topic name",
                });
            }
            if !self.version.is_v5() && !will.properties.is_empty() {
                return Err(EncodeError::Invalid {
                    rule: "MQTT 3.1.1 has no Will Properties",
                });
            }
        }
        if !self.version.is_v5() && !self.properties.is_empty() {
            return Err(EncodeError::Invalid {
                rule: "MQTT 3.1.1 CONNECT has no properties",
            });
        }
        Ok(())
    }

    /// The Remaining Length. CONNECT's own version decides its layout.
    pub(crate) fn body_len(&self) -> Result<usize, EncodeError> {
        self.check()?;
        let v5 = self.version.is_v5();
        let mut len = binary_len(PROTOCOL_NAME.len()) + 1 + 1 + 2;
        if v5 {
            len += self.properties.checked_len(Context::Connect)?;
        }
        len += binary_len(self.client_id.len());
        if let Some(will) = &self.will {
            if v5 {
                len += will.properties.checked_len(Context::Will)?;
            }
            len += binary_len(will.topic.len()) + binary_len(will.payload.len());
        }
        len += self.user_name.map_or(0, |u| binary_len(u.len()));
        len += self.password.map_or(0, |p| binary_len(p.len()));
        Ok(len)
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        let v5 = self.version.is_v5();
        w.utf8(PROTOCOL_NAME)?;
        w.u8(self.version.level())?;
        w.u8(self.flags())?;
        w.u16(self.keep_alive)?;
        if v5 {
            self.properties.write_checked(w, Context::Connect)?;
        }
        w.utf8(self.client_id)?;
        if let Some(will) = &self.will {
            if v5 {
                will.properties.write_checked(w, Context::Will)?;
            }
            w.utf8(will.topic)?;
            w.binary(will.payload)?;
        }
        if let Some(user_name) = self.user_name {
            w.utf8(user_name)?;
        }
        if let Some(password) = self.password {
            w.binary(password)?;
        }
        Ok(())
    }
}

/// The Connect Flags rules of §3.1.2.3–§3.1.2.9.
fn check_flags(flags: u8, version: Version) -> Result<(), Rule> {
    if flags & flag::RESERVED != 0 {
        return Err(Rule::ConnectReservedFlag);
    }
    let will_qos = (flags & flag::WILL_QOS) >> flag::WILL_QOS_SHIFT;
    if flags & flag::WILL == 0 {
        if will_qos != 0 {
            return Err(Rule::WillQosWithoutWill);
        }
        if flags & flag::WILL_RETAIN != 0 {
            return Err(Rule::WillRetainWithoutWill);
        }
    } else if will_qos == 3 {
        return Err(Rule::WillQosThree);
    }
    if !version.is_v5() && flags & flag::PASSWORD != 0 && flags & flag::USER_NAME == 0 {
        return Err(Rule::PasswordWithoutUserName);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Packet, Property};
    use iotm_wire::ErrorKind;

    /// CONNECT for "MQTT" level `level` with `flags`, keep-alive 60, client "c".
    fn connect(level: u8, flags: u8) -> [u8; 15] {
        [
            0x10, 0x0d, 0x00, 0x04, b'M', b'Q', b'T', b'T', level, flags, 0x00, 0x3c, 0x00, 0x01,
            b'c',
        ]
    }

    fn rule(bytes: &[u8]) -> (Rule, usize) {
        let e = Packet::decode(bytes, Version::V3_1_1).unwrap_err();
        match e.kind() {
            ErrorKind::Malformed(rule) => (rule, e.offset()),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn minimal_v311_connect() {
        let bytes = connect(4, 0x02);
        let (p, n) = Packet::decode(&bytes, Version::V3_1_1).unwrap();
        assert_eq!(
            (p, n),
            (Packet::from(&Connect::new(Version::V3_1_1, "c")), 15)
        );
        assert_eq!(p.encode(Version::V3_1_1, &mut [0u8; 32]).unwrap(), bytes);
    }

    #[test]
    fn connect_names_its_own_version() {
        // A v5 CONNECT decodes as v5 even when the caller guessed 3.1.1.
        let mut bytes = [0u8; 16];
        bytes[..12].copy_from_slice(&[
            0x10, 0x0e, 0x00, 0x04, b'M', b'Q', b'T', b'T', 5, 0x02, 0x00, 0x3c,
        ]);
        bytes[12..].copy_from_slice(&[0x00, 0x00, 0x01, b'c']);
        let (p, _) = Packet::decode(&bytes, Version::V3_1_1).unwrap();
        let Packet::Connect(c) = p else {
            panic!("{p:?}")
        };
        assert_eq!(c.version(), Version::V5);
        assert_eq!(c.fields().version, Version::V5);
    }

    #[test]
    fn mqtt_3_1_2_1_protocol_name_must_be_mqtt() {
        let mut bytes = connect(4, 0x02);
        bytes[7] = b'X';
        assert_eq!(rule(&bytes), (Rule::ProtocolName, 2));
    }

    #[test]
    fn mqtt_3_1_2_2_unsupported_protocol_level() {
        assert_eq!(
            rule(&connect(3, 0x02)),
            (Rule::UnsupportedProtocolLevel(3), 8)
        );
    }

    #[test]
    fn mqtt_3_1_2_3_reserved_connect_flag_must_be_zero() {
        assert_eq!(rule(&connect(4, 0x03)), (Rule::ConnectReservedFlag, 9));
    }

    #[test]
    fn mqtt_3_1_2_11_to_13_will_flags() {
        assert_eq!(rule(&connect(4, 0x08)), (Rule::WillQosWithoutWill, 9));
        assert_eq!(rule(&connect(4, 0x20)), (Rule::WillRetainWithoutWill, 9));
        assert_eq!(rule(&connect(4, 0x1c)), (Rule::WillQosThree, 9));
    }

    #[test]
    fn mqtt_3_1_2_22_v311_password_needs_user_name() {
        assert_eq!(rule(&connect(4, 0x42)), (Rule::PasswordWithoutUserName, 9));
    }

    #[test]
    fn full_v5_connect_round_trips() {
        let props = [
            Property::SessionExpiryInterval(3600),
            Property::ReceiveMaximum(20),
            Property::MaximumPacketSize(65_536),
            Property::TopicAliasMaximum(10),
            Property::RequestResponseInformation(1),
            Property::RequestProblemInformation(0),
            Property::UserProperty("a", "b"),
            Property::AuthenticationMethod("PLAIN"),
            Property::AuthenticationData(b"x"),
        ];
        let will_props = [
            Property::WillDelayInterval(5),
            Property::ContentType("text/plain"),
        ];
        let c = Connect {
            properties: Properties::from_list(&props),
            will: Some(Will {
                qos: QoS::ExactlyOnce,
                retain: true,
                properties: Properties::from_list(&will_props),
                topic: "dev/1/status",
                payload: b"offline",
            }),
            user_name: Some("user"),
            password: Some(b"secret"),
            ..Connect::new(Version::V5, "device-1")
        };
        let mut buf = [0u8; 256];
        let bytes = Packet::from(&c).encode(Version::V5, &mut buf).unwrap();
        assert_eq!(
            Packet::decode(bytes, Version::V5).unwrap(),
            (Packet::from(&c), bytes.len())
        );
    }

    #[test]
    fn will_properties_are_checked_as_will_properties() {
        // Session Expiry Interval belongs to CONNECT, not to the Will.
        let will_props = [Property::SessionExpiryInterval(1)];
        let c = Connect {
            will: Some(Will {
                qos: QoS::AtMostOnce,
                retain: false,
                properties: Properties::from_list(&will_props),
                topic: "t",
                payload: b"",
            }),
            ..Connect::new(Version::V5, "c")
        };
        assert!(
            Packet::from(&c)
                .encode(Version::V5, &mut [0u8; 64])
                .is_err()
        );
    }
}
