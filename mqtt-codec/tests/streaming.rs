//! The streaming decoder against one-shot decoding: a stream of several
//! hundred packets of every type (each version on its own) is decoded once
//! with repeated `Packet::decode`, then pushed into a `StreamDecoder` in
//! chunks of 1, 7 and 1460 bytes and at random split points; the packets
//! that come out, re-encoded, must be exactly the one-shot ones, and while a
//! packet is incomplete `needed()` must say how many bytes it still lacks.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    reason = "test code"
)]

mod support;

use std::sync::OnceLock;

use iotm_mqtt_codec::{
    Error, ErrorKind, FixedHeader, Packet, Publish, Rule, StreamDecoder, Version,
};
use proptest::prelude::*;

/// Packets per stream.
const PACKETS: usize = 400;
/// The decoder's buffer: larger than any generated packet.
const BUFFER: usize = 4096;

/// A stream of `PACKETS` valid packets of every type for `version`, the same
/// on every run.
fn stream(version: Version) -> &'static [u8] {
    static V3: OnceLock<Vec<u8>> = OnceLock::new();
    static V5: OnceLock<Vec<u8>> = OnceLock::new();
    let cell = if version.is_v5() { &V5 } else { &V3 };
    cell.get_or_init(|| {
        let packets = support::fixed_packets(version, PACKETS);
        let mut bytes = Vec::new();
        for p in &packets {
            let encoded = p.encode();
            assert!(encoded.len() < BUFFER);
            bytes.extend_from_slice(&encoded);
        }
        bytes
    })
}

/// What decoding a stream gives: each packet re-encoded, with its length on
/// the wire, then the error that stopped it (`None`: the stream ended,
/// possibly inside a packet).
#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    packets: Vec<(Vec<u8>, usize)>,
    error: Option<Error>,
}

fn reencode(packet: &Packet<'_>, version: Version) -> Vec<u8> {
    support::encode(packet, version)
}

