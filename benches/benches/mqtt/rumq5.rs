//! rumqttc's MQTT 5.0 codec (`v5::mqttbytes::v5`) side of each bench.

use super::*;

pub(super) fn qos(qos: QoS) -> rumqttc::v5::mqttbytes::QoS {
    rumqttc::v5::mqttbytes::qos(qos as u8).unwrap()
}

pub(super) fn publish(
    topic: &str,
    payload: &[u8],
    properties: Option<r5::PublishProperties>,
) -> r5::Publish {
    let mut p = r5::Publish::new(
        topic,
        rumqttc::v5::mqttbytes::QoS::AtLeastOnce,
        payload.to_vec(),
        properties,
    );
    p.pkid = PACKET_ID;
    p
}

pub(super) fn publish_properties(p: &r5::PublishProperties) -> usize {
    usize::from(p.payload_format_indicator.is_some())
        + usize::from(p.message_expiry_interval.is_some())
        + usize::from(p.topic_alias.is_some())
        + usize::from(p.response_topic.is_some())
        + usize::from(p.correlation_data.is_some())
        + p.user_properties.len()
        + p.subscription_identifiers.len()
        + usize::from(p.content_type.is_some())
}

pub(super) fn publish_fields(packet: &r5::Packet) -> PublishFields {
    match packet {
        r5::Packet::Publish(p) => PublishFields {
            topic: p.topic.len(),
            payload: p.payload.len(),
            packet_id: p.pkid,
            properties: p.properties.as_ref().map_or(0, publish_properties),
        },
        other => unreachable!("{other:?}"),
    }
}

pub(super) fn subscribe_fields(packet: &r5::Packet) -> SubscribeFields {
    match packet {
        r5::Packet::Subscribe(s) => SubscribeFields {
            packet_id: s.pkid,
            filters: s.filters.len(),
            filter_bytes: s.filters.iter().map(|f| f.path.len()).sum(),
            qos_sum: s.filters.iter().map(|f| f.qos as usize).sum(),
        },
        other => unreachable!("{other:?}"),
    }
}

fn connect_properties(p: &r5::ConnectProperties) -> usize {
    usize::from(p.session_expiry_interval.is_some())
        + usize::from(p.receive_maximum.is_some())
        + usize::from(p.max_packet_size.is_some())
        + usize::from(p.topic_alias_max.is_some())
        + usize::from(p.request_response_info.is_some())
        + usize::from(p.request_problem_info.is_some())
        + p.user_properties.len()
        + usize::from(p.authentication_method.is_some())
        + usize::from(p.authentication_data.is_some())
}

fn will_properties(p: &r5::LastWillProperties) -> usize {
    usize::from(p.delay_interval.is_some())
        + usize::from(p.payload_format_indicator.is_some())
        + usize::from(p.message_expiry_interval.is_some())
        + usize::from(p.content_type.is_some())
        + usize::from(p.response_topic.is_some())
        + usize::from(p.correlation_data.is_some())
        + p.user_properties.len()
}

pub(super) fn connect_fields(packet: &r5::Packet) -> ConnectFields {
    match packet {
        r5::Packet::Connect(c, will, login) => {
            let will = will.as_ref().expect("a Will");
            let login = login.as_ref().expect("a login");
            ConnectFields {
                keep_alive: c.keep_alive,
                client_id: c.client_id.len(),
                properties: c.properties.as_ref().map_or(0, connect_properties),
                will_properties: will.properties.as_ref().map_or(0, will_properties),
                will_topic: will.topic.len(),
                will_payload: will.message.len(),
                user_name: login.username.len(),
                password: login.password.len(),
            }
        }
        other => unreachable!("{other:?}"),
    }
}

pub(super) fn decode(buf: &mut BytesMut) -> r5::Packet {
    r5::Packet::read(buf, None).unwrap()
}

pub(super) fn encode(packet: &r5::Packet, buf: &mut BytesMut) -> usize {
    buf.clear();
    packet.write(buf, None).unwrap()
}
