//! CBOR decode and encode, iotm-cbor against minicbor and ciborium, in the
//! same group of the same run so that the ratios hold on a noisy machine.
//!
//! The document is a SenML-CBOR pack (RFC 8428 §6, integer labels) of 100
//! records: the kind of payload an LwM2M device sends.
//!
//! - `cbor_decode`: decode every record into borrowed fields and fold them
//!   into a checksum. iotm-cbor and minicbor read in place; ciborium has no
//!   borrowing reader for integer-keyed maps, so it decodes to its `Value`
//!   (as coset does) and the fields are read from that.
//! - `cbor_skip`: check the whole document for well-formedness and skip it.
//! - `cbor_encode`: encode the pack into a buffer.

#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation,
    clippy::std_instead_of_core,
    reason = "bench code"
)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// SenML labels (RFC 8428 Table 4 / §6).
const BASE_NAME: i64 = -2;
const NAME: i64 = 0;
const UNIT: i64 = 1;
const VALUE: i64 = 2;
const TIME: i64 = 6;
const DATA: i64 = 8;

struct Record {
    name: String,
    unit: &'static str,
    value: f64,
    time: u64,
    data: Vec<u8>,
}

fn records() -> Vec<Record> {
    (0..100u64)
        .map(|i| Record {
            name: format!("sensor/{i}/temperature"),
            unit: if i % 2 == 0 { "Cel" } else { "%RH" },
            value: 20.0 + (i as f64) * 0.37,
            time: 1_700_000_000 + i * 60,
            data: if i % 10 == 0 {
                vec![i as u8; 16]
            } else {
                Vec::new()
            },
        })
        .collect()
}

/// What every decoder folds a record into, so the benches check each other.
#[derive(Debug, Default, PartialEq)]
struct Checksum {
    records: u64,
    text: usize,
    data: usize,
    time: u64,
    value: f64,
}

impl Checksum {
    fn add(&mut self, name: &str, unit: &str, value: f64, time: u64, data: &[u8]) {
        self.records += 1;
        self.text += name.len() + unit.len();
        self.data += data.len();
        self.time = self.time.wrapping_add(time);
        self.value += value;
    }
}

mod ours {
    use super::*;
    use iotm_cbor::{Decoder, EncodeError, Encoder, Write};

    pub(super) fn encode<W: Write>(
        e: &mut Encoder<W>,
        records: &[Record],
    ) -> Result<(), EncodeError> {
        e.array(records.len() as u64 + 1)?;
        e.map(1)?
            .i64(BASE_NAME)?
            .str("urn:dev:ow:10e2073a01080063/")?;
        for r in records {
            let fields = 4 + u64::from(!r.data.is_empty());
            e.map(fields)?;
            e.i64(NAME)?.str(&r.name)?;
            e.i64(UNIT)?.str(r.unit)?;
            e.i64(VALUE)?.f64(r.value)?;
            e.i64(TIME)?.u64(r.time)?;
            if !r.data.is_empty() {
                e.i64(DATA)?.bytes(&r.data)?;
            }
        }
        Ok(())
    }

    pub(super) fn decode(bytes: &[u8]) -> Result<Checksum, iotm_cbor::Error> {
        let mut d = Decoder::new(bytes);
        let mut sum = Checksum::default();
        let n = d.array()?.unwrap_or(0);
        for _ in 0..n {
            let (mut name, mut unit, mut value, mut time, mut data) = ("", "", 0.0, 0, &[][..]);
            for _ in 0..d.map()?.unwrap_or(0) {
                match d.i64()? {
                    BASE_NAME | NAME => name = d.str()?,
                    UNIT => unit = d.str()?,
                    VALUE => value = d.f64()?,
                    TIME => time = d.u64()?,
                    DATA => data = d.bytes()?,
                    _ => d.skip()?,
                }
            }
            sum.add(name, unit, value, time, data);
        }
        d.finish()?;
        Ok(sum)
    }
}

mod mini {
    use super::*;
    use minicbor::{Decoder, Encoder};

    pub(super) fn encode(buf: &mut [u8], records: &[Record]) -> usize {
        let mut cursor = minicbor::encode::write::Cursor::new(buf);
        let mut e = Encoder::new(&mut cursor);
        e.array(records.len() as u64 + 1).unwrap();
        e.map(1)
            .unwrap()
            .i64(BASE_NAME)
            .unwrap()
            .str("urn:dev:ow:10e2073a01080063/")
            .unwrap();
        for r in records {
            e.map(4 + u64::from(!r.data.is_empty())).unwrap();
            e.i64(NAME).unwrap().str(&r.name).unwrap();
            e.i64(UNIT).unwrap().str(r.unit).unwrap();
            // minicbor writes the width it is asked for; pick the shortest
            // exact one, as preferred serialization (and the others) do.
            e.i64(VALUE).unwrap();
            match shortest(r.value) {
                (Some(half), _) => e.f16(half).unwrap(),
                (None, Some(single)) => e.f32(single).unwrap(),
                (None, None) => e.f64(r.value).unwrap(),
            };
            e.i64(TIME).unwrap().u64(r.time).unwrap();
            if !r.data.is_empty() {
                e.i64(DATA).unwrap().bytes(&r.data).unwrap();
            }
        }
        cursor.position()
    }

    /// The value as a half or single float when exact.
    fn shortest(value: f64) -> (Option<f32>, Option<f32>) {
        let half = half::f16::from_f64(value);
        let single = value as f32;
        (
            (half.to_f64() == value).then(|| half.to_f32()),
            (f64::from(single) == value).then_some(single),
        )
    }

