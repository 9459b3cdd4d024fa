#![doc = include_str!("../README.md")]
#![no_std]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod chunks;
mod decoder;
mod deterministic;
mod diag;
#[cfg(feature = "alloc")]
mod diag_parse;
mod encoder;
mod float;
mod head;
mod rule;
mod token;

pub use chunks::Chunks;
pub use decoder::{DEFAULT_MAX_DEPTH, Decoder};
pub use deterministic::check_deterministic;
#[cfg(feature = "alloc")]
pub use deterministic::to_deterministic;
pub use diag::Diagnostic;
#[cfg(feature = "alloc")]
pub use diag_parse::{DiagError, parse_diagnostic};
pub use encoder::{Encoder, SizeCounter, Write, encoded_len};
pub use head::Width;
pub use iotm_wire::{EncodeError, SliceWriter};
pub use rule::{Error, Expected, Major, Rule};
pub use token::{DataType, Token};
