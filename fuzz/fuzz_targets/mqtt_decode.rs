//! Parse-then-emit target for `iotm-mqtt-codec`: whatever the bytes,
//! `Packet::decode` never panics for either version, error offsets lie inside
//! the input, and a packet that decodes re-encodes (to `encoded_len` bytes)
//! into bytes that decode to an equal packet, which encode to the very same
//! bytes again.

#![no_main]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a fuzz target asserts by panicking"
)]

use iotm_mqtt_codec::{ErrorKind, FixedHeader, Packet, Version};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for version in [Version::V3_1_1, Version::V5] {
        check(data, version);
    }
});

fn check(data: &[u8], version: Version) {
    let (packet, len) = match Packet::decode(data, version) {
        Ok(decoded) => decoded,
        Err(err) => {
            assert!(
                err.offset() <= data.len(),
                "error offset {} past the input length {}: {err}",
                err.offset(),
                data.len()
            );
            if let ErrorKind::Incomplete { needed } = err.kind() {
                assert!(needed > 0, "incomplete with nothing needed");
            }
            return;
        }
    };
    // The packet is exactly what its fixed header announces.
    let header = FixedHeader::decode(data, version).expect("decoded without a fixed header");
    assert_eq!(header.packet_len(), len);
    assert!(len >= 2 && len <= data.len());

    let encoded = encode(&packet, version).unwrap_or_else(|e| {
        panic!(
            "decoded {packet:?} from {} ({version:?}) but it does not re-encode: {e}",
            hex(&data[..len])
        )
    });
    let (again, again_len) = Packet::decode(&encoded, version).unwrap_or_else(|e| {
        panic!(
            "re-encoding of {} ({version:?}) does not decode: {e}\n re-encoded: {}",
            hex(&data[..len]),
            hex(&encoded)
        )
    });
    assert_eq!(again_len, encoded.len());
    assert!(
        again == packet,
        "decode(encode(p)) != p for {} ({version:?})\n p: {packet:?}\n again: {again:?}",
        hex(&data[..len])
    );
    assert_eq!(
        encode(&again, version).unwrap(),
        encoded,
        "not a fixed point"
    );
}

/// `encoded_len`, then `encode` into exactly that many bytes.
fn encode(packet: &Packet<'_>, version: Version) -> Result<Vec<u8>, iotm_mqtt_codec::EncodeError> {
    let mut buf = vec![0u8; packet.encoded_len(version)?];
    let len = packet.encode(version, &mut buf)?.len();
    assert_eq!(len, buf.len(), "encoded_len and encode disagree");
    Ok(buf)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
