//! [`ConnectPacket`]: CONNECT as [`Packet`](crate::Packet) carries it, small
//! so that every packet stays small.

use core::fmt;

use iotm_wire::EncodeError;

use super::Connect;
use crate::read::PacketReader;
use crate::write::Writer;
use crate::{Error, Version};

/// CONNECT inside a [`Packet`](crate::Packet): the fields by reference when
/// the packet is built to be encoded, or the checked bytes of its body when
/// it was decoded. [`fields`](Self::fields) gives the [`Connect`] either
/// way.
///
/// Why not `Connect` itself: with its two property lists, Will and
/// credentials it is 144 bytes, and an enum is as large as its largest
/// variant. Every `Packet`, PUBLISH or PINGREQ alike, was 144 bytes, and
/// each move of one was a `memcpy` call. CONNECT comes once per connection;
/// this keeps `Packet` at the size of PUBLISH.
///
/// ```
/// use iotm_mqtt_codec::{Connect, Packet, Version};
///
/// let connect = Connect::new(Version::V5, "device-42");
/// let mut buf = [0u8; 64];
/// let bytes = Packet::from(&connect).encode(Version::V5, &mut buf)?;
///
/// let (packet, _) = Packet::decode(bytes, Version::V5)?;
/// let Packet::Connect(decoded) = packet else {
///     return Err("not a CONNECT".into());
/// };
/// assert_eq!(decoded.fields().client_id, "device-42");
/// assert_eq!(decoded.fields(), connect);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct ConnectPacket<'a>(Repr<'a>);

#[derive(Clone, Copy)]
enum Repr<'a> {
    /// Fields to encode.
    Fields(&'a Connect<'a>),
    /// A decoded CONNECT's body (after the fixed header), checked, and the
    /// version it names.
    Wire(&'a [u8], Version),
    /// The same, when the body after its preamble is valid UTF-8 (ASCII
    /// identifiers, names and properties: the usual CONNECT), with that
    /// part as text: read again, its strings are sliced from it with no
    /// UTF-8 pass at all.
    Text(&'a [u8], &'a str, Version),
}

/// The bytes before the first string a CONNECT's text can cover: Protocol
/// Name "MQTT" with its length, Protocol Level, Connect Flags (bit 7, the
/// User Name flag, makes that byte invalid UTF-8) and Keep Alive.
const PREAMBLE: usize = 10;

impl<'a> ConnectPacket<'a> {
    /// Reads and checks a CONNECT body, keeping its bytes.
    pub(crate) fn read(r: &mut PacketReader<'a>) -> Result<Self, Error> {
        let body = r.reader.remaining();
        // One UTF-8 pass over the body after its preamble where that is
        // text: the strings are then sliced from it, here and when the
        // fields are read again.
        let text = if r.reader.position() == 0 && r.text.is_none() {
            body.get(PREAMBLE..)
                .and_then(|rest| core::str::from_utf8(rest).ok())
        } else {
            None
        };
        if text.is_some() {
            r.text = text;
            r.text_start = PREAMBLE;
        }
        let connect = Connect::read(r)?;
        let read = body.len() - r.reader.remaining().len();
        let body = body.get(..read).unwrap_or(body);
        let version = connect.version;
        let text = text.and_then(|text| text.get(..read.checked_sub(PREAMBLE)?));
        Ok(Self(match text {
            Some(text) => Repr::Text(body, text, version),
            None => Repr::Wire(body, version),
        }))
    }

    /// The CONNECT's fields. For a decoded packet they are read again from
    /// its checked bytes, without the MQTT checks, which passed when it was
    /// decoded: the strings are sliced (from the body's text where it is
    /// text, else proven UTF-8 one by one) and the property lists are
    /// taken by their bounds.
    pub fn fields(&self) -> Connect<'a> {
        match self.0 {
            Repr::Fields(connect) => *connect,
            Repr::Wire(body, version) => Self::read_again(body, None, version),
            Repr::Text(body, text, version) => Self::read_again(body, Some(text), version),
        }
    }

    /// Reads a checked body again; `text` is its text after the preamble.
    fn read_again(body: &'a [u8], text: Option<&'a str>, version: Version) -> Connect<'a> {
        let mut r = PacketReader::trusted(body, version);
        r.text = text;
        r.text_start = PREAMBLE;
        // Unreachable: these bytes were read by the same code when they
        // were decoded.
        Connect::read(&mut r).unwrap_or(Connect::new(version, ""))
    }

    /// The protocol version the CONNECT names.
    pub fn version(&self) -> Version {
        match self.0 {
            Repr::Fields(connect) => connect.version,
            Repr::Wire(_, version) | Repr::Text(_, _, version) => version,
        }
    }

    pub(crate) fn body_len(&self) -> Result<usize, EncodeError> {
        match self.0 {
            Repr::Fields(connect) => connect.body_len(),
            Repr::Wire(body, _) | Repr::Text(body, _, _) => Ok(body.len()),
        }
    }

    /// The `Connect` to encode, if this is one built for encoding (a
    /// decoded CONNECT is written back as its bytes).
    #[cfg(not(target_os = "none"))]
    pub(crate) const fn fields_to_encode(&self) -> Option<&'a Connect<'a>> {
        match self.0 {
            Repr::Fields(connect) => Some(connect),
            Repr::Wire(..) | Repr::Text(..) => None,
        }
    }

    pub(crate) fn write(&self, w: &mut Writer<'_>) -> Result<(), EncodeError> {
        match self.0 {
            Repr::Fields(connect) => connect.write(w),
            // A decoded body is its own encoding.
            Repr::Wire(body, _) | Repr::Text(body, _, _) => w.bytes(body),
        }
    }
}

