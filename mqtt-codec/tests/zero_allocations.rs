//! Decoding allocates nothing: a counting global allocator watches
//! `Packet::decode`, the streaming decoder and the client session.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

// No test harness (`harness = false`): libtest's threads and output capture
// would allocate while a region is being counted. `main` runs the checks in turn.

use std::alloc::System;

use iotm_mqtt_codec::{
    Ack, Buffers, Client, ClientConfig, Connack, Instant, Packet, Properties, Property, Publish,
    QoS, StreamDecoder, Subscribe, SubscribeFilter, SubscribeFilters, SubscriptionOptions, Version,
};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

// Counts every allocation of this test binary (the workspace forbids
// `unsafe`, so the counting allocator comes from `stats_alloc`).
#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// The packet's MQTT 5.0 bytes (set up outside the counted regions).
fn encode(packet: &Packet<'_>) -> Vec<u8> {
    let mut buf = vec![0u8; packet.encoded_len(Version::V5).unwrap()];
    packet.encode(Version::V5, &mut buf).unwrap();
    buf
}

fn allocations_during(f: impl FnOnce()) -> usize {
    let region = Region::new(GLOBAL);
    f();
    region.change().allocations
}

fn decoding_every_packet_type_allocates_nothing() {
    let props = [
        Property::UserProperty("k", "v"),
        Property::ContentType("text/plain"),
    ];
    let filters = [SubscribeFilter {
        filter: "a/+",
        options: SubscriptionOptions::qos(QoS::AtLeastOnce),
    }];
    let packets = [
        Packet::Publish(Publish {
            qos: QoS::AtLeastOnce,
            packet_id: Some(1),
            properties: Properties::from_list(&props),
            ..Publish::new("a/b", b"payload")
        }),
        Packet::Subscribe(Subscribe {
            packet_id: 2,
            properties: Properties::EMPTY,
            filters: SubscribeFilters::from_list(&filters),
        }),
        Packet::Puback(Ack::new(1)),
        Packet::Connack(Connack::default()),
        Packet::Pingreq,
    ];
    let mut stream = Vec::new();
    for p in &packets {
        stream.extend_from_slice(&encode(p));
    }
    let mut storage = [0u8; 256];
    let count = allocations_during(|| {
        let mut rest = &stream[..];
        while !rest.is_empty() {
            let (packet, len) = Packet::decode(rest, Version::V5).unwrap();
            if let Packet::Publish(p) = packet {
                assert_eq!(p.properties.iter().count(), 2);
            }
            if let Packet::Subscribe(s) = packet {
                assert_eq!(s.filters.iter().count(), 1);
            }
            rest = &rest[len..];
        }
        let mut decoder = StreamDecoder::new(&mut storage[..], Version::V5);
        let mut decoded = 0;
        for chunk in stream.chunks(7) {
            decoder.push(chunk);
            while let Some(_packet) = decoder.next_packet().unwrap() {
                decoded += 1;
            }
        }
        assert_eq!(decoded, packets.len());
    });
    assert_eq!(count, 0, "decoding allocated");
}

fn the_client_session_allocates_nothing() {
    let (mut rx, mut tx, mut store, mut aliases) = ([0u8; 512], [0u8; 512], [0u8; 512], [0u8; 260]);
    let connack = encode(&Packet::Connack(Connack::default()));
    let incoming = encode(&Packet::Publish(Publish {
        qos: QoS::ExactlyOnce,
        packet_id: Some(5),
        ..Publish::new("t", b"x")
    }));
    let count = allocations_during(|| {
        let buffers = Buffers {
            rx: &mut rx,
            tx: &mut tx,
            store: &mut store,
            topic_aliases: &mut aliases,
        };
        let mut client: Client<'_, 4> = Client::new(ClientConfig::new(Version::V5, "dev"), buffers);
        client.connect(Instant(0)).unwrap();
        client.poll_transmit(Instant(0)).unwrap();
        client.receive(&connack);
        client.poll_event(Instant(0)).unwrap().unwrap();
        client
            .publish(&Publish {
                qos: QoS::AtLeastOnce,
                ..Publish::new("t", b"y")
            })
            .unwrap();
        client.receive(&incoming);
        client.poll_event(Instant(1)).unwrap().unwrap();
        client.poll_transmit(Instant(1)).unwrap();
    });
    assert_eq!(count, 0, "the client session allocated");
}

/// The counter sees allocations at all: otherwise the checks could not fail.
fn the_counter_counts() {
    let count = allocations_during(|| {
        let boxed = core::hint::black_box(Box::new([0u8; 64]));
        drop(boxed);
    });
    assert_eq!(count, 1);
}

fn main() {
    the_counter_counts();
    decoding_every_packet_type_allocates_nothing();
    the_client_session_allocates_nothing();
    println!("3 passed, 0 failed");
}
