//! Property tests: every valid packet of both versions (all 15 types, 5.0
//! properties drawn from the set each packet allows) decodes to itself after
//! encoding, `encoded_len` is exact, a buffer one byte short is refused, and
//! arbitrary or mutated bytes never panic the decoder; what they decode to
//! re-encodes to bytes that decode to an equal packet.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "test code"
)]

mod support;

use iotm_mqtt_codec::{EncodeError, ErrorKind, FixedHeader, Packet, Version};
use proptest::prelude::*;
use support::{OwnedPacket, any_packet};

fn version() -> impl Strategy<Value = Version> {
    prop_oneof![Just(Version::V3_1_1), Just(Version::V5)]
}

/// `bytes` decoded for `version`: if they decode, the packet re-encodes, the
/// re-encoding decodes to an equal packet, and encoding that gives the same
/// bytes again (the encoder's output is a fixed point).
fn check_redecode(bytes: &[u8], version: Version) -> Result<(), TestCaseError> {
    let Ok((packet, len)) = Packet::decode(bytes, version) else {
        return Ok(());
    };
    prop_assert!(len <= bytes.len());
    let again = match packet.encode_len_and_bytes(version) {
        Ok(again) => again,
        Err(e) => {
            return Err(TestCaseError::fail(format!(
                "decoded {packet:?} from {bytes:02x?} but it does not re-encode: {e}"
            )));
        }
    };
    let (redecoded, relen) = Packet::decode(&again, version)
        .map_err(|e| TestCaseError::fail(format!("re-encoding {again:02x?} fails: {e}")))?;
    prop_assert_eq!(relen, again.len());
    prop_assert_eq!(redecoded, packet);
    prop_assert_eq!(redecoded.encode_len_and_bytes(version).unwrap(), again);
    Ok(())
}

/// `encoded_len` then `encode` into a vector of exactly that size.
trait EncodeLenAndBytes {
    fn encode_len_and_bytes(&self, version: Version) -> Result<Vec<u8>, EncodeError>;
}

impl EncodeLenAndBytes for Packet<'_> {
    fn encode_len_and_bytes(&self, version: Version) -> Result<Vec<u8>, EncodeError> {
        let mut buf = vec![0u8; self.encoded_len(version)?];
        let len = self.encode(version, &mut buf)?.len();
        assert_eq!(len, buf.len(), "encoded_len and encode disagree");
        Ok(buf)
    }
}

fn encoded(p: &OwnedPacket) -> Vec<u8> {
    p.encode()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    #[test]
    fn decode_of_encode_gives_back_every_valid_packet(p in any_packet()) {
        let bytes = encoded(&p);
        p.with_packet(|packet| {
            let (decoded, len) = Packet::decode(&bytes, p.version)
                .map_err(|e| TestCaseError::fail(format!("{packet:?} as {bytes:02x?}: {e}")))?;
            prop_assert_eq!(len, bytes.len());
            prop_assert_eq!(decoded, packet);
            // The decoded packet (wire-backed lists) encodes to the same bytes.
            prop_assert_eq!(decoded.encode_len_and_bytes(p.version).unwrap(), bytes.clone());
            Ok(())
        })?;
    }

    #[test]
    fn encoded_len_equals_the_bytes_written(p in any_packet()) {
        p.with_packet(|packet| {
            let len = packet.encoded_len(p.version).unwrap();
            let mut buf = vec![0u8; len + 16];
            let written = packet.encode(p.version, &mut buf).unwrap().len();
            prop_assert_eq!(written, len);
            // The Remaining Length in the fixed header agrees too.
            let header = FixedHeader::decode(&buf, p.version).unwrap();
            prop_assert_eq!(header.packet_len(), len);
            Ok(())
        })?;
    }

    #[test]
    fn buffer_one_byte_short_fails_with_buffer_too_small(p in any_packet()) {
        p.with_packet(|packet| {
            let len = packet.encoded_len(p.version).unwrap();
            let mut exact = vec![0u8; len];
            prop_assert!(packet.encode(p.version, &mut exact).is_ok());
            let mut short = vec![0u8; len - 1];
            prop_assert_eq!(
                packet.encode(p.version, &mut short),
                Err(EncodeError::BufferTooSmall { needed: len, available: len - 1 })
            );
            Ok(())
        })?;
    }

    #[test]
    fn every_strict_prefix_of_a_packet_is_incomplete_by_the_bytes_missing(p in any_packet()) {
        let bytes = encoded(&p);
        let header = FixedHeader::decode(&bytes, p.version).unwrap();
        for cut in 0..bytes.len() {
            let e = Packet::decode(&bytes[..cut], p.version).unwrap_err();
            // Two bytes at least for an empty input, one more Remaining
            // Length byte inside the fixed header, then the rest of the body.
            let needed = match cut {
                0 => 2,
                c if c < header.header_len => 1,
                c => bytes.len() - c,
            };
            prop_assert_eq!((e.kind(), e.offset()), (ErrorKind::Incomplete { needed }, cut));
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_what_decodes_re_encodes_equal(
        bytes in proptest::collection::vec(any::<u8>(), 0..300),
        version in version(),
    ) {
        check_redecode(&bytes, version)?;
    }

    #[test]
    fn arbitrary_body_after_a_valid_fixed_header_never_panics_and_re_encodes_equal(
        first in 0x10u8..=0xff,
        body in proptest::collection::vec(any::<u8>(), 0..120),
        version in version(),
    ) {
        // Random bytes rarely get past the fixed header: give them a plausible one.
        let mut bytes = vec![first, body.len() as u8];
        bytes.extend_from_slice(&body);
        check_redecode(&bytes, version)?;
    }

    #[test]
    fn mutated_valid_packets_never_panic_and_what_decodes_re_encodes_equal(
        p in any_packet(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..4),
        version in version(),
    ) {
        let mut bytes = encoded(&p);
        for (at, byte, how) in edits {
            if bytes.is_empty() {
                break;
            }
            let i = at.index(bytes.len());
            match how {
                0 => bytes[i] = byte,
                1 => bytes[i] ^= 1 << (byte % 8),
                _ => {
                    bytes.remove(i);
                }
            }
        }
        check_redecode(&bytes, version)?;
    }
}
