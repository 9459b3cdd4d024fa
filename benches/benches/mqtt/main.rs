//! MQTT decode and encode, iotm-mqtt-codec against rumqttc's codec
//! (`mqttbytes::v4` for 3.1.1, `v5::mqttbytes::v5` for 5.0) and mqttrs
//! (3.1.1 only), in the same group of the same run so that the ratios hold
//! on a noisy machine. Groups named `mqtt_*` are MQTT 3.1.1, `mqtt5_*` 5.0.
//!
//! - `mqtt_publish_{decode,encode}`, `mqtt5_publish_{decode,encode}`: a
//!   QoS 1 PUBLISH to `sensors/device-42/temperature` with a 0 B, 16 B,
//!   1 KiB and 64 KiB payload.
//! - `mqtt5_publish_props_{decode,encode}`: a 5.0 PUBLISH with every PUBLISH
//!   property and 10 User Properties.
//! - `mqtt5_connect_{decode,encode}`: a 5.0 CONNECT with every CONNECT
//!   property, a Will with every Will property, a user name and a password.
//! - In both encode groups, `iotm` gives the properties as a list of
//!   `Property` values and `iotm-typed` as typed sets (`PublishProperties`,
//!   `ConnectProperties`, `WillProperties`), rumqttc's own shape; both
//!   encodings are asserted to be rumqttc's bytes.
//! - `mqtt_subscribe_{decode,encode}`, `mqtt5_subscribe_{decode,encode}`:
//!   SUBSCRIBE with 1, 10 and 100 filters.
//! - `mqtt_stream_decode`: 10,000 mixed 3.1.1 packets fed in 64-byte chunks.
//!
//! Every decoder folds what it decoded into the same summary (lengths of
//! topic and payload, packet identifier, number of properties or filters),
//! so the timed work is "decode to usable fields" for all of them, and the
//! summaries are asserted equal before timing. iotm validates everything
//! when it decodes but reads properties and filters lazily: its summary
//! walks them once more inside the timed closure.
//!
//! Decode benches run every peer under `iter_batched_ref`: rumqttc reads
//! from a `BytesMut` it consumes, so each iteration gets a fresh clone made
//! outside the timing; iotm and mqttrs read the same slice with a unit
//! input, so all three pay the same harness overhead. The decoded packets
//! are returned from the routine, so criterion drops them outside the
//! timing: the peers' deallocations are not counted (their allocations are).
//!
//! Encode benches pass every encoder its packet through `black_box(&packet)`:
//! by value, iotm's 144-byte `Packet` was copied (a `memcpy` call) in each
//! timed iteration, a cost the peers, given references, did not pay.
//!
//! Heap allocations per decode, from the peers' sources: iotm none (it
//! borrows from the input). rumqttc: `BytesMut::split_to` promotes the
//! buffer to a shared one (one allocation per packet that is not a bare
//! header), v4 copies the topic into a `String`; v5 keeps the topic as
//! `Bytes` but copies every string property, user property key and value,
//! client id, user name and password into `String`s and collects user
//! properties, subscription identifiers and filters into `Vec`s. mqttrs
//! borrows PUBLISH and CONNECT from the slice but collects SUBSCRIBE
//! filters into a `Vec` of `String`s (with its `std` feature; without it a
//! `heapless::Vec` of 5, too few for 10 or 100 filters).

#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::std_instead_of_core,
    clippy::std_instead_of_alloc,
    reason = "bench code"
)]

use std::hint::black_box;
use std::time::Duration;

use bytes::BytesMut;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use iotm_mqtt_codec::property::{ConnectProperties, PublishProperties, WillProperties};
use iotm_mqtt_codec::{
    Ack, Connect, Packet, Properties, Property, Publish, QoS, StreamDecoder, Subscribe,
    SubscribeFilter, SubscribeFilters, SubscriptionOptions, Version, Will,
};
use rumqttc::mqttbytes::v4;
use rumqttc::v5::mqttbytes::v5 as r5;

const TOPIC: &str = "sensors/device-42/temperature";
const PACKET_ID: u16 = 42;
const SIZES: [(&str, usize); 4] = [("0B", 0), ("16B", 16), ("1KiB", 1024), ("64KiB", 64 * 1024)];
const FILTER_COUNTS: [usize; 3] = [1, 10, 100];
const NO_LIMIT: usize = usize::MAX;

fn payload(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

/// What a PUBLISH decodes to, for every decoder.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct PublishFields {
    topic: usize,
    payload: usize,
    packet_id: u16,
    properties: usize,
}

