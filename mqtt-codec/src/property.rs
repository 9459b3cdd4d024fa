//! MQTT 5.0 properties (§2.2.2): identifiers, values, the set each packet
//! may carry, and a zero-copy list that is validated once when decoded.

use core::fmt;

use iotm_wire::EncodeError;

use crate::read::{MAX_VARIABLE_BYTE_INTEGER, PacketReader};
use fields::{Putter, Sizer};
pub(crate) use typed::Fields;
use typed::TypedSet;

mod fields;
mod typed;

use crate::write::{Writer, binary_len, variable_byte_integer_len};
use crate::{Error, Rule, Version, scan};
pub use typed::{ConnectProperties, PublishProperties, WillProperties};

/// Property identifiers (§2.2.2.2, Table 2-4).
pub mod id {
    /// Payload Format Indicator (byte).
    pub const PAYLOAD_FORMAT_INDICATOR: u8 = 0x01;
    /// Message Expiry Interval (four-byte integer).
    pub const MESSAGE_EXPIRY_INTERVAL: u8 = 0x02;
    /// Content Type (UTF-8 string).
    pub const CONTENT_TYPE: u8 = 0x03;
    /// Response Topic (UTF-8 string).
    pub const RESPONSE_TOPIC: u8 = 0x08;
    /// Correlation Data (binary data).
    pub const CORRELATION_DATA: u8 = 0x09;
    /// Subscription Identifier (Variable Byte Integer).
    pub const SUBSCRIPTION_IDENTIFIER: u8 = 0x0b;
    /// Session Expiry Interval (four-byte integer).
    pub const SESSION_EXPIRY_INTERVAL: u8 = 0x11;
    /// Assigned Client Identifier (UTF-8 string).
    pub const ASSIGNED_CLIENT_IDENTIFIER: u8 = 0x12;
    /// Server Keep Alive (two-byte integer).
    pub const SERVER_KEEP_ALIVE: u8 = 0x13;
    /// Authentication Method (UTF-8 string).
    pub const AUTHENTICATION_METHOD: u8 = 0x15;
    /// Authentication Data (binary data).
    pub const AUTHENTICATION_DATA: u8 = 0x16;
    /// Request Problem Information (byte).
    pub const REQUEST_PROBLEM_INFORMATION: u8 = 0x17;
    /// Will Delay Interval (four-byte integer).
    pub const WILL_DELAY_INTERVAL: u8 = 0x18;
    /// Request Response Information (byte).
    pub const REQUEST_RESPONSE_INFORMATION: u8 = 0x19;
    /// Response Information (UTF-8 string).
    pub const RESPONSE_INFORMATION: u8 = 0x1a;
    /// Server Reference (UTF-8 string).
    pub const SERVER_REFERENCE: u8 = 0x1c;
    /// Reason String (UTF-8 string).
    pub const REASON_STRING: u8 = 0x1f;
    /// Receive Maximum (two-byte integer).
    pub const RECEIVE_MAXIMUM: u8 = 0x21;
    /// Topic Alias Maximum (two-byte integer).
    pub const TOPIC_ALIAS_MAXIMUM: u8 = 0x22;
    /// Topic Alias (two-byte integer).
    pub const TOPIC_ALIAS: u8 = 0x23;
    /// Maximum QoS (byte).
    pub const MAXIMUM_QOS: u8 = 0x24;
    /// Retain Available (byte).
    pub const RETAIN_AVAILABLE: u8 = 0x25;
    /// User Property (UTF-8 string pair).
    pub const USER_PROPERTY: u8 = 0x26;
    /// Maximum Packet Size (four-byte integer).
    pub const MAXIMUM_PACKET_SIZE: u8 = 0x27;
    /// Wildcard Subscription Available (byte).
    pub const WILDCARD_SUBSCRIPTION_AVAILABLE: u8 = 0x28;
    /// Subscription Identifier Available (byte).
    pub const SUBSCRIPTION_IDENTIFIER_AVAILABLE: u8 = 0x29;
    /// Shared Subscription Available (byte).
    pub const SHARED_SUBSCRIPTION_AVAILABLE: u8 = 0x2a;
}

/// Where a property list stands: each packet type, and CONNECT's Will
/// Properties, allow their own set (§2.2.2.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Context {
    /// CONNECT properties.
    Connect,
    /// CONNECT's Will Properties.
    Will,
    /// CONNACK properties.
    Connack,
    /// PUBLISH properties.
    Publish,
    /// PUBACK, PUBREC, PUBREL or PUBCOMP properties.
    PublishAck,
    /// SUBSCRIBE properties.
    Subscribe,
    /// SUBACK properties.
    Suback,
    /// UNSUBSCRIBE properties.
    Unsubscribe,
    /// UNSUBACK properties.
    Unsuback,
    /// DISCONNECT properties.
    Disconnect,
    /// AUTH properties.
    Auth,
}

