//! The one error type of every provider operation.

use core::fmt;

/// Why a crypto operation failed.
///
/// The variants say *what* was wrong without saying *how*: a failed signature
/// or tag check never tells which byte differed. Lengths are checked before
/// any library is called, so no input length makes an operation panic.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CryptoError {
    /// The provider does not implement this algorithm (or this variant of it).
    UnsupportedAlgorithm,
    /// A key has the right length but is not a valid key: a scalar that is
    /// zero or not below the group order, a point not on the curve, or a
    /// private and public half that do not belong together.
    InvalidKey,
    /// The signature does not verify (also: a malformed signature encoding).
    InvalidSignature,
    /// An input of fixed size (key, nonce, IV, tag, signature) has the wrong
    /// length.
    InvalidLength {
        /// The length the algorithm requires.
        expected: usize,
        /// The length given.
        actual: usize,
    },
    /// A variable-length input or output is outside the range the algorithm
    /// allows (HKDF output, data to key-wrap).
    LengthOutOfRange {
        /// The least length allowed.
        min: usize,
        /// The greatest length allowed.
        max: usize,
        /// The length given.
        actual: usize,
    },
    /// A length must be a multiple of `multiple` (the 8-byte semiblock of AES
    /// key wrap).
    UnalignedLength {
        /// The unit the length must be a multiple of.
        multiple: usize,
        /// The length given.
        actual: usize,
    },
    /// The output buffer is too small.
    BufferTooSmall {
        /// Bytes the output needs.
        needed: usize,
        /// Bytes the buffer has.
        available: usize,
    },
    /// An authentication check failed: AEAD tag, MAC tag or key-wrap
    /// integrity check. No plaintext is released.
    AuthenticationFailed,
    /// The system random number generator failed (ring's randomized ECDSA).
    RandomnessUnavailable,
}

impl fmt::Display for CryptoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnsupportedAlgorithm => f.write_str("algorithm not supported by this provider"),
            Self::InvalidKey => f.write_str("invalid key"),
            Self::InvalidSignature => f.write_str("signature verification failed"),
            Self::InvalidLength { expected, actual } => {
                write!(
                    f,
                    "wrong input length: {actual} bytes given, {expected} required"
                )
            }
            Self::LengthOutOfRange { min, max, actual } => {
                write!(
                    f,
                    "length {actual} out of range: {min} to {max} bytes allowed"
                )
            }
            Self::UnalignedLength { multiple, actual } => {
                write!(f, "length {actual} is not a multiple of {multiple} bytes")
            }
            Self::BufferTooSmall { needed, available } => {
                write!(
                    f,
                    "output buffer too small: {needed} bytes needed, {available} available"
                )
            }
            Self::AuthenticationFailed => f.write_str("authentication failed"),
            Self::RandomnessUnavailable => f.write_str("system random number generator failed"),
        }
    }
}

impl core::error::Error for CryptoError {}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate alloc;
    use alloc::string::ToString;

    #[test]
    fn display_names_the_lengths() {
        let e = CryptoError::InvalidLength {
            expected: 12,
            actual: 8,
        };
        assert_eq!(
            e.to_string(),
            "wrong input length: 8 bytes given, 12 required"
        );
        let e = CryptoError::BufferTooSmall {
            needed: 64,
            available: 32,
        };
        assert_eq!(
            e.to_string(),
            "output buffer too small: 64 bytes needed, 32 available"
        );
    }
}
