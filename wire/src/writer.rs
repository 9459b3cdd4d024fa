//! A cursor that writes into a caller's slice and never writes past it.

use crate::EncodeError;

/// Writes into a caller's slice. Every write checks the room left and fails
/// with [`EncodeError::BufferTooSmall`] (saying how many bytes the writes so
/// far needed) instead of truncating.
///
/// ```
/// use iotm_wire::{EncodeError, SliceWriter};
///
/// let mut buf = [0u8; 4];
/// let mut w = SliceWriter::new(&mut buf);
/// w.write(&[1, 2, 3])?;
/// assert_eq!(w.write(&[4, 5]), Err(EncodeError::BufferTooSmall { needed: 5, available: 4 }));
/// assert_eq!(w.into_written(), [1, 2, 3]);
/// # Ok::<(), EncodeError>(())
/// ```
#[derive(Debug)]
pub struct SliceWriter<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl<'a> SliceWriter<'a> {
    /// A writer at the start of `buf`.
    pub fn new(buf: &'a mut [u8]) -> Self {
        Self { buf, len: 0 }
    }

    /// Bytes written so far.
    pub const fn len(&self) -> usize {
        self.len
    }

    /// `true` if nothing was written.
    pub const fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends `bytes`; on error nothing is written.
    ///
    /// # Errors
    /// [`EncodeError::BufferTooSmall`] when they do not fit.
    #[inline]
    pub fn write(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        let end = self.len.saturating_add(bytes.len());
        let available = self.buf.len();
        let dst = self
            .buf
            .get_mut(self.len..end)
            .ok_or(EncodeError::BufferTooSmall {
                needed: end,
                available,
            })?;
        dst.copy_from_slice(bytes);
        self.len = end;
        Ok(())
    }

    /// The written prefix of the buffer.
    pub fn into_written(self) -> &'a [u8] {
        let len = self.len;
        self.buf.get(..len).unwrap_or_default()
    }
}
