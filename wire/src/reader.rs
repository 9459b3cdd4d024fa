//! A zero-copy cursor over untrusted bytes that never reads out of bounds.

use crate::Error;

/// A cursor over an input slice. Every read checks the bounds and returns
/// [`ErrorKind::Incomplete`](crate::ErrorKind::Incomplete) with the number of
/// missing bytes, at the offset where the read started; slices it hands out
/// borrow from the input.
///
/// Invariant: `position() <= input().len()`; no method panics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reader<'a> {
    input: &'a [u8],
    position: usize,
}

impl<'a> Reader<'a> {
    /// A reader at the start of `input`.
    #[inline]
    pub const fn new(input: &'a [u8]) -> Self {
        Self { input, position: 0 }
    }

    /// The whole input, read and unread.
    #[inline]
    pub const fn input(&self) -> &'a [u8] {
        self.input
    }

    /// Offset of the next byte to read.
    #[inline]
    pub const fn position(&self) -> usize {
        self.position
    }

    /// Bytes not read yet.
    #[inline]
    pub fn remaining(&self) -> &'a [u8] {
        self.input.get(self.position..).unwrap_or_default()
    }

    /// Number of bytes not read yet.
    #[inline]
    pub const fn remaining_len(&self) -> usize {
        self.input.len().saturating_sub(self.position)
    }

    /// `true` once every byte has been read.
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.remaining_len() == 0
    }

    /// The next byte, without consuming it.
    ///
    /// # Errors
    /// `Incomplete { needed: 1 }` at the end of the input.
    #[inline]
    pub fn peek_u8<R>(&self) -> Result<u8, Error<R>> {
        self.input
            .get(self.position)
            .copied()
            .ok_or_else(|| Error::incomplete(1, self.position))
    }

    /// Consumes one byte.
    ///
    /// # Errors
    /// `Incomplete { needed: 1 }` at the end of the input.
    #[inline]
    pub fn read_u8<R>(&mut self) -> Result<u8, Error<R>> {
        let byte = self.peek_u8()?;
        self.position += 1;
        Ok(byte)
    }

    /// Consumes `len` bytes and returns them, borrowed from the input.
    ///
    /// # Errors
    /// `Incomplete` with the number of missing bytes when fewer than `len` remain;
    /// nothing is consumed then.
    #[inline]
    pub fn take<R>(&mut self, len: usize) -> Result<&'a [u8], Error<R>> {
        let end = self.position.checked_add(len);
        match end.and_then(|end| self.input.get(self.position..end)) {
            Some(bytes) => {
                self.position += len;
                Ok(bytes)
            }
            None => Err(Error::incomplete(len - self.remaining_len(), self.position)),
        }
    }

    /// Consumes `N` bytes into an array.
    ///
    /// # Errors
    /// `Incomplete` when fewer than `N` bytes remain; nothing is consumed then.
    #[inline]
    pub fn read_array<R, const N: usize>(&mut self) -> Result<[u8; N], Error<R>> {
        let bytes = self.take(N)?;
        let mut out = [0u8; N];
        out.copy_from_slice(bytes);
        Ok(out)
    }

    /// Consumes a big-endian `u16`.
    ///
    /// # Errors
    /// `Incomplete` when fewer than 2 bytes remain.
    #[inline]
    pub fn read_u16_be<R>(&mut self) -> Result<u16, Error<R>> {
        self.read_array().map(u16::from_be_bytes)
    }

    /// Consumes a big-endian `u32`.
    ///
    /// # Errors
    /// `Incomplete` when fewer than 4 bytes remain.
    #[inline]
    pub fn read_u32_be<R>(&mut self) -> Result<u32, Error<R>> {
        self.read_array().map(u32::from_be_bytes)
    }

    /// Consumes a big-endian `u64`.
    ///
    /// # Errors
    /// `Incomplete` when fewer than 8 bytes remain.
    #[inline]
    pub fn read_u64_be<R>(&mut self) -> Result<u64, Error<R>> {
        self.read_array().map(u64::from_be_bytes)
    }

    /// Moves to `position`: back, for a caller that peeked ahead, or forward
    /// past bytes it checked itself. A position past the end is clamped to the end.
    #[inline]
    pub fn seek(&mut self, position: usize) {
        self.position = position.min(self.input.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;

    type R = ();

    #[test]
    fn reads_in_order_and_tracks_position() {
        let mut r = Reader::new(&[1, 0, 2, 0, 0, 0, 3, 9]);
        assert_eq!(r.read_u8::<R>(), Ok(1));
        assert_eq!(r.read_u16_be::<R>(), Ok(2));
        assert_eq!(r.read_u32_be::<R>(), Ok(3));
        assert_eq!(r.position(), 7);
        assert_eq!(r.remaining(), &[9]);
        assert_eq!(r.take::<R>(1), Ok(&[9][..]));
        assert!(r.is_empty());
    }

    #[test]
    fn short_read_reports_missing_bytes_and_consumes_nothing() {
        let mut r = Reader::new(&[0xAA, 0xBB]);
        r.read_u8::<R>().unwrap();
        let err = r.read_u32_be::<R>().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Incomplete { needed: 3 });
        assert_eq!(err.offset(), 1);
        assert_eq!(r.position(), 1);
    }

    #[test]
    fn huge_take_does_not_overflow() {
        let mut r = Reader::new(&[1, 2, 3]);
        r.read_u8::<R>().unwrap();
        let err = r.take::<R>(usize::MAX).unwrap_err();
        assert_eq!(
            err.kind(),
            ErrorKind::Incomplete {
                needed: usize::MAX - 2
            }
        );
    }

    #[test]
    fn seek_is_clamped() {
        let mut r = Reader::new(&[1, 2]);
        r.seek(10);
        assert!(r.is_empty());
        r.seek(0);
        assert_eq!(r.read_u8::<R>(), Ok(1));
    }
}
