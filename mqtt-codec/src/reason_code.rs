//! Reason codes (MQTT 5.0 §2.4) and 3.1.1 CONNACK return codes, as an open
//! enum: a code this crate has no name for still decodes.

use core::fmt;

/// A reason code byte. The associated constants name the codes of §2.4;
/// any other byte is kept as it is. The default is 0x00, Success.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct ReasonCode(pub u8);

macro_rules! reason_codes {
    ($($name:ident = $value:literal, $text:literal;)*) => {
        impl ReasonCode {
            $(
                #[doc = $text]
                pub const $name: Self = Self($value);
            )*

            /// The specification's name of this code, if it has one.
            /// (0x00 is "Success", "Normal disconnection" or "Granted QoS 0"
            /// depending on the packet; the name here is "Success".)
            pub const fn name(self) -> Option<&'static str> {
                match self.0 {
                    $($value => Some($text),)*
                    _ => None,
                }
            }
        }
    };
}

reason_codes! {
    SUCCESS = 0x00, "Success";
    GRANTED_QOS_1 = 0x01, "Granted QoS 1";
    GRANTED_QOS_2 = 0x02, "Granted QoS 2";
    DISCONNECT_WITH_WILL_MESSAGE = 0x04, "Disconnect with Will Message";
    NO_MATCHING_SUBSCRIBERS = 0x10, "No matching subscribers";
    NO_SUBSCRIPTION_EXISTED = 0x11, "No subscription existed";
    CONTINUE_AUTHENTICATION = 0x18, "Continue authentication";
    RE_AUTHENTICATE = 0x19, "Re-authenticate";
    UNSPECIFIED_ERROR = 0x80, "Unspecified error";
    MALFORMED_PACKET = 0x81, "Malformed Packet";
    PROTOCOL_ERROR = 0x82, "Protocol Error";
    IMPLEMENTATION_SPECIFIC_ERROR = 0x83, "Implementation specific error";
    UNSUPPORTED_PROTOCOL_VERSION = 0x84, "Unsupported Protocol Version";
    CLIENT_IDENTIFIER_NOT_VALID = 0x85, "Client Identifier not valid";
    BAD_USER_NAME_OR_PASSWORD = 0x86, "Bad User Name or Password";
    NOT_AUTHORIZED = 0x87, "Not authorized";
    SERVER_UNAVAILABLE = 0x88, "Server unavailable";
    SERVER_BUSY = 0x89, "Server busy";
    BANNED = 0x8a, "Banned";
    SERVER_SHUTTING_DOWN = 0x8b, "Server shutting down";
    BAD_AUTHENTICATION_METHOD = 0x8c, "Bad authentication method";
    KEEP_ALIVE_TIMEOUT = 0x8d, "Keep Alive timeout";
    SESSION_TAKEN_OVER = 0x8e, "Session taken over";
    TOPIC_FILTER_INVALID = 0x8f, "Topic Filter invalid";
    TOPIC_NAME_INVALID = 0x90, "Topic Name invalid";
    PACKET_IDENTIFIER_IN_USE = 0x91, "Packet Identifier in use";
    PACKET_IDENTIFIER_NOT_FOUND = 0x92, "Packet Identifier not found";
    RECEIVE_MAXIMUM_EXCEEDED = 0x93, "Receive Maximum exceeded";
    TOPIC_ALIAS_INVALID = 0x94, "Topic Alias invalid";
    PACKET_TOO_LARGE = 0x95, "Packet too large";
    MESSAGE_RATE_TOO_HIGH = 0x96, "Message rate too high";
    QUOTA_EXCEEDED = 0x97, "Quota exceeded";
    ADMINISTRATIVE_ACTION = 0x98, "Administrative action";
    PAYLOAD_FORMAT_INVALID = 0x99, "Payload format invalid";
    RETAIN_NOT_SUPPORTED = 0x9a, "Retain not supported";
    QOS_NOT_SUPPORTED = 0x9b, "QoS not supported";
    USE_ANOTHER_SERVER = 0x9c, "Use another server";
    SERVER_MOVED = 0x9d, "Server moved";
    SHARED_SUBSCRIPTIONS_NOT_SUPPORTED = 0x9e, "Shared Subscriptions not supported";
    CONNECTION_RATE_EXCEEDED = 0x9f, "Connection rate exceeded";
    MAXIMUM_CONNECT_TIME = 0xa0, "Maximum connect time";
    SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED = 0xa1, "Subscription Identifiers not supported";
    WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED = 0xa2, "Wildcard Subscriptions not supported";
}

impl ReasonCode {
    /// Codes of 0x80 and above report a failure (§2.4).
    pub const fn is_error(self) -> bool {
        self.0 >= 0x80
    }
}

impl fmt::Debug for ReasonCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "ReasonCode({:#04x} {name})", self.0),
            None => write!(f, "ReasonCode({:#04x})", self.0),
        }
    }
}

impl fmt::Display for ReasonCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{name} ({:#04x})", self.0),
            None => write!(f, "reason code {:#04x}", self.0),
        }
    }
}
