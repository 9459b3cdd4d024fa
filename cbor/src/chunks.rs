//! Strings of either length form, chunk by chunk (RFC 8949 §3.2.3).

use crate::head::Width;
use crate::{Decoder, Error, Expected, Major, Rule};

/// The chunks of one byte or text string: one chunk for a definite-length
/// string, each chunk in turn for an indefinite-length one. Text chunks are
/// checked to be UTF-8 each (§3.2.3: chunks never split a character).
///
/// Made by [`Decoder::bytes_chunks`] and [`Decoder::text_chunks`]. After an
/// error the iterator ends.
#[derive(Debug)]
pub struct Chunks<'d, 'a> {
    decoder: &'d mut Decoder<'a>,
    major: Major,
    state: State,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Definite(u64),
    Indefinite,
    Done,
}

impl<'a> Decoder<'a> {
    /// Reads a byte string of either length form as an iterator over its chunks.
    ///
    /// # Errors
    /// `UnexpectedType`; `Incomplete`. Errors inside the string come from the iterator.
    pub fn bytes_chunks(&mut self) -> Result<Chunks<'_, 'a>, Error> {
        self.chunks(Major::Bytes, Expected::Bytes)
    }

    /// Reads a text string of either length form as an iterator over its chunks.
    ///
    /// # Errors
    /// `UnexpectedType`; `Incomplete`. Errors inside the string come from the iterator.
    pub fn text_chunks(&mut self) -> Result<Chunks<'_, 'a>, Error> {
        self.chunks(Major::Text, Expected::Text)
    }

    fn chunks(&mut self, major: Major, expected: Expected) -> Result<Chunks<'_, 'a>, Error> {
        let head = self.peek_head()?;
        if head.major != major {
            return Err(self.malformed(Rule::UnexpectedType {
                expected,
                found: head.major,
            }));
        }
        self.head()?;
        let state = if head.width == Width::Indefinite {
            State::Indefinite
        } else {
            State::Definite(head.arg)
        };
        Ok(Chunks {
            decoder: self,
            major,
            state,
        })
    }
}

impl<'a> Chunks<'_, 'a> {
    fn content(&mut self, len: u64) -> Result<&'a [u8], Error> {
        let offset = self.decoder.offset();
        let bytes = self.decoder.take(len)?;
        if self.major == Major::Text {
            core::str::from_utf8(bytes)
                .map_err(|e| Error::malformed(Rule::InvalidUtf8, offset + e.valid_up_to()))?;
        }
        Ok(bytes)
    }

    fn next_chunk(&mut self) -> Result<Option<&'a [u8]>, Error> {
        match self.state {
            State::Done => Ok(None),
            State::Definite(len) => {
                self.state = State::Done;
                self.content(len).map(Some)
            }
            State::Indefinite => {
                let offset = self.decoder.offset();
                let head = self.decoder.head()?;
                if head.is_break() {
                    self.state = State::Done;
                    return Ok(None);
                }
                if head.major != self.major || head.width == Width::Indefinite {
                    return Err(Error::malformed(Rule::InvalidChunk, offset));
                }
                self.content(head.arg).map(Some)
            }
        }
    }
}

impl<'a> Iterator for Chunks<'_, 'a> {
    type Item = Result<&'a [u8], Error>;

    fn next(&mut self) -> Option<Self::Item> {
        let result = self.next_chunk();
        if result.is_err() {
            self.state = State::Done;
        }
        result.transpose()
    }
}
