//! Property sets as structs, one field per property, for the packets a
//! client sends with the most properties: PUBLISH, CONNECT and its Will.
//! The fields are the properties the packet allows, and only User Property
//! and PUBLISH's Subscription Identifier are lists, so the rules of
//! §2.2.2.2 that a list must be checked for on every encode (allowed here,
//! not repeated) hold by construction; an encode checks only the values
//! (ranges, U+0000) and writes the fields in order, with no dispatch per
//! property. [`Properties::from_list`] remains for any packet and order.

use core::fmt;

#[cfg(doc)]
use super::Properties;
use super::fields::{At, Empty, Putter, Sizer, Visit};
use super::{Context, Sized, id};
use crate::write::Writer;

/// PUBLISH properties (§3.3.2.3) as fields, written in this order.
/// `Properties::from(&publish_properties)` puts them in a PUBLISH.
///
/// ```
/// use iotm_mqtt_codec::property::PublishProperties;
/// use iotm_mqtt_codec::{Packet, Properties, Publish, Version};
///
/// let properties = PublishProperties {
///     content_type: Some("application/json"),
///     user_properties: &[("unit", "celsius")],
///     ..PublishProperties::default()
/// };
/// let publish = Packet::Publish(Publish {
///     properties: Properties::from(&properties),
///     ..Publish::new("sensors/42/temperature", b"21.5")
/// });
/// let mut buf = [0u8; 128];
/// let bytes = publish.encode(Version::V5, &mut buf)?;
/// let (decoded, _) = Packet::decode(bytes, Version::V5)?;
/// assert_eq!(decoded, publish);
/// # Ok::<(), Box<dyn core::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PublishProperties<'a> {
    /// 0x01: 0 unspecified bytes, 1 UTF-8 payload.
    pub payload_format_indicator: Option<u8>,
    /// 0x02: seconds.
    pub message_expiry_interval: Option<u32>,
    /// 0x23: 1 or more, standing for the topic.
    pub topic_alias: Option<u16>,
    /// 0x08: topic for a response.
    pub response_topic: Option<&'a str>,
    /// 0x09: request/response correlation.
    pub correlation_data: Option<&'a [u8]>,
    /// 0x26: name and value pairs, in order.
    pub user_properties: &'a [(&'a str, &'a str)],
    /// 0x0B: 1 to 268,435,455 each (a server forwarding to a client).
    pub subscription_identifiers: &'a [u32],
    /// 0x03: MIME type of the payload.
    pub content_type: Option<&'a str>,
}

impl<'a> Fields<'a> for PublishProperties<'a> {
    const CONTEXT: Context = Context::Publish;

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn visit(&self, v: &mut impl Visit<'a>) {
        v.flag(id::PAYLOAD_FORMAT_INDICATOR, self.payload_format_indicator);
        v.four(
            id::MESSAGE_EXPIRY_INTERVAL,
            self.message_expiry_interval,
            false,
        );
        v.two(id::TOPIC_ALIAS, self.topic_alias, true);
        v.text(id::RESPONSE_TOPIC, self.response_topic);
        v.binary(id::CORRELATION_DATA, self.correlation_data);
        v.user_properties(self.user_properties);
        v.subscription_identifiers(self.subscription_identifiers);
        v.text(id::CONTENT_TYPE, self.content_type);
    }
}

/// A Will's properties (§3.1.3.2) as fields, written in this order.
/// `Properties::from(&will_properties)` puts them in a [`Will`](crate::Will).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WillProperties<'a> {
    /// 0x18: seconds.
    pub will_delay_interval: Option<u32>,
    /// 0x01: 0 unspecified bytes, 1 UTF-8 payload.
    pub payload_format_indicator: Option<u8>,
    /// 0x02: seconds.
    pub message_expiry_interval: Option<u32>,
    /// 0x03: MIME type of the payload.
    pub content_type: Option<&'a str>,
    /// 0x08: topic for a response.
    pub response_topic: Option<&'a str>,
    /// 0x09: request/response correlation.
    pub correlation_data: Option<&'a [u8]>,
    /// 0x26: name and value pairs, in order.
    pub user_properties: &'a [(&'a str, &'a str)],
}

impl<'a> Fields<'a> for WillProperties<'a> {
    const CONTEXT: Context = Context::Will;

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn visit(&self, v: &mut impl Visit<'a>) {
        v.four(id::WILL_DELAY_INTERVAL, self.will_delay_interval, false);
        v.flag(id::PAYLOAD_FORMAT_INDICATOR, self.payload_format_indicator);
        v.four(
            id::MESSAGE_EXPIRY_INTERVAL,
            self.message_expiry_interval,
            false,
        );
        v.text(id::CONTENT_TYPE, self.content_type);
        v.text(id::RESPONSE_TOPIC, self.response_topic);
        v.binary(id::CORRELATION_DATA, self.correlation_data);
        v.user_properties(self.user_properties);
    }
}

