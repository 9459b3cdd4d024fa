//! The codec against a real broker: each test starts its own mosquitto on a
//! free loopback port and talks to it through a client that encodes and
//! decodes every packet with this crate only.
//!
//! Ignored by default (they need the `mosquitto` binary); CI runs them with
//! `--include-ignored` after `.ci/run`'s install_peers. Run them alone with
//! `cargo test -p iotm-mqtt-codec --test mosquitto -- --include-ignored`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    clippy::cast_possible_truncation,
    reason = "test code"
)]

#[allow(dead_code, reason = "each test binary uses part of the helpers")]
#[path = "peer/broker.rs"]
mod broker;
#[allow(dead_code, reason = "each test binary uses part of the helpers")]
#[path = "peer/client.rs"]
mod client;

use std::time::Duration;

use broker::{Broker, Options};
use client::{Client, Frame, Outcome, TIMEOUT, hex};
use iotm_mqtt_codec::{
    Ack, Connect, Disconnect, Packet, Properties, Property, Publish, QoS, ReasonCode, Rule,
    Subscribe, SubscribeFilter, SubscribeFilters, SubscriptionOptions, TopicFilters, Unsubscribe,
    Version, Will,
};

const VERSIONS: [Version; 2] = [Version::V3_1_1, Version::V5];

/// How long to listen for a message that must not come.
const QUIET: Duration = Duration::from_millis(300);

fn v(version: Version) -> &'static str {
    match version {
        Version::V3_1_1 => "v311",
        Version::V5 => "v5",
    }
}

/// The PUBLISH in `frame`, as (topic, payload, qos, retain).
fn publish_fields(frame: &Frame) -> (String, Vec<u8>, QoS, bool) {
    match frame.packet() {
        Packet::Publish(p) => (p.topic.to_owned(), p.payload.to_vec(), p.qos, p.retain),
        other => panic!("expected PUBLISH, got {other:?}"),
    }
}

/// A subscriber on `topic` at QoS 2 and a publisher, both connected.
fn pair(broker: &Broker, version: Version, topic: &str) -> (Client, Client) {
    let mut sub = Client::connect(broker.addr(), version, &format!("sub-{}", v(version)));
    let granted = sub.subscribe(1, &[(topic, QoS::ExactlyOnce)]);
    assert_eq!(granted, [2], "{version:?}: granted QoS");
    let publisher = Client::connect(broker.addr(), version, &format!("pub-{}", v(version)));
    (sub, publisher)
}

#[test]
#[ignore = "needs mosquitto"]
fn connect_with_clean_start_gets_connack_success_without_session_present() {
    let broker = Broker::start();
    for version in VERSIONS {
        let (mut client, frame) =
            Client::connect_with(broker.addr(), Connect::new(version, "clean-1"));
        let Packet::Connack(connack) = frame.packet() else {
            panic!("{version:?}: expected CONNACK, got {:?}", frame.packet());
        };
        assert_eq!(connack.reason_code, ReasonCode::SUCCESS, "{version:?}");
        assert!(!connack.session_present, "{version:?}: session present");
        let properties: Vec<Property<'_>> = connack.properties.iter().collect();
        eprintln!("{version:?} CONNACK {}: {properties:?}", hex(&frame.raw));
        if version == Version::V5 {
            // Whatever mosquitto announces must be a CONNACK property in range.
            for property in &properties {
                assert!(property.value_in_range(), "{property:?}");
            }
        } else {
            assert!(properties.is_empty());
        }
        client.send(&Packet::Disconnect(Disconnect::default()));
        client.expect_close();
    }
}

#[test]
#[ignore = "needs mosquitto"]
fn mqtt5_connack_announces_maximum_packet_size_and_assigned_client_identifier() {
    let broker = Broker::start_with(Options {
        max_packet_size: Some(2000),
    });
    // An empty client identifier: the server must assign one (§3.2.2.3.7).
    let (_client, frame) = Client::connect_with(broker.addr(), Connect::new(Version::V5, ""));
    let Packet::Connack(connack) = frame.packet() else {
        panic!("expected CONNACK, got {:?}", frame.packet());
    };
    assert_eq!(connack.reason_code, ReasonCode::SUCCESS);
    assert_eq!(
        connack.properties.get(0x27),
        Some(Property::MaximumPacketSize(2000)),
        "CONNACK {}",
        hex(&frame.raw)
    );
    match connack.properties.get(0x12) {
        Some(Property::AssignedClientIdentifier(id)) => assert!(!id.is_empty()),
        other => panic!(
            "no Assigned Client Identifier: {other:?} in {}",
            hex(&frame.raw)
        ),
    }
}

