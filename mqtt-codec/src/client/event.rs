//! What the client session reports to the application.

use crate::{Properties, Publish, ReasonCode};

/// Something that happened on the connection, borrowed from the packet
/// that caused it (valid until the next call on the client).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event<'a> {
    /// CONNACK accepted the connection.
    Connected {
        /// The server kept the session: in-flight messages were resent.
        session_present: bool,
        /// CONNACK properties (5.0).
        properties: Properties<'a>,
    },
    /// CONNACK refused the connection.
    ConnectionRefused {
        /// Why (3.1.1: the return code).
        reason_code: ReasonCode,
        /// CONNACK properties (5.0).
        properties: Properties<'a>,
    },
    /// An application message for a subscription. QoS 1 and 2 are
    /// acknowledged by the client; a QoS 2 message is reported once.
    Message(Publish<'a>),
    /// An outgoing QoS 1 or 2 message completed its flow (PUBACK, or
    /// PUBCOMP; or PUBREC with an error code, which ends QoS 2 early).
    Published {
        /// The message's packet identifier.
        packet_id: u16,
        /// Success or the server's reason (5.0).
        reason_code: ReasonCode,
    },
    /// SUBACK: one code per filter.
    Subscribed {
        /// The SUBSCRIBE's packet identifier.
        packet_id: u16,
        /// The granted QoS or an error, per filter.
        reason_codes: &'a [u8],
    },
    /// UNSUBACK (5.0: one code per filter; 3.1.1: none).
    Unsubscribed {
        /// The UNSUBSCRIBE's packet identifier.
        packet_id: u16,
        /// Per-filter results (5.0).
        reason_codes: &'a [u8],
    },
    /// PINGRESP arrived.
    Pong,
    /// AUTH from the server: answer with [`Client::authenticate`](crate::Client::authenticate)
    /// (Continue authentication), or note success.
    Auth {
        /// Continue authentication, Success or Re-authenticate.
        reason_code: ReasonCode,
        /// Authentication Method and Data.
        properties: Properties<'a>,
    },
    /// The server sent DISCONNECT; the connection is over.
    Disconnected {
        /// Why.
        reason_code: ReasonCode,
        /// Reason String, Server Reference, ...
        properties: Properties<'a>,
    },
}
