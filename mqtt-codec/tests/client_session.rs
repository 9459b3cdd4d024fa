//! The sans-IO client session driven against a scripted server: every byte
//! the client sends is decoded and checked, every byte it receives is
//! encoded by the codec.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code"
)]

use iotm_mqtt_codec::{
    Ack, Buffers, Client, ClientConfig, ClientError, Connack, Event, Instant, Packet, PacketType,
    Properties, Property, Publish, QoS, ReasonCode, SubscribeFilter, SubscriptionOptions, Version,
};

const T0: Instant = Instant(0);

struct Harness {
    rx: Box<[u8; 1024]>,
    tx: Box<[u8; 1024]>,
    store: Box<[u8; 1024]>,
    aliases: Box<[u8; 260]>,
}

impl Harness {
    fn new() -> Self {
        Self {
            rx: Box::new([0; 1024]),
            tx: Box::new([0; 1024]),
            store: Box::new([0; 1024]),
            aliases: Box::new([0; 260]),
        }
    }

    fn client(&mut self, config: ClientConfig<'static>) -> Client<'_, 4> {
        Client::new(
            config,
            Buffers {
                rx: &mut self.rx[..],
                tx: &mut self.tx[..],
                store: &mut self.store[..],
                topic_aliases: &mut self.aliases[..],
            },
        )
    }
}

/// Decodes everything the client wants to send into (type, bytes) pairs.
fn sent(client: &mut Client<'_, 4>, version: Version) -> Vec<(PacketType, Vec<u8>)> {
    let Some(bytes) = client.poll_transmit(T0) else {
        return Vec::new();
    };
    let bytes = bytes.to_vec();
    let mut out = Vec::new();
    let mut rest = &bytes[..];
    while !rest.is_empty() {
        let (packet, len) = Packet::decode(rest, version).unwrap();
        out.push((packet.packet_type(), rest[..len].to_vec()));
        rest = &rest[len..];
    }
    out
}

fn types(packets: &[(PacketType, Vec<u8>)]) -> Vec<PacketType> {
    packets.iter().map(|(t, _)| *t).collect()
}

fn deliver(client: &mut Client<'_, 4>, packet: &Packet<'_>, version: Version) {
    let mut buf = [0u8; 512];
    let bytes = packet.encode(version, &mut buf).unwrap();
    assert_eq!(client.receive(bytes), bytes.len());
}

fn connected(client: &mut Client<'_, 4>, version: Version, connack: Connack<'_>) {
    client.connect(T0).unwrap();
    assert_eq!(types(&sent(client, version)), [PacketType::Connect]);
    deliver(client, &Packet::Connack(connack), version);
    match client.poll_event(T0).unwrap() {
        Some(Event::Connected { .. }) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn connect_announces_receive_maximum_and_maximum_packet_size() {
    let mut h = Harness::new();
    let mut client = h.client(ClientConfig::new(Version::V5, "dev"));
    client.connect(T0).unwrap();
    let packets = sent(&mut client, Version::V5);
    let (packet, _) = Packet::decode(&packets[0].1, Version::V5).unwrap();
    let Packet::Connect(connect) = packet else {
        panic!()
    };
    let connect = connect.fields();
    assert_eq!(
        connect.properties.get(0x21),
        Some(Property::ReceiveMaximum(4))
    );
    assert_eq!(
        connect.properties.get(0x27),
        Some(Property::MaximumPacketSize(1024))
    );
    assert!(connect.clean_start);
}

#[test]
fn refused_connection_is_an_event_and_not_connected() {
    let mut h = Harness::new();
    let mut client = h.client(ClientConfig::new(Version::V3_1_1, "dev"));
    client.connect(T0).unwrap();
    sent(&mut client, Version::V3_1_1);
    deliver(
        &mut client,
        &Packet::Connack(Connack {
            reason_code: ReasonCode(5),
            ..Connack::default()
        }),
        Version::V3_1_1,
    );
    assert!(matches!(
        client.poll_event(T0).unwrap(),
        Some(Event::ConnectionRefused {
            reason_code: ReasonCode(5),
            ..
        })
    ));
    assert!(!client.is_connected());
    assert_eq!(
        client.publish(&Publish::new("t", b"")),
        Err(ClientError::NotConnected)
    );
}

#[test]
fn qos1_publish_flow_and_packet_ids() {
    for version in [Version::V3_1_1, Version::V5] {
        let mut h = Harness::new();
        let mut client = h.client(ClientConfig::new(version, "dev"));
        connected(&mut client, version, Connack::default());
        let message = Publish {
            qos: QoS::AtLeastOnce,
            ..Publish::new("a/b", b"hello")
        };
        let id1 = client.publish(&message).unwrap().unwrap();
        let id2 = client.publish(&message).unwrap().unwrap();
        assert_ne!(id1, id2);
        assert_eq!(
            types(&sent(&mut client, version)),
            [PacketType::Publish, PacketType::Publish]
        );
        assert_eq!(client.in_flight(), 2);
        deliver(&mut client, &Packet::Puback(Ack::new(id2)), version);
        assert_eq!(
            client.poll_event(T0).unwrap(),
            Some(Event::Published {
                packet_id: id2,
                reason_code: ReasonCode::SUCCESS
            })
        );
        assert_eq!(client.in_flight(), 1);
    }
}

#[test]
fn qos2_publish_flow_sends_pubrel_then_completes() {
    let version = Version::V5;
    let mut h = Harness::new();
    let mut client = h.client(ClientConfig::new(version, "dev"));
    connected(&mut client, version, Connack::default());
    let id = client
        .publish(&Publish {
            qos: QoS::ExactlyOnce,
            ..Publish::new("t", b"x")
        })
        .unwrap()
        .unwrap();
    sent(&mut client, version);
    deliver(&mut client, &Packet::Pubrec(Ack::new(id)), version);
    assert_eq!(client.poll_event(T0).unwrap(), None);
    assert_eq!(types(&sent(&mut client, version)), [PacketType::Pubrel]);
    deliver(&mut client, &Packet::Pubcomp(Ack::new(id)), version);
    assert!(matches!(
        client.poll_event(T0).unwrap(),
        Some(Event::Published { .. })
    ));
    assert_eq!(client.in_flight(), 0);
}

#[test]
fn incoming_qos2_is_delivered_once_and_acknowledged() {
    let version = Version::V3_1_1;
    let mut h = Harness::new();
    let mut client = h.client(ClientConfig::new(version, "dev"));
    connected(&mut client, version, Connack::default());
    let incoming = Publish {
        qos: QoS::ExactlyOnce,
        packet_id: Some(7),
        ..Publish::new("t", b"once")
    };
    deliver(&mut client, &Packet::Publish(incoming), version);
    assert_eq!(
        client.poll_event(T0).unwrap(),
        Some(Event::Message(incoming))
    );
    // The server resends it (DUP) before our PUBREC arrived: not delivered twice.
    deliver(
        &mut client,
        &Packet::Publish(Publish {
            dup: true,
            ..incoming
        }),
        version,
    );
    assert_eq!(client.poll_event(T0).unwrap(), None);
    deliver(&mut client, &Packet::Pubrel(Ack::new(7)), version);
    assert_eq!(client.poll_event(T0).unwrap(), None);
    assert_eq!(
        types(&sent(&mut client, version)),
        [PacketType::Pubrec, PacketType::Pubrec, PacketType::Pubcomp]
    );
}

#[test]
fn incoming_qos1_is_acknowledged() {
    let version = Version::V5;
    let mut h = Harness::new();
    let mut client = h.client(ClientConfig::new(version, "dev"));
    connected(&mut client, version, Connack::default());
    let incoming = Publish {
        qos: QoS::AtLeastOnce,
        packet_id: Some(3),
        ..Publish::new("t", b"m")
    };
    deliver(&mut client, &Packet::Publish(incoming), version);
    assert_eq!(
        client.poll_event(T0).unwrap(),
        Some(Event::Message(incoming))
    );
    let packets = sent(&mut client, version);
    assert_eq!(packets[0].1, [0x40, 0x02, 0x00, 0x03]);
}

#[test]
fn server_receive_maximum_limits_the_in_flight_window() {
    let version = Version::V5;
    let mut h = Harness::new();
    let mut client = h.client(ClientConfig::new(version, "dev"));
    let props = [Property::ReceiveMaximum(2)];
    connected(
        &mut client,
        version,
        Connack {
            properties: Properties::from_list(&props),
            ..Connack::default()
        },
    );
    let message = Publish {
        qos: QoS::AtLeastOnce,
        ..Publish::new("t", b"")
    };
    client.publish(&message).unwrap();
    client.publish(&message).unwrap();
    assert_eq!(client.publish(&message), Err(ClientError::InFlightFull));
    // QoS 0 is not limited.
    assert!(client.publish(&Publish::new("t", b"")).is_ok());
}

#[test]
fn server_maximum_packet_size_qos_and_retain_are_respected() {
    let version = Version::V5;
    let mut h = Harness::new();
    let mut client = h.client(ClientConfig::new(version, "dev"));
    let props = [
        Property::MaximumPacketSize(20),
        Property::MaximumQos(0),
        Property::RetainAvailable(0),
    ];
    connected(
        &mut client,
        version,
        Connack {
            properties: Properties::from_list(&props),
            ..Connack::default()
        },
    );
    assert!(matches!(
        client.publish(&Publish::new("t", &[0; 32])),
        Err(ClientError::PacketTooLarge { max: 20, .. })
    ));
    let qos1 = Publish {
        qos: QoS::AtLeastOnce,
        ..Publish::new("t", b"")
    };
    assert_eq!(
        client.publish(&qos1),
        Err(ClientError::NotSupportedByServer)
    );
    let retained = Publish {
        retain: true,
        ..Publish::new("t", b"")
    };
    assert_eq!(
        client.publish(&retained),
        Err(ClientError::NotSupportedByServer)
    );
}

#[test]
fn reconnect_with_session_present_resends_in_order_with_dup() {
    let version = Version::V5;
    let mut h = Harness::new();
    let mut config = ClientConfig::new(version, "dev");
    config.session_expiry = 3600;
    let mut client = h.client(config);
    connected(&mut client, version, Connack::default());
    let first = client
        .publish(&Publish {
            qos: QoS::AtLeastOnce,
            ..Publish::new("a", b"1")
        })
        .unwrap()
        .unwrap();
    let second = client
        .publish(&Publish {
            qos: QoS::ExactlyOnce,
            ..Publish::new("b", b"2")
        })
        .unwrap()
        .unwrap();
    sent(&mut client, version);
    deliver(&mut client, &Packet::Pubrec(Ack::new(second)), version);
    assert_eq!(client.poll_event(T0).unwrap(), None);
    client.connection_lost();

    client.connect(T0).unwrap();
    let connect = sent(&mut client, version);
    let (Packet::Connect(c), _) = Packet::decode(&connect[0].1, version).unwrap() else {
        panic!()
    };
    let c = c.fields();
    assert!(!c.clean_start, "the session is resumed");
    deliver(
        &mut client,
        &Packet::Connack(Connack {
            session_present: true,
            ..Connack::default()
        }),
        version,
    );
    assert!(matches!(
        client.poll_event(T0).unwrap(),
        Some(Event::Connected {
            session_present: true,
            ..
        })
    ));
    let resent = sent(&mut client, version);
    assert_eq!(types(&resent), [PacketType::Publish, PacketType::Pubrel]);
    let (Packet::Publish(p), _) = Packet::decode(&resent[0].1, version).unwrap() else {
        panic!()
    };
    assert_eq!(
        (p.dup, p.packet_id, p.payload),
        (true, Some(first), &b"1"[..])
    );
}

#[test]
fn reconnect_without_session_drops_the_in_flight_messages() {
    let version = Version::V3_1_1;
    let mut h = Harness::new();
    let mut client = h.client(ClientConfig::new(version, "dev"));
    connected(&mut client, version, Connack::default());
    client
        .publish(&Publish {
            qos: QoS::AtLeastOnce,
            ..Publish::new("a", b"1")
        })
        .unwrap();
    client.connection_lost();
    connected(&mut client, version, Connack::default());
    assert_eq!(client.in_flight(), 0);
    assert!(sent(&mut client, version).is_empty());
}

#[test]
fn keep_alive_pings_and_times_out() {
    let version = Version::V3_1_1;
    let mut h = Harness::new();
    let mut config = ClientConfig::new(version, "dev");
    config.keep_alive = 10;
    let mut client = h.client(config);
    connected(&mut client, version, Connack::default());
    assert_eq!(client.poll_timeout(), Some(Instant(10_000)));
    client.handle_timeout(Instant(9_999)).unwrap();
    assert!(sent(&mut client, version).is_empty());
    client.handle_timeout(Instant(10_000)).unwrap();
    assert_eq!(types(&sent(&mut client, version)), [PacketType::Pingreq]);
    deliver(&mut client, &Packet::Pingresp, version);
    assert_eq!(
        client.poll_event(Instant(10_100)).unwrap(),
        Some(Event::Pong)
    );
    // A second ping goes unanswered for a whole period.
    let next = client.poll_timeout().unwrap();
    client.handle_timeout(next).unwrap();
    let deadline = client.poll_timeout().unwrap();
    assert_eq!(
        client.handle_timeout(deadline),
        Err(ClientError::KeepAliveTimeout)
    );
    assert!(!client.is_connected());
}

#[test]
fn server_keep_alive_overrides_the_clients() {
    let version = Version::V5;
    let mut h = Harness::new();
    let mut client = h.client(ClientConfig::new(version, "dev"));
    let props = [Property::ServerKeepAlive(5)];
    connected(
        &mut client,
        version,
        Connack {
            properties: Properties::from_list(&props),
            ..Connack::default()
        },
    );
    assert_eq!(client.poll_timeout(), Some(Instant(5_000)));
}

#[test]
fn subscribe_and_unsubscribe_report_their_acks() {
    let version = Version::V5;
    let mut h = Harness::new();
    let mut client = h.client(ClientConfig::new(version, "dev"));
    connected(&mut client, version, Connack::default());
    let filters = [SubscribeFilter {
        filter: "a/#",
        options: SubscriptionOptions::qos(QoS::AtLeastOnce),
    }];
    let id = client.subscribe(&filters, Properties::EMPTY).unwrap();
    assert_eq!(types(&sent(&mut client, version)), [PacketType::Subscribe]);
    let suback = iotm_mqtt_codec::Suback {
        packet_id: id,
        properties: Properties::EMPTY,
        reason_codes: &[1],
    };
    deliver(&mut client, &Packet::Suback(suback), version);
    assert_eq!(
        client.poll_event(T0).unwrap(),
        Some(Event::Subscribed {
            packet_id: id,
            reason_codes: &[1]
        })
    );
    let id = client.unsubscribe(&["a/#"]).unwrap();
    let unsuback = iotm_mqtt_codec::Unsuback {
        packet_id: id,
        properties: Properties::EMPTY,
        reason_codes: &[0],
    };
    deliver(&mut client, &Packet::Unsuback(unsuback), version);
    assert_eq!(
        client.poll_event(T0).unwrap(),
        Some(Event::Unsubscribed {
            packet_id: id,
            reason_codes: &[0]
        })
    );
}

#[test]
fn enhanced_authentication_exchange() {
    let version = Version::V5;
    let mut h = Harness::new();
    let mut config = ClientConfig::new(version, "dev");
    config.authentication = Some(("SCRAM-SHA-256", b"client-first"));
    let mut client = h.client(config);
    client.connect(T0).unwrap();
    let connect = sent(&mut client, version);
    let (Packet::Connect(c), _) = Packet::decode(&connect[0].1, version).unwrap() else {
        panic!()
    };
    let c = c.fields();
    assert_eq!(
        c.properties.get(0x15),
        Some(Property::AuthenticationMethod("SCRAM-SHA-256"))
    );
    let challenge = [
        Property::AuthenticationMethod("SCRAM-SHA-256"),
        Property::AuthenticationData(b"server-first"),
    ];
    let auth = iotm_mqtt_codec::Auth {
        reason_code: ReasonCode::CONTINUE_AUTHENTICATION,
        properties: Properties::from_list(&challenge),
    };
    // AUTH before CONNACK is part of the exchange, not a violation.
    deliver(&mut client, &Packet::Auth(auth), version);
    assert!(matches!(
        client.poll_event(T0).unwrap(),
        Some(Event::Auth {
            reason_code: ReasonCode::CONTINUE_AUTHENTICATION,
            ..
        })
    ));
    client
        .authenticate("SCRAM-SHA-256", b"client-final")
        .unwrap();
    assert_eq!(types(&sent(&mut client, version)), [PacketType::Auth]);
    deliver(&mut client, &Packet::Connack(Connack::default()), version);
    assert!(matches!(
        client.poll_event(T0).unwrap(),
        Some(Event::Connected { .. })
    ));
}

#[test]
fn acknowledgment_for_an_unknown_packet_id_is_a_protocol_violation() {
    let version = Version::V3_1_1;
    let mut h = Harness::new();
    let mut client = h.client(ClientConfig::new(version, "dev"));
    connected(&mut client, version, Connack::default());
    deliver(&mut client, &Packet::Puback(Ack::new(99)), version);
    assert!(matches!(
        client.poll_event(T0),
        Err(ClientError::ProtocolViolation(_))
    ));
}

#[test]
fn malformed_bytes_from_the_server_are_a_decode_error() {
    let version = Version::V3_1_1;
    let mut h = Harness::new();
    let mut client = h.client(ClientConfig::new(version, "dev"));
    connected(&mut client, version, Connack::default());
    client.receive(&[0x30, 0x03, 0x00, 0x01, b'#']);
    assert!(matches!(client.poll_event(T0), Err(ClientError::Decode(_))));
}

#[test]
fn mqtt5_3_3_2_3_4_incoming_topic_aliases_are_resolved() {
    let version = Version::V5;
    let mut h = Harness::new();
    let mut client = h.client(ClientConfig::new(version, "dev"));
    client.connect(T0).unwrap();
    let connect = sent(&mut client, version);
    let (Packet::Connect(c), _) = Packet::decode(&connect[0].1, version).unwrap() else {
        panic!()
    };
    let c = c.fields();
    assert_eq!(c.properties.get(0x22), Some(Property::TopicAliasMaximum(2)));
    deliver(&mut client, &Packet::Connack(Connack::default()), version);
    client.poll_event(T0).unwrap();

    let alias = [Property::TopicAlias(2)];
    let first = Publish {
        properties: Properties::from_list(&alias),
        ..Publish::new("sensors/a", b"1")
    };
    deliver(&mut client, &Packet::Publish(first), version);
    assert!(
        matches!(client.poll_event(T0).unwrap(), Some(Event::Message(p)) if p.topic == "sensors/a")
    );
    let second = Publish {
        properties: Properties::from_list(&alias),
        ..Publish::new("", b"2")
    };
    deliver(&mut client, &Packet::Publish(second), version);
    match client.poll_event(T0).unwrap() {
        Some(Event::Message(p)) => assert_eq!((p.topic, p.payload), ("sensors/a", &b"2"[..])),
        other => panic!("{other:?}"),
    }
}

#[test]
fn unknown_or_out_of_range_topic_alias_is_a_protocol_violation() {
    let version = Version::V5;
    for alias in [1u16, 3] {
        let mut h = Harness::new();
        let mut client = h.client(ClientConfig::new(version, "dev"));
        connected(&mut client, version, Connack::default());
        let props = [Property::TopicAlias(alias)];
        let topic = if alias == 1 { "" } else { "t" };
        deliver(
            &mut client,
            &Packet::Publish(Publish {
                properties: Properties::from_list(&props),
                ..Publish::new(topic, b"")
            }),
            version,
        );
        assert_eq!(
            client.poll_event(T0),
            Err(ClientError::ProtocolViolation("Topic Alias invalid"))
        );
        let packets = sent(&mut client, version);
        let (Packet::Disconnect(d), _) = Packet::decode(&packets[0].1, version).unwrap() else {
            panic!()
        };
        assert_eq!(d.reason_code, ReasonCode::TOPIC_ALIAS_INVALID);
    }
}

#[test]
fn outgoing_topic_alias_must_not_exceed_the_servers_maximum() {
    let version = Version::V5;
    let mut h = Harness::new();
    let mut client = h.client(ClientConfig::new(version, "dev"));
    let props = [Property::TopicAliasMaximum(1)];
    connected(
        &mut client,
        version,
        Connack {
            properties: Properties::from_list(&props),
            ..Connack::default()
        },
    );
    let ok = [Property::TopicAlias(1)];
    assert!(
        client
            .publish(&Publish {
                properties: Properties::from_list(&ok),
                ..Publish::new("t", b"")
            })
            .is_ok()
    );
    let too_high = [Property::TopicAlias(2)];
    assert_eq!(
        client.publish(&Publish {
            properties: Properties::from_list(&too_high),
            ..Publish::new("t", b"")
        }),
        Err(ClientError::NotSupportedByServer)
    );
}