impl Context {
    /// `true` if a property with identifier `id` may stand here.
    pub const fn allows(self, id: u8) -> bool {
        use Context as C;
        use id::*;
        match id {
            PAYLOAD_FORMAT_INDICATOR
            | MESSAGE_EXPIRY_INTERVAL
            | CONTENT_TYPE
            | RESPONSE_TOPIC
            | CORRELATION_DATA => matches!(self, C::Publish | C::Will),
            SUBSCRIPTION_IDENTIFIER => matches!(self, C::Publish | C::Subscribe),
            SESSION_EXPIRY_INTERVAL => matches!(self, C::Connect | C::Connack | C::Disconnect),
            ASSIGNED_CLIENT_IDENTIFIER
            | SERVER_KEEP_ALIVE
            | RESPONSE_INFORMATION
            | MAXIMUM_QOS
            | RETAIN_AVAILABLE
            | WILDCARD_SUBSCRIPTION_AVAILABLE
            | SUBSCRIPTION_IDENTIFIER_AVAILABLE
            | SHARED_SUBSCRIPTION_AVAILABLE => {
                matches!(self, C::Connack)
            }
            AUTHENTICATION_METHOD | AUTHENTICATION_DATA => {
                matches!(self, C::Connect | C::Connack | C::Auth)
            }
            REQUEST_PROBLEM_INFORMATION | REQUEST_RESPONSE_INFORMATION => {
                matches!(self, C::Connect)
            }
            WILL_DELAY_INTERVAL => matches!(self, C::Will),
            SERVER_REFERENCE => matches!(self, C::Connack | C::Disconnect),
            REASON_STRING => !matches!(
                self,
                C::Connect | C::Will | C::Publish | C::Subscribe | C::Unsubscribe
            ),
            RECEIVE_MAXIMUM | TOPIC_ALIAS_MAXIMUM | MAXIMUM_PACKET_SIZE => {
                matches!(self, C::Connect | C::Connack)
            }
            TOPIC_ALIAS => matches!(self, C::Publish),
            USER_PROPERTY => true,
            _ => false,
        }
    }

    /// `true` if a property with identifier `id` may repeat here: User
    /// Property anywhere, Subscription Identifier in PUBLISH (§3.3.2.3.8).
    pub const fn allows_repeat(self, id: u8) -> bool {
        id == id::USER_PROPERTY
            || (id == id::SUBSCRIPTION_IDENTIFIER && matches!(self, Self::Publish))
    }

    /// [`allows`](Self::allows) and [`allows_repeat`](Self::allows_repeat)
    /// as masks, bit `id` for each identifier (all are below 64), so that a
    /// list is checked with bit operations instead of branches per property.
    const fn id_masks(self) -> (u64, u64) {
        let (mut allowed, mut repeatable) = (0, 0);
        let mut identifier = 0;
        while identifier < 64 {
            if self.allows(identifier) {
                allowed |= 1 << identifier;
            }
            if self.allows_repeat(identifier) {
                repeatable |= 1 << identifier;
            }
            identifier += 1;
        }
        (allowed, repeatable)
    }

    /// [`id_masks`](Self::id_masks), computed at compile time.
    const fn masks(self) -> (u64, u64) {
        use Context as C;
        const CONNECT: (u64, u64) = C::Connect.id_masks();
        const WILL: (u64, u64) = C::Will.id_masks();
        const CONNACK: (u64, u64) = C::Connack.id_masks();
        const PUBLISH: (u64, u64) = C::Publish.id_masks();
        const PUBLISH_ACK: (u64, u64) = C::PublishAck.id_masks();
        const SUBSCRIBE: (u64, u64) = C::Subscribe.id_masks();
        const SUBACK: (u64, u64) = C::Suback.id_masks();
        const UNSUBSCRIBE: (u64, u64) = C::Unsubscribe.id_masks();
        const UNSUBACK: (u64, u64) = C::Unsuback.id_masks();
        const DISCONNECT: (u64, u64) = C::Disconnect.id_masks();
        const AUTH: (u64, u64) = C::Auth.id_masks();
        match self {
            C::Connect => CONNECT,
            C::Will => WILL,
            C::Connack => CONNACK,
            C::Publish => PUBLISH,
            C::PublishAck => PUBLISH_ACK,
            C::Subscribe => SUBSCRIBE,
            C::Suback => SUBACK,
            C::Unsubscribe => UNSUBSCRIBE,
            C::Unsuback => UNSUBACK,
            C::Disconnect => DISCONNECT,
            C::Auth => AUTH,
        }
    }
}

