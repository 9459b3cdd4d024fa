#![doc = include_str!("../README.md")]
#![no_std]
#![cfg_attr(docsrs, feature(doc_auto_cfg))]

#[cfg(feature = "std")]
extern crate std;

mod error;
mod reader;
mod writer;

pub use error::{EncodeError, Error, ErrorKind};
pub use reader::Reader;
pub use writer::SliceWriter;
