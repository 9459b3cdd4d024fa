//! The streaming decoder: push bytes as they arrive, in any split, and take
//! complete packets out. No allocator: the caller lends the buffer.

use crate::{Error, FixedHeader, Packet, Rule, Version};

/// A push decoder over a caller's buffer.
///
/// [`push`](Self::push) copies arriving bytes in; [`next_packet`](Self::next_packet)
/// returns each complete packet, borrowed from the buffer, or `None` with
/// [`needed`](Self::needed) saying how many more bytes the next packet needs.
/// A packet larger than the maximum packet size (or than the buffer) is
/// refused as soon as its fixed header is in, before its body is buffered.
/// Error offsets count from the start of the stream.
///
/// ```
/// use iotm_mqtt_codec::{Packet, StreamDecoder, Version};
///
/// let stream = [0xc0, 0x00, 0x30, 0x05, 0x00, 0x01, b't', b'h', b'i'];
/// let mut decoder = StreamDecoder::new([0u8; 64], Version::V3_1_1);
/// let mut packets = 0;
/// for chunk in stream.chunks(2) {
///     assert_eq!(decoder.push(chunk), chunk.len());
///     while let Some(packet) = decoder.next_packet()? {
///         packets += 1;
///         assert!(matches!(packet, Packet::Pingreq | Packet::Publish(_)));
///     }
/// }
/// assert_eq!((packets, decoder.needed()), (2, 2));
/// # Ok::<(), iotm_mqtt_codec::Error>(())
/// ```
#[derive(Debug)]
pub struct StreamDecoder<B> {
    buf: B,
    /// First byte not yet returned as (part of) a packet.
    start: usize,
    /// One past the last byte pushed.
    end: usize,
    /// Stream offset of `buf[0]`.
    stream_offset: usize,
    version: Version,
    max_packet_size: u32,
    needed: usize,
    /// Length of the packet `next_packet` returned last, for `unread`.
    last_len: usize,
    /// Bytes from `start` the next packet needs, learnt when its fixed
    /// header was complete but its body not: until they are in,
    /// `next_packet` decodes nothing.
    wanted: usize,
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> StreamDecoder<B> {
    /// A decoder buffering into `buf`; packets up to the buffer's size.
    pub fn new(buf: B, version: Version) -> Self {
        let max_packet_size = u32::try_from(buf.as_ref().len()).unwrap_or(u32::MAX);
        Self {
            buf,
            start: 0,
            end: 0,
            stream_offset: 0,
            version,
            max_packet_size,
            needed: 2,
            last_len: 0,
            wanted: 0,
        }
    }

    /// Refuses packets above `max` bytes (a CONNACK's Maximum Packet Size),
    /// and in any case above the buffer's size.
    #[must_use]
    pub fn with_max_packet_size(mut self, max: u32) -> Self {
        let buffer = u32::try_from(self.buf.as_ref().len()).unwrap_or(u32::MAX);
        self.max_packet_size = max.min(buffer);
        self
    }

    /// Forgets everything buffered, for a new connection speaking `version`.
    pub fn reset(&mut self, version: Version) {
        self.start = 0;
        self.end = 0;
        self.stream_offset = 0;
        self.version = version;
        self.needed = 2;
        self.last_len = 0;
        self.wanted = 0;
    }

    /// Puts back the packet `next_packet` returned last, so the next call
    /// returns it again.
    pub(crate) fn unread(&mut self) {
        self.start -= core::mem::take(&mut self.last_len);
    }

    /// The buffer's size: the largest packet it can hold.
    pub fn capacity(&self) -> usize {
        self.buf.as_ref().len()
    }

    /// Switches the version, after a CONNECT named it.
    pub fn set_version(&mut self, version: Version) {
        self.version = version;
    }

    /// The least number of bytes the next packet still needs (at least 1
    /// when nothing is buffered).
    pub const fn needed(&self) -> usize {
        self.needed
    }

    /// Bytes buffered and not yet returned as packets.
    pub const fn buffered(&self) -> usize {
        self.end - self.start
    }

    /// Copies as much of `bytes` as fits and returns how many bytes that was;
    /// push the rest after taking packets out.
    pub fn push(&mut self, bytes: &[u8]) -> usize {
        // Move the unread bytes to the front only when the room at the end
        // is short: most pushes then copy nothing twice.
        if self.buf.as_ref().len() - self.end < bytes.len() {
            self.compact();
        }
        let buf = self.buf.as_mut();
        let room = buf.len() - self.end;
        let take = room.min(bytes.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(self.end..self.end + take), bytes.get(..take))
        {
            dst.copy_from_slice(src);
        }
        self.end += take;
        take
    }

    /// Moves the unread bytes to the front of the buffer.
    fn compact(&mut self) {
        if self.start > 0 {
            self.buf.as_mut().copy_within(self.start..self.end, 0);
            self.stream_offset += self.start;
            self.end -= self.start;
            self.start = 0;
        }
    }

    /// The next complete packet, or `None` if more bytes are needed.
    ///
    /// # Errors
    /// The packet is malformed or too large: the stream cannot go on (MQTT
    /// closes the connection). The offset counts from the start of the stream.
    // Inlined into the caller's loop on hosts: the packet is then built
    // where the caller reads it, not stored and loaded straight back (a
    // profile showed those loads stalling). Bare-metal targets keep the
    // compiler's choice, for flash.
    #[cfg_attr(not(target_os = "none"), inline(always))]
    pub fn next_packet(&mut self) -> Result<Option<Packet<'_>>, Error> {
        let buffered = self.end - self.start;
        if buffered < self.wanted {
            // Still short of what the last attempt found missing.
            self.needed = self.wanted - buffered;
            return Ok(None);
        }
        let base = self.stream_offset + self.start;
        let pending = self
            .buf
            .as_ref()
            .get(self.start..self.end)
            .unwrap_or_default();
        let header = match FixedHeader::decode(pending, self.version) {
            Ok(header) => header,
            Err(e) if e.is_incomplete() => {
                self.needed = match e.kind() {
                    iotm_wire::ErrorKind::Incomplete { needed } => needed,
                    _ => 1,
                };
                // Not `wanted`: a header's first byte can be malformed on
                // its own, and must be reported as soon as it arrives.
                return Ok(None);
            }
            Err(e) => return Err(e.shifted(base)),
        };
        let len = header.packet_len();
        let size = u32::try_from(len).unwrap_or(u32::MAX);
        if size > self.max_packet_size {
            return Err(Error::malformed(
                Rule::PacketTooLarge {
                    size,
                    max: self.max_packet_size,
                },
                base,
            ));
        }
        if pending.len() < len {
            self.needed = len - pending.len();
            self.wanted = len;
            return Ok(None);
        }
        self.wanted = 0;
        self.start += len;
        self.last_len = len;
        self.needed = 2;
        // The whole packet is buffered and its size checked: decode its body.
        let body = self
            .buf
            .as_ref()
            .get(self.start - len + header.header_len..self.start)
            .unwrap_or_default();
        // Built in this function's result: the packet is not moved.
        Packet::decode_body_into(body, &header, self.version, base, Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iotm_wire::ErrorKind;

    #[test]
    fn mqtt5_3_1_2_11_4_oversized_packet_is_refused_from_its_fixed_header() {
        let mut d = StreamDecoder::new([0u8; 1024], Version::V5).with_max_packet_size(100);
        // PINGREQ, then a PUBLISH announcing 200 bytes: refused after 3 of them.
        d.push(&[0xc0, 0x00, 0x30, 0xc8, 0x01]);
        assert_eq!(d.next_packet().unwrap(), Some(Packet::Pingreq));
        let e = d.next_packet().unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (
                ErrorKind::Malformed(Rule::PacketTooLarge {
                    size: 203,
                    max: 100
                }),
                2
            )
        );
    }

    #[test]
    fn a_malformed_first_byte_is_reported_at_once() {
        // Found by fuzzing: after waiting on an empty buffer (needed 2), a
        // reserved packet type in the next byte alone must be an error.
        let mut d = StreamDecoder::new([0u8; 64], Version::V5);
        assert_eq!(d.next_packet().unwrap(), None);
        d.push(&[0x00]);
        assert_eq!(
            d.next_packet().unwrap_err().rule(),
            Some(&Rule::ReservedPacketType(0))
        );
    }

    #[test]
    fn needed_counts_the_missing_bytes() {
        let mut d = StreamDecoder::new([0u8; 64], Version::V3_1_1);
        assert_eq!(d.next_packet().unwrap(), None);
        assert_eq!(d.needed(), 2);
        d.push(&[0x30, 0x05, 0x00]);
        assert_eq!(d.next_packet().unwrap(), None);
        assert_eq!(d.needed(), 4);
    }

    #[test]
    fn a_full_buffer_takes_no_more_until_drained() {
        let mut d = StreamDecoder::new([0u8; 4], Version::V3_1_1);
        assert_eq!(d.push(&[0xc0, 0x00, 0xd0, 0x00, 0xc0, 0x00]), 4);
        assert_eq!(d.next_packet().unwrap(), Some(Packet::Pingreq));
        assert_eq!(d.next_packet().unwrap(), Some(Packet::Pingresp));
        assert_eq!(d.push(&[0xc0, 0x00]), 2);
        assert_eq!(d.next_packet().unwrap(), Some(Packet::Pingreq));
    }

    #[test]
    fn errors_carry_stream_offsets() {
        let mut d = StreamDecoder::new([0u8; 64], Version::V3_1_1);
        d.push(&[0xc0, 0x00, 0xc0, 0x00]);
        d.next_packet().unwrap();
        d.next_packet().unwrap();
        d.push(&[0x30, 0x03, 0x00, 0x01, b'#']);
        let e = d.next_packet().unwrap_err();
        assert_eq!(
            (e.rule(), e.offset()),
            (Some(&Rule::WildcardInTopicName), 8)
        );
    }
}
