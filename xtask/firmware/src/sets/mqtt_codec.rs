//! `mqtt-v311` and `mqtt-v311-v5`: iotm-mqtt-codec decoding every packet a
//! client receives and encoding the ones it sends.

use iotm_mqtt_codec::{Connect, Packet, Publish, QoS, Version};

use super::{keep, part};

/// The version picked by an input byte, so that both stay linked.
#[allow(dead_code, reason = "only the two-version set uses it")]
pub(crate) fn version_of(input: &[u8]) -> Version {
    if input.first().copied().unwrap_or(0) & 1 == 0 {
        Version::V3_1_1
    } else {
        Version::V5
    }
}

/// Decodes the input as a packet stream; encodes CONNECT and PUBLISH.
pub(crate) fn run(input: &[u8], version: Version) {
    let mut rest = input;
    while let Ok((packet, len)) = Packet::decode(rest, version) {
        keep(packet.packet_type());
        rest = rest.get(len..).unwrap_or_default();
    }
    let mut buf = [0u8; 128];
    let topic = core::str::from_utf8(part(input, 0, 8)).unwrap_or("t");
    let connect = Connect::new(version, topic);
    keep(
        Packet::from(&connect)
            .encode(version, &mut buf)
            .map(<[u8]>::len),
    );
    let publish = Publish {
        qos: QoS::AtLeastOnce,
        packet_id: Some(1),
        ..Publish::new(topic, part(input, 8, 32))
    };
    keep(
        Packet::Publish(publish)
            .encode(version, &mut buf)
            .map(<[u8]>::len),
    );
    keep(buf);
}
