//! `iotm mqtt` as a user runs it: decode and encode with exit codes, and
//! `pub`/`sub` against a real mosquitto and a paho-mqtt peer.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::std_instead_of_core,
    reason = "test code"
)]

#[path = "../../mqtt-codec/tests/peer/broker.rs"]
#[allow(
    dead_code,
    unreachable_pub,
    reason = "shared with the codec's peer tests"
)]
mod broker;

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn iotm(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_iotm"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[test]
fn encode_then_decode_round_trips_every_packet_type_as_json() {
    let packets = r#"[
        {"type": "CONNECT", "client_id": "dev-1", "keep_alive": 30, "user_name": "u", "password": {"hex": "0102"},
         "properties": [{"name": "session_expiry_interval", "value": 60}, {"name": "receive_maximum", "value": 8}],
         "will": {"topic": "dev/1/status", "payload": "offline", "qos": 1, "retain": true,
                  "properties": [{"name": "will_delay_interval", "value": 5}]}},
        {"type": "CONNACK", "session_present": false, "reason_code": 0,
         "properties": [{"name": "topic_alias_maximum", "value": 10}]},
        {"type": "PUBLISH", "qos": 2, "packet_id": 9, "topic": "a/b", "retain": true, "payload": {"hex": "00ff"},
         "properties": [{"name": "user_property", "value": ["k", "v"]}, {"name": "content_type", "value": "bin"}]},
        {"type": "PUBACK", "packet_id": 9}, {"type": "PUBREC", "packet_id": 9, "reason_code": 16},
        {"type": "PUBREL", "packet_id": 9}, {"type": "PUBCOMP", "packet_id": 9},
        {"type": "SUBSCRIBE", "packet_id": 2, "filters": [{"filter": "a/+", "qos": 1, "no_local": true}, "b/#"]},
        {"type": "SUBACK", "packet_id": 2, "reason_codes": [1, 0]},
        {"type": "UNSUBSCRIBE", "packet_id": 3, "filters": ["a/+"]},
        {"type": "UNSUBACK", "packet_id": 3, "reason_codes": [0]},
        {"type": "PINGREQ"}, {"type": "PINGRESP"},
        {"type": "DISCONNECT", "reason_code": 4}, {"type": "AUTH", "reason_code": 24,
         "properties": [{"name": "authentication_method", "value": "PLAIN"}]}
    ]"#;
    let encoded = iotm(
        &["mqtt", "encode", "--protocol", "5", "-"],
        packets.as_bytes(),
    );
    assert_eq!(encoded.status.code(), Some(0), "{}", text(&encoded.stderr));
    let hex = text(&encoded.stdout).trim().to_string();

    let decoded = iotm(
        &["--json", "mqtt", "decode", "--protocol", "5", "--hex", &hex],
        b"",
    );
    assert_eq!(decoded.status.code(), Some(0), "{}", text(&decoded.stderr));
    let json: serde_json::Value = serde_json::from_slice(&decoded.stdout).unwrap();
    let list = json["packets"].as_array().unwrap();
    assert_eq!(list.len(), 15);
    assert_eq!(list[2]["payload"]["hex"], "00ff");
    assert_eq!(list[2]["properties"][0]["value"][1], "v");
    assert_eq!(list[7]["filters"][0]["no_local"], true);

    // What decode prints encodes back to the same bytes.
    let again = iotm(&["mqtt", "encode", "--protocol", "5", "-"], &decoded.stdout);
    assert_eq!(text(&again.stdout).trim(), hex, "{}", text(&again.stderr));
}

