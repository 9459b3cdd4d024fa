//! No-std, allocation-free, zero-copy CBOR (RFC 8949) reader and writer with diagnostic notation
#![no_std]