/// What a SUBSCRIBE decodes to, for every decoder.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct SubscribeFields {
    packet_id: u16,
    filters: usize,
    filter_bytes: usize,
    qos_sum: usize,
}

/// What a CONNECT decodes to, for every decoder.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct ConnectFields {
    keep_alive: u16,
    client_id: usize,
    properties: usize,
    will_properties: usize,
    will_topic: usize,
    will_payload: usize,
    user_name: usize,
    password: usize,
}

/// What a stream of packets decodes to, for every decoder.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct StreamFields {
    publishes: usize,
    pubacks: usize,
    pingreqs: usize,
    topic_bytes: usize,
    payload_bytes: usize,
    packet_ids: u64,
}

/// The wire encodings of iotm, used as every decoder's input.
fn iotm_encode(packet: Packet<'_>, version: Version) -> Vec<u8> {
    let mut buf = vec![0u8; packet.encoded_len(version).unwrap()];
    let len = packet.encode(version, &mut buf).unwrap().len();
    assert_eq!(len, buf.len());
    buf
}

/// Frames `bytes` into a `BytesMut` for rumqttc.
fn bytes_mut(bytes: &[u8]) -> BytesMut {
    BytesMut::from(bytes)
}

mod ours;

mod rumq4;

mod rumq5;

mod rs;

// --- PUBLISH ---------------------------------------------------------------

fn bench_publish_v311(c: &mut Criterion) {
    let payloads: Vec<Vec<u8>> = SIZES.iter().map(|&(_, len)| payload(len)).collect();
    let mut decode = c.benchmark_group("mqtt_publish_decode");
    for ((name, _), body) in SIZES.iter().zip(&payloads) {
        let ours = Publish {
            qos: QoS::AtLeastOnce,
            packet_id: Some(PACKET_ID),
            ..Publish::new(TOPIC, body)
        };
        let bytes = iotm_encode(Packet::Publish(ours), Version::V3_1_1);
        let expected = PublishFields {
            topic: TOPIC.len(),
            payload: body.len(),
            packet_id: PACKET_ID,
            properties: 0,
        };
        assert_eq!(ours::decode_publish(&bytes, Version::V3_1_1), expected);
        let theirs = rumq4::decode(&mut bytes_mut(&bytes));
        assert_eq!(rumq4::publish_fields(&theirs), expected);
        assert_eq!(theirs, v4::Packet::Publish(rumq4::publish(TOPIC, body)));
        let theirs = rs::decode(&bytes);
        assert_eq!(rs::publish_fields(&theirs), expected);
        assert_eq!(theirs, rs::publish(TOPIC, body));

        decode.throughput(Throughput::Bytes(bytes.len() as u64));
        decode.bench_function(format!("{name}/iotm"), |b| {
            b.iter_batched_ref(
                || (),
                |()| ours::decode_publish(black_box(&bytes), Version::V3_1_1),
                BatchSize::SmallInput,
            )
        });
        decode.bench_function(format!("{name}/rumqttc-v4"), |b| {
            b.iter_batched_ref(
                || bytes_mut(&bytes),
                |buf| {
                    let packet = rumq4::decode(black_box(buf));
                    (rumq4::publish_fields(&packet), packet)
                },
                BatchSize::SmallInput,
            )
        });
        decode.bench_function(format!("{name}/mqttrs"), |b| {
            b.iter_batched_ref(
                || (),
                |()| {
                    let packet = rs::decode(black_box(&bytes));
                    (rs::publish_fields(&packet), packet)
                },
                BatchSize::SmallInput,
            )
        });
    }
    decode.finish();

    let mut encode = c.benchmark_group("mqtt_publish_encode");
    for ((name, _), body) in SIZES.iter().zip(&payloads) {
        let ours = Packet::Publish(Publish {
            qos: QoS::AtLeastOnce,
            packet_id: Some(PACKET_ID),
            ..Publish::new(TOPIC, body)
        });
        let expected = iotm_encode(ours, Version::V3_1_1);
        let theirs4 = v4::Packet::Publish(rumq4::publish(TOPIC, body));
        let theirs_rs = rs::publish(TOPIC, body);
        let mut buf = vec![0u8; expected.len()];
        let mut bytes = BytesMut::with_capacity(expected.len());
        // Each peer's encoding is the same bytes, which every decoder reads.
        assert_eq!(rumq4::encode(&theirs4, &mut bytes), expected.len());
        assert_eq!(&bytes[..], &expected[..]);
        assert_eq!(
            mqttrs::encode_slice(&theirs_rs, &mut buf).unwrap(),
            expected.len()
        );
        assert_eq!(buf, expected);
        assert_eq!(
            Packet::decode(&buf, Version::V3_1_1).unwrap(),
            (ours, expected.len())
        );

        encode.throughput(Throughput::Bytes(expected.len() as u64));
        encode.bench_function(format!("{name}/iotm"), |b| {
            b.iter(|| {
                black_box(&ours)
                    .encode(Version::V3_1_1, &mut buf)
                    .unwrap()
                    .len()
            })
        });
        encode.bench_function(format!("{name}/rumqttc-v4"), |b| {
            b.iter(|| rumq4::encode(black_box(&theirs4), &mut bytes))
        });
        encode.bench_function(format!("{name}/mqttrs"), |b| {
            b.iter(|| mqttrs::encode_slice(black_box(&theirs_rs), &mut buf).unwrap())
        });
    }
    encode.finish();
}