/// Repeated `Packet::decode` on the rest of the stream.
fn one_shot(bytes: &[u8], version: Version, max_packet_size: u32) -> Outcome {
    let mut packets = Vec::new();
    let mut at = 0;
    loop {
        match Packet::decode_with_limit(&bytes[at..], version, max_packet_size) {
            Ok((packet, len)) => {
                packets.push((reencode(&packet, version), len));
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

/// The `needed()` a decoder must report when `pending` (the bytes of the
/// next packet received so far) does not hold a whole packet yet: 2 for
/// nothing, 1 while the fixed header is cut, then the body bytes missing.
/// (A malformed header is an error, never a wait.)
fn expected_needed(pending: &[u8], version: Version) -> usize {
    match FixedHeader::decode(pending, version) {
        Err(_) if pending.is_empty() => 2,
        Err(e) if e.is_incomplete() => 1,
        Err(e) => panic!("the model only covers valid streams: {e}"),
        Ok(header) => header.packet_len() - pending.len(),
    }
}

/// Pushes `bytes` into a `StreamDecoder` in the chunks `split` cuts, taking
/// every packet out as soon as it is complete, and checks `needed()` and
/// `buffered()` each time the decoder waits for more.
fn streamed(
    bytes: &[u8],
    version: Version,
    max_packet_size: u32,
    mut split: impl FnMut(usize) -> usize,
) -> Outcome {
    let mut decoder =
        StreamDecoder::new(vec![0u8; BUFFER], version).with_max_packet_size(max_packet_size);
    let mut packets = Vec::new();
    // Stream offset where the next packet starts, and bytes pushed so far.
    let mut boundary = 0;
    let mut pushed = 0;
    while pushed < bytes.len() {
        let end = (pushed + split(pushed).max(1)).min(bytes.len());
        let mut chunk = &bytes[pushed..end];
        while !chunk.is_empty() {
            let taken = decoder.push(chunk);
            pushed += taken;
            chunk = &chunk[taken..];
            let mut drained = false;
            loop {
                match decoder.next_packet() {
                    Ok(Some(packet)) => {
                        let encoded = reencode(&packet, version);
                        let len = FixedHeader::decode(&bytes[boundary..], version)
                            .unwrap()
                            .packet_len();
                        packets.push((encoded, len));
                        boundary += len;
                        drained = true;
                    }
                    Ok(None) => {
                        let pending = &bytes[boundary..pushed];
                        assert_eq!(decoder.buffered(), pending.len());
                        assert_eq!(
                            decoder.needed(),
                            expected_needed(pending, version),
                            "needed() with {pending:02x?} pending at stream offset {boundary}"
                        );
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

fn check_chunks(chunk: usize) {
    for version in [Version::V3_1_1, Version::V5] {
        let bytes = stream(version);
        let expected = one_shot(bytes, version, u32::MAX);
        assert_eq!(expected.packets.len(), PACKETS);
        assert_eq!(expected.error, None);
        let got = streamed(bytes, version, u32::MAX, |_| chunk);
        assert_eq!(got, expected, "{version:?} in chunks of {chunk}");
    }
}

#[test]
fn streaming_in_1_byte_chunks_equals_one_shot() {
    check_chunks(1);
}

#[test]
fn streaming_in_7_byte_chunks_equals_one_shot() {
    check_chunks(7);
}

#[test]
fn streaming_in_1460_byte_chunks_equals_one_shot() {
    check_chunks(1460);
}

#[test]
fn streaming_the_whole_stream_in_one_push_equals_one_shot() {
    // More than the buffer holds: `push` takes part and the rest follows
    // once packets are out.
    check_chunks(usize::MAX / 2);
}

#[test]
fn streaming_a_stream_cut_inside_its_last_packet_equals_one_shot() {
    for version in [Version::V3_1_1, Version::V5] {
        let whole = stream(version);
        for cut in 1..40 {
            let bytes = &whole[..whole.len() - cut];
            let expected = one_shot(bytes, version, u32::MAX);
            assert_eq!(streamed(bytes, version, u32::MAX, |_| 13), expected);
        }
    }
}

/// Split points: sorted offsets inside the stream (duplicates make no cut).
fn splits(bytes: &'static [u8]) -> impl Strategy<Value = Vec<usize>> {
    proptest::collection::vec(0..bytes.len(), 0..300).prop_map(|mut cuts| {
        cuts.sort_unstable();
        cuts.dedup();
        cuts
    })
}

fn chunk_at(cuts: &[usize], total: usize) -> impl FnMut(usize) -> usize {
    move |pushed| {
        let next = cuts.iter().copied().find(|&c| c > pushed).unwrap_or(total);
        next - pushed
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn streaming_v3_1_1_at_random_splits_equals_one_shot(
        cuts in splits(stream(Version::V3_1_1)),
    ) {
        let bytes = stream(Version::V3_1_1);
        let expected = one_shot(bytes, Version::V3_1_1, u32::MAX);
        let got = streamed(bytes, Version::V3_1_1, u32::MAX, chunk_at(&cuts, bytes.len()));
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn streaming_v5_at_random_splits_equals_one_shot(cuts in splits(stream(Version::V5))) {
        let bytes = stream(Version::V5);
        let expected = one_shot(bytes, Version::V5, u32::MAX);
        let got = streamed(bytes, Version::V5, u32::MAX, chunk_at(&cuts, bytes.len()));
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn streaming_with_a_packet_size_limit_stops_where_one_shot_does(
        max in 2u32..200,
        chunk in 1usize..64,
        v5 in any::<bool>(),
    ) {
        let version = if v5 { Version::V5 } else { Version::V3_1_1 };
        let bytes = stream(version);
        let expected = one_shot(bytes, version, max);
        prop_assert_eq!(streamed(bytes, version, max, |_| chunk), expected);
    }

    #[test]
    fn streaming_a_corrupted_stream_fails_where_one_shot_does(
        at in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        chunk in 1usize..32,
        v5 in any::<bool>(),
    ) {
        let version = if v5 { Version::V5 } else { Version::V3_1_1 };
        let mut bytes = stream(version)[..2000].to_vec();
        let i = at.index(bytes.len());
        bytes[i] = byte;
        let expected = one_shot(&bytes, version, BUFFER as u32);
        prop_assert_eq!(streamed(&bytes, version, BUFFER as u32, |_| chunk), expected);
    }
}

/// PUBLISH "t" at QoS 0 for `version` with a payload that makes the packet `size` bytes.
fn publish_of_size(version: Version, size: usize) -> Vec<u8> {
    let header = if size - 2 < 128 { 2 } else { 3 };
    let properties = usize::from(version.is_v5());
    let payload = vec![b'x'; size - header - 3 - properties];
    let packet = Packet::Publish(Publish::new("t", &payload));
    let bytes = support::encode(&packet, version);
    assert_eq!(bytes.len(), size);
    bytes
}

#[test]
fn with_max_packet_size_refuses_from_the_fixed_header_before_the_body() {
    for version in [Version::V3_1_1, Version::V5] {
        let mut decoder = StreamDecoder::new([0u8; 1024], version).with_max_packet_size(100);
        // PINGREQ, then only the fixed header of a 101-byte PUBLISH.
        let big = publish_of_size(version, 101);
        assert_eq!(decoder.push(&[0xc0, 0x00]), 2);
        assert_eq!(decoder.push(&big[..2]), 2);
        assert_eq!(decoder.next_packet().unwrap(), Some(Packet::Pingreq));
        let e = decoder.next_packet().unwrap_err();
        assert_eq!(
            (e.kind(), e.offset()),
            (
                ErrorKind::Malformed(Rule::PacketTooLarge {
                    size: 101,
                    max: 100
                }),
                2
            )
        );
    }
}

#[test]
fn with_max_packet_size_takes_a_packet_of_exactly_the_limit() {
    for size in [100, 200] {
        let mut decoder =
            StreamDecoder::new([0u8; 1024], Version::V5).with_max_packet_size(size as u32);
        let bytes = publish_of_size(Version::V5, size);
        assert_eq!(decoder.push(&bytes), size);
        assert!(matches!(
            decoder.next_packet().unwrap(),
            Some(Packet::Publish(_))
        ));
        assert_eq!(decoder.buffered(), 0);
    }
}

#[test]
fn with_max_packet_size_refuses_a_multi_byte_remaining_length_from_its_header() {
    // A 3-byte fixed header announcing 16 384 bytes: refused once its three
    // bytes are in, with nothing of the body pushed.
    let mut decoder = StreamDecoder::new([0u8; 1024], Version::V5).with_max_packet_size(1000);
    decoder.push(&[0x30, 0x80]);
    assert_eq!(decoder.next_packet().unwrap(), None);
    assert_eq!(decoder.needed(), 1);
    decoder.push(&[0x80]);
    assert_eq!(decoder.next_packet().unwrap(), None);
    decoder.push(&[0x01]);
    let e = decoder.next_packet().unwrap_err();
    assert_eq!(
        (e.kind(), e.offset()),
        (
            ErrorKind::Malformed(Rule::PacketTooLarge {
                size: 16_388,
                max: 1000
            }),
            0
        )
    );
}

#[test]
fn the_buffer_size_caps_the_packet_size() {
    // A larger maximum than the buffer does not raise the limit.
    let mut decoder = StreamDecoder::new([0u8; 64], Version::V3_1_1).with_max_packet_size(10_000);
    decoder.push(&publish_of_size(Version::V3_1_1, 65)[..2]);
    assert_eq!(
        decoder.next_packet().unwrap_err().rule(),
        Some(&Rule::PacketTooLarge { size: 65, max: 64 })
    );
    let mut decoder = StreamDecoder::new([0u8; 64], Version::V3_1_1);
    assert_eq!(decoder.push(&publish_of_size(Version::V3_1_1, 64)), 64);
    assert!(decoder.next_packet().unwrap().is_some());
}

#[test]
fn a_malformed_packet_mid_stream_has_the_one_shot_rule_at_its_stream_offset() {
    let mut bytes = stream(Version::V5)[..1000].to_vec();
    let start = one_shot(&bytes, Version::V5, u32::MAX)
        .packets
        .iter()
        .take(5)
        .map(|(_, len)| len)
        .sum::<usize>();
    // A PUBLISH to "a/+" in place of the sixth packet's first bytes.
    bytes[start..start + 7].copy_from_slice(&[0x30, 0x05, 0x00, 0x03, b'a', b'/', b'+']);
    let expected = one_shot(&bytes, Version::V5, u32::MAX);
    let error = expected.error.unwrap();
    assert_eq!(
        (error.rule(), error.offset()),
        (Some(&Rule::WildcardInTopicName), start + 6)
    );
    for chunk in [1, 7, 1460] {
        assert_eq!(streamed(&bytes, Version::V5, u32::MAX, |_| chunk), expected);
    }
}

#[test]
fn needed_is_two_before_anything_and_after_each_packet() {
    let mut decoder = StreamDecoder::new([0u8; 64], Version::V5);
    assert_eq!(decoder.next_packet().unwrap(), None);
    assert_eq!(decoder.needed(), 2);
    decoder.push(&[0xd0, 0x00, 0xe0]);
    assert_eq!(decoder.next_packet().unwrap(), Some(Packet::Pingresp));
    assert_eq!(decoder.next_packet().unwrap(), None);
    assert_eq!(decoder.needed(), 1);
    decoder.push(&[0x00]);
    assert!(decoder.next_packet().unwrap().is_some());
    assert_eq!(decoder.next_packet().unwrap(), None);
    assert_eq!(decoder.needed(), 2);
}
