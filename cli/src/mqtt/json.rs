//! MQTT packets to JSON and back: one object per packet, `"type"` and the
//! packet's fields, properties as a list of `{"name": …, "value": …}`.

use iotm_mqtt_codec::{
    Ack, Auth, Connack, Connect, Disconnect, Packet, Properties, Property, Publish, QoS,
    ReasonCode, RetainHandling, Suback, Subscribe, SubscribeFilter, SubscribeFilters,
    SubscriptionOptions, TopicFilters, Unsuback, Unsubscribe, Version, Will,
};
use serde_json::{Map, Value, json};

use crate::input::{parse_hex, to_hex};

/// A payload or binary field: text when it is printable UTF-8, else hex.
fn bytes_json(bytes: &[u8]) -> Value {
    match std::str::from_utf8(bytes) {
        Ok(text) if !text.chars().any(char::is_control) => json!({ "utf8": text }),
        _ => json!({ "hex": to_hex(bytes) }),
    }
}

fn property_json(p: Property<'_>) -> Value {
    let (name, value) = match p {
        Property::PayloadFormatIndicator(v) => ("payload_format_indicator", json!(v)),
        Property::MessageExpiryInterval(v) => ("message_expiry_interval", json!(v)),
        Property::ContentType(v) => ("content_type", json!(v)),
        Property::ResponseTopic(v) => ("response_topic", json!(v)),
        Property::CorrelationData(v) => ("correlation_data", bytes_json(v)),
        Property::SubscriptionIdentifier(v) => ("subscription_identifier", json!(v)),
        Property::SessionExpiryInterval(v) => ("session_expiry_interval", json!(v)),
        Property::AssignedClientIdentifier(v) => ("assigned_client_identifier", json!(v)),
        Property::ServerKeepAlive(v) => ("server_keep_alive", json!(v)),
        Property::AuthenticationMethod(v) => ("authentication_method", json!(v)),
        Property::AuthenticationData(v) => ("authentication_data", bytes_json(v)),
        Property::RequestProblemInformation(v) => ("request_problem_information", json!(v)),
        Property::WillDelayInterval(v) => ("will_delay_interval", json!(v)),
        Property::RequestResponseInformation(v) => ("request_response_information", json!(v)),
        Property::ResponseInformation(v) => ("response_information", json!(v)),
        Property::ServerReference(v) => ("server_reference", json!(v)),
        Property::ReasonString(v) => ("reason_string", json!(v)),
        Property::ReceiveMaximum(v) => ("receive_maximum", json!(v)),
        Property::TopicAliasMaximum(v) => ("topic_alias_maximum", json!(v)),
        Property::TopicAlias(v) => ("topic_alias", json!(v)),
        Property::MaximumQos(v) => ("maximum_qos", json!(v)),
        Property::RetainAvailable(v) => ("retain_available", json!(v)),
        Property::UserProperty(k, v) => ("user_property", json!([k, v])),
        Property::MaximumPacketSize(v) => ("maximum_packet_size", json!(v)),
        Property::WildcardSubscriptionAvailable(v) => ("wildcard_subscription_available", json!(v)),
        Property::SubscriptionIdentifierAvailable(v) => {
            ("subscription_identifier_available", json!(v))
        }
        Property::SharedSubscriptionAvailable(v) => ("shared_subscription_available", json!(v)),
        _ => ("unknown", Value::Null),
    };
    json!({ "name": name, "value": value })
}

fn properties_json(properties: &Properties<'_>) -> Value {
    Value::Array(properties.iter().map(property_json).collect())
}

fn reason_json(code: ReasonCode) -> Value {
    json!({ "code": code.0, "name": code.name() })
}

