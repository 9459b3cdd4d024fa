//! One item head at a time: the tokenizer view of a CBOR input.

use crate::head::{Width, simple};
use crate::{Decoder, Error, Major, Rule};

/// The type of the next item, as [`Decoder::datatype`] sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DataType {
    /// Major type 0.
    Unsigned,
    /// Major type 1.
    Negative,
    /// A definite-length byte string.
    Bytes,
    /// An indefinite-length byte string.
    BytesIndefinite,
    /// A definite-length text string.
    Text,
    /// An indefinite-length text string.
    TextIndefinite,
    /// A definite-length array.
    Array,
    /// An indefinite-length array.
    ArrayIndefinite,
    /// A definite-length map.
    Map,
    /// An indefinite-length map.
    MapIndefinite,
    /// A tag.
    Tag,
    /// `false` or `true`.
    Bool,
    /// `null`.
    Null,
    /// `undefined`.
    Undefined,
    /// Another simple value.
    Simple,
    /// A half-precision float.
    F16,
    /// A single-precision float.
    F32,
    /// A double-precision float.
    F64,
    /// The break stop code.
    Break,
}

/// One token: a scalar item, a string, or the head of a container or tag.
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum Token<'a> {
    /// An unsigned integer.
    Unsigned(u64),
    /// A negative integer `-1 - n`, carried as `n` so that the whole range fits.
    Negative(u64),
    /// A definite-length byte string.
    Bytes(&'a [u8]),
    /// A definite-length text string, checked to be UTF-8.
    Text(&'a str),
    /// The start of an indefinite-length byte string; chunks and a break follow.
    BytesIndefinite,
    /// The start of an indefinite-length text string; chunks and a break follow.
    TextIndefinite,
    /// An array of this many items.
    Array(u64),
    /// An indefinite-length array; items and a break follow.
    ArrayIndefinite,
    /// A map of this many pairs.
    Map(u64),
    /// An indefinite-length map; pairs and a break follow.
    MapIndefinite,
    /// A tag; the tagged item follows.
    Tag(u64),
    /// `false` or `true`.
    Bool(bool),
    /// `null`.
    Null,
    /// `undefined`.
    Undefined,
    /// Another simple value.
    Simple(u8),
    /// A float of any width.
    Float(f64),
    /// The break stop code.
    Break,
}

impl<'a> Decoder<'a> {
    /// The type of the next item, without consuming it.
    ///
    /// # Errors
    /// A malformed head; `Incomplete` at the end of the input.
    pub fn datatype(&self) -> Result<DataType, Error> {
        let head = self.peek_head()?;
        let indefinite = head.width == Width::Indefinite;
        Ok(match head.major {
            Major::Unsigned => DataType::Unsigned,
            Major::Negative => DataType::Negative,
            Major::Bytes if indefinite => DataType::BytesIndefinite,
            Major::Bytes => DataType::Bytes,
            Major::Text if indefinite => DataType::TextIndefinite,
            Major::Text => DataType::Text,
            Major::Array if indefinite => DataType::ArrayIndefinite,
            Major::Array => DataType::Array,
            Major::Map if indefinite => DataType::MapIndefinite,
            Major::Map => DataType::Map,
            Major::Tag => DataType::Tag,
            Major::Simple => match head.width {
                Width::Two => DataType::F16,
                Width::Four => DataType::F32,
                Width::Eight => DataType::F64,
                Width::Indefinite => DataType::Break,
                Width::Immediate | Width::One => match u8::try_from(head.arg) {
                    Ok(simple::FALSE | simple::TRUE) => DataType::Bool,
                    Ok(simple::NULL) => DataType::Null,
                    Ok(simple::UNDEFINED) => DataType::Undefined,
                    _ => DataType::Simple,
                },
            },
        })
    }

    /// Reads the next token. Strings come whole when definite; containers
    /// and tags come as their heads, their content follows as more tokens.
    ///
    /// # Errors
    /// A malformed head, invalid UTF-8 in a text string, `Incomplete`.
    pub fn token(&mut self) -> Result<Token<'a>, Error> {
        match self.datatype()? {
            DataType::Bytes => return self.bytes().map(Token::Bytes),
            DataType::Text => return self.str().map(Token::Text),
            DataType::F16 | DataType::F32 | DataType::F64 => return self.f64().map(Token::Float),
            _ => {}
        }
        let head = self.head()?;
        let indefinite = head.width == Width::Indefinite;
        Ok(match head.major {
            Major::Unsigned => Token::Unsigned(head.arg),
            Major::Negative => Token::Negative(head.arg),
            Major::Bytes => Token::BytesIndefinite,
            Major::Text => Token::TextIndefinite,
            Major::Array if indefinite => Token::ArrayIndefinite,
            Major::Array => Token::Array(head.arg),
            Major::Map if indefinite => Token::MapIndefinite,
            Major::Map => Token::Map(head.arg),
            Major::Tag => Token::Tag(head.arg),
            Major::Simple if indefinite => Token::Break,
            Major::Simple => match u8::try_from(head.arg) {
                Ok(simple::FALSE) => Token::Bool(false),
                Ok(simple::TRUE) => Token::Bool(true),
                Ok(simple::NULL) => Token::Null,
                Ok(simple::UNDEFINED) => Token::Undefined,
                Ok(value) => Token::Simple(value),
                Err(_) => return Err(self.malformed(Rule::IntegerOverflow)),
            },
        })
    }
}
