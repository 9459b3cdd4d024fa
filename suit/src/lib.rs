#![doc = include_str!("../README.md")]
#![no_std]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod command;
#[cfg(feature = "std")]
pub mod compile;
mod component;
mod cose;
mod digest;
#[cfg(all(feature = "alloc", feature = "encryption"))]
pub mod encrypt;
#[cfg(feature = "encryption")]
pub mod encryption;
mod envelope;
mod key;
pub mod label;
mod manifest;
mod map;
mod parameter;
mod process;
mod report;
mod rule;
#[cfg(feature = "alloc")]
mod sign;
#[cfg(feature = "alloc")]
mod sim;

pub use command::{
    Command, CommandSequence, Condition, Directive, IndexArg, IndexList, IndexedEntry, IndexedMap,
    KeyList, ReportingPolicy, TryEach,
};
pub use component::{ComponentId, Components, Segments};
pub use cose::{AuthenticationBlock, BlockKind};
pub use digest::Digest;
pub use envelope::{Authentication, Blocks, Envelope, IntegratedPayloads, MAX_NESTING, Verified};
pub use iotm_crypto as crypto;
pub use key::{KeyResolver, KeyUse, TrustAnchor, VerificationKey};
pub use manifest::{Common, Manifest, Severable, Wrapped};
pub use parameter::{Parameter, Parameters};
pub use process::{
    Abort, ComponentParameters, Identifier, MAX_DEPENDENCY_DEPTH, Platform, PlatformError,
    Procedure, Processor, Progress, Reason, Status,
};
pub use report::{MAX_RECORDS, Report, ReportReference, ReportResult};
pub use rule::{Error, Member, Rule};
#[cfg(feature = "alloc")]
pub use sign::{EnvelopeBuilder, SignError, Signer, remove_severed, unpack};
#[cfg(feature = "alloc")]
pub use sim::SimulatedDevice;
