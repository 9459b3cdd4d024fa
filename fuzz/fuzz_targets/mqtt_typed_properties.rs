//! Differential: a typed property set (`PublishProperties`,
//! `WillProperties`, `ConnectProperties`) with arbitrary values (out of
//! range, U+0000 in strings, long strings) encodes exactly as the list of
//! its properties does, in its own packet and in others: the same bytes, or
//! both refused, with `Properties::check` giving the same verdict. Typed
//! sets are checked by a walk over their fields, lists one property at a
//! time with masks; the two must never disagree.

#![no_main]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a fuzz target asserts by panicking"
)]

use iotm_mqtt_codec::property::{ConnectProperties, Context, PublishProperties, WillProperties};
use iotm_mqtt_codec::{
    Connack, Connect, EncodeError, Packet, Properties, Property, Publish, QoS, Version, Will,
};
use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Place {
    Publish,
    Will,
    Connect,
    Connack,
}

#[derive(Arbitrary, Debug)]
enum Set {
    Publish {
        pfi: Option<u8>,
        mei: Option<u32>,
        ta: Option<u16>,
        rt: Option<String>,
        cd: Option<Vec<u8>>,
        users: Vec<(String, String)>,
        ids: Vec<u32>,
        ct: Option<String>,
    },
    Will {
        wdi: Option<u32>,
        pfi: Option<u8>,
        mei: Option<u32>,
        ct: Option<String>,
        rt: Option<String>,
        cd: Option<Vec<u8>>,
        users: Vec<(String, String)>,
    },
    Connect {
        sei: Option<u32>,
        rm: Option<u16>,
        mps: Option<u32>,
        tam: Option<u16>,
        rri: Option<u8>,
        rpi: Option<u8>,
        users: Vec<(String, String)>,
        am: Option<String>,
        ad: Option<Vec<u8>>,
    },
}

/// Encodes a packet for `place` carrying `properties` into a roomy buffer.
fn encode(place: &Place, properties: Properties<'_>) -> Result<Vec<u8>, EncodeError> {
    let connect = Connect {
        properties: if matches!(place, Place::Connect) {
            properties
        } else {
            Properties::EMPTY
        },
        will: matches!(place, Place::Will).then_some(Will {
            qos: QoS::AtMostOnce,
            retain: false,
            properties,
            topic: "will",
            payload: b"",
        }),
        ..Connect::new(Version::V5, "c")
    };
    let packet = match place {
        Place::Publish => Packet::Publish(Publish {
            properties,
            ..Publish::new("t", b"p")
        }),
        Place::Will | Place::Connect => Packet::from(&connect),
        Place::Connack => Packet::Connack(Connack {
            properties,
            ..Connack::default()
        }),
    };
    let mut buf = vec![0u8; 4096];
    let result = packet.encode(Version::V5, &mut buf).map(<[u8]>::to_vec);
    if let Ok(bytes) = &result {
        assert_eq!(packet.encoded_len(Version::V5).unwrap(), bytes.len());
        assert_eq!(Packet::decode(bytes, Version::V5).unwrap().0, packet);
    }
    result
}

fn context(place: &Place) -> Context {
    match place {
        Place::Publish => Context::Publish,
        Place::Will => Context::Will,
        Place::Connect => Context::Connect,
        Place::Connack => Context::Connack,
    }
}

fn check(place: &Place, typed: Properties<'_>) {
    let list: Vec<Property<'_>> = typed.iter().collect();
    let listed = Properties::from_list(&list);
    assert_eq!(typed, listed);
    let (a, b) = (encode(place, typed), encode(place, listed));
    match (&a, &b) {
        (Ok(a), Ok(b)) => assert_eq!(a, b),
        (Err(_), Err(_)) => {}
        _ => panic!("{place:?} {list:?}: typed {a:?}, list {b:?}"),
    }
    assert_eq!(typed.check(context(place)).is_ok(), a.is_ok(), "{list:?}");
}

fn pairs(users: &[(String, String)]) -> Vec<(&str, &str)> {
    users
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fuzz_target!(|input: (Place, Set)| {
    let (place, set) = input;
    match &set {
        Set::Publish {
            pfi,
            mei,
            ta,
            rt,
            cd,
            users,
            ids,
            ct,
        } => {
            let users = pairs(users);
            let set = PublishProperties {
                payload_format_indicator: *pfi,
                message_expiry_interval: *mei,
                topic_alias: *ta,
                response_topic: rt.as_deref(),
                correlation_data: cd.as_deref(),
                user_properties: &users,
                subscription_identifiers: ids,
                content_type: ct.as_deref(),
            };
            check(&place, Properties::from(&set));
        }
        Set::Will {
            wdi,
            pfi,
            mei,
            ct,
            rt,
            cd,
            users,
        } => {
            let users = pairs(users);
            let set = WillProperties {
                will_delay_interval: *wdi,
                payload_format_indicator: *pfi,
                message_expiry_interval: *mei,
                content_type: ct.as_deref(),
                response_topic: rt.as_deref(),
                correlation_data: cd.as_deref(),
                user_properties: &users,
            };
            check(&place, Properties::from(&set));
        }
        Set::Connect {
            sei,
            rm,
            mps,
            tam,
            rri,
            rpi,
            users,
            am,
            ad,
        } => {
            let users = pairs(users);
            let set = ConnectProperties {
                session_expiry_interval: *sei,
                receive_maximum: *rm,
                maximum_packet_size: *mps,
                topic_alias_maximum: *tam,
                request_response_information: *rri,
                request_problem_information: *rpi,
                user_properties: &users,
                authentication_method: am.as_deref(),
                authentication_data: ad.as_deref(),
            };
            check(&place, Properties::from(&set));
        }
    }
});