/// One property with its value, borrowed from the packet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Property<'a> {
    /// 0x01: 0 unspecified bytes, 1 UTF-8 payload.
    PayloadFormatIndicator(u8),
    /// 0x02: seconds.
    MessageExpiryInterval(u32),
    /// 0x03: MIME type of the payload.
    ContentType(&'a str),
    /// 0x08: topic for a response.
    ResponseTopic(&'a str),
    /// 0x09: request/response correlation.
    CorrelationData(&'a [u8]),
    /// 0x0B: 1 to 268,435,455.
    SubscriptionIdentifier(u32),
    /// 0x11: seconds.
    SessionExpiryInterval(u32),
    /// 0x12: the client identifier the server chose.
    AssignedClientIdentifier(&'a str),
    /// 0x13: seconds.
    ServerKeepAlive(u16),
    /// 0x15: the enhanced authentication method.
    AuthenticationMethod(&'a str),
    /// 0x16: method-specific data.
    AuthenticationData(&'a [u8]),
    /// 0x17: 0 or 1.
    RequestProblemInformation(u8),
    /// 0x18: seconds.
    WillDelayInterval(u32),
    /// 0x19: 0 or 1.
    RequestResponseInformation(u8),
    /// 0x1A: basis for response topics.
    ResponseInformation(&'a str),
    /// 0x1C: another server to use.
    ServerReference(&'a str),
    /// 0x1F: human-readable diagnostics.
    ReasonString(&'a str),
    /// 0x21: 1 to 65,535 in-flight QoS 1/2 messages.
    ReceiveMaximum(u16),
    /// 0x22: highest topic alias accepted.
    TopicAliasMaximum(u16),
    /// 0x23: 1 or more.
    TopicAlias(u16),
    /// 0x24: 0 or 1.
    MaximumQos(u8),
    /// 0x25: 0 or 1.
    RetainAvailable(u8),
    /// 0x26: a name and a value, may repeat.
    UserProperty(&'a str, &'a str),
    /// 0x27: bytes, 1 or more.
    MaximumPacketSize(u32),
    /// 0x28: 0 or 1.
    WildcardSubscriptionAvailable(u8),
    /// 0x29: 0 or 1.
    SubscriptionIdentifierAvailable(u8),
    /// 0x2A: 0 or 1.
    SharedSubscriptionAvailable(u8),
}

impl<'a> Property<'a> {
    /// The property's identifier.
    pub const fn id(&self) -> u8 {
        use id::*;
        match self {
            Self::PayloadFormatIndicator(_) => PAYLOAD_FORMAT_INDICATOR,
            Self::MessageExpiryInterval(_) => MESSAGE_EXPIRY_INTERVAL,
            Self::ContentType(_) => CONTENT_TYPE,
            Self::ResponseTopic(_) => RESPONSE_TOPIC,
            Self::CorrelationData(_) => CORRELATION_DATA,
            Self::SubscriptionIdentifier(_) => SUBSCRIPTION_IDENTIFIER,
            Self::SessionExpiryInterval(_) => SESSION_EXPIRY_INTERVAL,
            Self::AssignedClientIdentifier(_) => ASSIGNED_CLIENT_IDENTIFIER,
            Self::ServerKeepAlive(_) => SERVER_KEEP_ALIVE,
            Self::AuthenticationMethod(_) => AUTHENTICATION_METHOD,
            Self::AuthenticationData(_) => AUTHENTICATION_DATA,
            Self::RequestProblemInformation(_) => REQUEST_PROBLEM_INFORMATION,
            Self::WillDelayInterval(_) => WILL_DELAY_INTERVAL,
            Self::RequestResponseInformation(_) => REQUEST_RESPONSE_INFORMATION,
            Self::ResponseInformation(_) => RESPONSE_INFORMATION,
            Self::ServerReference(_) => SERVER_REFERENCE,
            Self::ReasonString(_) => REASON_STRING,
            Self::ReceiveMaximum(_) => RECEIVE_MAXIMUM,
            Self::TopicAliasMaximum(_) => TOPIC_ALIAS_MAXIMUM,
            Self::TopicAlias(_) => TOPIC_ALIAS,
            Self::MaximumQos(_) => MAXIMUM_QOS,
            Self::RetainAvailable(_) => RETAIN_AVAILABLE,
            Self::UserProperty(..) => USER_PROPERTY,
            Self::MaximumPacketSize(_) => MAXIMUM_PACKET_SIZE,
            Self::WildcardSubscriptionAvailable(_) => WILDCARD_SUBSCRIPTION_AVAILABLE,
            Self::SubscriptionIdentifierAvailable(_) => SUBSCRIPTION_IDENTIFIER_AVAILABLE,
            Self::SharedSubscriptionAvailable(_) => SHARED_SUBSCRIPTION_AVAILABLE,
        }
    }

    /// `true` if the value is in the range its section allows.
    pub fn value_in_range(&self) -> bool {
        self.sized(true).in_range
    }

    /// What encoding the property needs to know, from one match (so that a
    /// list is checked and sized with one dispatch per property): the bytes
    /// of the identifier and value on the wire, whether the value is in the
    /// range its section allows (the strings' "no U+0000" [MQTT-1.5.4-2]
    /// only if `strings`), and whether its strings and binary data fit
    /// their two-byte lengths.
    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn sized(&self, strings: bool) -> Sized {
        let (len, in_range, lens) = self.sized_lens(strings);
        Sized {
            len,
            in_range,
            fits: lens <= usize::from(u16::MAX),
        }
    }

    /// [`sized`](Self::sized), with the lengths of the strings and binary
    /// data OR-ed in place of `fits` (at most 65,535 exactly when each is):
    /// a list ORs them on and tests once.
    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn sized_lens(&self, strings: bool) -> (usize, bool, usize) {
        let field = |len: usize| (binary_len(len), len);
        // `&str` is UTF-8 already; MQTT adds only "no U+0000".
        let text = |s: &str| {
            let (len, lens) = field(s.len());
            (len, !strings || !scan::has_nul(s), lens)
        };
        let (len, in_range, lens) = match *self {
            Self::PayloadFormatIndicator(v)
            | Self::RequestProblemInformation(v)
            | Self::RequestResponseInformation(v)
            | Self::MaximumQos(v)
            | Self::RetainAvailable(v)
            | Self::WildcardSubscriptionAvailable(v)
            | Self::SubscriptionIdentifierAvailable(v)
            | Self::SharedSubscriptionAvailable(v) => (1, v <= 1, 0),
            Self::ServerKeepAlive(_) | Self::TopicAliasMaximum(_) => (2, true, 0),
            Self::ReceiveMaximum(v) | Self::TopicAlias(v) => (2, v != 0, 0),
            Self::MessageExpiryInterval(_)
            | Self::SessionExpiryInterval(_)
            | Self::WillDelayInterval(_) => (4, true, 0),
            Self::MaximumPacketSize(v) => (4, v != 0, 0),
            Self::SubscriptionIdentifier(v) => (
                variable_byte_integer_len(v),
                (1..=MAX_VARIABLE_BYTE_INTEGER).contains(&v),
                0,
            ),
            Self::ContentType(s)
            | Self::ResponseTopic(s)
            | Self::AssignedClientIdentifier(s)
            | Self::AuthenticationMethod(s)
            | Self::ResponseInformation(s)
            | Self::ServerReference(s)
            | Self::ReasonString(s) => text(s),
            Self::CorrelationData(b) | Self::AuthenticationData(b) => {
                let (len, lens) = field(b.len());
                (len, true, lens)
            }
            Self::UserProperty(k, v) => {
                let (key, key_ok, key_lens) = text(k);
                let (value, value_ok, value_lens) = text(v);
                (key + value, key_ok && value_ok, key_lens | value_lens)
            }
        };
        (1 + len, in_range, lens)
    }

    /// Reads one property (identifier and value).
    fn read(r: &mut PacketReader<'a>) -> Result<Self, Error> {
        use id::*;
        let start = r.reader.position();
        let identifier = r.variable_byte_integer()?;
        let Ok(identifier) = u8::try_from(identifier) else {
            return Err(r.malformed_at(Rule::UnknownProperty(identifier), start));
        };
        Ok(match identifier {
            PAYLOAD_FORMAT_INDICATOR => Self::PayloadFormatIndicator(r.u8()?),
            MESSAGE_EXPIRY_INTERVAL => Self::MessageExpiryInterval(r.u32()?),
            CONTENT_TYPE => Self::ContentType(r.utf8()?),
            RESPONSE_TOPIC => Self::ResponseTopic(r.utf8()?),
            CORRELATION_DATA => Self::CorrelationData(r.binary()?),
            SUBSCRIPTION_IDENTIFIER => Self::SubscriptionIdentifier(r.variable_byte_integer()?),
            SESSION_EXPIRY_INTERVAL => Self::SessionExpiryInterval(r.u32()?),
            ASSIGNED_CLIENT_IDENTIFIER => Self::AssignedClientIdentifier(r.utf8()?),
            SERVER_KEEP_ALIVE => Self::ServerKeepAlive(r.u16()?),
            AUTHENTICATION_METHOD => Self::AuthenticationMethod(r.utf8()?),
            AUTHENTICATION_DATA => Self::AuthenticationData(r.binary()?),
            REQUEST_PROBLEM_INFORMATION => Self::RequestProblemInformation(r.u8()?),
            WILL_DELAY_INTERVAL => Self::WillDelayInterval(r.u32()?),
            REQUEST_RESPONSE_INFORMATION => Self::RequestResponseInformation(r.u8()?),
            RESPONSE_INFORMATION => Self::ResponseInformation(r.utf8()?),
            SERVER_REFERENCE => Self::ServerReference(r.utf8()?),
            REASON_STRING => Self::ReasonString(r.utf8()?),
            RECEIVE_MAXIMUM => Self::ReceiveMaximum(r.u16()?),
            TOPIC_ALIAS_MAXIMUM => Self::TopicAliasMaximum(r.u16()?),
            TOPIC_ALIAS => Self::TopicAlias(r.u16()?),
            MAXIMUM_QOS => Self::MaximumQos(r.u8()?),
            RETAIN_AVAILABLE => Self::RetainAvailable(r.u8()?),
            USER_PROPERTY => Self::UserProperty(r.utf8()?, r.utf8()?),
            MAXIMUM_PACKET_SIZE => Self::MaximumPacketSize(r.u32()?),
            WILDCARD_SUBSCRIPTION_AVAILABLE => Self::WildcardSubscriptionAvailable(r.u8()?),
            SUBSCRIPTION_IDENTIFIER_AVAILABLE => Self::SubscriptionIdentifierAvailable(r.u8()?),
            SHARED_SUBSCRIPTION_AVAILABLE => Self::SharedSubscriptionAvailable(r.u8()?),
            unknown => return Err(r.malformed_at(Rule::UnknownProperty(u32::from(unknown)), start)),
        })
    }

    /// Writes the identifier and value, sized and checked by
    /// [`sized`](Self::sized) (a string too long for its length marks the
    /// writer's overflow). `scan_strings`: look for U+0000 [MQTT-1.5.4-2]
    /// in the strings while they are copied (for a list sized by
    /// [`Properties::sized_unscanned`]); `true` if one holds it. (A `bool`,
    /// not the marks a typed set ORs: the list loop measured slower so.)
    #[cfg_attr(not(target_os = "none"), inline(always))]
    fn put(&self, w: &mut Writer<'_>, scan_strings: bool) -> bool {
        let string = |w: &mut Writer<'_>, text: &str| put_string(w, text, scan_strings);
        let id = self.id();
        match *self {
            Self::PayloadFormatIndicator(v)
            | Self::RequestProblemInformation(v)
            | Self::RequestResponseInformation(v)
            | Self::MaximumQos(v)
            | Self::RetainAvailable(v)
            | Self::WildcardSubscriptionAvailable(v)
            | Self::SubscriptionIdentifierAvailable(v)
            | Self::SharedSubscriptionAvailable(v) => w.put_array([id, v]),
            Self::ServerKeepAlive(v)
            | Self::ReceiveMaximum(v)
            | Self::TopicAliasMaximum(v)
            | Self::TopicAlias(v) => {
                let [high, low] = v.to_be_bytes();
                w.put_array([id, high, low]);
            }
            Self::MessageExpiryInterval(v)
            | Self::SessionExpiryInterval(v)
            | Self::WillDelayInterval(v)
            | Self::MaximumPacketSize(v) => {
                let [a, b, c, d] = v.to_be_bytes();
                w.put_array([id, a, b, c, d]);
            }
            Self::SubscriptionIdentifier(v) => {
                w.put_array([id]);
                w.put_variable_byte_integer(v);
            }
            Self::ContentType(s)
            | Self::ResponseTopic(s)
            | Self::AssignedClientIdentifier(s)
            | Self::AuthenticationMethod(s)
            | Self::ResponseInformation(s)
            | Self::ServerReference(s)
            | Self::ReasonString(s) => {
                w.put_array([id]);
                return string(w, s) != 0;
            }
            Self::CorrelationData(b) | Self::AuthenticationData(b) => {
                w.put_array([id]);
                w.put_prefixed(b);
            }
            Self::UserProperty(k, v) => {
                w.put_array([id]);
                return (string(w, k) | string(w, v)) != 0;
            }
        }
        false
    }
}

/// Writes a property's string; `scan`: look for U+0000 while copying it,
/// the marks then non-zero if it holds one. A function, not a closure, so
/// that it can be inlined on hosts into the lists' and typed sets' write
/// loops.
#[cfg_attr(not(target_os = "none"), inline(always))]
pub(crate) fn put_string(w: &mut Writer<'_>, text: &str, scan: bool) -> usize {
    if scan {
        w.put_prefixed_marks(text.as_bytes(), scan::nul_mask)
    } else {
        w.put_prefixed(text.as_bytes());
        0
    }
}

/// What [`Property::sized`] finds (or a typed set's [`Sizer`], summed).
#[derive(Clone, Copy)]
pub(crate) struct Sized {
    /// Bytes of the identifier and value on the wire.
    pub(crate) len: usize,
    /// The value is in the range its section allows.
    pub(crate) in_range: bool,
    /// Its strings and binary data fit their two-byte lengths.
    pub(crate) fits: bool,
}

impl Sized {
    /// The body length, or the error of a value out of range (`in_range`)
    /// or a string too long.
    fn verdict(self) -> Result<usize, EncodeError> {
        if !self.in_range {
            return Err(INVALID);
        }
        if !self.fits {
            return Err(EncodeError::ValueTooLarge {
                field: "MQTT string or binary data",
                max: u64::from(u16::MAX),
            });
        }
        Ok(self.len)
    }
}

/// The error of a property list that breaks a rule of §2.2.2.2.
const INVALID: EncodeError = EncodeError::Invalid {
    rule: "§2.2.2.2: a property not allowed, repeated or out of range for this packet",
};

/// The rules one property of a list must keep in `context` (§2.2.2.2):
/// allowed there, not repeated unless it may be, value in range. `seen`
/// collects the identifiers met so far (all are below 64).
/// `strings`: check the strings' "no U+0000" too (a decoder read them
/// checked already).
fn check_one(
    property: &Property<'_>,
    context: Context,
    seen: &mut u64,
    strings: bool,
) -> Result<(), Rule> {
    let identifier = property.id();
    if !context.allows(identifier) {
        return Err(Rule::PropertyNotAllowed(identifier));
    }
    let bit = 1u64 << identifier;
    if *seen & bit != 0 && !context.allows_repeat(identifier) {
        return Err(Rule::DuplicateProperty(identifier));
    }
    *seen |= bit;
    if !property.sized(strings).in_range {
        return Err(Rule::PropertyValueOutOfRange(identifier));
    }
    Ok(())
}

/// Checks a list to encode for `context` (the rules of [`check_one`]; the
/// strings' "no U+0000" only if `strings`) and sizes it, without the
/// Property Length, in one pass. The rules are kept as masks and flags and
/// tested once at the end, so that the pass has one dispatch per property
/// (the match of [`Property::sized`]) and no other data-dependent branch.
#[cfg_attr(not(target_os = "none"), inline(always))]
fn checked_list_body(
    list: &[Property<'_>],
    context: Context,
    strings: bool,
) -> Result<usize, EncodeError> {
    let (allowed, repeatable) = context.masks();
    let (mut seen, mut repeated) = (0u64, 0u64);
    let (mut len, mut in_range, mut lens) = (0usize, true, 0usize);
    for property in list {
        // Every identifier is below 64.
        let bit = 1u64 << property.id();
        repeated |= seen & bit;
        seen |= bit;
        let (property_len, property_in_range, property_lens) = property.sized_lens(strings);
        in_range &= property_in_range;
        lens |= property_lens;
        len = len.saturating_add(property_len);
    }
    Sized {
        len,
        in_range: in_range && seen & !allowed == 0 && repeated & !repeatable == 0,
        fits: lens <= usize::from(u16::MAX),
    }
    .verdict()
}

/// Writes a list sized by [`checked_list_body`]; `scan`: look for U+0000
/// in its strings while copying them, `true` if one holds it. The writer is
/// worked on as a local, in registers, and put back at the end.
#[cfg_attr(not(target_os = "none"), inline(always))]
fn write_list(w: &mut Writer<'_>, list: &[Property<'_>], scan: bool) -> bool {
    let mut local = w.take();
    let mut nul = false;
    for property in list {
        nul |= property.put(&mut local, scan);
    }
    *w = local;
    nul
}

/// Bytes on the wire of `body` bytes of properties with their Property Length.
fn with_length(body: usize) -> Result<usize, EncodeError> {
    let len = u32::try_from(body)
        .ok()
        .filter(|len| *len <= MAX_VARIABLE_BYTE_INTEGER)
        .ok_or(EncodeError::ValueTooLarge {
            field: "Property Length",
            max: u64::from(MAX_VARIABLE_BYTE_INTEGER),
        })?;
    Ok(variable_byte_integer_len(len) + body)
}

/// A packet's properties: checked when decoded (known identifiers, allowed
/// in this packet, no forbidden repeats, values in range), then read in
/// place by [`iter`](Self::iter) without allocating.
///
/// Build one for encoding with [`Properties::from_list`], or from a typed
/// set ([`PublishProperties`], [`WillProperties`], [`ConnectProperties`])
/// with `Properties::from(&set)`. A typed set in another packet than its
/// own is held to that packet's set, as a list is.
#[derive(Clone, Copy)]
pub struct Properties<'a>(Repr<'a>);

#[derive(Clone, Copy)]
enum Repr<'a> {
    /// Checked wire bytes, after the Property Length.
    Wire(&'a [u8]),
    /// Checked wire bytes that are valid UTF-8 as a whole (identifiers,
    /// ASCII strings and small numbers): strings are sliced from them.
    Text(&'a str),
    /// Properties to encode.
    List(&'a [Property<'a>]),
    /// A typed set to encode.
    Typed(&'a (dyn TypedSet + 'a)),
}

impl<'a> Properties<'a> {
    /// No properties.
    pub const EMPTY: Self = Self(Repr::List(&[]));

    /// Properties to encode, in this order.
    pub const fn from_list(list: &'a [Property<'a>]) -> Self {
        Self(Repr::List(list))
    }

    /// The properties in wire order.
    pub fn iter(&self) -> PropertyIter<'a> {
        match self.0 {
            // Checked when decoded: the strings need no second MQTT check.
            Repr::Wire(bytes) => {
                PropertyIter(IterRepr::Wire(PacketReader::trusted(bytes, Version::V5)))
            }
            Repr::Text(text) => {
                let mut r = PacketReader::trusted(text.as_bytes(), Version::V5);
                r.text = Some(text);
                PropertyIter(IterRepr::Wire(r))
            }
            Repr::List(list) => PropertyIter(IterRepr::List(list.iter())),
            Repr::Typed(set) => PropertyIter(IterRepr::Typed {
                set,
                slot: 0,
                entry: 0,
            }),
        }
    }

    /// `true` if there are none. Inline: the encoders ask on every packet.
    #[inline]
    pub fn is_empty(&self) -> bool {
        match self.0 {
            Repr::Typed(set) => set.is_empty(),
            _ => self.is_plainly_empty(),
        }
    }

    /// `true` for no properties that take no work to see: an empty list or
    /// wire bytes, the usual PUBLISH's (a typed set is sized instead).
    pub(crate) const fn is_plainly_empty(&self) -> bool {
        match self.0 {
            Repr::Wire(bytes) => bytes.is_empty(),
            Repr::Text(text) => text.is_empty(),
            Repr::List(list) => list.is_empty(),
            Repr::Typed(_) => false,
        }
    }

    /// The first property with identifier `id`.
    pub fn get(&self, id: u8) -> Option<Property<'a>> {
        self.iter().find(|p| p.id() == id)
    }

    /// Reads a Property Length and the properties after it, checking them
    /// for `context`.
    pub(crate) fn read(r: &mut PacketReader<'a>, context: Context) -> Result<Self, Error> {
        let len = r.variable_byte_integer()?;
        let body_start = r.reader.position();
        let body = r.take(usize::try_from(len).unwrap_or(usize::MAX))?;
        if r.trusted {
            // Read again from a checked packet: the bounds are all that is
            // needed, and the text, sliced from the whole when it is text.
            let end = r.reader.position();
            let text = match r.text {
                Some(_) => r.text_of(end - body.len(), end),
                None => core::str::from_utf8(body).ok(),
            };
            return Ok(Self(text.map_or(Repr::Wire(body), Repr::Text)));
        }
        let mut inner = PacketReader::new(body, r.base + body_start, Version::V5);
        // One UTF-8 validation of the whole list where it passes, instead of
        // one per string here and again in every `iter`; none when the
        // packet around it is text already.
        let end = r.reader.position();
        inner.text = match r.text {
            Some(_) => r.text_of(end - body.len(), end),
            None => core::str::from_utf8(body).ok(),
        };
        let mut seen = 0u64;
        while !inner.is_empty() {
            let at = inner.reader.position();
            let property = Property::read(&mut inner).map_err(|e| {
                // A property running past the Property Length is malformed,
                // not incomplete: the packet around it is complete.
                if e.is_incomplete() {
                    inner.malformed_at(Rule::RemainingLengthMismatch, at)
                } else {
                    e
                }
            })?;
            // The strings' MQTT rules were checked as they were read.
            check_one(&property, context, &mut seen, false)
                .map_err(|rule| inner.malformed_at(rule, at))?;
        }
        Ok(Self(match inner.text {
            Some(text) => Repr::Text(text),
            None => Repr::Wire(body),
        }))
    }

    /// Checks a list to encode by the same rules as decoding.
    ///
    /// # Errors
    /// The rule broken.
    pub fn check(&self, context: Context) -> Result<(), Rule> {
        let mut seen = 0u64;
        match self.0 {
            // By reference: a list is checked on every encode.
            Repr::List(list) => list
                .iter()
                .try_for_each(|property| check_one(property, context, &mut seen, true)),
            Repr::Wire(_) | Repr::Text(_) | Repr::Typed(_) => self
                .iter()
                .try_for_each(|property| check_one(&property, context, &mut seen, true)),
        }
    }

    /// Bytes of the properties, without the Property Length.
    fn body_len(&self) -> usize {
        match self.0 {
            Repr::Wire(bytes) => bytes.len(),
            Repr::Text(text) => text.len(),
            Repr::List(list) => list
                .iter()
                .fold(0, |body, p| body.saturating_add(p.sized(false).len)),
            Repr::Typed(set) => set.len(),
        }
    }

    /// Bytes on the wire: Property Length plus the properties.
    ///
    /// # Errors
    /// [`EncodeError::ValueTooLarge`] beyond a Variable Byte Integer.
    pub fn encoded_len(&self) -> Result<usize, EncodeError> {
        with_length(self.body_len())
    }

    /// Bytes on the wire, after checking the properties for `context`: the
    /// one check an encode makes (`Packet::encode` sizes before it writes).
    pub(crate) fn checked_len(&self, context: Context) -> Result<usize, EncodeError> {
        match self.0 {
            Repr::List(list) => return with_length(checked_list_body(list, context, true)?),
            Repr::Typed(set) => {
                if let Some(sized) = set.sized_in(context, true) {
                    return with_length(sized.verdict()?);
                }
            }
            _ => {}
        }
        self.check(context).map_err(|_| INVALID)?;
        self.encoded_len()
    }

    /// Writes the Property Length and the properties, which `checked_len`
    /// checked for `context` (only debug builds check again).
    pub(crate) fn write_checked(
        &self,
        w: &mut Writer<'_>,
        context: Context,
    ) -> Result<(), EncodeError> {
        debug_assert!(self.check(context).is_ok(), "properties written unchecked");
        let body = self.body_len();
        w.variable_byte_integer(u32::try_from(body).unwrap_or(u32::MAX))?;
        match self.0 {
            Repr::Wire(bytes) => w.bytes(bytes),
            Repr::Text(text) => w.bytes(text.as_bytes()),
            Repr::List(list) => {
                write_list(w, list, false);
                Ok(())
            }
            Repr::Typed(set) => {
                set.write(w, false);
                Ok(())
            }
        }
    }

    /// For an encoder that writes the properties right after sizing them:
    /// every rule [`checked_len`](Self::checked_len) checks but the
    /// strings' "no U+0000", which [`write_scanning`](Self::write_scanning)
    /// checks while it copies them, so each string is read once. The wire
    /// length (with the Property Length) and the body length.
    ///
    /// An encoder that stops before writing (a buffer too small) must call
    /// `checked_len`, so that a rule broken is still reported first.
    #[cfg_attr(not(target_os = "none"), inline(always))]
    pub(crate) fn sized_unscanned(&self, context: Context) -> Result<(usize, usize), EncodeError> {
        let sized = match self.0 {
            Repr::List(list) => Some(checked_list_body(list, context, false)?),
            Repr::Typed(set) => set
                .sized_in(context, false)
                .map(Sized::verdict)
                .transpose()?,
            _ => None,
        };
        let Some(body) = sized else {
            let body = self.body_len();
            return Ok((self.checked_len(context)?, body));
        };
        Ok((with_length(body)?, body))
    }

    /// Writes properties sized by [`sized_unscanned`](Self::sized_unscanned)
    /// (`body` is its body length), checking the strings' "no U+0000" as
    /// they are copied. On an error `w` holds part of them.
    pub(crate) fn write_scanning(
        &self,
        w: &mut Writer<'_>,
        body: usize,
    ) -> Result<(), EncodeError> {
        w.variable_byte_integer(u32::try_from(body).unwrap_or(u32::MAX))?;
        match self.0 {
            Repr::Wire(bytes) => w.bytes(bytes),
            Repr::Text(text) => w.bytes(text.as_bytes()),
            Repr::List(list) if write_list(w, list, true) => Err(INVALID),
            Repr::Typed(set) if set.write(w, true) => Err(INVALID),
            Repr::List(_) | Repr::Typed(_) => Ok(()),
        }
    }
}

impl<'a> Properties<'a> {
    /// The PUBLISH property set, if these are one, for PUBLISH's encoder to
    /// size and write inlined with [`sized_fields`] and
    /// [`write_fields_scanning`]: no call per set and operation (hosts).
    #[cfg(not(target_os = "none"))]
    pub(crate) fn as_publish(&self) -> Option<&PublishProperties<'_>> {
        match self.0 {
            Repr::Typed(set) => set.as_publish(),
            _ => None,
        }
    }

    /// The CONNECT property set, if these are one (see [`Self::as_publish`]).
    #[cfg(not(target_os = "none"))]
    pub(crate) fn as_connect(&self) -> Option<&ConnectProperties<'_>> {
        match self.0 {
            Repr::Typed(set) => set.as_connect(),
            _ => None,
        }
    }

    /// The Will property set, if these are one (see [`Self::as_connect`]).
    #[cfg(not(target_os = "none"))]
    pub(crate) fn as_will(&self) -> Option<&WillProperties<'_>> {
        match self.0 {
            Repr::Typed(set) => set.as_will(),
            _ => None,
        }
    }
}

