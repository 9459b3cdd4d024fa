//! Puts `memory.x` on the linker search path and links with cortex-m-rt's
//! `link.x`, so the image builds the same whatever directory cargo runs from
//! (a `.cargo/config.toml` here would only apply when cargo starts inside this folder).

use std::{env, fs, path::PathBuf};

fn main() -> Result<(), Box<dyn core::error::Error>> {
    let out = PathBuf::from(env::var("OUT_DIR")?);
    fs::write(out.join("memory.x"), include_bytes!("memory.x"))?;
    println!("cargo:rustc-link-search={}", out.display());
    println!("cargo:rerun-if-changed=memory.x");
    println!("cargo:rerun-if-changed=build.rs");
    if env::var("TARGET")?.starts_with("thumb") {
        println!("cargo:rustc-link-arg-bins=-Tlink.x");
    }
    Ok(())
}
