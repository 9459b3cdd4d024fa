#![doc = include_str!("../README.md")]
#![no_std]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

#[cfg(feature = "std")]
extern crate std;

mod alg;
#[cfg(feature = "rustcrypto-core")]
mod check;
mod error;
mod provider;
#[cfg(feature = "ring")]
mod ring;
#[cfg(feature = "rustcrypto-core")]
mod rustcrypto;

pub use alg::{AeadAlg, CipherAlg, Curve, HashAlg, KeyWrapAlg, MacAlg, SignatureAlg};
pub use error::CryptoError;
pub use provider::{CryptoProvider, Hasher, SigningKey};
#[cfg(feature = "ring")]
pub use ring::{RingHasher, RingProvider};
#[cfg(feature = "rustcrypto-core")]
pub use rustcrypto::{RustCryptoHasher, RustCryptoProvider};
