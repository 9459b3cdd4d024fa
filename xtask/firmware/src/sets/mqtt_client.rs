//! `mqtt-client`: iotm-mqtt-codec's sans-IO client session with four
//! messages in flight, MQTT 3.1.1 and 5.0.

use iotm_mqtt_codec::{Buffers, Client, ClientConfig, Instant, Publish, QoS, Version};

use super::{keep, part};

/// Connects, feeds the input as server bytes, publishes, and drains events.
pub(crate) fn run(input: &[u8]) {
    let (mut rx, mut tx, mut store, mut aliases) = ([0u8; 256], [0u8; 256], [0u8; 256], [0u8; 260]);
    let version = if input.first().copied().unwrap_or(0) & 1 == 0 {
        Version::V3_1_1
    } else {
        Version::V5
    };
    let buffers = Buffers {
        rx: &mut rx,
        tx: &mut tx,
        store: &mut store,
        topic_aliases: &mut aliases,
    };
    let mut client: Client<'_, 4> = Client::new(ClientConfig::new(version, "dev"), buffers);
    keep(client.connect(Instant(0)));
    keep(client.poll_transmit(Instant(0)).map(<[u8]>::len));
    client.receive(input);
    for now in 0..8 {
        match client.poll_event(Instant(now)) {
            Ok(Some(event)) => keep(event),
            _ => break,
        }
    }
    let message = Publish {
        qos: QoS::ExactlyOnce,
        ..Publish::new("t", part(input, 0, 16))
    };
    keep(client.publish(&message));
    keep(client.handle_timeout(Instant(120_000)));
    keep(client.poll_transmit(Instant(1)).map(<[u8]>::len));
}
