#![doc = include_str!("../README.md")]
#![no_std]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

#[cfg(feature = "std")]
extern crate std;

mod alg;
#[cfg(feature = "rustcrypto-core")]
mod check;
mod error;
#[cfg(feature = "rustcrypto-hsslms")]
mod hss_lms;
#[cfg(feature = "p256-precomputed")]
mod p256_precomputed;
mod provider;
#[cfg(feature = "ring")]
mod ring;
#[cfg(feature = "rustcrypto-core")]
mod rustcrypto;

pub use alg::{AeadAlg, CipherAlg, Curve, HashAlg, KeyWrapAlg, MacAlg, SignatureAlg};
pub use error::CryptoError;
#[cfg(feature = "rustcrypto-hsslms")]
pub use hss_lms::{
    HSS_MAX_LEVELS, HSS_MAX_SIGNATURE_LEN, HSS_PUBLIC_KEY_LEN, HssLmsError, verify_hss_lms,
};
#[cfg(feature = "p256-precomputed")]
pub use p256_precomputed::PrecomputedP256;
pub use provider::{CryptoProvider, Hasher, SigningKey};
#[cfg(feature = "ring")]
pub use ring::{RingHasher, RingProvider};
#[cfg(feature = "rustcrypto-core")]
pub use rustcrypto::{RustCryptoHasher, RustCryptoProvider};