/// The JSON object of one packet.
pub(crate) fn packet_json(packet: &Packet<'_>) -> Value {
    let mut o = Map::new();
    o.insert("type".into(), json!(packet.packet_type().name()));
    let mut put = |key: &str, value: Value| {
        o.insert(key.into(), value);
    };
    match packet {
        Packet::Connect(c) => {
            let c = c.fields();
            put(
                "protocol",
                json!(if c.version.is_v5() { "5" } else { "3.1.1" }),
            );
            put("client_id", json!(c.client_id));
            put("clean_start", json!(c.clean_start));
            put("keep_alive", json!(c.keep_alive));
            put("properties", properties_json(&c.properties));
            if let Some(will) = &c.will {
                put(
                    "will",
                    json!({
                        "topic": will.topic,
                        "payload": bytes_json(will.payload),
                        "qos": will.qos as u8,
                        "retain": will.retain,
                        "properties": properties_json(&will.properties),
                    }),
                );
            }
            if let Some(user) = c.user_name {
                put("user_name", json!(user));
            }
            if let Some(password) = c.password {
                put("password", bytes_json(password));
            }
        }
        Packet::Connack(c) => {
            put("session_present", json!(c.session_present));
            put("reason_code", reason_json(c.reason_code));
            put("properties", properties_json(&c.properties));
        }
        Packet::Publish(p) => {
            put("dup", json!(p.dup));
            put("qos", json!(p.qos as u8));
            put("retain", json!(p.retain));
            put("topic", json!(p.topic));
            put("packet_id", json!(p.packet_id));
            put("properties", properties_json(&p.properties));
            put("payload", bytes_json(p.payload));
        }
        Packet::Puback(a) | Packet::Pubrec(a) | Packet::Pubrel(a) | Packet::Pubcomp(a) => {
            put("packet_id", json!(a.packet_id));
            put("reason_code", reason_json(a.reason_code));
            put("properties", properties_json(&a.properties));
        }
        Packet::Subscribe(s) => {
            put("packet_id", json!(s.packet_id));
            put("properties", properties_json(&s.properties));
            let filters: Vec<Value> = s
                .filters
                .iter()
                .map(|f| {
                    json!({
                        "filter": f.filter,
                        "qos": f.options.qos as u8,
                        "no_local": f.options.no_local,
                        "retain_as_published": f.options.retain_as_published,
                        "retain_handling": f.options.retain_handling as u8,
                    })
                })
                .collect();
            put("filters", Value::Array(filters));
        }
        Packet::Suback(s) => {
            put("packet_id", json!(s.packet_id));
            put("properties", properties_json(&s.properties));
            put("reason_codes", json!(s.reason_codes));
        }
        Packet::Unsubscribe(u) => {
            put("packet_id", json!(u.packet_id));
            put("properties", properties_json(&u.properties));
            put("filters", json!(u.filters.iter().collect::<Vec<_>>()));
        }
        Packet::Unsuback(u) => {
            put("packet_id", json!(u.packet_id));
            put("properties", properties_json(&u.properties));
            put("reason_codes", json!(u.reason_codes));
        }
        Packet::Disconnect(d) => {
            put("reason_code", reason_json(d.reason_code));
            put("properties", properties_json(&d.properties));
        }
        Packet::Auth(a) => {
            put("reason_code", reason_json(a.reason_code));
            put("properties", properties_json(&a.properties));
        }
        _ => {}
    }
    Value::Object(o)
}

/// Packets built from JSON borrow their byte fields and lists from
/// leaked boxes: the CLI builds a few packets and exits, so the memory is
/// bounded by its input and returned at exit.
fn leak<'v, T: 'v>(items: Vec<T>) -> &'v [T] {
    Box::leak(items.into_boxed_slice())
}

type JsonResult<T> = Result<T, String>;

fn field<'v>(o: &'v Value, key: &str) -> Option<&'v Value> {
    o.get(key).filter(|v| !v.is_null())
}

fn str_field<'v>(o: &'v Value, key: &str) -> JsonResult<&'v str> {
    field(o, key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("\"{key}\": a string is required"))
}

