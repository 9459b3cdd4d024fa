//! mqttrs side of each bench (MQTT 3.1.1 only).

use super::*;

pub(super) fn publish<'a>(topic: &'a str, payload: &'a [u8]) -> mqttrs::Packet<'a> {
    mqttrs::Packet::Publish(mqttrs::Publish {
        dup: false,
        qospid: mqttrs::QosPid::AtLeastOnce(mqttrs::Pid::try_from(PACKET_ID).unwrap()),
        retain: false,
        topic_name: topic,
        payload,
    })
}

pub(super) fn qos(qos: QoS) -> mqttrs::QoS {
    match qos {
        QoS::AtMostOnce => mqttrs::QoS::AtMostOnce,
        QoS::AtLeastOnce => mqttrs::QoS::AtLeastOnce,
        QoS::ExactlyOnce => mqttrs::QoS::ExactlyOnce,
    }
}

fn qos_bits(qos: mqttrs::QoS) -> usize {
    match qos {
        mqttrs::QoS::AtMostOnce => 0,
        mqttrs::QoS::AtLeastOnce => 1,
        mqttrs::QoS::ExactlyOnce => 2,
    }
}

pub(super) fn publish_fields(packet: &mqttrs::Packet<'_>) -> PublishFields {
    match packet {
        mqttrs::Packet::Publish(p) => PublishFields {
            topic: p.topic_name.len(),
            payload: p.payload.len(),
            packet_id: p.qospid.pid().map_or(0, mqttrs::Pid::get),
            properties: 0,
        },
        other => unreachable!("{other:?}"),
    }
}

pub(super) fn subscribe_fields(packet: &mqttrs::Packet<'_>) -> SubscribeFields {
    match packet {
        mqttrs::Packet::Subscribe(s) => SubscribeFields {
            packet_id: s.pid.get(),
            filters: s.topics.len(),
            filter_bytes: s.topics.iter().map(|t| t.topic_path.len()).sum(),
            qos_sum: s.topics.iter().map(|t| qos_bits(t.qos)).sum(),
        },
        other => unreachable!("{other:?}"),
    }
}

pub(super) fn decode(bytes: &[u8]) -> mqttrs::Packet<'_> {
    mqttrs::decode_slice(bytes)
        .unwrap()
        .expect("a whole packet")
}

/// The length of the packet at the start of `bytes`: mqttrs's
/// `decode_slice` does not say how many bytes it consumed, so a stream
/// reader has to frame the packet itself (fixed header, §2.2).
fn frame_len(bytes: &[u8]) -> usize {
    let mut remaining = 0usize;
    for (i, byte) in bytes[1..bytes.len().min(5)].iter().enumerate() {
        remaining |= usize::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 == 0 {
            return 2 + i + remaining;
        }
    }
    unreachable!("a checked fixed header")
}

pub(super) fn stream(stream: &[u8]) -> StreamFields {
    let mut buf = Vec::with_capacity(1024);
    let mut sum = StreamFields::default();
    for chunk in stream.chunks(64) {
        buf.extend_from_slice(chunk);
        let mut start = 0;
        while let Some(packet) = mqttrs::decode_slice(&buf[start..]).unwrap() {
            match packet {
                mqttrs::Packet::Publish(p) => {
                    sum.publishes += 1;
                    sum.topic_bytes += p.topic_name.len();
                    sum.payload_bytes += p.payload.len();
                    sum.packet_ids += u64::from(p.qospid.pid().map_or(0, mqttrs::Pid::get));
                }
                mqttrs::Packet::Puback(pid) => {
                    sum.pubacks += 1;
                    sum.packet_ids += u64::from(pid.get());
                }
                mqttrs::Packet::Pingreq => sum.pingreqs += 1,
                other => unreachable!("{other:?}"),
            }
            start += frame_len(&buf[start..]);
        }
        buf.drain(..start);
    }
    assert!(buf.is_empty());
    sum
}