fn bench_publish_v5(c: &mut Criterion) {
    let payloads: Vec<Vec<u8>> = SIZES.iter().map(|&(_, len)| payload(len)).collect();
    let mut decode = c.benchmark_group("mqtt5_publish_decode");
    for ((name, _), body) in SIZES.iter().zip(&payloads) {
        let ours = Publish {
            qos: QoS::AtLeastOnce,
            packet_id: Some(PACKET_ID),
            ..Publish::new(TOPIC, body)
        };
        let bytes = iotm_encode(Packet::Publish(ours), Version::V5);
        let expected = PublishFields {
            topic: TOPIC.len(),
            payload: body.len(),
            packet_id: PACKET_ID,
            properties: 0,
        };
        assert_eq!(ours::decode_publish(&bytes, Version::V5), expected);
        let theirs = rumq5::decode(&mut bytes_mut(&bytes));
        assert_eq!(rumq5::publish_fields(&theirs), expected);
        assert_eq!(
            theirs,
            r5::Packet::Publish(rumq5::publish(TOPIC, body, None))
        );

        decode.throughput(Throughput::Bytes(bytes.len() as u64));
        decode.bench_function(format!("{name}/iotm"), |b| {
            b.iter_batched_ref(
                || (),
                |()| ours::decode_publish(black_box(&bytes), Version::V5),
                BatchSize::SmallInput,
            )
        });
        decode.bench_function(format!("{name}/rumqttc-v5"), |b| {
            b.iter_batched_ref(
                || bytes_mut(&bytes),
                |buf| {
                    let packet = rumq5::decode(black_box(buf));
                    (rumq5::publish_fields(&packet), packet)
                },
                BatchSize::SmallInput,
            )
        });
    }
    decode.finish();

    let mut encode = c.benchmark_group("mqtt5_publish_encode");
    for ((name, _), body) in SIZES.iter().zip(&payloads) {
        let ours = Packet::Publish(Publish {
            qos: QoS::AtLeastOnce,
            packet_id: Some(PACKET_ID),
            ..Publish::new(TOPIC, body)
        });
        let expected = iotm_encode(ours, Version::V5);
        let theirs = r5::Packet::Publish(rumq5::publish(TOPIC, body, None));
        let mut buf = vec![0u8; expected.len()];
        let mut bytes = BytesMut::with_capacity(expected.len());
        assert_eq!(rumq5::encode(&theirs, &mut bytes), expected.len());
        assert_eq!(&bytes[..], &expected[..]);
        assert_eq!(
            Packet::decode(&bytes, Version::V5).unwrap(),
            (ours, expected.len())
        );

        encode.throughput(Throughput::Bytes(expected.len() as u64));
        encode.bench_function(format!("{name}/iotm"), |b| {
            b.iter(|| {
                black_box(&ours)
                    .encode(Version::V5, &mut buf)
                    .unwrap()
                    .len()
            })
        });
        encode.bench_function(format!("{name}/rumqttc-v5"), |b| {
            b.iter(|| rumq5::encode(black_box(&theirs), &mut bytes))
        });
    }
    encode.finish();
}

// --- PUBLISH with every property ---------------------------------------------

const USER_KEYS: [&str; 10] = ["k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9"];
const USER_VALUES: [&str; 10] = [
    "value-0", "value-1", "value-2", "value-3", "value-4", "value-5", "value-6", "value-7",
    "value-8", "value-9",
];

/// Every PUBLISH property and 10 User Properties, in the order rumqttc
/// writes them so that both encodings are the same bytes.
fn publish_property_list() -> Vec<Property<'static>> {
    let mut list = vec![
        Property::PayloadFormatIndicator(1),
        Property::MessageExpiryInterval(3600),
        Property::TopicAlias(7),
        Property::ResponseTopic("sensors/device-42/response"),
        Property::CorrelationData(b"request-0001"),
    ];
    list.extend(
        USER_KEYS
            .iter()
            .zip(USER_VALUES)
            .map(|(k, v)| Property::UserProperty(k, v)),
    );
    list.push(Property::SubscriptionIdentifier(1234));
    list.push(Property::ContentType("application/json"));
    list
}