fn num<T: TryFrom<u64>>(o: &Value, key: &str, default: Option<T>) -> JsonResult<T> {
    match field(o, key) {
        None => default.ok_or_else(|| format!("\"{key}\": a number is required")),
        Some(v) => v
            .as_u64()
            .and_then(|n| T::try_from(n).ok())
            .ok_or_else(|| format!("\"{key}\": not a number in range")),
    }
}

fn flag(o: &Value, key: &str) -> JsonResult<bool> {
    match field(o, key) {
        None => Ok(false),
        Some(v) => v
            .as_bool()
            .ok_or_else(|| format!("\"{key}\": true or false")),
    }
}

fn qos(o: &Value, key: &str) -> JsonResult<QoS> {
    QoS::from_bits(num(o, key, Some(0u8))?).ok_or_else(|| format!("\"{key}\": QoS is 0, 1 or 2"))
}

fn reason(o: &Value) -> JsonResult<ReasonCode> {
    match field(o, "reason_code") {
        None => Ok(ReasonCode::SUCCESS),
        Some(v) => v
            .as_u64()
            .or_else(|| v.get("code").and_then(Value::as_u64))
            .and_then(|n| u8::try_from(n).ok())
            .map(ReasonCode)
            .ok_or_else(|| "\"reason_code\": a byte, or {\"code\": byte}".to_string()),
    }
}

/// `{"utf8": "..."}`, `{"hex": "..."}` or a plain string.
fn bytes_field(o: &Value, key: &str) -> JsonResult<Option<Vec<u8>>> {
    let Some(v) = field(o, key) else {
        return Ok(None);
    };
    let bytes = if let Some(text) = v.as_str().or_else(|| v.get("utf8").and_then(Value::as_str)) {
        text.as_bytes().to_vec()
    } else if let Some(hex) = v.get("hex").and_then(Value::as_str) {
        parse_hex(hex).map_err(|_| format!("\"{key}\": bad hex"))?
    } else {
        return Err(format!(
            "\"{key}\": {{\"utf8\": …}}, {{\"hex\": …}} or a string"
        ));
    };
    Ok(Some(bytes))
}

