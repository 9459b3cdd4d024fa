//! Owned packets: a checked packet's bytes in storage of the caller's
//! choice, decoded in place again whenever it is looked at. Behind `alloc`.

use crate::{Error, Packet, Version};
use iotm_wire::EncodeError;

/// An owned packet: the encoded bytes of one packet that decoded without
/// error, and its version. [`packet`](Self::packet) gives the borrowed view;
/// decoding is cheap (nothing is copied) and cannot fail after
/// construction.
///
/// `B` is `Vec<u8>` by default, or `bytes::Bytes` with the `bytes` feature
/// (see [`OwnedPacket::split_from`]).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct OwnedPacket<B = alloc::vec::Vec<u8>> {
    bytes: B,
    version: Version,
}

impl<B: AsRef<[u8]>> OwnedPacket<B> {
    /// Checks that `bytes` hold exactly one packet of `version`.
    ///
    /// # Errors
    /// The packet's decoding error; `RemainingLengthMismatch` if bytes follow it.
    pub fn new(bytes: B, version: Version) -> Result<Self, Error> {
        let (_, len) = Packet::decode(bytes.as_ref(), version)?;
        if len != bytes.as_ref().len() {
            return Err(Error::malformed(crate::Rule::RemainingLengthMismatch, len));
        }
        Ok(Self { bytes, version })
    }

    /// The borrowed view of the packet.
    pub fn packet(&self) -> Packet<'_> {
        // Checked in every constructor: a decoding error cannot occur; PINGREQ
        // stands in should the impossible happen, rather than a panic.
        Packet::decode(self.bytes.as_ref(), self.version)
            .map_or(Packet::Pingreq, |(packet, _)| packet)
    }

    /// The encoded packet.
    pub fn as_bytes(&self) -> &[u8] {
        self.bytes.as_ref()
    }

    /// The packet's protocol version.
    pub const fn version(&self) -> Version {
        self.version
    }

    /// The storage.
    pub fn into_inner(self) -> B {
        self.bytes
    }
}

impl OwnedPacket {
    /// Encodes `packet` into an owned copy.
    ///
    /// # Errors
    /// As [`Packet::encode`].
    pub fn from_packet(packet: &Packet<'_>, version: Version) -> Result<Self, EncodeError> {
        Ok(Self {
            bytes: packet.encode_to_vec(version)?,
            version,
        })
    }
}

#[cfg(feature = "bytes")]
impl OwnedPacket<bytes::Bytes> {
    /// Takes the first complete packet off the front of `buf` without
    /// copying it (`BytesMut::split_to`), for a tokio-style read loop.
    /// `Ok(None)` until the whole packet is in `buf`; a packet over
    /// `max_packet_size` is refused from its fixed header.
    ///
    /// # Errors
    /// The packet is malformed or too large; `buf` is left as it was.
    pub fn split_from(
        buf: &mut bytes::BytesMut,
        version: Version,
        max_packet_size: u32,
    ) -> Result<Option<Self>, Error> {
        match Packet::decode_with_limit(buf, version, max_packet_size) {
            Ok((_, len)) => Ok(Some(Self {
                bytes: buf.split_to(len).freeze(),
                version,
            })),
            Err(e) if e.is_incomplete() => Ok(None),
            Err(e) => Err(e),
        }
    }
}

#[cfg(feature = "bytes")]
impl Packet<'_> {
    /// Encodes the packet at the end of `buf`.
    ///
    /// # Errors
    /// As [`Packet::encode`].
    pub fn encode_to_buf(
        &self,
        version: Version,
        buf: &mut bytes::BytesMut,
    ) -> Result<(), EncodeError> {
        let len = self.encoded_len(version)?;
        let start = buf.len();
        buf.resize(start + len, 0);
        let written = self
            .encode(version, buf.get_mut(start..).unwrap_or_default())
            .map(<[u8]>::len);
        match written {
            Ok(n) => {
                buf.truncate(start + n);
                Ok(())
            }
            Err(e) => {
                buf.truncate(start);
                Err(e)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Publish;

    #[test]
    fn owned_packet_round_trips_and_checks() {
        let owned =
            OwnedPacket::from_packet(&Packet::Publish(Publish::new("a/b", b"hi")), Version::V5)
                .unwrap();
        assert_eq!(owned.packet(), Packet::Publish(Publish::new("a/b", b"hi")));
        assert!(OwnedPacket::new(alloc::vec![0x30, 0x03, 0x00, 0x01, b'#'], Version::V5).is_err());
        assert!(OwnedPacket::new(alloc::vec![0xc0, 0x00, 0x00], Version::V5).is_err());
    }

    #[cfg(feature = "bytes")]
    #[test]
    fn split_from_bytes_mut_without_copying() {
        let mut buf = bytes::BytesMut::new();
        Packet::Pingreq
            .encode_to_buf(Version::V3_1_1, &mut buf)
            .unwrap();
        Packet::Publish(Publish::new("t", b"x"))
            .encode_to_buf(Version::V3_1_1, &mut buf)
            .unwrap();
        buf.extend_from_slice(&[0x30, 0x05]);
        let first = OwnedPacket::split_from(&mut buf, Version::V3_1_1, 1024)
            .unwrap()
            .unwrap();
        assert_eq!(first.packet(), Packet::Pingreq);
        let second = OwnedPacket::split_from(&mut buf, Version::V3_1_1, 1024)
            .unwrap()
            .unwrap();
        assert_eq!(second.packet(), Packet::Publish(Publish::new("t", b"x")));
        assert_eq!(
            OwnedPacket::split_from(&mut buf, Version::V3_1_1, 1024).unwrap(),
            None
        );
        assert_eq!(buf.len(), 2);
    }
}