fn rumqttc_publish_properties() -> r5::PublishProperties {
    r5::PublishProperties {
        payload_format_indicator: Some(1),
        message_expiry_interval: Some(3600),
        topic_alias: Some(7),
        response_topic: Some("sensors/device-42/response".into()),
        correlation_data: Some(bytes::Bytes::from_static(b"request-0001")),
        user_properties: USER_KEYS
            .iter()
            .zip(USER_VALUES)
            .map(|(k, v)| ((*k).into(), v.into()))
            .collect(),
        subscription_identifiers: vec![1234],
        content_type: Some("application/json".into()),
    }
}

fn bench_publish_properties(c: &mut Criterion) {
    let body = payload(64);
    let list = publish_property_list();
    let ours = Packet::Publish(Publish {
        qos: QoS::AtLeastOnce,
        packet_id: Some(PACKET_ID),
        properties: Properties::from_list(&list),
        ..Publish::new(TOPIC, &body)
    });
    let bytes = iotm_encode(ours, Version::V5);
    let theirs = r5::Packet::Publish(rumq5::publish(
        TOPIC,
        &body,
        Some(rumqttc_publish_properties()),
    ));
    let expected = PublishFields {
        topic: TOPIC.len(),
        payload: body.len(),
        packet_id: PACKET_ID,
        properties: 17,
    };
    // Same fields from the same bytes, and the same bytes from both encoders.
    assert_eq!(ours::decode_publish(&bytes, Version::V5), expected);
    let decoded = rumq5::decode(&mut bytes_mut(&bytes));
    assert_eq!(rumq5::publish_fields(&decoded), expected);
    assert_eq!(decoded, theirs);
    let mut out = BytesMut::with_capacity(bytes.len());
    assert_eq!(rumq5::encode(&theirs, &mut out), bytes.len());
    assert_eq!(&out[..], &bytes[..]);
    assert_eq!(
        Packet::decode(&out, Version::V5).unwrap(),
        (ours, bytes.len())
    );

    let mut group = c.benchmark_group("mqtt5_publish_props_decode");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("iotm", |b| {
        b.iter_batched_ref(
            || (),
            |()| ours::decode_publish(black_box(&bytes), Version::V5),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("rumqttc-v5", |b| {
        b.iter_batched_ref(
            || bytes_mut(&bytes),
            |buf| {
                let packet = rumq5::decode(black_box(buf));
                (rumq5::publish_fields(&packet), packet)
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();

    // The same properties as a typed set, rumqttc's own shape.
    let user_properties: Vec<(&str, &str)> = USER_KEYS.iter().copied().zip(USER_VALUES).collect();
    let typed_properties = PublishProperties {
        payload_format_indicator: Some(1),
        message_expiry_interval: Some(3600),
        topic_alias: Some(7),
        response_topic: Some("sensors/device-42/response"),
        correlation_data: Some(b"request-0001"),
        user_properties: &user_properties,
        subscription_identifiers: &[1234],
        content_type: Some("application/json"),
    };
    let Packet::Publish(publish) = ours else {
        unreachable!()
    };
    let typed = Packet::Publish(Publish {
        properties: Properties::from(&typed_properties),
        ..publish
    });
    assert_eq!(iotm_encode(typed, Version::V5), bytes);

    let mut buf = vec![0u8; bytes.len()];
    let mut group = c.benchmark_group("mqtt5_publish_props_encode");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("iotm", |b| {
        b.iter(|| {
            black_box(&ours)
                .encode(Version::V5, &mut buf)
                .unwrap()
                .len()
        })
    });
    group.bench_function("iotm-typed", |b| {
        b.iter(|| {
            black_box(&typed)
                .encode(Version::V5, &mut buf)
                .unwrap()
                .len()
        })
    });
    group.bench_function("rumqttc-v5", |b| {
        b.iter(|| rumq5::encode(black_box(&theirs), &mut out))
    });
    group.finish();
}

// --- CONNECT -------------------------------------------------------------------

/// Every CONNECT property, in the order rumqttc writes them.
fn connect_property_list() -> Vec<Property<'static>> {
    vec![
        Property::SessionExpiryInterval(3600),
        Property::ReceiveMaximum(20),
        Property::MaximumPacketSize(65_536),
        Property::TopicAliasMaximum(10),
        Property::RequestResponseInformation(1),
        Property::RequestProblemInformation(1),
        Property::UserProperty("region", "eu-west"),
        Property::UserProperty("firmware", "1.4.2"),
        Property::AuthenticationMethod("SCRAM-SHA-256"),
        Property::AuthenticationData(b"client-first-message"),
    ]
}

/// Every Will property, in the order rumqttc writes them.
fn will_property_list() -> Vec<Property<'static>> {
    vec![
        Property::WillDelayInterval(30),
        Property::PayloadFormatIndicator(1),
        Property::MessageExpiryInterval(600),
        Property::ContentType("text/plain"),
        Property::ResponseTopic("sensors/device-42/will-response"),
        Property::CorrelationData(b"will-0001"),
        Property::UserProperty("reason", "power-loss"),
        Property::UserProperty("site", "plant-3"),
    ]
}

fn rumqttc_connect() -> r5::Packet {
    let properties = r5::ConnectProperties {
        session_expiry_interval: Some(3600),
        receive_maximum: Some(20),
        max_packet_size: Some(65_536),
        topic_alias_max: Some(10),
        request_response_info: Some(1),
        request_problem_info: Some(1),
        user_properties: vec![
            ("region".into(), "eu-west".into()),
            ("firmware".into(), "1.4.2".into()),
        ],
        authentication_method: Some("SCRAM-SHA-256".into()),
        authentication_data: Some(bytes::Bytes::from_static(b"client-first-message")),
    };
    let will_properties = r5::LastWillProperties {
        delay_interval: Some(30),
        payload_format_indicator: Some(1),
        message_expiry_interval: Some(600),
        content_type: Some("text/plain".into()),
        response_topic: Some("sensors/device-42/will-response".into()),
        correlation_data: Some(bytes::Bytes::from_static(b"will-0001")),
        user_properties: vec![
            ("reason".into(), "power-loss".into()),
            ("site".into(), "plant-3".into()),
        ],
    };
    let connect = r5::Connect {
        keep_alive: 30,
        client_id: "device-42".into(),
        clean_start: true,
        properties: Some(properties),
    };
    let will = r5::LastWill::new(
        "sensors/device-42/status",
        b"offline".to_vec(),
        rumqttc::v5::mqttbytes::QoS::AtLeastOnce,
        true,
        Some(will_properties),
    );
    // rumqttc's password is a `String`; iotm's is binary data, here UTF-8.
    let login = r5::Login::new("device-42", "s3cret-passw0rd");
    r5::Packet::Connect(connect, Some(will), Some(login))
}

fn bench_connect(c: &mut Criterion) {
    let props = connect_property_list();
    let will_props = will_property_list();
    let connect = Connect {
        keep_alive: 30,
        properties: Properties::from_list(&props),
        will: Some(Will {
            qos: QoS::AtLeastOnce,
            retain: true,
            properties: Properties::from_list(&will_props),
            topic: "sensors/device-42/status",
            payload: b"offline",
        }),
        user_name: Some("device-42"),
        password: Some(b"s3cret-passw0rd"),
        ..Connect::new(Version::V5, "device-42")
    };
    let ours = Packet::from(&connect);
    let bytes = iotm_encode(ours, Version::V5);
    let theirs = rumqttc_connect();
    let expected = ConnectFields {
        keep_alive: 30,
        client_id: 9,
        properties: 10,
        will_properties: 8,
        will_topic: 24,
        will_payload: 7,
        user_name: 9,
        password: 15,
    };
    assert_eq!(ours::decode_connect(&bytes), expected);
    let decoded = rumq5::decode(&mut bytes_mut(&bytes));
    assert_eq!(rumq5::connect_fields(&decoded), expected);
    assert_eq!(decoded, theirs);
    let mut out = BytesMut::with_capacity(bytes.len());
    assert_eq!(rumq5::encode(&theirs, &mut out), bytes.len());
    assert_eq!(&out[..], &bytes[..]);
    assert_eq!(
        Packet::decode(&out, Version::V5).unwrap(),
        (ours, bytes.len())
    );

    let mut group = c.benchmark_group("mqtt5_connect_decode");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("iotm", |b| {
        b.iter_batched_ref(
            || (),
            |()| ours::decode_connect(black_box(&bytes)),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("rumqttc-v5", |b| {
        b.iter_batched_ref(
            || bytes_mut(&bytes),
            |buf| {
                let packet = rumq5::decode(black_box(buf));
                (rumq5::connect_fields(&packet), packet)
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();

    // The same properties as typed sets, rumqttc's own shape.
    let typed_properties = ConnectProperties {
        session_expiry_interval: Some(3600),
        receive_maximum: Some(20),
        maximum_packet_size: Some(65_536),
        topic_alias_maximum: Some(10),
        request_response_information: Some(1),
        request_problem_information: Some(1),
        user_properties: &[("region", "eu-west"), ("firmware", "1.4.2")],
        authentication_method: Some("SCRAM-SHA-256"),
        authentication_data: Some(b"client-first-message"),
    };
    let typed_will_properties = WillProperties {
        will_delay_interval: Some(30),
        payload_format_indicator: Some(1),
        message_expiry_interval: Some(600),
        content_type: Some("text/plain"),
        response_topic: Some("sensors/device-42/will-response"),
        correlation_data: Some(b"will-0001"),
        user_properties: &[("reason", "power-loss"), ("site", "plant-3")],
    };
    let typed_connect = Connect {
        properties: Properties::from(&typed_properties),
        will: connect.will.map(|will| Will {
            properties: Properties::from(&typed_will_properties),
            ..will
        }),
        ..connect
    };
    let typed = Packet::from(&typed_connect);
    assert_eq!(iotm_encode(typed, Version::V5), bytes);

    let mut buf = vec![0u8; bytes.len()];
    let mut group = c.benchmark_group("mqtt5_connect_encode");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("iotm", |b| {
        b.iter(|| {
            black_box(&ours)
                .encode(Version::V5, &mut buf)
                .unwrap()
                .len()
        })
    });
    group.bench_function("iotm-typed", |b| {
        b.iter(|| {
            black_box(&typed)
                .encode(Version::V5, &mut buf)
                .unwrap()
                .len()
        })
    });
    group.bench_function("rumqttc-v5", |b| {
        b.iter(|| rumq5::encode(black_box(&theirs), &mut out))
    });
    group.finish();
}

// --- SUBSCRIBE -------------------------------------------------------------

fn filter_names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("sensors/device-{i}/+")).collect()
}

fn filter_qos(i: usize) -> QoS {
    if i.is_multiple_of(2) {
        QoS::AtLeastOnce
    } else {
        QoS::AtMostOnce
    }
}

fn subscribe_fields(names: &[String]) -> SubscribeFields {
    SubscribeFields {
        packet_id: PACKET_ID,
        filters: names.len(),
        filter_bytes: names.iter().map(String::len).sum(),
        qos_sum: (0..names.len()).map(|i| filter_qos(i) as usize).sum(),
    }
}

fn bench_subscribe_v311(c: &mut Criterion) {
    let names: Vec<Vec<String>> = FILTER_COUNTS.iter().map(|&n| filter_names(n)).collect();
    let lists: Vec<Vec<SubscribeFilter<'_>>> = names
        .iter()
        .map(|names| {
            names
                .iter()
                .enumerate()
                .map(|(i, name)| SubscribeFilter {
                    filter: name,
                    options: SubscriptionOptions::qos(filter_qos(i)),
                })
                .collect()
        })
        .collect();
    let cases: Vec<_> = FILTER_COUNTS
        .iter()
        .zip(&names)
        .zip(&lists)
        .map(|((n, names), list)| {
            let ours = Packet::Subscribe(Subscribe {
                packet_id: PACKET_ID,
                properties: Properties::EMPTY,
                filters: SubscribeFilters::from_list(list),
            });
            let theirs4 = v4::Packet::Subscribe(v4::Subscribe {
                pkid: PACKET_ID,
                filters: names
                    .iter()
                    .enumerate()
                    .map(|(i, name)| {
                        v4::SubscribeFilter::new(name.clone(), rumq4::qos(filter_qos(i)))
                    })
                    .collect(),
            });
            let theirs_rs = mqttrs::Packet::Subscribe(mqttrs::Subscribe::new(
                mqttrs::Pid::try_from(PACKET_ID).unwrap(),
                names
                    .iter()
                    .enumerate()
                    .map(|(i, name)| mqttrs::SubscribeTopic {
                        topic_path: name.clone(),
                        qos: rs::qos(filter_qos(i)),
                    })
                    .collect(),
            ));
            (format!("{n}"), names, ours, theirs4, theirs_rs)
        })
        .collect();

    let mut decode = c.benchmark_group("mqtt_subscribe_decode");
    for (name, names, ours, theirs4, theirs_rs) in &cases {
        let bytes = iotm_encode(*ours, Version::V3_1_1);
        let expected = subscribe_fields(names);
        assert_eq!(ours::decode_subscribe(&bytes, Version::V3_1_1), expected);
        let decoded = rumq4::decode(&mut bytes_mut(&bytes));
        assert_eq!(rumq4::subscribe_fields(&decoded), expected);
        assert_eq!(&decoded, theirs4);
        let decoded = rs::decode(&bytes);
        assert_eq!(rs::subscribe_fields(&decoded), expected);
        assert_eq!(&decoded, theirs_rs);

        decode.throughput(Throughput::Bytes(bytes.len() as u64));
        decode.bench_function(format!("{name}/iotm"), |b| {
            b.iter_batched_ref(
                || (),
                |()| ours::decode_subscribe(black_box(&bytes), Version::V3_1_1),
                BatchSize::SmallInput,
            )
        });
        decode.bench_function(format!("{name}/rumqttc-v4"), |b| {
            b.iter_batched_ref(
                || bytes_mut(&bytes),
                |buf| {
                    let packet = rumq4::decode(black_box(buf));
                    (rumq4::subscribe_fields(&packet), packet)
                },
                BatchSize::SmallInput,
            )
        });
        decode.bench_function(format!("{name}/mqttrs"), |b| {
            b.iter_batched_ref(
                || (),
                |()| {
                    let packet = rs::decode(black_box(&bytes));
                    (rs::subscribe_fields(&packet), packet)
                },
                BatchSize::SmallInput,
            )
        });
    }
    decode.finish();

    let mut encode = c.benchmark_group("mqtt_subscribe_encode");
    for (name, _, ours, theirs4, theirs_rs) in &cases {
        let expected = iotm_encode(*ours, Version::V3_1_1);
        let mut buf = vec![0u8; expected.len()];
        let mut bytes = BytesMut::with_capacity(expected.len());
        assert_eq!(rumq4::encode(theirs4, &mut bytes), expected.len());
        assert_eq!(&bytes[..], &expected[..]);
        assert_eq!(
            mqttrs::encode_slice(theirs_rs, &mut buf).unwrap(),
            expected.len()
        );
        assert_eq!(buf, expected);
        assert_eq!(
            Packet::decode(&buf, Version::V3_1_1).unwrap(),
            (*ours, expected.len())
        );

        encode.throughput(Throughput::Bytes(expected.len() as u64));
        encode.bench_function(format!("{name}/iotm"), |b| {
            b.iter(|| {
                black_box(ours)
                    .encode(Version::V3_1_1, &mut buf)
                    .unwrap()
                    .len()
            })
        });
        encode.bench_function(format!("{name}/rumqttc-v4"), |b| {
            b.iter(|| rumq4::encode(black_box(theirs4), &mut bytes))
        });
        encode.bench_function(format!("{name}/mqttrs"), |b| {
            b.iter(|| mqttrs::encode_slice(black_box(theirs_rs), &mut buf).unwrap())
        });
    }
    encode.finish();
}

fn bench_subscribe_v5(c: &mut Criterion) {
    let names: Vec<Vec<String>> = FILTER_COUNTS.iter().map(|&n| filter_names(n)).collect();
    let lists: Vec<Vec<SubscribeFilter<'_>>> = names
        .iter()
        .map(|names| {
            names
                .iter()
                .enumerate()
                .map(|(i, name)| SubscribeFilter {
                    filter: name,
                    options: SubscriptionOptions::qos(filter_qos(i)),
                })
                .collect()
        })
        .collect();
    let cases: Vec<_> = FILTER_COUNTS
        .iter()
        .zip(&names)
        .zip(&lists)
        .map(|((n, names), list)| {
            let ours = Packet::Subscribe(Subscribe {
                packet_id: PACKET_ID,
                properties: Properties::EMPTY,
                filters: SubscribeFilters::from_list(list),
            });
            let mut theirs = r5::Subscribe::new_many(
                names
                    .iter()
                    .enumerate()
                    .map(|(i, name)| r5::Filter::new(name.clone(), rumq5::qos(filter_qos(i)))),
                None,
            );
            theirs.pkid = PACKET_ID;
            (format!("{n}"), names, ours, r5::Packet::Subscribe(theirs))
        })
        .collect();

    let mut decode = c.benchmark_group("mqtt5_subscribe_decode");
    for (name, names, ours, theirs) in &cases {
        let bytes = iotm_encode(*ours, Version::V5);
        let expected = subscribe_fields(names);
        assert_eq!(ours::decode_subscribe(&bytes, Version::V5), expected);
        let decoded = rumq5::decode(&mut bytes_mut(&bytes));
        assert_eq!(rumq5::subscribe_fields(&decoded), expected);
        assert_eq!(&decoded, theirs);

        decode.throughput(Throughput::Bytes(bytes.len() as u64));
        decode.bench_function(format!("{name}/iotm"), |b| {
            b.iter_batched_ref(
                || (),
                |()| ours::decode_subscribe(black_box(&bytes), Version::V5),
                BatchSize::SmallInput,
            )
        });
        decode.bench_function(format!("{name}/rumqttc-v5"), |b| {
            b.iter_batched_ref(
                || bytes_mut(&bytes),
                |buf| {
                    let packet = rumq5::decode(black_box(buf));
                    (rumq5::subscribe_fields(&packet), packet)
                },
                BatchSize::SmallInput,
            )
        });
    }
    decode.finish();

    let mut encode = c.benchmark_group("mqtt5_subscribe_encode");
    for (name, _, ours, theirs) in &cases {
        let expected = iotm_encode(*ours, Version::V5);
        let mut buf = vec![0u8; expected.len()];
        let mut bytes = BytesMut::with_capacity(expected.len());
        assert_eq!(rumq5::encode(theirs, &mut bytes), expected.len());
        assert_eq!(&bytes[..], &expected[..]);
        assert_eq!(
            Packet::decode(&bytes, Version::V5).unwrap(),
            (*ours, expected.len())
        );

        encode.throughput(Throughput::Bytes(expected.len() as u64));
        encode.bench_function(format!("{name}/iotm"), |b| {
            b.iter(|| black_box(ours).encode(Version::V5, &mut buf).unwrap().len())
        });
        encode.bench_function(format!("{name}/rumqttc-v5"), |b| {
            b.iter(|| rumq5::encode(black_box(theirs), &mut bytes))
        });
    }
    encode.finish();
}

// --- Streaming -------------------------------------------------------------

const STREAM_PACKETS: usize = 10_000;

/// 10,000 MQTT 3.1.1 packets: PUBLISH QoS 0 and 1 with 16 to 256 byte
/// payloads, PUBACK and PINGREQ, from a fixed pseudo-random sequence.
fn stream() -> (Vec<u8>, StreamFields) {
    let topics = [TOPIC, "sensors/device-7/humidity", "actuators/valve-3/set"];
    let body = payload(256);
    let mut state = 0x2545_f491_u32;
    let mut next = move || {
        // xorshift32: the same sequence every run.
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        state
    };
    let mut bytes = Vec::new();
    let mut sum = StreamFields::default();
    let mut buf = [0u8; 512];
    for i in 0..STREAM_PACKETS {
        let r = next();
        let packet_id = (i % 65_535) as u16 + 1;
        let packet = match r % 10 {
            0..=5 => {
                let len = 16 + (next() % 241) as usize;
                let topic = topics[(r >> 8) as usize % topics.len()];
                let qos1 = r & 0x100 != 0;
                Packet::Publish(Publish {
                    qos: if qos1 {
                        QoS::AtLeastOnce
                    } else {
                        QoS::AtMostOnce
                    },
                    packet_id: qos1.then_some(packet_id),
                    ..Publish::new(topic, &body[..len])
                })
            }
            6..=8 => Packet::Puback(Ack::new(packet_id)),
            _ => Packet::Pingreq,
        };
        ours::add(&mut sum, &packet);
        bytes.extend_from_slice(packet.encode(Version::V3_1_1, &mut buf).unwrap());
    }
    (bytes, sum)
}

fn bench_stream(c: &mut Criterion) {
    let (bytes, expected) = stream();
    assert_eq!(
        expected.publishes + expected.pubacks + expected.pingreqs,
        STREAM_PACKETS
    );
    assert_eq!(ours::stream(&bytes), expected);
    assert_eq!(rumq4::stream(&bytes), expected);
    assert_eq!(rs::stream(&bytes), expected);

    let mut group = c.benchmark_group("mqtt_stream_decode");
    group.throughput(Throughput::Elements(STREAM_PACKETS as u64));
    group.bench_function("iotm", |b| b.iter(|| ours::stream(black_box(&bytes))));
    group.bench_function("rumqttc-v4", |b| {
        b.iter(|| rumq4::stream(black_box(&bytes)))
    });
    group.bench_function("mqttrs", |b| b.iter(|| rs::stream(black_box(&bytes))));
    group.finish();
}

criterion_group!(
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .measurement_time(Duration::from_secs(2))
        .warm_up_time(Duration::from_millis(500));
    targets = bench_publish_v311,
        bench_publish_v5,
        bench_publish_properties,
        bench_connect,
        bench_subscribe_v311,
        bench_subscribe_v5,
        bench_stream
);
criterion_main!(benches);
