//! The codec against a reference client: paho-mqtt (Python) and a client
//! built on this crate meet at a mosquitto the test starts. The paho side is
//! a script of `tests/paho/` that prints what it did as JSON lines.
//!
//! Ignored by default (they need mosquitto and a Python with paho-mqtt); CI
//! runs them with `--include-ignored` after `.ci/run`'s install_peers. Run
//! them alone with
//! `cargo test -p iotm-mqtt-codec --test paho -- --include-ignored`.

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
#[allow(dead_code, reason = "each test binary uses part of the helpers")]
#[path = "peer/json.rs"]
mod json;
#[allow(dead_code, reason = "each test binary uses part of the helpers")]
#[path = "peer/python.rs"]
mod python;

use std::time::Duration;

use broker::Broker;
use client::{Client, hex};
use iotm_mqtt_codec::{Packet, Properties, Property, Publish, QoS, Version};
use json::Json;
use python::Script;

/// Longer than the scripts' own 10 s limit on any wait.
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(15);

fn version_arg(version: Version) -> &'static str {
    match version {
        Version::V3_1_1 => "3.1.1",
        Version::V5 => "5",
    }
}

/// paho publishes at QoS 0, 1 and 2 (5.0: with User Properties and a Content
/// Type); a codec client subscribed at QoS 2 decodes each PUBLISH.
fn paho_publishes_decode_in_codec_subscriber(version: Version) {
    let broker = Broker::start();
    let mut sub = Client::connect(broker.addr(), version, "codec-subscriber");
    assert_eq!(sub.subscribe(1, &[("paho/#", QoS::ExactlyOnce)]), [2]);
    let messages = r#"[
        {"topic": "paho/0", "payload": "zero", "qos": 0,
         "user_properties": [["source", "paho"], ["qos", "0"]], "content_type": "text/plain"},
        {"topic": "paho/1", "payload": "one \u00fc", "qos": 1,
         "user_properties": [["source", "paho"], ["qos", "1"], ["source", "again"]]},
        {"topic": "paho/2", "payload": "two", "qos": 2, "content_type": "application/x-two"}
    ]"#;
    let mut paho = Script::start(
        "publish.py",
        &[&broker.port().to_string(), version_arg(version), messages],
    );
    paho.expect_event("connected", SCRIPT_TIMEOUT);
    let expected: [(&str, &str, QoS, &[Property<'_>]); 3] = [
        (
            "paho/0",
            "zero",
            QoS::AtMostOnce,
            &[
                Property::ContentType("text/plain"),
                Property::UserProperty("source", "paho"),
                Property::UserProperty("qos", "0"),
            ],
        ),
        (
            "paho/1",
            "one \u{fc}",
            QoS::AtLeastOnce,
            &[
                Property::UserProperty("source", "paho"),
                Property::UserProperty("qos", "1"),
                Property::UserProperty("source", "again"),
            ],
        ),
        (
            "paho/2",
            "two",
            QoS::ExactlyOnce,
            &[Property::ContentType("application/x-two")],
        ),
    ];
    for (topic, payload, qos, properties) in expected {
        let frame = sub.recv_publish();
        let Packet::Publish(p) = frame.packet() else {
            unreachable!("recv_publish returns PUBLISH")
        };
        eprintln!("{version:?} {topic}: {}", hex(&frame.raw));
        assert_eq!(
            (p.topic, p.payload, p.qos, p.retain),
            (topic, payload.as_bytes(), qos, false),
            "{version:?}: {}",
            hex(&frame.raw)
        );
        let received: Vec<Property<'_>> = p.properties.iter().collect();
        if version == Version::V5 {
            // The set paho sent, the broker adding nothing; User Properties in order.
            let mut sorted_sent = properties.to_vec();
            let mut sorted_received = received.clone();
            sorted_sent.sort_by_key(Property::id);
            sorted_received.sort_by_key(Property::id);
            assert_eq!(sorted_received, sorted_sent, "{version:?} {topic}");
            let users = |list: &[Property<'_>]| -> Vec<String> {
                list.iter()
                    .filter_map(|p| match p {
                        Property::UserProperty(k, v) => Some(format!("{k}={v}")),
                        _ => None,
                    })
                    .collect()
            };
            assert_eq!(users(&received), users(properties), "User Property order");
        } else {
            assert!(received.is_empty());
        }
        let published = paho.expect_event("published", SCRIPT_TIMEOUT);
        assert_eq!(published.get("topic").and_then(Json::as_str), Some(topic));
    }
    paho.expect_event("done", SCRIPT_TIMEOUT);
    paho.expect_success(SCRIPT_TIMEOUT);
    sub.expect_silence(Duration::from_millis(200));
}

#[test]
#[ignore = "needs mosquitto and paho-mqtt"]
fn paho_v311_publishes_decode_in_codec_subscriber() {
    paho_publishes_decode_in_codec_subscriber(Version::V3_1_1);
}

#[test]
#[ignore = "needs mosquitto and paho-mqtt"]
fn paho_v5_publishes_with_user_properties_decode_in_codec_subscriber() {
    paho_publishes_decode_in_codec_subscriber(Version::V5);
}

/// The user properties of a paho `message` line as `name=value`.
fn paho_user_properties(message: &Json) -> Vec<String> {
    message
        .get("properties")
        .and_then(|p| p.get("UserProperty"))
        .and_then(Json::as_array)
        .unwrap_or_default()
        .iter()
        .map(|pair| {
            let pair = pair.as_array().expect("[name, value]");
            format!(
                "{}={}",
                pair[0].as_str().expect("name"),
                pair[1].as_str().expect("value")
            )
        })
        .collect()
}

#[test]
#[ignore = "needs mosquitto and paho-mqtt"]
fn codec_qos1_publish_reaches_paho_subscriber() {
    let broker = Broker::start();
    for version in [Version::V3_1_1, Version::V5] {
        let topic = format!("codec/{}", version_arg(version));
        let mut paho = Script::start(
            "subscribe.py",
            &[
                &broker.port().to_string(),
                version_arg(version),
                &topic,
                "1",
                "2",
            ],
        );
        paho.expect_event("connected", SCRIPT_TIMEOUT);
        let subscribed = paho.expect_event("subscribed", SCRIPT_TIMEOUT);
        let granted: Vec<Option<u64>> = subscribed
            .get("granted")
            .and_then(Json::as_array)
            .unwrap()
            .iter()
            .map(Json::as_u64)
            .collect();
        assert_eq!(granted, [Some(1)], "{version:?}");

        let mut publisher = Client::connect(broker.addr(), version, "codec-publisher");
        let props = [
            Property::ContentType("application/octet-stream"),
            Property::CorrelationData(b"\x01\x02"),
            Property::UserProperty("from", "iotm"),
            Property::UserProperty("n", "1"),
        ];
        let payloads: [&[u8]; 2] = [b"\x00\x01\xfe\xff binary", b""];
        for (i, payload) in payloads.iter().enumerate() {
            let packet_id = u16::try_from(i).unwrap() + 10;
            publisher.send(&Packet::Publish(Publish {
                qos: QoS::AtLeastOnce,
                packet_id: Some(packet_id),
                properties: if version == Version::V5 {
                    Properties::from_list(&props)
                } else {
                    Properties::EMPTY
                },
                ..Publish::new(&topic, payload)
            }));
            match publisher.recv().packet() {
                Packet::Puback(a) => assert_eq!(a.packet_id, packet_id, "{version:?}"),
                other => panic!("{version:?}: expected PUBACK, got {other:?}"),
            }
        }
        for payload in payloads {
            let message = paho.expect_event("message", SCRIPT_TIMEOUT);
            assert_eq!(
                message.get("topic").and_then(Json::as_str),
                Some(topic.as_str())
            );
            assert_eq!(
                message.get("payload_hex").and_then(Json::as_str),
                Some(hex(payload).replace(' ', "").as_str()),
                "{version:?}"
            );
            assert_eq!(message.get("qos").and_then(Json::as_u64), Some(1));
            assert_eq!(message.get("retain"), Some(&Json::Bool(false)));
            let properties = message.get("properties").expect("properties");
            if version == Version::V5 {
                assert_eq!(paho_user_properties(&message), ["from=iotm", "n=1"]);
                assert_eq!(
                    properties.get("ContentType").and_then(Json::as_str),
                    Some("application/octet-stream")
                );
                assert_eq!(
                    properties.get("CorrelationData").and_then(Json::as_str),
                    Some("0102")
                );
            } else {
                assert_eq!(properties, &Json::Object(Vec::new()), "{version:?}");
            }
        }
        paho.expect_event("done", SCRIPT_TIMEOUT);
        paho.expect_success(SCRIPT_TIMEOUT);
    }
}