fn property_from_json<'v>(p: &'v Value) -> JsonResult<Property<'v>> {
    let name = str_field(p, "name")?;
    let value = field(p, "value").ok_or("property: \"value\" is required")?;
    let n = |max: u64| {
        value
            .as_u64()
            .filter(|n| *n <= max)
            .ok_or_else(|| format!("{name}: a number up to {max}"))
    };
    let s = || value.as_str().ok_or_else(|| format!("{name}: a string"));
    let narrow = |v: u64| u8::try_from(v).map_err(|e| e.to_string());
    let narrow16 = |v: u64| u16::try_from(v).map_err(|e| e.to_string());
    let narrow32 = |v: u64| u32::try_from(v).map_err(|e| e.to_string());
    Ok(match name {
        "payload_format_indicator" => Property::PayloadFormatIndicator(narrow(n(255)?)?),
        "message_expiry_interval" => {
            Property::MessageExpiryInterval(narrow32(n(u64::from(u32::MAX))?)?)
        }
        "content_type" => Property::ContentType(s()?),
        "response_topic" => Property::ResponseTopic(s()?),
        "correlation_data" | "authentication_data" => {
            let holder = json!({ "v": value });
            let data: &'v [u8] = leak(bytes_field(&holder, "v")?.ok_or("missing value")?);
            if name == "correlation_data" {
                Property::CorrelationData(data)
            } else {
                Property::AuthenticationData(data)
            }
        }
        "subscription_identifier" => {
            Property::SubscriptionIdentifier(narrow32(n(u64::from(u32::MAX))?)?)
        }
        "session_expiry_interval" => {
            Property::SessionExpiryInterval(narrow32(n(u64::from(u32::MAX))?)?)
        }
        "assigned_client_identifier" => Property::AssignedClientIdentifier(s()?),
        "server_keep_alive" => Property::ServerKeepAlive(narrow16(n(65_535)?)?),
        "authentication_method" => Property::AuthenticationMethod(s()?),
        "request_problem_information" => Property::RequestProblemInformation(narrow(n(255)?)?),
        "will_delay_interval" => Property::WillDelayInterval(narrow32(n(u64::from(u32::MAX))?)?),
        "request_response_information" => Property::RequestResponseInformation(narrow(n(255)?)?),
        "response_information" => Property::ResponseInformation(s()?),
        "server_reference" => Property::ServerReference(s()?),
        "reason_string" => Property::ReasonString(s()?),
        "receive_maximum" => Property::ReceiveMaximum(narrow16(n(65_535)?)?),
        "topic_alias_maximum" => Property::TopicAliasMaximum(narrow16(n(65_535)?)?),
        "topic_alias" => Property::TopicAlias(narrow16(n(65_535)?)?),
        "maximum_qos" => Property::MaximumQos(narrow(n(255)?)?),
        "retain_available" => Property::RetainAvailable(narrow(n(255)?)?),
        "user_property" => {
            let pair = value
                .as_array()
                .filter(|a| a.len() == 2)
                .ok_or("user_property: [name, value]")?;
            let k = pair
                .first()
                .and_then(Value::as_str)
                .ok_or("user_property: strings")?;
            let v = pair
                .get(1)
                .and_then(Value::as_str)
                .ok_or("user_property: strings")?;
            Property::UserProperty(k, v)
        }
        "maximum_packet_size" => Property::MaximumPacketSize(narrow32(n(u64::from(u32::MAX))?)?),
        "wildcard_subscription_available" => {
            Property::WildcardSubscriptionAvailable(narrow(n(255)?)?)
        }
        "subscription_identifier_available" => {
            Property::SubscriptionIdentifierAvailable(narrow(n(255)?)?)
        }
        "shared_subscription_available" => Property::SharedSubscriptionAvailable(narrow(n(255)?)?),
        other => return Err(format!("unknown property \"{other}\"")),
    })
}

fn properties_from_json<'v>(o: &'v Value) -> JsonResult<Properties<'v>> {
    let Some(list) = field(o, "properties") else {
        return Ok(Properties::EMPTY);
    };
    let list = list.as_array().ok_or("\"properties\": a list")?;
    let mut props = Vec::with_capacity(list.len());
    for p in list {
        props.push(property_from_json(p)?);
    }
    Ok(Properties::from_list(leak(props)))
}

fn bytes_of(o: &Value, key: &str) -> JsonResult<Option<&'static [u8]>> {
    Ok(bytes_field(o, key)?.map(leak))
}

