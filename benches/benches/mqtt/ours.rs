//! iotm-mqtt-codec side of each bench.

use super::*;

pub(super) fn publish_fields(p: &Publish<'_>) -> PublishFields {
    PublishFields {
        topic: p.topic.len(),
        payload: p.payload.len(),
        packet_id: p.packet_id.unwrap_or(0),
        properties: p.properties.iter().count(),
    }
}

pub(super) fn decode_publish(bytes: &[u8], version: Version) -> PublishFields {
    match Packet::decode(bytes, version).unwrap() {
        (Packet::Publish(p), _) => publish_fields(&p),
        other => unreachable!("{other:?}"),
    }
}

pub(super) fn decode_subscribe(bytes: &[u8], version: Version) -> SubscribeFields {
    match Packet::decode(bytes, version).unwrap() {
        (Packet::Subscribe(s), _) => {
            let mut fields = SubscribeFields {
                packet_id: s.packet_id,
                ..SubscribeFields::default()
            };
            for f in s.filters.iter() {
                fields.filters += 1;
                fields.filter_bytes += f.filter.len();
                fields.qos_sum += f.options.qos as usize;
            }
            fields
        }
        other => unreachable!("{other:?}"),
    }
}

pub(super) fn decode_connect(bytes: &[u8]) -> ConnectFields {
    match Packet::decode(bytes, Version::V5).unwrap() {
        (Packet::Connect(c), _) => {
            let c = c.fields();
            let will = c.will.expect("a Will");
            ConnectFields {
                keep_alive: c.keep_alive,
                client_id: c.client_id.len(),
                properties: c.properties.iter().count(),
                will_properties: will.properties.iter().count(),
                will_topic: will.topic.len(),
                will_payload: will.payload.len(),
                user_name: c.user_name.map_or(0, str::len),
                password: c.password.map_or(0, <[u8]>::len),
            }
        }
        other => unreachable!("{other:?}"),
    }
}

pub(super) fn add(sum: &mut StreamFields, packet: &Packet<'_>) {
    match packet {
        Packet::Publish(p) => {
            sum.publishes += 1;
            sum.topic_bytes += p.topic.len();
            sum.payload_bytes += p.payload.len();
            sum.packet_ids += u64::from(p.packet_id.unwrap_or(0));
        }
        Packet::Puback(a) => {
            sum.pubacks += 1;
            sum.packet_ids += u64::from(a.packet_id);
        }
        Packet::Pingreq => sum.pingreqs += 1,
        other => unreachable!("{other:?}"),
    }
}

pub(super) fn stream(stream: &[u8]) -> StreamFields {
    let mut decoder = StreamDecoder::new([0u8; 1024], Version::V3_1_1);
    let mut sum = StreamFields::default();
    for chunk in stream.chunks(64) {
        let mut rest = chunk;
        while !rest.is_empty() {
            let taken = decoder.push(rest);
            rest = &rest[taken..];
            while let Some(packet) = decoder.next_packet().unwrap() {
                add(&mut sum, &packet);
            }
        }
    }
    assert_eq!(decoder.buffered(), 0);
    sum
}
