//! Crypto-provider trait for iotm with a RustCrypto backend (no_std) and a ring backend (hosts)
#![no_std]