impl<'a> From<&'a Connect<'a>> for ConnectPacket<'a> {
    fn from(connect: &'a Connect<'a>) -> Self {
        Self(Repr::Fields(connect))
    }
}

impl<'a> From<&'a Connect<'a>> for crate::Packet<'a> {
    fn from(connect: &'a Connect<'a>) -> Self {
        Self::Connect(connect.into())
    }
}

impl PartialEq for ConnectPacket<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.fields() == other.fields()
    }
}

impl Eq for ConnectPacket<'_> {}

impl fmt::Debug for ConnectPacket<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.fields(), f)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic, reason = "test code")]

    use super::*;
    use crate::{Packet, Properties, Property, QoS, Will};

    /// A decoded CONNECT gives back the fields it was encoded from, and
    /// re-encodes to the same bytes, whether its body after the preamble is
    /// text or not (a binary password). The Connect Flags byte is not text
    /// with a User Name (bit 7): the text starts after it.
    #[test]
    fn decoded_connect_gives_its_fields_and_its_bytes_back() {
        let properties = [
            Property::SessionExpiryInterval(60),
            Property::UserProperty("site", "plant-3"),
        ];
        let will_properties = [Property::ContentType("text/plain")];
        /// User Name, Password, and whether the body after its preamble is
        /// text.
        type Credentials<'c> = (Option<&'c str>, Option<&'c [u8]>, bool);
        let credentials: [Credentials<'_>; 3] = [
            (None, None, true),
            (Some("device-42"), Some(b"ascii-password"), true),
            (Some("device-42"), Some(&[0xff, 0xfe, 0x00]), false),
        ];
        for (user_name, password, all_text) in credentials {
            for version in [Version::V3_1_1, Version::V5] {
                let v5 = version.is_v5();
                let connect = Connect {
                    properties: if v5 {
                        Properties::from_list(&properties)
                    } else {
                        Properties::EMPTY
                    },
                    will: Some(Will {
                        qos: QoS::AtLeastOnce,
                        retain: true,
                        properties: if v5 {
                            Properties::from_list(&will_properties)
                        } else {
                            Properties::EMPTY
                        },
                        topic: "devices/42/status",
                        payload: b"offline",
                    }),
                    user_name,
                    password,
                    ..Connect::new(version, "device-42")
                };
                let mut buf = [0u8; 256];
                let bytes = Packet::from(&connect).encode(version, &mut buf).unwrap();
                let (packet, len) = Packet::decode(bytes, version).unwrap();
                assert_eq!(len, bytes.len());
                let Packet::Connect(decoded) = packet else {
                    panic!("{packet:?}")
                };
                let text = matches!(decoded.0, Repr::Text(..));
                assert_eq!(text, all_text, "{user_name:?} {password:?}");
                assert_eq!(decoded.fields(), connect);
                assert_eq!(decoded.version(), version);
                assert_eq!(decoded, ConnectPacket::from(&connect));
                let mut again = [0u8; 256];
                assert_eq!(packet.encode(version, &mut again).unwrap(), bytes);
            }
        }
    }
}

#[cfg(test)]
mod size_tests {
    use crate::{Packet, Publish};

    /// `Packet` is no larger than a PUBLISH and its tag: CONNECT does not
    /// make every packet large again (see `ConnectPacket`). On 64-bit
    /// hosts that is within the 128 bytes a move copies inline.
    #[test]
    fn packet_is_the_size_of_publish() {
        let packet = core::mem::size_of::<Packet<'_>>();
        let publish = core::mem::size_of::<Publish<'_>>();
        assert!(
            packet <= publish + 8,
            "Packet {packet} bytes, Publish {publish}"
        );
        assert!(core::mem::size_of::<super::ConnectPacket<'_>>() <= publish);
    }
}
