//! `cbor-diagnostic`: iotm-cbor's diagnostic notation, printed without an
//! allocator into a fixed buffer (what a device logs over a UART).

use core::fmt::Write;

use super::keep;

/// Prints the first item of the input as diagnostic notation.
pub(crate) fn run(input: &[u8]) {
    let mut sink = Sink {
        len: 0,
        buf: [0; 64],
    };
    if let Ok((diag, _)) = iotm_cbor::Diagnostic::new(input) {
        keep(write!(sink, "{diag}"));
    }
    keep(sink.buf);
    keep(sink.len);
}

/// A fixed buffer that drops what does not fit.
struct Sink {
    len: usize,
    buf: [u8; 64],
}

impl Write for Sink {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        for byte in s.bytes() {
            if let Some(slot) = self.buf.get_mut(self.len) {
                *slot = byte;
                self.len += 1;
            }
        }
        Ok(())
    }
}