#[test]
#[ignore = "needs mosquitto"]
fn mqtt5_3_1_2_11_4_packet_above_the_servers_maximum_is_refused() {
    let broker = Broker::start_with(Options {
        max_packet_size: Some(200),
    });
    let mut client = Client::connect(broker.addr(), Version::V5, "big");
    let payload = [b'x'; 300];
    client.send(&Packet::Publish(Publish::new("t/big", &payload)));
    let outcome = client.recv_or_close(TIMEOUT);
    eprintln!("300-byte payload, max_packet_size 200: {outcome:?}");
    match outcome {
        Some(Outcome::Closed(_)) => {}
        Some(Outcome::Packet(frame)) => match frame.packet() {
            Packet::Disconnect(d) => assert_eq!(d.reason_code, ReasonCode::PACKET_TOO_LARGE),
            other => panic!("expected DISCONNECT 0x95, got {other:?}"),
        },
        None => panic!("broker neither closed nor disconnected in {TIMEOUT:?}"),
    }
}

#[test]
#[ignore = "needs mosquitto"]
fn subscribe_gets_suback_with_the_granted_qos_per_filter() {
    let broker = Broker::start();
    for version in VERSIONS {
        let mut client = Client::connect(broker.addr(), version, "subscriber");
        let codes = client.subscribe(
            7,
            &[
                ("a/0", QoS::AtMostOnce),
                ("a/+/1", QoS::AtLeastOnce),
                ("a/#", QoS::ExactlyOnce),
            ],
        );
        assert_eq!(codes, [0, 1, 2], "{version:?}");
    }
}

/// One message at `qos` from a publisher to a subscriber, with the
/// publisher's side of the flow checked packet by packet.
fn publish_reaches_subscriber(qos: QoS) {
    let broker = Broker::start();
    for version in VERSIONS {
        let topic = format!("q/{}/{}", qos as u8, v(version));
        let (mut sub, mut publisher) = pair(&broker, version, &topic);
        let payload = format!("payload at QoS {} over {version:?}", qos as u8);
        let packet_id = (qos != QoS::AtMostOnce).then_some(42);
        publisher.send(&Packet::Publish(Publish {
            qos,
            packet_id,
            ..Publish::new(&topic, payload.as_bytes())
        }));
        match qos {
            QoS::AtMostOnce => {}
            QoS::AtLeastOnce => match publisher.recv().packet() {
                Packet::Puback(a) => assert_eq!(
                    (a.packet_id, a.reason_code),
                    (42, ReasonCode::SUCCESS),
                    "{version:?}"
                ),
                other => panic!("{version:?}: expected PUBACK, got {other:?}"),
            },
            QoS::ExactlyOnce => {
                match publisher.recv().packet() {
                    Packet::Pubrec(a) => assert_eq!(
                        (a.packet_id, a.reason_code),
                        (42, ReasonCode::SUCCESS),
                        "{version:?}"
                    ),
                    other => panic!("{version:?}: expected PUBREC, got {other:?}"),
                }
                publisher.send(&Packet::Pubrel(Ack::new(42)));
                match publisher.recv().packet() {
                    Packet::Pubcomp(a) => assert_eq!(a.packet_id, 42, "{version:?}"),
                    other => panic!("{version:?}: expected PUBCOMP, got {other:?}"),
                }
            }
        }
        let frame = sub.recv_publish();
        assert_eq!(
            publish_fields(&frame),
            (topic.clone(), payload.into_bytes(), qos, false),
            "{version:?}: {}",
            hex(&frame.raw)
        );
        // Exactly once, whatever the QoS.
        sub.expect_silence(QUIET);
        publisher.expect_silence(Duration::ZERO);
    }
}

#[test]
#[ignore = "needs mosquitto"]
fn publish_qos0_reaches_subscriber() {
    publish_reaches_subscriber(QoS::AtMostOnce);
}

