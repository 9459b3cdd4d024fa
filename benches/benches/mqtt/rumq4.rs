//! rumqttc's MQTT 3.1.1 codec (`mqttbytes::v4`) side of each bench.

use super::*;

pub(super) fn qos(qos: QoS) -> rumqttc::mqttbytes::QoS {
    rumqttc::mqttbytes::qos(qos as u8).unwrap()
}

pub(super) fn publish(topic: &str, payload: &[u8]) -> v4::Publish {
    let mut p = v4::Publish::new(topic, rumqttc::mqttbytes::QoS::AtLeastOnce, payload);
    p.pkid = PACKET_ID;
    p
}

pub(super) fn publish_fields(packet: &v4::Packet) -> PublishFields {
    match packet {
        v4::Packet::Publish(p) => PublishFields {
            topic: p.topic.len(),
            payload: p.payload.len(),
            packet_id: p.pkid,
            properties: 0,
        },
        other => unreachable!("{other:?}"),
    }
}

pub(super) fn subscribe_fields(packet: &v4::Packet) -> SubscribeFields {
    match packet {
        v4::Packet::Subscribe(s) => SubscribeFields {
            packet_id: s.pkid,
            filters: s.filters.len(),
            filter_bytes: s.filters.iter().map(|f| f.path.len()).sum(),
            qos_sum: s.filters.iter().map(|f| f.qos as usize).sum(),
        },
        other => unreachable!("{other:?}"),
    }
}

pub(super) fn decode(buf: &mut BytesMut) -> v4::Packet {
    v4::Packet::read(buf, NO_LIMIT).unwrap()
}

pub(super) fn encode(packet: &v4::Packet, buf: &mut BytesMut) -> usize {
    buf.clear();
    packet.write(buf, NO_LIMIT).unwrap()
}

pub(super) fn stream(stream: &[u8]) -> StreamFields {
    let mut buf = BytesMut::with_capacity(1024);
    let mut sum = StreamFields::default();
    for chunk in stream.chunks(64) {
        buf.extend_from_slice(chunk);
        loop {
            match v4::Packet::read(&mut buf, NO_LIMIT) {
                Ok(v4::Packet::Publish(p)) => {
                    sum.publishes += 1;
                    sum.topic_bytes += p.topic.len();
                    sum.payload_bytes += p.payload.len();
                    sum.packet_ids += u64::from(p.pkid);
                }
                Ok(v4::Packet::PubAck(a)) => {
                    sum.pubacks += 1;
                    sum.packet_ids += u64::from(a.pkid);
                }
                Ok(v4::Packet::PingReq) => sum.pingreqs += 1,
                Ok(other) => unreachable!("{other:?}"),
                Err(rumqttc::mqttbytes::Error::InsufficientBytes(_)) => break,
                Err(e) => unreachable!("{e}"),
            }
        }
    }
    assert!(buf.is_empty());
    sum
}