#[test]
fn v311_stream_decodes_with_offsets() {
    let o = iotm(
        &[
            "--json",
            "mqtt",
            "decode",
            "--protocol",
            "3.1.1",
            "--hex",
            "c000 3007 0003 612f62 6869 e000",
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let offsets: Vec<u64> = json["packets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["offset"].as_u64().unwrap())
        .collect();
    assert_eq!(offsets, [0, 2, 11]);
}

#[test]
fn malformed_packet_exits_1_with_the_normative_statement_and_offset() {
    let o = iotm(
        &[
            "mqtt",
            "decode",
            "--protocol",
            "3.1.1",
            "--hex",
            "c000 3003 0001 23",
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        text(&o.stdout).lines().count(),
        1,
        "the PINGREQ before it is printed"
    );
    assert_eq!(
        text(&o.stderr).trim(),
        "iotm: malformed at byte 6: [MQTT-3.3.2-2]: a topic name must not contain wildcard characters"
    );
}

#[test]
fn encode_refuses_what_the_wire_cannot_carry() {
    let o = iotm(
        &[
            "mqtt",
            "encode",
            "--protocol",
            "3.1.1",
            "-e",
            r#"{"type": "AUTH"}"#,
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(1));
    let o = iotm(
        &[
            "mqtt",
            "encode",
            "-e",
            r#"{"type": "PUBLISH", "topic": "a/#"}"#,
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stderr).contains("[MQTT-3.3.2-2]"),
        "{}",
        text(&o.stderr)
    );
}

/// `iotm mqtt sub` in the background, its JSON lines readable.
struct Subscriber {
    child: Child,
    lines: std::io::Lines<BufReader<std::process::ChildStdout>>,
}

impl Subscriber {
    fn start(port: u16, protocol: &str, topic: &str) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_iotm"))
            .args([
                "--json",
                "mqtt",
                "sub",
                "--port",
                &port.to_string(),
                "--protocol",
                protocol,
            ])
            .args([
                "--topic",
                topic,
                "--qos",
                "1",
                "--count",
                "1",
                "--timeout",
                "10",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let lines = BufReader::new(child.stdout.take().unwrap()).lines();
        Self { child, lines }
    }
}

impl Drop for Subscriber {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn wait_for_subscription(broker: &broker::Broker, since: usize) {
    let log = broker.wait_for_log(since, &["Received SUBSCRIBE"], Duration::from_secs(5));
    assert!(
        log.contains("Received SUBSCRIBE"),
        "no SUBSCRIBE reached the broker:\n{log}"
    );
}

#[test]
#[ignore = "needs mosquitto"]
fn pub_reaches_sub_through_mosquitto_in_both_versions() {
    for protocol in ["3.1.1", "5"] {
        let broker = broker::Broker::start();
        let port = broker.port().to_string();
        let since = broker.log().len();
        let mut sub = Subscriber::start(broker.port(), protocol, "dev/+/temp");
        wait_for_subscription(&broker, since);
        let mut args = vec![
            "mqtt",
            "pub",
            "--port",
            &port,
            "--protocol",
            protocol,
            "-t",
            "dev/7/temp",
            "-m",
            "21.5",
            "-q",
            "1",
        ];
        if protocol == "5" {
            args.extend(["--user-property", "unit=C"]);
        }
        let published = iotm(&args, b"");
        assert_eq!(
            published.status.code(),
            Some(0),
            "{}",
            text(&published.stderr)
        );
        let line = sub.lines.next().unwrap().unwrap();
        let message: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(message["topic"], "dev/7/temp");
        assert_eq!(message["payload"]["utf8"], "21.5");
        if protocol == "5" {
            assert_eq!(
                message["properties"][0]["value"],
                serde_json::json!(["unit", "C"])
            );
        }
        assert!(sub.child.wait().unwrap().success());
    }
}

#[test]
#[ignore = "needs mosquitto and paho-mqtt"]
fn pub_reaches_a_paho_subscriber_and_paho_reaches_sub() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let python = std::env::var("IOTM_PAHO_PYTHON")
        .unwrap_or_else(|_| format!("{root}/target/peer-venv/bin/python"));
    assert!(
        std::path::Path::new(&python).is_file(),
        "{python} missing: this test needs paho-mqtt in target/peer-venv"
    );
    let broker = broker::Broker::start();
    let port = broker.port().to_string();

    // iotm → paho.
    let script = format!("{root}/mqtt-codec/tests/paho/subscribe.py");
    let mut paho = Command::new(&python)
        .args([&script, &port, "5", "from/iotm", "1", "1"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut paho_lines = BufReader::new(paho.stdout.take().unwrap()).lines();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        assert!(Instant::now() < deadline, "paho did not subscribe");
        let line = paho_lines.next().unwrap().unwrap();
        if line.contains("\"subscribed\"") {
            break;
        }
    }
    let published = iotm(
        &[
            "mqtt",
            "pub",
            "--port",
            &port,
            "-t",
            "from/iotm",
            "-m",
            "hello paho",
            "-q",
            "1",
        ],
        b"",
    );
    assert_eq!(
        published.status.code(),
        Some(0),
        "{}",
        text(&published.stderr)
    );
    let received: Vec<String> = paho_lines
        .by_ref()
        .take_while(|l| l.is_ok())
        .map(Result::unwrap)
        .take(2)
        .collect();
    let message = received
        .iter()
        .find(|l| l.contains("\"message\""))
        .unwrap_or_else(|| panic!("paho printed {received:?}"));
    let json: serde_json::Value = serde_json::from_str(message).unwrap();
    assert_eq!(json["topic"], "from/iotm");
    assert_eq!(json["payload_hex"], "68656c6c6f207061686f"); // "hello paho"
    let _ = paho.wait();

    // paho → iotm.
    let since = broker.log().len();
    let mut sub = Subscriber::start(broker.port(), "5", "from/paho");
    wait_for_subscription(&broker, since);
    let script = format!("{root}/mqtt-codec/tests/paho/publish.py");
    let messages = r#"[{"topic": "from/paho", "payload": "hello", "qos": 1, "retain": false}]"#;
    let status = Command::new(&python)
        .args([&script, &port, "5", messages])
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let line = sub.lines.next().unwrap().unwrap();
    let json: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(
        (json["topic"].as_str(), json["payload"]["utf8"].as_str()),
        (Some("from/paho"), Some("hello"))
    );
}
