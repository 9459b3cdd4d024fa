#![doc = include_str!("../README.md")]
#![no_std]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod algorithm;
#[cfg(feature = "alloc")]
pub mod build;
pub mod certificate;
pub mod crl;
pub mod csr;
pub mod der;
#[cfg(feature = "alloc")]
pub mod encode;
pub mod est;
pub mod extension;
#[cfg(feature = "alloc")]
pub mod fleet;
pub mod keygen;
pub mod name;
pub mod oid;
#[cfg(feature = "alloc")]
pub mod owned;
pub mod pem;
pub mod profile;
mod rule;
pub mod time;
pub mod verify;

pub use certificate::{Certificate, Version};
pub use crl::Crl;
pub use csr::Csr;
pub use iotm_crypto as crypto;
pub use rule::{Error, Rule};
pub use time::UnixTime;
pub use verify::{ExpectedName, Policy, Profile, Usage, VerifiedPath, VerifyError, verify};
