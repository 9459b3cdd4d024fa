//! Streaming target for `iotm-mqtt-codec`: the first byte picks the version,
//! the buffer size and a seed; the rest is pushed into a `StreamDecoder` at
//! pseudo-random split points. The sequence of results (each packet
//! re-encoded, then the first error's rule and offset) must equal repeated
//! one-shot `Packet::decode_with_limit` over the same bytes, and while a
//! packet is incomplete `needed()` must be the bytes it still lacks.

#![no_main]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a fuzz target asserts by panicking"
)]

use iotm_mqtt_codec::{Error, FixedHeader, Packet, StreamDecoder, Version};
use libfuzzer_sys::fuzz_target;

/// Buffer sizes (and so maximum packet sizes) the first byte chooses from.
const BUFFERS: [usize; 4] = [16, 64, 300, 4096];

#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    packets: Vec<Vec<u8>>,
    error: Option<Error>,
}

fuzz_target!(|data: &[u8]| {
    let Some((&control, stream)) = data.split_first() else {
        return;
    };
    let version = if control & 1 == 0 {
        Version::V3_1_1
    } else {
        Version::V5
    };
    let buffer = BUFFERS[usize::from(control >> 1) % BUFFERS.len()];
    let seed = u64::from(control >> 3) | 1;
    let expected = one_shot(stream, version, buffer);
    let got = streamed(stream, version, buffer, seed);
    assert!(
        got == expected,
        "stream and one-shot disagree ({version:?}, buffer {buffer}, seed {seed})\n one-shot: {expected:?}\n stream:   {got:?}"
    );
});

fn reencode(packet: &Packet<'_>, version: Version) -> Vec<u8> {
    let mut buf = vec![0u8; packet.encoded_len(version).unwrap()];
    packet.encode(version, &mut buf).unwrap();
    buf
}

fn one_shot(bytes: &[u8], version: Version, buffer: usize) -> Outcome {
    let max = u32::try_from(buffer).unwrap();
    let mut packets = Vec::new();
    let mut at = 0;
    loop {
        match Packet::decode_with_limit(&bytes[at..], version, max) {
            Ok((packet, len)) => {
                packets.push(reencode(&packet, version));
                at += len;
            }
            Err(e) if e.is_incomplete() => {
                return Outcome {
                    packets,
                    error: None,
                };
            }
            Err(e) => {
                return Outcome {
                    packets,
                    error: Some(e.shifted(at)),
                };
            }
        }
    }
}

fn streamed(bytes: &[u8], version: Version, buffer: usize, mut seed: u64) -> Outcome {
    let mut decoder = StreamDecoder::new(vec![0u8; buffer], version);
    let mut packets = Vec::new();
    let mut boundary = 0;
    let mut pushed = 0;
    while pushed < bytes.len() {
        // xorshift64: chunks of 1 to 32 bytes, sometimes far more.
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let chunk = if seed.is_multiple_of(8) {
            usize::try_from(seed >> 40).unwrap_or(1)
        } else {
            usize::try_from(seed % 32).unwrap_or(0) + 1
        };
        let end = pushed.saturating_add(chunk).min(bytes.len());
        let mut rest = &bytes[pushed..end];
        while !rest.is_empty() {
            let taken = decoder.push(rest);
            pushed += taken;
            rest = &rest[taken..];
            let mut drained = false;
            loop {
                match decoder.next_packet() {
                    Ok(Some(packet)) => {
                        packets.push(reencode(&packet, version));
                        boundary += FixedHeader::decode(&bytes[boundary..], version)
                            .unwrap()
                            .packet_len();
                        drained = true;
                    }
                    Ok(None) => {
                        let pending = &bytes[boundary..pushed];
                        assert_eq!(decoder.buffered(), pending.len());
                        let needed = match FixedHeader::decode(pending, version) {
                            Err(_) if pending.is_empty() => 2,
                            Err(e) if e.is_incomplete() => 1,
                            Err(e) => panic!("waiting on a malformed header: {e}"),
                            Ok(header) => header.packet_len() - pending.len(),
                        };
                        assert_eq!(decoder.needed(), needed, "pending {pending:02x?}");
                        break;
                    }
                    Err(e) => {
                        return Outcome {
                            packets,
                            error: Some(e),
                        };
                    }
                }
            }
            assert!(taken > 0 || drained, "a full buffer holds no packet");
        }
    }
    Outcome {
        packets,
        error: None,
    }
}