/// What [`Properties::sized_unscanned`] gives for a typed set in its own
/// place, walked inlined: the wire length and the body length.
#[cfg_attr(not(target_os = "none"), inline(always))]
pub(crate) fn sized_fields<'a>(set: &impl Fields<'a>) -> Result<(usize, usize), EncodeError> {
    let mut sizer = Sizer::new(false);
    set.visit(&mut sizer);
    let body = sizer.finish().verdict()?;
    Ok((with_length(body)?, body))
}

/// What [`Properties::write_scanning`] does for a typed set [`sized_fields`]
/// sized (`body`), walked inlined.
#[cfg_attr(not(target_os = "none"), inline(always))]
pub(crate) fn write_fields_scanning<'a>(
    w: &mut Writer<'_>,
    set: &impl Fields<'a>,
    body: usize,
) -> Result<(), EncodeError> {
    w.put_variable_byte_integer(u32::try_from(body).unwrap_or(u32::MAX));
    // A writer of the walk's own, kept in registers.
    let mut local = w.take();
    let mut putter = Putter::new(&mut local, true);
    set.visit(&mut putter);
    let nul = putter.nul();
    *w = local;
    if nul { Err(INVALID) } else { Ok(()) }
}

impl<'a> From<&'a PublishProperties<'a>> for Properties<'a> {
    fn from(set: &'a PublishProperties<'a>) -> Self {
        Self(Repr::Typed(set))
    }
}

