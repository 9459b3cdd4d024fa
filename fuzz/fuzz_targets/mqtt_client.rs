//! The sans-IO MQTT client session fed arbitrary server bytes: after a
//! CONNACK, the input is pushed in chunks the input itself picks, with
//! publishes, timeouts and reconnects in between. Nothing panics, the
//! in-flight count never exceeds the window, and everything the client
//! transmits decodes as packets of its version.

#![no_main]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a fuzz target asserts by panicking"
)]

use iotm_mqtt_codec::{Buffers, Client, ClientConfig, Instant, Packet, Publish, QoS, Version};
use libfuzzer_sys::fuzz_target;

const WINDOW: usize = 4;

fuzz_target!(|data: &[u8]| {
    let Some((&control, rest)) = data.split_first() else {
        return;
    };
    let version = if control & 1 == 0 {
        Version::V3_1_1
    } else {
        Version::V5
    };
    let (mut rx, mut tx, mut store, mut aliases) =
        ([0u8; 512], [0u8; 2048], [0u8; 1024], [0u8; 260]);
    let buffers = Buffers {
        rx: &mut rx,
        tx: &mut tx,
        store: &mut store,
        topic_aliases: &mut aliases,
    };
    let mut client: Client<'_, WINDOW> = Client::new(ClientConfig::new(version, "fuzz"), buffers);
    let mut now = 0u64;
    client.connect(Instant(now)).unwrap();
    drain(&mut client, version, now);
    // The server accepts, then speaks the fuzzer's bytes.
    client.receive(
        &[
            0x20,
            if version == Version::V5 { 0x03 } else { 0x02 },
            0x00,
            0x00,
            0x00,
        ][..if version == Version::V5 { 5 } else { 4 }],
    );
    let mut input = rest;
    while let Some((&step, tail)) = input.split_first() {
        now += u64::from(step) * 250;
        let chunk = usize::from(step % 48) + 1;
        let (bytes, tail) = tail.split_at(chunk.min(tail.len()));
        input = tail;
        match step % 8 {
            0 => {
                let qos = QoS::from_bits(step >> 6).unwrap_or(QoS::AtMostOnce);
                let _ = client.publish(&Publish {
                    qos,
                    ..Publish::new("f/t", bytes)
                });
            }
            1 => {
                let _ = client.handle_timeout(Instant(now));
            }
            2 if step & 0x80 != 0 => {
                client.connection_lost();
                let _ = client.connect(Instant(now));
            }
            _ => {
                let mut fed = bytes;
                while !fed.is_empty() {
                    let taken = client.receive(fed);
                    fed = &fed[taken..];
                    if taken == 0 {
                        break;
                    }
                }
            }
        }
        for _ in 0..64 {
            match client.poll_event(Instant(now)) {
                Ok(Some(_)) => {}
                Ok(None) => break,
                Err(_) => {
                    client.connection_lost();
                    let _ = client.connect(Instant(now));
                    break;
                }
            }
        }
        assert!(client.in_flight() <= WINDOW);
        drain(&mut client, version, now);
    }
});

/// Everything the client transmits must decode as packets of its version.
fn drain(client: &mut Client<'_, WINDOW>, version: Version, now: u64) {
    let Some(bytes) = client.poll_transmit(Instant(now)) else {
        return;
    };
    let mut rest = bytes;
    while !rest.is_empty() {
        let (_, len) = Packet::decode(rest, version)
            .unwrap_or_else(|e| panic!("the client sent bytes that do not decode: {e}"));
        rest = &rest[len..];
    }
}
