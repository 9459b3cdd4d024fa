//! `Packet<'a>`: every MQTT Control Packet, decoded in place from one
//! complete packet and encoded into a caller's slice.

mod ack;
mod auth;
mod connack;
mod connect;
mod connect_packet;
mod disconnect;
mod publish;
mod suback;
mod subscribe;
mod unsuback;
mod unsubscribe;

pub use ack::Ack;
pub use auth::Auth;
pub use connack::Connack;
pub use connect::{Connect, Will};
pub use connect_packet::ConnectPacket;
pub use disconnect::Disconnect;
pub use publish::Publish;
pub use suback::Suback;
pub use subscribe::{
    RetainHandling, Subscribe, SubscribeFilter, SubscribeFilters, SubscriptionOptions,
};
pub use unsuback::Unsuback;
pub use unsubscribe::{TopicFilters, Unsubscribe};

use iotm_wire::EncodeError;

use crate::fixed_header::first_byte;
use crate::read::PacketReader;
use crate::write::{Writer, remaining_length, variable_byte_integer_len};
use crate::{Error, FixedHeader, PacketType, Rule, Version};

/// Quality of Service levels (§4.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum QoS {
    /// At most once.
    AtMostOnce = 0,
    /// At least once.
    AtLeastOnce = 1,
    /// Exactly once.
    ExactlyOnce = 2,
}

impl QoS {
    /// The QoS of two bits; 3 is not a QoS.
    pub const fn from_bits(bits: u8) -> Option<Self> {
        match bits {
            0 => Some(Self::AtMostOnce),
            1 => Some(Self::AtLeastOnce),
            2 => Some(Self::ExactlyOnce),
            _ => None,
        }
    }
}