    pub(super) fn decode(bytes: &[u8]) -> Result<Checksum, minicbor::decode::Error> {
        let mut d = Decoder::new(bytes);
        let mut sum = Checksum::default();
        let n = d.array()?.unwrap_or(0);
        for _ in 0..n {
            let (mut name, mut unit, mut value, mut time, mut data) = ("", "", 0.0, 0, &[][..]);
            for _ in 0..d.map()?.unwrap_or(0) {
                match d.i64()? {
                    BASE_NAME | NAME => name = d.str()?,
                    UNIT => unit = d.str()?,
                    VALUE => value = d.f64()?,
                    TIME => time = d.u64()?,
                    DATA => data = d.bytes()?,
                    _ => d.skip()?,
                }
            }
            sum.add(name, unit, value, time, data);
        }
        Ok(sum)
    }
}

mod cib {
    use super::*;
    use ciborium::Value;

    pub(super) fn encode(records: &[Record]) -> Vec<u8> {
        let mut pack = Vec::with_capacity(records.len() + 1);
        pack.push(Value::Map(vec![(
            BASE_NAME.into(),
            "urn:dev:ow:10e2073a01080063/".into(),
        )]));
        for r in records {
            let mut fields = vec![
                (NAME.into(), r.name.as_str().into()),
                (UNIT.into(), r.unit.into()),
                (VALUE.into(), Value::Float(r.value)),
                (TIME.into(), r.time.into()),
            ];
            if !r.data.is_empty() {
                fields.push((DATA.into(), Value::Bytes(r.data.clone())));
            }
            pack.push(Value::Map(fields));
        }
        let mut out = Vec::with_capacity(8192);
        ciborium::into_writer(&Value::Array(pack), &mut out).unwrap();
        out
    }

    pub(super) fn decode(bytes: &[u8]) -> Checksum {
        let value: Value = ciborium::from_reader(bytes).unwrap();
        let mut sum = Checksum::default();
        for record in value.as_array().unwrap() {
            let (mut name, mut unit, mut value, mut time, mut data) = ("", "", 0.0, 0, &[][..]);
            for (k, v) in record.as_map().unwrap() {
                match i64::try_from(k.as_integer().unwrap()).unwrap() {
                    BASE_NAME | NAME => name = v.as_text().unwrap(),
                    UNIT => unit = v.as_text().unwrap(),
                    VALUE => value = v.as_float().unwrap(),
                    TIME => time = u64::try_from(v.as_integer().unwrap()).unwrap(),
                    DATA => data = v.as_bytes().unwrap(),
                    _ => {}
                }
            }
            sum.add(name, unit, value, time, data);
        }
        sum
    }
}

fn document() -> Vec<u8> {
    let mut bytes = Vec::new();
    ours::encode(&mut iotm_cbor::Encoder::new(&mut bytes), &records()).unwrap();
    bytes
}

fn bench_decode(c: &mut Criterion) {
    let bytes = document();
    let expected = ours::decode(&bytes).unwrap();
    assert_eq!(mini::decode(&bytes).unwrap(), expected);
    assert_eq!(cib::decode(&bytes), expected);

    let mut group = c.benchmark_group("cbor_decode");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("iotm-cbor", |b| {
        b.iter(|| ours::decode(black_box(&bytes)).unwrap())
    });
    group.bench_function("minicbor", |b| {
        b.iter(|| mini::decode(black_box(&bytes)).unwrap())
    });
    group.bench_function("ciborium", |b| b.iter(|| cib::decode(black_box(&bytes))));
    group.finish();
}

fn bench_skip(c: &mut Criterion) {
    let bytes = document();
    let mut group = c.benchmark_group("cbor_skip");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("iotm-cbor", |b| {
        b.iter(|| {
            let mut d = iotm_cbor::Decoder::new(black_box(&bytes));
            d.skip().unwrap();
            d.position()
        })
    });
    group.bench_function("minicbor", |b| {
        b.iter(|| {
            let mut d = minicbor::Decoder::new(black_box(&bytes));
            d.skip().unwrap();
            d.position()
        })
    });
    group.bench_function("ciborium", |b| {
        b.iter(|| ciborium::from_reader::<ciborium::Value, _>(black_box(&bytes[..])).unwrap())
    });
    group.finish();
}

fn bench_encode(c: &mut Criterion) {
    let records = records();
    let expected = document();
    let mut buf = vec![0u8; expected.len() * 2];
    let n = mini::encode(&mut buf, &records);
    assert_eq!(&buf[..n], &expected[..]);
    assert_eq!(cib::encode(&records), expected);

    let mut group = c.benchmark_group("cbor_encode");
    group.throughput(Throughput::Bytes(expected.len() as u64));
    group.bench_function("iotm-cbor", |b| {
        b.iter(|| {
            let mut e = iotm_cbor::Encoder::from_slice(&mut buf);
            ours::encode(&mut e, black_box(&records)).unwrap();
            e.into_written().len()
        })
    });
    group.bench_function("minicbor", |b| {
        b.iter(|| mini::encode(&mut buf, black_box(&records)))
    });
    group.bench_function("ciborium", |b| b.iter(|| cib::encode(black_box(&records))));
    group.finish();
}

criterion_group!(benches, bench_decode, bench_skip, bench_encode);
criterion_main!(benches);
