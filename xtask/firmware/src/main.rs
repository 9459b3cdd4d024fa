//! The image `cargo xtask size` links once per measured set.
//!
//! With no feature (or `baseline`) `main` only black-boxes the input; every
//! set feature adds one module of `sets` that runs its crate's functions on
//! that input and black-boxes the results. The report is each image's section
//! sizes minus the baseline's, so the harness itself costs nothing.
#![no_std]
#![no_main]

mod sets;

use core::hint::black_box;
use core::panic::PanicInfo;

use cortex_m_rt::entry;

/// Bytes every set reads. Passed through `black_box`, so the optimiser can
/// neither const-fold the calls nor drop them.
#[expect(
    clippy::indexing_slicing,
    reason = "const initialiser: an index out of bounds fails the build"
)]
static INPUT: [u8; 256] = {
    let mut bytes = [0u8; 256];
    let mut value: u8 = 7;
    let mut i = 0;
    while i < bytes.len() {
        bytes[i] = value;
        value = value.wrapping_mul(109).wrapping_add(89);
        i += 1;
    }
    bytes
};

#[entry]
fn main() -> ! {
    let input: &[u8] = black_box(&INPUT);
    sets::run(input);
    loop {
        core::hint::spin_loop();
    }
}

/// Halts, like `panic-halt`: the message is never formatted, so the
/// formatting machinery a set's panic paths refer to is not linked.
#[panic_handler]
fn panic(_info: &PanicInfo<'_>) -> ! {
    loop {
        core::hint::spin_loop();
    }
}
