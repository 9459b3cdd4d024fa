//! Differential: a SUBSCRIBE of arbitrary filters (pieces drawn towards
//! `/`, `+`, `#`, `$`, `$share/`, U+0000 and other bytes the list encoder's
//! glance marks) and arbitrary options is encoded by `Packet::encode`,
//! which on hosts checks each filter at a glance while it copies it and
//! leaves any doubt to the general encoder, and judged by
//! `Packet::encoded_len`, which runs the general checks. Both accept, or
//! both refuse with the same error; an accepted packet is `encoded_len`
//! bytes, the same in a buffer of exactly that size, and decodes back to
//! itself.

#![no_main]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a fuzz target asserts by panicking"
)]

use iotm_mqtt_codec::{
    EncodeError, Packet, Properties, Property, QoS, RetainHandling, Subscribe, SubscribeFilter,
    SubscribeFilters, SubscriptionOptions, Version,
};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct Input {
    v5: bool,
    packet_id: u16,
    subscription_identifier: Option<u32>,
    filters: Vec<(Vec<Piece>, u8)>,
}

/// A piece of a filter.
#[derive(Arbitrary, Debug)]
enum Piece {
    Slash,
    Plus,
    Hash,
    Dollar,
    Share,
    Nul,
    /// A byte the glance marks though it breaks no rule (space, `*`, a
    /// control character).
    Marked(u8),
    Text(String),
}

fn filter(pieces: &[Piece]) -> String {
    let mut filter = String::new();
    for piece in pieces {
        match piece {
            Piece::Slash => filter.push('/'),
            Piece::Plus => filter.push('+'),
            Piece::Hash => filter.push('#'),
            Piece::Dollar => filter.push('$'),
            Piece::Share => filter.push_str("$share/"),
            Piece::Nul => filter.push('\0'),
            Piece::Marked(b) => filter.push(char::from(b" !\"()*\x01\x7f\t"[usize::from(*b) % 9])),
            Piece::Text(text) => filter.push_str(text),
        }
    }
    filter
}

fn options(bits: u8) -> SubscriptionOptions {
    SubscriptionOptions {
        qos: match bits & 3 {
            0 => QoS::AtMostOnce,
            1 => QoS::AtLeastOnce,
            _ => QoS::ExactlyOnce,
        },
        no_local: bits & 4 != 0,
        retain_as_published: bits & 8 != 0,
        retain_handling: match (bits >> 4) % 3 {
            0 => RetainHandling::SendAtSubscribe,
            1 => RetainHandling::SendAtNewSubscribe,
            _ => RetainHandling::DoNotSend,
        },
    }
}

fuzz_target!(|input: Input| {
    let version = if input.v5 {
        Version::V5
    } else {
        Version::V3_1_1
    };
    let names: Vec<(String, u8)> = input
        .filters
        .iter()
        .map(|(pieces, bits)| (filter(pieces), *bits))
        .collect();
    let list: Vec<SubscribeFilter<'_>> = names
        .iter()
        .map(|(name, bits)| SubscribeFilter {
            filter: name,
            options: options(*bits),
        })
        .collect();
    let properties = input
        .subscription_identifier
        .map(Property::SubscriptionIdentifier);
    let properties = properties.as_slice();
    let packet = Packet::Subscribe(Subscribe {
        packet_id: input.packet_id,
        properties: Properties::from_list(properties),
        filters: SubscribeFilters::from_list(&list),
    });
    let room = 64 + names.iter().map(|(name, _)| name.len() + 3).sum::<usize>();
    let mut buf = vec![0u8; room];
    let encoded = packet.encode(version, &mut buf).map(<[u8]>::to_vec);
    match packet.encoded_len(version) {
        Ok(len) => {
            let bytes = encoded
                .unwrap_or_else(|e| panic!("accepted by the checks, refused: {e}\n{packet:?}"));
            assert_eq!(bytes.len(), len);
            let mut exact = vec![0u8; len];
            assert_eq!(packet.encode(version, &mut exact).unwrap(), bytes);
            let mut short = vec![0u8; len - 1];
            assert_eq!(
                packet.encode(version, &mut short),
                Err(EncodeError::BufferTooSmall {
                    needed: len,
                    available: len - 1
                })
            );
            let (decoded, decoded_len) = Packet::decode(&bytes, version)
                .unwrap_or_else(|e| panic!("encoding does not decode: {e}\n{packet:?}"));
            assert_eq!(decoded_len, len);
            assert!(decoded == packet, "{packet:?}\n{decoded:?}");
        }
        Err(judged) => assert_eq!(encoded, Err(judged), "{packet:?}"),
    }
});