/// One MQTT Control Packet, borrowing its strings, payloads and lists from
/// the bytes it was decoded from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Packet<'a> {
    /// CONNECT (§3.1): [`ConnectPacket::fields`] gives its [`Connect`];
    /// `Packet::from(&connect)` builds one to encode.
    Connect(ConnectPacket<'a>),
    /// CONNACK (§3.2).
    Connack(Connack<'a>),
    /// PUBLISH (§3.3).
    Publish(Publish<'a>),
    /// PUBACK (§3.4).
    Puback(Ack<'a>),
    /// PUBREC (§3.5).
    Pubrec(Ack<'a>),
    /// PUBREL (§3.6).
    Pubrel(Ack<'a>),
    /// PUBCOMP (§3.7).
    Pubcomp(Ack<'a>),
    /// SUBSCRIBE (§3.8).
    Subscribe(Subscribe<'a>),
    /// SUBACK (§3.9).
    Suback(Suback<'a>),
    /// UNSUBSCRIBE (§3.10).
    Unsubscribe(Unsubscribe<'a>),
    /// UNSUBACK (§3.11).
    Unsuback(Unsuback<'a>),
    /// PINGREQ (§3.12).
    Pingreq,
    /// PINGRESP (§3.13).
    Pingresp,
    /// DISCONNECT (§3.14).
    Disconnect(Disconnect<'a>),
    /// AUTH (§3.15, MQTT 5.0 only).
    Auth(Auth<'a>),
}

impl<'a> Packet<'a> {
    /// The packet's type.
    pub const fn packet_type(&self) -> PacketType {
        match self {
            Self::Connect(_) => PacketType::Connect,
            Self::Connack(_) => PacketType::Connack,
            Self::Publish(_) => PacketType::Publish,
            Self::Puback(_) => PacketType::Puback,
            Self::Pubrec(_) => PacketType::Pubrec,
            Self::Pubrel(_) => PacketType::Pubrel,
            Self::Pubcomp(_) => PacketType::Pubcomp,
            Self::Subscribe(_) => PacketType::Subscribe,
            Self::Suback(_) => PacketType::Suback,
            Self::Unsubscribe(_) => PacketType::Unsubscribe,
            Self::Unsuback(_) => PacketType::Unsuback,
            Self::Pingreq => PacketType::Pingreq,
            Self::Pingresp => PacketType::Pingresp,
            Self::Disconnect(_) => PacketType::Disconnect,
            Self::Auth(_) => PacketType::Auth,
        }
    }

    /// Decodes the packet at the start of `bytes` and returns it with its
    /// length. CONNECT carries its own protocol level, which wins over
    /// `version` (a server learns the version from it).
    ///
    /// # Errors
    /// `Incomplete` with the bytes missing until the whole packet is there;
    /// otherwise the [`Rule`] broken and its offset in `bytes`.
    pub fn decode(bytes: &'a [u8], version: Version) -> Result<(Self, usize), Error> {
        Self::decode_with_limit(bytes, version, u32::MAX)
    }

    /// As [`decode`](Self::decode), refusing a packet larger than
    /// `max_packet_size` bytes as soon as its fixed header is read (§3.1.2.11.4).
    ///
    /// # Errors
    /// As [`decode`](Self::decode), plus `PacketTooLarge`.
    pub fn decode_with_limit(
        bytes: &'a [u8],
        version: Version,
        max_packet_size: u32,
    ) -> Result<(Self, usize), Error> {
        let header = FixedHeader::decode(bytes, version)?;
        Self::decode_after_header(bytes, &header, version, max_packet_size)
    }

    /// Decodes the packet whose fixed header `header` was read from the
    /// start of `bytes` already (the streaming decoder reads it first).
    pub(crate) fn decode_after_header(
        bytes: &'a [u8],
        header: &FixedHeader,
        version: Version,
        max_packet_size: u32,
    ) -> Result<(Self, usize), Error> {
        let len = header.packet_len();
        let size = u32::try_from(len).unwrap_or(u32::MAX);
        if size > max_packet_size {
            return Err(Error::malformed(
                Rule::PacketTooLarge {
                    size,
                    max: max_packet_size,
                },
                0,
            ));
        }
        let Some(body) = bytes.get(header.header_len..len) else {
            return Err(Error::incomplete(len - bytes.len(), bytes.len()));
        };
        Self::decode_body_into(body, header, version, 0, |packet| (packet, len))
    }

    /// Decodes the body of a complete packet, `body`, whose fixed header
    /// `header` was read already; error offsets count from the header's
    /// start, moved by `base`. The packet is handed to `wrap` as it is
    /// built, so that the caller's result (`(Packet, usize)`, or the stream
    /// decoder's `Option<Packet>`) holds it without a move.
    #[inline]
    pub(crate) fn decode_body_into<T>(
        body: &'a [u8],
        header: &FixedHeader,
        version: Version,
        base: usize,
        wrap: impl FnOnce(Self) -> T,
    ) -> Result<T, Error> {
        let mut r = PacketReader::new(body, base + header.header_len, version);
        let packet = Self::read_body(&mut r, header, wrap).map_err(|e| {
            // The body is complete: running out inside it means the fields
            // do not match the Remaining Length.
            if e.is_incomplete() {
                Error::malformed(Rule::RemainingLengthMismatch, e.offset())
            } else {
                e
            }
        })?;
        if !r.is_empty() {
            return Err(r.malformed(Rule::RemainingLengthMismatch));
        }
        Ok(packet)
    }

    #[inline]
    fn read_body<T>(
        r: &mut PacketReader<'a>,
        header: &FixedHeader,
        wrap: impl FnOnce(Self) -> T,
    ) -> Result<T, Error> {
        let flags = header.flags;
        Ok(wrap(match header.packet_type {
            PacketType::Connect => Self::Connect(ConnectPacket::read(r)?),
            PacketType::Connack => Self::Connack(Connack::read(r)?),
            PacketType::Publish => Self::Publish(Publish::read(r, flags)?),
            PacketType::Puback => Self::Puback(Ack::read(r)?),
            PacketType::Pubrec => Self::Pubrec(Ack::read(r)?),
            PacketType::Pubrel => Self::Pubrel(Ack::read(r)?),
            PacketType::Pubcomp => Self::Pubcomp(Ack::read(r)?),
            PacketType::Subscribe => Self::Subscribe(Subscribe::read(r)?),
            PacketType::Suback => Self::Suback(Suback::read(r)?),
            PacketType::Unsubscribe => Self::Unsubscribe(Unsubscribe::read(r)?),
            PacketType::Unsuback => Self::Unsuback(Unsuback::read(r)?),
            PacketType::Pingreq => Self::Pingreq,
            PacketType::Pingresp => Self::Pingresp,
            PacketType::Disconnect => Self::Disconnect(Disconnect::read(r)?),
            PacketType::Auth => Self::Auth(Auth::read(r)?),
        }))
    }

    /// Fixed header flags: DUP/QoS/RETAIN for PUBLISH, fixed for the rest.
    fn flags(&self) -> u8 {
        match self {
            Self::Publish(publish) => publish.flags(),
            other => other.packet_type().fixed_flags().unwrap_or(0),
        }
    }

    /// The Remaining Length: bytes after the fixed header.
    fn body_len(&self, version: Version) -> Result<usize, EncodeError> {
        match self {
            Self::Connect(p) => p.body_len(),
            Self::Connack(p) => p.body_len(version),
            Self::Publish(p) => p.body_len(version),
            Self::Puback(p) | Self::Pubrec(p) | Self::Pubrel(p) | Self::Pubcomp(p) => {
                p.body_len(version)
            }
            Self::Subscribe(p) => p.body_len(version),
            Self::Suback(p) => p.body_len(version),
            Self::Unsubscribe(p) => p.body_len(version),
            Self::Unsuback(p) => p.body_len(version),
            Self::Pingreq | Self::Pingresp => Ok(0),
            Self::Disconnect(p) => p.body_len(version),
            Self::Auth(p) => p.body_len(version),
        }
    }

    fn write_body(&self, w: &mut Writer<'_>, version: Version) -> Result<(), EncodeError> {
        match self {
            Self::Connect(p) => p.write(w),
            Self::Connack(p) => p.write(w, version),
            // `encode` writes a PUBLISH by `Publish::encode`, never here.
            Self::Publish(_) => Err(EncodeError::Invalid {
                rule: "internal: PUBLISH is written by its own encoder",
            }),
            Self::Puback(p) | Self::Pubrec(p) | Self::Pubrel(p) | Self::Pubcomp(p) => {
                p.write(w, version)
            }
            Self::Subscribe(p) => p.write(w, version),
            Self::Suback(p) => p.write(w, version),
            Self::Unsubscribe(p) => p.write(w, version),
            Self::Unsuback(p) => p.write(w, version),
            Self::Pingreq | Self::Pingresp => Ok(()),
            Self::Disconnect(p) => p.write(w, version),
            Self::Auth(p) => p.write(w, version),
        }
    }

    /// The Remaining Length as a checked `u32`.
    fn remaining_length(&self, version: Version) -> Result<u32, EncodeError> {
        if matches!(self, Self::Auth(_)) && !version.is_v5() {
            return Err(EncodeError::Invalid {
                rule: "AUTH exists only in MQTT 5.0",
            });
        }
        remaining_length(self.body_len(version)?)
    }

    /// Bytes the whole packet takes on the wire for `version`.
    ///
    /// # Errors
    /// A field too long for the wire, or a packet `version` cannot carry.
    pub fn encoded_len(&self, version: Version) -> Result<usize, EncodeError> {
        let remaining = self.remaining_length(version)?;
        Ok(1 + variable_byte_integer_len(remaining)
            + usize::try_from(remaining).unwrap_or(usize::MAX))
    }

    /// Encodes the packet for `version` into `buf` and returns the bytes written.
    ///
    /// # Errors
    /// [`EncodeError::BufferTooSmall`] (size it with
    /// [`encoded_len`](Self::encoded_len)), a field too long for the wire, or
    /// a value that breaks a rule of the specification. A rule broken is
    /// reported before a buffer too small. After an error, `buf` may hold
    /// part of the packet.
    ///
    /// A small dispatcher, inline where it is called: PUBLISH (and, on
    /// hosts, SUBSCRIBE and CONNECT) have encoders of their own, and do not pay for the
    /// general one's stack frame.
    #[inline]
    pub fn encode<'b>(&self, version: Version, buf: &'b mut [u8]) -> Result<&'b [u8], EncodeError> {
        match self {
            Self::Publish(p) => p.encode(version, buf),
            // Hosts only: a device subscribes rarely and keeps the flash.
            #[cfg(not(target_os = "none"))]
            Self::Subscribe(p) if p.has_filter_list() => p.encode_list(version, buf),
            #[cfg(not(target_os = "none"))]
            Self::Connect(p) => match p.fields_to_encode() {
                Some(connect) => connect.encode(buf),
                None => self.encode_any(version, buf),
            },
            _ => self.encode_any(version, buf),
        }
    }

    /// `encode` for any packet: size and check, then write.
    pub(crate) fn encode_any<'b>(
        &self,
        version: Version,
        buf: &'b mut [u8],
    ) -> Result<&'b [u8], EncodeError> {
        let remaining = self.remaining_length(version)?;
        let needed = 1
            + variable_byte_integer_len(remaining)
            + usize::try_from(remaining).unwrap_or(usize::MAX);
        let available = buf.len();
        let out = buf
            .get_mut(..needed)
            .ok_or(EncodeError::BufferTooSmall { needed, available })?;
        let mut w = Writer::new(out);
        w.u8(first_byte(self.packet_type(), self.flags()))?;
        w.variable_byte_integer(remaining)?;
        // `remaining_length` ran every packet's checks; the writers rely on that.
        self.write_body(&mut w, version)?;
        w.finish()?;
        Ok(buf.get(..needed).unwrap_or_default())
    }

    /// Encodes into a new vector.
    ///
    /// # Errors
    /// As [`encode`](Self::encode), less the buffer size.
    #[cfg(feature = "alloc")]
    pub fn encode_to_vec(&self, version: Version) -> Result<alloc::vec::Vec<u8>, EncodeError> {
        let mut buf = alloc::vec![0u8; self.encoded_len(version)?];
        let len = self.encode(version, &mut buf)?.len();
        buf.truncate(len);
        Ok(buf)
    }
}