#[test]
#[ignore = "needs mosquitto"]
fn publish_qos1_gets_puback_and_reaches_subscriber() {
    publish_reaches_subscriber(QoS::AtLeastOnce);
}

#[test]
#[ignore = "needs mosquitto"]
fn publish_qos2_completes_pubrec_pubrel_pubcomp_and_reaches_subscriber() {
    publish_reaches_subscriber(QoS::ExactlyOnce);
}

#[test]
#[ignore = "needs mosquitto"]
fn mqtt5_publish_properties_reach_subscriber() {
    let broker = Broker::start();
    let (mut sub, mut publisher) = pair(&broker, Version::V5, "props/t");
    let sent = [
        Property::PayloadFormatIndicator(1),
        Property::MessageExpiryInterval(3600),
        Property::ContentType("application/json"),
        Property::ResponseTopic("props/reply"),
        Property::CorrelationData(b"\x00\x01corr\xff"),
        Property::UserProperty("k", "v"),
        Property::UserProperty("k", "w"),
        Property::UserProperty("unicode", "gr\u{fc}\u{df}e \u{1f600}"),
    ];
    publisher.send(&Packet::Publish(Publish {
        qos: QoS::AtLeastOnce,
        packet_id: Some(5),
        properties: Properties::from_list(&sent),
        ..Publish::new("props/t", br#"{"x":1}"#)
    }));
    assert!(matches!(publisher.recv().packet(), Packet::Puback(a) if a.packet_id == 5));
    let frame = sub.recv_publish();
    let Packet::Publish(p) = frame.packet() else {
        unreachable!("recv_publish returns PUBLISH")
    };
    assert_eq!((p.topic, p.payload), ("props/t", &br#"{"x":1}"#[..]));
    let received: Vec<Property<'_>> = p.properties.iter().collect();
    eprintln!("PUBLISH {}: {received:?}", hex(&frame.raw));
    for property in sent {
        if let Property::MessageExpiryInterval(sent) = property {
            // The broker forwards the time left (§3.3.2.3.3).
            let left = p.properties.get(0x02);
            assert!(
                matches!(left, Some(Property::MessageExpiryInterval(s)) if s <= sent && s + 5 >= sent),
                "{left:?}"
            );
        } else {
            assert!(received.contains(&property), "{property:?} missing");
        }
    }
    // User Properties keep their order, duplicates included [MQTT-3.3.2-18].
    let users: Vec<Property<'_>> = received
        .iter()
        .copied()
        .filter(|p| matches!(p, Property::UserProperty(..)))
        .collect();
    assert_eq!(users, sent[5..]);
}

#[test]
#[ignore = "needs mosquitto"]
fn mqtt5_subscription_identifier_comes_back_in_publish() {
    let broker = Broker::start();
    let mut sub = Client::connect(broker.addr(), Version::V5, "sub-id");
    let props = [Property::SubscriptionIdentifier(268_435_455)];
    let filters = [SubscribeFilter {
        filter: "sid/#",
        options: SubscriptionOptions::qos(QoS::AtMostOnce),
    }];
    sub.send(&Packet::Subscribe(Subscribe {
        packet_id: 3,
        properties: Properties::from_list(&props),
        filters: SubscribeFilters::from_list(&filters),
    }));
    assert!(matches!(sub.recv().packet(), Packet::Suback(s) if s.reason_codes == [0]));
    let mut publisher = Client::connect(broker.addr(), Version::V5, "sid-pub");
    publisher.send(&Packet::Publish(Publish::new("sid/x", b"id")));
    let frame = sub.recv_publish();
    let Packet::Publish(p) = frame.packet() else {
        unreachable!()
    };
    assert_eq!(
        p.properties.get(0x0b),
        Some(Property::SubscriptionIdentifier(268_435_455)),
        "{}",
        hex(&frame.raw)
    );
}

#[test]
#[ignore = "needs mosquitto"]
fn large_publish_with_a_multi_byte_remaining_length_round_trips() {
    let broker = Broker::start();
    for version in VERSIONS {
        let (mut sub, mut publisher) = pair(&broker, version, "large/t");
        // 3-byte Remaining Length (16,384 up to 2,097,151), read in many chunks.
        let payload: Vec<u8> = (0..40_000u32).map(|i| (i % 251) as u8).collect();
        publisher.send(&Packet::Publish(Publish {
            qos: QoS::AtLeastOnce,
            packet_id: Some(1),
            ..Publish::new("large/t", &payload)
        }));
        assert!(matches!(publisher.recv().packet(), Packet::Puback(_)));
        let frame = sub.recv_publish();
        assert_eq!(frame.raw[1] & 0x80, 0x80, "multi-byte Remaining Length");
        assert_eq!(
            publish_fields(&frame),
            ("large/t".to_owned(), payload, QoS::AtLeastOnce, false),
            "{version:?}"
        );
    }
}

#[test]
#[ignore = "needs mosquitto"]
fn retained_message_reaches_a_later_subscriber_with_retain_set() {
    let broker = Broker::start();
    for version in VERSIONS {
        let topic = format!("retained/{}", v(version));
        let mut publisher = Client::connect(broker.addr(), version, "retainer");
        publisher.send(&Packet::Publish(Publish {
            retain: true,
            qos: QoS::AtLeastOnce,
            packet_id: Some(1),
            ..Publish::new(&topic, b"kept")
        }));
        assert!(matches!(publisher.recv().packet(), Packet::Puback(_)));
        let mut late = Client::connect(broker.addr(), version, "late");
        late.subscribe(2, &[(&topic, QoS::AtLeastOnce)]);
        let frame = late.recv_publish();
        assert_eq!(
            publish_fields(&frame),
            (topic.clone(), b"kept".to_vec(), QoS::AtLeastOnce, true),
            "{version:?}: {}",
            hex(&frame.raw)
        );
        // A live message on the same topic to an existing subscriber: RETAIN 0
        // [MQTT-3.3.1-9].
        publisher.send(&Packet::Publish(Publish::new(&topic, b"live")));
        let frame = late.recv_publish();
        assert_eq!(
            publish_fields(&frame),
            (topic.clone(), b"live".to_vec(), QoS::AtMostOnce, false),
            "{version:?}"
        );
        // An empty retained message clears it [MQTT-3.3.1-10].
        publisher.send(&Packet::Publish(Publish {
            retain: true,
            ..Publish::new(&topic, b"")
        }));
        late.recv_publish();
        let mut later = Client::connect(broker.addr(), version, "later");
        later.subscribe(3, &[(&topic, QoS::AtLeastOnce)]);
        later.expect_silence(QUIET);
    }
}

#[test]
#[ignore = "needs mosquitto"]
fn will_is_published_when_the_connection_drops_without_disconnect() {
    let broker = Broker::start();
    for version in VERSIONS {
        let topic = format!("will/{}", v(version));
        let mut sub = Client::connect(broker.addr(), version, "will-watcher");
        sub.subscribe(1, &[(&topic, QoS::AtLeastOnce)]);
        let will_props = [
            Property::ContentType("text/plain"),
            Property::UserProperty("why", "gone"),
        ];
        let will = Will {
            qos: QoS::AtLeastOnce,
            retain: false,
            properties: if version == Version::V5 {
                Properties::from_list(&will_props)
            } else {
                Properties::EMPTY
            },
            topic: &topic,
            payload: b"offline",
        };
        let (client, connack) = Client::connect_with(
            broker.addr(),
            Connect {
                will: Some(will),
                ..Connect::new(version, "mortal")
            },
        );
        assert!(
            matches!(connack.packet(), Packet::Connack(c) if c.reason_code == ReasonCode::SUCCESS)
        );
        sub.expect_silence(QUIET);
        drop(client);
        let frame = sub.recv_publish();
        assert_eq!(
            publish_fields(&frame),
            (topic.clone(), b"offline".to_vec(), QoS::AtLeastOnce, false),
            "{version:?}: {}",
            hex(&frame.raw)
        );
        if version == Version::V5 {
            let Packet::Publish(p) = frame.packet() else {
                unreachable!()
            };
            for property in will_props {
                assert!(p.properties.iter().any(|q| q == property), "{property:?}");
            }
        }
    }
}

#[test]
#[ignore = "needs mosquitto"]
fn disconnect_discards_the_will_and_mqtt5_reason_0x04_sends_it() {
    let broker = Broker::start();
    for (version, reason, will_expected) in [
        (Version::V3_1_1, ReasonCode::SUCCESS, false),
        (Version::V5, ReasonCode::SUCCESS, false),
        (Version::V5, ReasonCode::DISCONNECT_WITH_WILL_MESSAGE, true),
    ] {
        let topic = format!("bye/{}/{}", v(version), reason.0);
        let mut sub = Client::connect(broker.addr(), version, "bye-watcher");
        sub.subscribe(1, &[(&topic, QoS::AtMostOnce)]);
        let (mut client, _) = Client::connect_with(
            broker.addr(),
            Connect {
                will: Some(Will {
                    qos: QoS::AtMostOnce,
                    retain: false,
                    properties: Properties::EMPTY,
                    topic: &topic,
                    payload: b"will",
                }),
                ..Connect::new(version, "leaver")
            },
        );
        client.send(&Packet::Disconnect(Disconnect {
            reason_code: reason,
            properties: Properties::EMPTY,
        }));
        // The server closes without a word after a client's DISCONNECT.
        client.expect_close();
        if will_expected {
            let frame = sub.recv_publish();
            assert_eq!(publish_fields(&frame).1, b"will");
        } else {
            sub.expect_silence(QUIET);
        }
    }
}

#[test]
#[ignore = "needs mosquitto"]
fn unsubscribe_gets_unsuback_and_stops_delivery() {
    let broker = Broker::start();
    for version in VERSIONS {
        let (mut sub, mut publisher) = pair(&broker, version, "unsub/t");
        let filters = ["unsub/t", "never/subscribed"];
        sub.send(&Packet::Unsubscribe(Unsubscribe {
            packet_id: 9,
            properties: Properties::EMPTY,
            filters: TopicFilters::from_list(&filters),
        }));
        let frame = sub.recv();
        match frame.packet() {
            Packet::Unsuback(u) => {
                assert_eq!(u.packet_id, 9, "{version:?}");
                if version == Version::V5 {
                    // Success, then No subscription existed (§3.11.3).
                    assert_eq!(u.reason_codes, [0x00, 0x11], "{}", hex(&frame.raw));
                } else {
                    assert!(u.reason_codes.is_empty());
                }
            }
            other => panic!("{version:?}: expected UNSUBACK, got {other:?}"),
        }
        publisher.send(&Packet::Publish(Publish::new("unsub/t", b"unheard")));
        sub.expect_silence(QUIET);
    }
}

#[test]
#[ignore = "needs mosquitto"]
fn pingreq_gets_pingresp() {
    let broker = Broker::start();
    for version in VERSIONS {
        let mut client = Client::connect(broker.addr(), version, "pinger");
        for _ in 0..3 {
            client.send(&Packet::Pingreq);
            let frame = client.recv();
            assert_eq!(frame.packet(), Packet::Pingresp, "{version:?}");
            assert_eq!(frame.raw, [0xd0, 0x00]);
        }
    }
}

/// What the broker did with one malformed packet, for the test's output.
fn refused(broker: &Broker, version: Version, connect_first: bool, bytes: &[u8]) -> String {
    let mut client = if connect_first {
        Client::connect(broker.addr(), version, "malformed")
    } else {
        Client::open(broker.addr(), version, "malformed")
    };
    let log_before = broker.log().len();
    client.send_raw(bytes);
    let what = match client.recv_or_close(TIMEOUT) {
        Some(Outcome::Closed(why)) => format!("closed the connection ({why})"),
        Some(Outcome::Packet(frame)) => match frame.packet() {
            Packet::Disconnect(d)
                if version == Version::V5
                    && [ReasonCode::MALFORMED_PACKET, ReasonCode::PROTOCOL_ERROR]
                        .contains(&d.reason_code) =>
            {
                client.expect_close();
                format!(
                    "sent DISCONNECT {} ({}) and closed",
                    d.reason_code,
                    hex(&frame.raw)
                )
            }
            Packet::Connack(c) if !connect_first && c.reason_code.is_error() => {
                client.expect_close();
                format!(
                    "sent CONNACK {} ({}) and closed",
                    c.reason_code,
                    hex(&frame.raw)
                )
            }
            other => panic!(
                "{version:?}: after {} the broker sent {other:?} ({}) instead of closing",
                hex(bytes),
                hex(&frame.raw)
            ),
        },
        None => panic!(
            "{version:?}: broker neither closed nor disconnected within {TIMEOUT:?} after {}",
            hex(bytes)
        ),
    };
    // Mosquitto's own words on it, once it has logged them.
    let log = broker.wait_for_log(log_before, &["disconnected", "Bad socket"], TIMEOUT);
    let said: Vec<&str> = log
        .lines()
        .filter(|line| !line.starts_with("Sending") && !line.starts_with("Received"))
        .collect();
    eprintln!(
        "{version:?} {}: mosquitto {what}; log: {said:?}",
        hex(bytes)
    );
    what
}

/// The codec refuses `bytes` as malformed, breaking `rule`.
fn codec_refuses(bytes: &[u8], version: Version, rule: Rule) {
    let e = Packet::decode(bytes, version).expect_err("the codec accepts it");
    assert_eq!(e.rule(), Some(&rule), "{e} for {}", hex(bytes));
}

#[test]
#[ignore = "needs mosquitto"]
fn mqtt_3_3_2_2_publish_with_a_wildcard_in_the_topic_name_is_refused() {
    let broker = Broker::start();
    for (version, bytes) in [
        (
            Version::V3_1_1,
            &[0x30, 0x06, 0x00, 0x03, b'a', b'/', b'#', b'x'][..],
        ),
        (
            Version::V5,
            &[0x30, 0x07, 0x00, 0x03, b'a', b'/', b'+', 0x00, b'x'][..],
        ),
    ] {
        codec_refuses(bytes, version, Rule::WildcardInTopicName);
        refused(&broker, version, true, bytes);
    }
}

#[test]
#[ignore = "needs mosquitto"]
fn mqtt_3_8_1_1_subscribe_with_reserved_flags_0000_is_refused() {
    let broker = Broker::start();
    for (version, bytes) in [
        (
            Version::V3_1_1,
            &[0x80, 0x06, 0x00, 0x01, 0x00, 0x01, b't', 0x00][..],
        ),
        (
            Version::V5,
            &[0x80, 0x07, 0x00, 0x01, 0x00, 0x00, 0x01, b't', 0x00][..],
        ),
    ] {
        codec_refuses(
            bytes,
            version,
            Rule::InvalidFixedHeaderFlags(iotm_mqtt_codec::PacketType::Subscribe),
        );
        refused(&broker, version, true, bytes);
    }
}

#[test]
#[ignore = "needs mosquitto"]
fn mqtt_3_1_2_3_connect_with_the_reserved_flag_set_is_refused() {
    let broker = Broker::start();
    let v311 = [
        0x10, 0x0d, 0x00, 0x04, b'M', b'Q', b'T', b'T', 0x04, 0x03, 0x00, 0x3c, 0x00, 0x01, b'c',
    ];
    let v5 = [
        0x10, 0x0e, 0x00, 0x04, b'M', b'Q', b'T', b'T', 0x05, 0x03, 0x00, 0x3c, 0x00, 0x00, 0x01,
        b'c',
    ];
    for (version, bytes) in [(Version::V3_1_1, &v311[..]), (Version::V5, &v5[..])] {
        codec_refuses(bytes, version, Rule::ConnectReservedFlag);
        refused(&broker, version, false, bytes);
    }
}

#[test]
#[ignore = "needs mosquitto"]
fn mqtt5_2_2_2_2_publish_with_a_duplicate_property_is_refused() {
    let broker = Broker::start();
    // Message Expiry Interval twice.
    let bytes = [
        0x30, 0x0f, 0x00, 0x01, b't', 0x0a, 0x02, 0x00, 0x00, 0x00, 0x3c, 0x02, 0x00, 0x00, 0x00,
        0x3c, b'x',
    ];
    codec_refuses(&bytes, Version::V5, Rule::DuplicateProperty(0x02));
    refused(&broker, Version::V5, true, &bytes);
}

#[test]
#[ignore = "needs mosquitto"]
fn mqtt_3_3_1_4_publish_with_qos_3_is_refused() {
    let broker = Broker::start();
    for version in VERSIONS {
        let bytes: &[u8] = if version == Version::V5 {
            &[0x36, 0x06, 0x00, 0x01, b't', 0x00, 0x01, 0x00]
        } else {
            &[0x36, 0x05, 0x00, 0x01, b't', 0x00, 0x01]
        };
        codec_refuses(bytes, version, Rule::QosThree);
        refused(&broker, version, true, bytes);
    }
}