/// CONNECT properties (§3.1.2.11) as fields, written in this order.
/// `Properties::from(&connect_properties)` puts them in a
/// [`Connect`](crate::Connect).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ConnectProperties<'a> {
    /// 0x11: seconds.
    pub session_expiry_interval: Option<u32>,
    /// 0x21: 1 to 65,535 in-flight QoS 1/2 messages.
    pub receive_maximum: Option<u16>,
    /// 0x27: bytes, 1 or more.
    pub maximum_packet_size: Option<u32>,
    /// 0x22: highest topic alias accepted.
    pub topic_alias_maximum: Option<u16>,
    /// 0x19: 0 or 1.
    pub request_response_information: Option<u8>,
    /// 0x17: 0 or 1.
    pub request_problem_information: Option<u8>,
    /// 0x26: name and value pairs, in order.
    pub user_properties: &'a [(&'a str, &'a str)],
    /// 0x15: the enhanced authentication method.
    pub authentication_method: Option<&'a str>,
    /// 0x16: method-specific data.
    pub authentication_data: Option<&'a [u8]>,
}

impl<'a> Fields<'a> for ConnectProperties<'a> {
    const CONTEXT: Context = Context::Connect;

    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn visit(&self, v: &mut impl Visit<'a>) {
        v.four(
            id::SESSION_EXPIRY_INTERVAL,
            self.session_expiry_interval,
            false,
        );
        v.two(id::RECEIVE_MAXIMUM, self.receive_maximum, true);
        v.four(id::MAXIMUM_PACKET_SIZE, self.maximum_packet_size, true);
        v.two(id::TOPIC_ALIAS_MAXIMUM, self.topic_alias_maximum, false);
        v.flag(
            id::REQUEST_RESPONSE_INFORMATION,
            self.request_response_information,
        );
        v.flag(
            id::REQUEST_PROBLEM_INFORMATION,
            self.request_problem_information,
        );
        v.user_properties(self.user_properties);
        v.text(id::AUTHENTICATION_METHOD, self.authentication_method);
        v.binary(id::AUTHENTICATION_DATA, self.authentication_data);
    }
}

/// A typed set's fields, shown in wire order to a walker, and the one
/// packet it is for.
pub(crate) trait Fields<'a> {
    /// The place the set's fields are the allowed set of.
    const CONTEXT: Context;

    /// Shows each field, in wire order, to `v`.
    fn visit(&self, v: &mut impl Visit<'a>);
}

/// What the encoder and the iterator ask of a typed set. `Properties`
/// holds a set as `&dyn TypedSet`, so that a firmware links the walkers of
/// the sets it builds and no others (an enum of the three would link all
/// three into every encoder); a call through it is one per set and
/// operation, not one per property.
pub(crate) trait TypedSet: fmt::Debug {
    /// `true` if no field holds a property.
    fn is_empty(&self) -> bool;
    /// Bytes of its properties on the wire.
    fn len(&self) -> usize;
    /// In `context`, if that is the set's own place (where the list rules
    /// hold by construction): its size and values' verdict, the strings'
    /// U+0000 only if `strings`. `None` elsewhere: check it as a list.
    fn sized_in(&self, context: Context, strings: bool) -> Option<Sized>;
    /// Writes the set; `scan`: look for U+0000 in its strings as they are
    /// copied, `true` if one holds it.
    fn write(&self, w: &mut Writer<'_>, scan: bool) -> bool;
    /// The property at `slot`, `entry` (see [`At`]).
    fn at(&self, slot: usize, entry: usize) -> At<'_>;
    /// The set, if it is PUBLISH's: for PUBLISH's encoder, which then walks
    /// it inlined (hosts).
    #[cfg(not(target_os = "none"))]
    fn as_publish(&self) -> Option<&PublishProperties<'_>> {
        None
    }
    /// The set, if it is CONNECT's (see [`as_publish`](Self::as_publish)).
    #[cfg(not(target_os = "none"))]
    fn as_connect(&self) -> Option<&ConnectProperties<'_>> {
        None
    }
    /// The set, if it is a Will's (see [`as_connect`](Self::as_connect)).
    #[cfg(not(target_os = "none"))]
    fn as_will(&self) -> Option<&WillProperties<'_>> {
        None
    }
}

macro_rules! typed_set {
    ($set:ident $(, $as_set:ident)?) => {
        impl<'a> TypedSet for $set<'a> {
            fn is_empty(&self) -> bool {
                let mut empty = Empty(true);
                self.visit(&mut empty);
                empty.0
            }

            fn len(&self) -> usize {
                let mut sizer = Sizer::new(false);
                self.visit(&mut sizer);
                sizer.finish().len
            }

            fn sized_in(&self, context: Context, strings: bool) -> Option<Sized> {
                if context != <Self as Fields<'a>>::CONTEXT {
                    return None;
                }
                let mut sizer = Sizer::new(strings);
                self.visit(&mut sizer);
                Some(sizer.finish())
            }

            fn write(&self, w: &mut Writer<'_>, scan: bool) -> bool {
                // A writer of the walk's own, kept in registers.
                let mut local = w.take();
                let mut putter = Putter::new(&mut local, scan);
                self.visit(&mut putter);
                let nul = putter.nul();
                *w = local;
                nul
            }

            fn at(&self, slot: usize, entry: usize) -> At<'_> {
                let mut at = At::new(slot, entry);
                self.visit(&mut at);
                at
            }

            $(
                #[cfg(not(target_os = "none"))]
                fn $as_set(&self) -> Option<&$set<'_>> {
                    Some(self)
                }
            )?
        }
    };
}

typed_set!(PublishProperties, as_publish);
typed_set!(WillProperties, as_will);
typed_set!(ConnectProperties, as_connect);