impl<'a> From<&'a WillProperties<'a>> for Properties<'a> {
    fn from(set: &'a WillProperties<'a>) -> Self {
        Self(Repr::Typed(set))
    }
}

impl<'a> From<&'a ConnectProperties<'a>> for Properties<'a> {
    fn from(set: &'a ConnectProperties<'a>) -> Self {
        Self(Repr::Typed(set))
    }
}

impl PartialEq for Properties<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.iter().eq(other.iter())
    }
}

impl Eq for Properties<'_> {}

impl fmt::Debug for Properties<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Default for Properties<'_> {
    fn default() -> Self {
        Self::EMPTY
    }
}

/// The properties of a [`Properties`], in order.
#[derive(Clone, Debug)]
pub struct PropertyIter<'a>(IterRepr<'a>);

#[derive(Clone, Debug)]
enum IterRepr<'a> {
    Wire(PacketReader<'a>),
    List(core::slice::Iter<'a, Property<'a>>),
    /// The `entry`th property of the `slot`th field of a typed set.
    Typed {
        set: &'a (dyn TypedSet + 'a),
        slot: usize,
        entry: usize,
    },
}

impl<'a> Iterator for PropertyIter<'a> {
    type Item = Property<'a>;

    fn next(&mut self) -> Option<Property<'a>> {
        match &mut self.0 {
            // The bytes were checked when decoded: reading cannot fail.
            IterRepr::Wire(r) if r.is_empty() => None,
            IterRepr::Wire(r) => Property::read(r).ok(),
            IterRepr::List(list) => list.next().copied(),
            IterRepr::Typed { set, slot, entry } => loop {
                let set: &'a dyn TypedSet = *set;
                let at = set.at(*slot, *entry);
                if !at.reached() {
                    return None;
                }
                *entry += 1;
                if *entry >= at.entries {
                    (*slot, *entry) = (*slot + 1, 0);
                }
                if at.found.is_some() {
                    return at.found;
                }
            },
        }
    }
}