/// Builds a packet from its JSON object.
pub(crate) fn packet_from_json<'v>(o: &'v Value, version: Version) -> JsonResult<Packet<'v>> {
    let kind = str_field(o, "type")?.to_ascii_uppercase();
    let properties = properties_from_json(o)?;
    Ok(match kind.as_str() {
        "CONNECT" => {
            let protocol = match field(o, "protocol").and_then(Value::as_str) {
                Some("5" | "5.0") => Version::V5,
                Some("3.1.1") => Version::V3_1_1,
                _ => version,
            };
            let will = match field(o, "will") {
                Some(w) => Some(Will {
                    qos: qos(w, "qos")?,
                    retain: flag(w, "retain")?,
                    properties: properties_from_json(w)?,
                    topic: str_field(w, "topic")?,
                    payload: bytes_of(w, "payload")?.unwrap_or_default(),
                }),
                None => None,
            };
            // `Packet::Connect` holds its fields by reference; like the
            // lists above, they live as long as the command.
            let connect: &'v Connect<'v> = Box::leak(Box::new(Connect {
                version: protocol,
                clean_start: field(o, "clean_start")
                    .and_then(Value::as_bool)
                    .unwrap_or(true),
                keep_alive: num(o, "keep_alive", Some(60))?,
                properties,
                client_id: field(o, "client_id").and_then(Value::as_str).unwrap_or(""),
                will,
                user_name: field(o, "user_name").and_then(Value::as_str),
                password: bytes_of(o, "password")?,
            }));
            Packet::from(connect)
        }
        "CONNACK" => Packet::Connack(Connack {
            session_present: flag(o, "session_present")?,
            reason_code: reason(o)?,
            properties,
        }),
        "PUBLISH" => Packet::Publish(Publish {
            dup: flag(o, "dup")?,
            qos: qos(o, "qos")?,
            retain: flag(o, "retain")?,
            topic: str_field(o, "topic")?,
            packet_id: field(o, "packet_id")
                .map(|_| num(o, "packet_id", None))
                .transpose()?,
            properties,
            payload: bytes_of(o, "payload")?.unwrap_or_default(),
        }),
        "PUBACK" | "PUBREC" | "PUBREL" | "PUBCOMP" => {
            let ack = Ack {
                packet_id: num(o, "packet_id", None)?,
                reason_code: reason(o)?,
                properties,
            };
            match kind.as_str() {
                "PUBACK" => Packet::Puback(ack),
                "PUBREC" => Packet::Pubrec(ack),
                "PUBREL" => Packet::Pubrel(ack),
                _ => Packet::Pubcomp(ack),
            }
        }
        "SUBSCRIBE" => {
            let list = field(o, "filters")
                .and_then(Value::as_array)
                .ok_or("\"filters\": a list")?;
            let mut filters = Vec::with_capacity(list.len());
            for f in list {
                let retain_handling = match num(f, "retain_handling", Some(0u8))? {
                    0 => RetainHandling::SendAtSubscribe,
                    1 => RetainHandling::SendAtNewSubscribe,
                    2 => RetainHandling::DoNotSend,
                    _ => return Err("\"retain_handling\": 0, 1 or 2".into()),
                };
                let filter = f.as_str().map_or_else(|| str_field(f, "filter"), Ok)?;
                filters.push(SubscribeFilter {
                    filter,
                    options: SubscriptionOptions {
                        qos: qos(f, "qos")?,
                        no_local: flag(f, "no_local")?,
                        retain_as_published: flag(f, "retain_as_published")?,
                        retain_handling,
                    },
                });
            }
            Packet::Subscribe(Subscribe {
                packet_id: num(o, "packet_id", None)?,
                properties,
                filters: SubscribeFilters::from_list(leak(filters)),
            })
        }
        "SUBACK" | "UNSUBACK" => {
            let codes: Vec<u8> = field(o, "reason_codes")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_u64)
                        .filter_map(|c| u8::try_from(c).ok())
                        .collect()
                })
                .unwrap_or_default();
            let codes = leak(codes);
            let packet_id = num(o, "packet_id", None)?;
            if kind == "SUBACK" {
                Packet::Suback(Suback {
                    packet_id,
                    properties,
                    reason_codes: codes,
                })
            } else {
                Packet::Unsuback(Unsuback {
                    packet_id,
                    properties,
                    reason_codes: codes,
                })
            }
        }
        "UNSUBSCRIBE" => {
            let list = field(o, "filters")
                .and_then(Value::as_array)
                .ok_or("\"filters\": a list")?;
            let filters = list
                .iter()
                .map(|f| f.as_str().ok_or("\"filters\": strings"))
                .collect::<Result<Vec<_>, _>>()?;
            Packet::Unsubscribe(Unsubscribe {
                packet_id: num(o, "packet_id", None)?,
                properties,
                filters: TopicFilters::from_list(leak(filters)),
            })
        }
        "PINGREQ" => Packet::Pingreq,
        "PINGRESP" => Packet::Pingresp,
        "DISCONNECT" => Packet::Disconnect(Disconnect {
            reason_code: reason(o)?,
            properties,
        }),
        "AUTH" => Packet::Auth(Auth {
            reason_code: reason(o)?,
            properties,
        }),
        other => return Err(format!("unknown packet type \"{other}\"")),
    })
}
