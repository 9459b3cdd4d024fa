//! The rules of MQTT 3.1.1 and 5.0 a packet can break, and the crate's error
//! type. Each rule's `Display` names the normative statement of MQTT 5.0 and,
//! where 3.1.1 numbers it differently, the 3.1.1 one too.

use core::fmt;

use crate::PacketType;

/// A decoding failure: an [`iotm_wire::ErrorKind`] (incomplete, or malformed
/// with the [`Rule`] broken) and the byte offset in the stream or packet.
pub type Error = iotm_wire::Error<Rule>;

/// A rule of the MQTT specifications (or of the caller's limits) that the
/// bytes break.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Rule {
    /// A Variable Byte Integer has at most four bytes (5.0 §1.5.5, 3.1.1 §2.2.3).
    VariableByteIntegerTooLong,
    /// A Variable Byte Integer must use the fewest bytes [MQTT-1.5.5-1].
    VariableByteIntegerNotMinimal,
    /// A UTF-8 string must be well-formed, without surrogates [MQTT-1.5.4-1].
    InvalidUtf8,
    /// A UTF-8 string must not contain U+0000 [MQTT-1.5.4-2].
    NullCharacter,
    /// Packet type 0 (and 15 in 3.1.1) is reserved (§2.1.2).
    ReservedPacketType(u8),
    /// The fixed header flags of this packet type are fixed [MQTT-2.1.3-1].
    InvalidFixedHeaderFlags(PacketType),
    /// A PUBLISH must not have both QoS bits set [MQTT-3.3.1-4].
    QosThree,
    /// DUP must be 0 in a QoS 0 PUBLISH [MQTT-3.3.1-2].
    DupWithQosZero,
    /// The packet is larger than the receiver's Maximum Packet Size (§3.1.2.11.4).
    PacketTooLarge {
        /// The whole packet's size.
        size: u32,
        /// The largest packet accepted.
        max: u32,
    },
    /// The packet's fields end before or after its Remaining Length (§2.1.4).
    RemainingLengthMismatch,
    /// A packet identifier must not be zero [MQTT-2.2.1-3].
    ZeroPacketIdentifier,
    /// CONNECT's Protocol Name must be "MQTT" [MQTT-3.1.2-1].
    ProtocolName,
    /// The CONNECT Protocol Level is not 4 or 5 [MQTT-3.1.2-2].
    UnsupportedProtocolLevel(u8),
    /// CONNECT's reserved flag must be 0 [MQTT-3.1.2-3].
    ConnectReservedFlag,
    /// Will QoS must be 0 without the Will Flag [MQTT-3.1.2-11].
    WillQosWithoutWill,
    /// Will QoS must not be 3 [MQTT-3.1.2-12].
    WillQosThree,
    /// Will Retain must be 0 without the Will Flag [MQTT-3.1.2-13].
    WillRetainWithoutWill,
    /// 3.1.1: the Password Flag needs the User Name Flag [MQTT-3.1.2-22].
    PasswordWithoutUserName,
    /// CONNACK acknowledge flags bits 7–1 are reserved [MQTT-3.2.2-1].
    ConnackReservedFlags,
    /// CONNACK with an error must not say Session Present [MQTT-3.2.2-6].
    SessionPresentWithError,
    /// A topic name must not contain wildcards [MQTT-3.3.2-2].
    WildcardInTopicName,
    /// Topic names and filters are at least one character long [MQTT-4.7.3-1].
    EmptyTopic,
    /// '#' must be last and alone in its level, '+' alone in its level
    /// [MQTT-4.7.1-1], [MQTT-4.7.1-2] (3.1.1: [MQTT-4.7.1-2], [MQTT-4.7.1-3]).
    InvalidWildcard,
    /// A shared subscription is `$share/{ShareName}/{filter}` with a non-empty
    /// ShareName free of '/', '+' and '#' [MQTT-4.8.2-1], [MQTT-4.8.2-2].
    InvalidSharedSubscription,
    /// SUBSCRIBE and UNSUBSCRIBE carry at least one topic filter
    /// [MQTT-3.8.3-2], [MQTT-3.10.3-2].
    NoTopicFilter,
    /// Reserved bits of the subscription options must be 0 [MQTT-3.8.3-5].
    SubscriptionOptionsReserved,
    /// Retain Handling 3 is a Protocol Error (§3.8.3.1).
    RetainHandlingThree,
    /// No Local must not be set on a shared subscription [MQTT-3.8.3-4].
    NoLocalOnSharedSubscription,
    /// A property identifier MQTT 5.0 does not define (§2.2.2.2), as read
    /// (a Variable Byte Integer, so it may exceed a byte).
    UnknownProperty(u32),
    /// A property this packet type cannot carry (§2.2.2.2).
    PropertyNotAllowed(u8),
    /// A property given twice that may appear once (§2.2.2.2).
    DuplicateProperty(u8),
    /// A property value outside its range (§3.x: e.g. Receive Maximum 0).
    PropertyValueOutOfRange(u8),
    /// An MQTT 5.0 packet type (AUTH) in an MQTT 3.1.1 stream.
    NotInThisVersion,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::VariableByteIntegerTooLong => {
                f.write_str("§1.5.5: a Variable Byte Integer has at most 4 bytes")
            }
            Self::VariableByteIntegerNotMinimal => f.write_str(
                "[MQTT-1.5.5-1]: a Variable Byte Integer must use the minimum number of bytes",
            ),
            Self::InvalidUtf8 => f.write_str(
                "[MQTT-1.5.4-1] (3.1.1: [MQTT-1.5.3-1]): UTF-8 string is not well-formed",
            ),
            Self::NullCharacter => f.write_str(
                "[MQTT-1.5.4-2] (3.1.1: [MQTT-1.5.3-2]): UTF-8 string contains U+0000",
            ),
            Self::ReservedPacketType(t) => write!(f, "§2.1.2: packet type {t} is reserved"),
            Self::InvalidFixedHeaderFlags(t) => write!(
                f,
                "[MQTT-2.1.3-1] (3.1.1: [MQTT-2.2.2-1]): reserved fixed header flags of {t} are wrong"
            ),
            Self::QosThree => f.write_str("[MQTT-3.3.1-4]: QoS must not be 3 (also §3.8.3.1 in SUBSCRIBE)"),
            Self::DupWithQosZero => {
                f.write_str("[MQTT-3.3.1-2]: DUP must be 0 when QoS is 0")
            }
            Self::PacketTooLarge { size, max } => write!(
                f,
                "§3.1.2.11.4: packet of {size} bytes exceeds the Maximum Packet Size {max}"
            ),
            Self::RemainingLengthMismatch => {
                f.write_str("§2.1.4: the packet's fields do not fill its Remaining Length exactly")
            }
            Self::ZeroPacketIdentifier => f.write_str(
                "[MQTT-2.2.1-3] (3.1.1: [MQTT-2.3.1-1]): packet identifier must not be 0",
            ),
            Self::ProtocolName => f.write_str("[MQTT-3.1.2-1]: Protocol Name must be \"MQTT\""),
            Self::UnsupportedProtocolLevel(level) => {
                write!(f, "[MQTT-3.1.2-2]: unsupported Protocol Level {level}")
            }
            Self::ConnectReservedFlag => {
                f.write_str("[MQTT-3.1.2-3]: the reserved CONNECT flag must be 0")
            }
            Self::WillQosWithoutWill => f.write_str(
                "[MQTT-3.1.2-11] (3.1.1: [MQTT-3.1.2-13]): Will QoS must be 0 when the Will Flag is 0",
            ),
            Self::WillQosThree => f.write_str(
                "[MQTT-3.1.2-12] (3.1.1: [MQTT-3.1.2-14]): Will QoS must not be 3",
            ),
            Self::WillRetainWithoutWill => f.write_str(
                "[MQTT-3.1.2-13] (3.1.1: [MQTT-3.1.2-15]): Will Retain must be 0 when the Will Flag is 0",
            ),
            Self::PasswordWithoutUserName => f.write_str(
                "3.1.1 [MQTT-3.1.2-22]: the Password Flag must be 0 when the User Name Flag is 0",
            ),
            Self::ConnackReservedFlags => {
                f.write_str("[MQTT-3.2.2-1] (3.1.1: §3.2.2.1): CONNACK acknowledge flags 7-1 are reserved")
            }
            Self::SessionPresentWithError => f.write_str(
                "[MQTT-3.2.2-6] (3.1.1: [MQTT-3.2.2-4]): Session Present must be 0 with an error code",
            ),
            Self::WildcardInTopicName => {
                f.write_str("[MQTT-3.3.2-2]: a topic name must not contain wildcard characters")
            }
            Self::EmptyTopic => {
                f.write_str("[MQTT-4.7.3-1]: topic names and filters are at least one character")
            }
            Self::InvalidWildcard => f.write_str(
                "[MQTT-4.7.1-1]/[MQTT-4.7.1-2] (3.1.1: [MQTT-4.7.1-2]/[MQTT-4.7.1-3]): '#' must be last and alone in its level, '+' alone in its level",
            ),
            Self::InvalidSharedSubscription => f.write_str(
                "[MQTT-4.8.2-1]/[MQTT-4.8.2-2]: a shared subscription is $share/{ShareName}/{filter}",
            ),
            Self::NoTopicFilter => f.write_str(
                "[MQTT-3.8.3-2] (3.1.1: [MQTT-3.8.3-3]) / [MQTT-3.10.3-2]: SUBSCRIBE and UNSUBSCRIBE need a topic filter",
            ),
            Self::SubscriptionOptionsReserved => f.write_str(
                "[MQTT-3.8.3-5] (3.1.1: [MQTT-3-8.3-4]): reserved subscription option bits must be 0",
            ),
            Self::RetainHandlingThree => f.write_str("§3.8.3.1: Retain Handling 3 is a Protocol Error"),
            Self::NoLocalOnSharedSubscription => {
                f.write_str("[MQTT-3.8.3-4]: No Local must be 0 on a shared subscription")
            }
            Self::UnknownProperty(id) => write!(f, "§2.2.2.2: unknown property identifier {id:#04x}"),
            Self::PropertyNotAllowed(id) => {
                write!(f, "§2.2.2.2: property {id:#04x} is not allowed in this packet")
            }
            Self::DuplicateProperty(id) => {
                write!(f, "§2.2.2.2: property {id:#04x} must not appear more than once")
            }
            Self::PropertyValueOutOfRange(id) => {
                write!(f, "§3: the value of property {id:#04x} is out of its range")
            }
            Self::NotInThisVersion => f.write_str("AUTH exists only in MQTT 5.0"),
        }
    }
}
