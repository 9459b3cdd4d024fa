//! The protocol versions this codec speaks.

/// An MQTT protocol version, as the CONNECT packet's Protocol Level names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Version {
    /// MQTT 3.1.1 (ISO/IEC 20922), protocol level 4.
    V3_1_1,
    /// MQTT 5.0, protocol level 5.
    V5,
}

impl Version {
    /// The Protocol Level byte of CONNECT (3.1.1 §3.1.2.2, 5.0 §3.1.2.2).
    pub const fn level(self) -> u8 {
        match self {
            Self::V3_1_1 => 4,
            Self::V5 => 5,
        }
    }

    /// The version of a Protocol Level byte, if this codec speaks it.
    pub const fn from_level(level: u8) -> Option<Self> {
        match level {
            4 => Some(Self::V3_1_1),
            5 => Some(Self::V5),
            _ => None,
        }
    }

    /// `true` for MQTT 5.0, which has properties and reason codes.
    pub const fn is_v5(self) -> bool {
        matches!(self, Self::V5)
    }
}
