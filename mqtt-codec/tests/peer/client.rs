//! A tiny blocking MQTT client over `std::net::TcpStream` that speaks only
//! through the codec: every packet sent is `Packet::encode`d, every packet
//! received comes out of a `StreamDecoder`.

use std::fmt::Write as _;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use iotm_mqtt_codec::{
    Ack, Connect, Packet, QoS, ReasonCode, StreamDecoder, Subscribe, SubscribeFilter,
    SubscribeFilters, SubscriptionOptions, Version,
};

/// The longest any single wait for the broker may take.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(5);
/// Decoder buffer: mosquitto's packets in these tests are far smaller.
const BUFFER: usize = 64 * 1024;

/// Bytes as `30 07 00 ...` for failure messages.
pub(crate) fn hex(bytes: &[u8]) -> String {
    let mut out = String::new();
    for (i, b) in bytes.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let _ = write!(out, "{b:02x}");
    }
    out
}

/// One packet as it came off the wire, owned: `packet()` decodes it again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Frame {
    /// The packet's bytes exactly as the peer sent them.
    pub(crate) raw: Vec<u8>,
    /// The version it was decoded with.
    pub(crate) version: Version,
}

impl Frame {
    /// The packet, borrowed from `raw`.
    pub(crate) fn packet(&self) -> Packet<'_> {
        Packet::decode(&self.raw, self.version)
            .unwrap_or_else(|e| panic!("{e}: {}", hex(&self.raw)))
            .0
    }
}

/// What the broker did after we sent something it should refuse.
#[derive(Debug)]
pub(crate) enum Outcome {
    /// The connection ended (EOF or reset) without a packet.
    Closed(String),
    /// A packet came first.
    Packet(Frame),
}

/// A connection to the broker driven packet by packet.
pub(crate) struct Client {
    stream: TcpStream,
    decoder: StreamDecoder<Vec<u8>>,
    /// The bytes pushed into the decoder and not yet returned as packets,
    /// mirrored so a packet's raw bytes can be copied out.
    pending: Vec<u8>,
    version: Version,
    name: String,
}

impl Client {
    /// Opens the TCP connection only.
    pub(crate) fn open(addr: SocketAddr, version: Version, name: &str) -> Self {
        let stream = TcpStream::connect_timeout(&addr, TIMEOUT)
            .unwrap_or_else(|e| panic!("{name}: connect to {addr}: {e}"));
        stream.set_nodelay(true).expect("set_nodelay");
        stream
            .set_write_timeout(Some(TIMEOUT))
            .expect("write timeout");
        Self {
            stream,
            decoder: StreamDecoder::new(vec![0u8; BUFFER], version),
            pending: Vec::new(),
            version,
            name: name.to_owned(),
        }
    }

    /// Opens the connection and sends `connect`, and returns the CONNACK.
    pub(crate) fn connect_with(addr: SocketAddr, connect: Connect<'_>) -> (Self, Frame) {
        let mut client = Self::open(addr, connect.version, connect.client_id);
        client.send(&Packet::from(&connect));
        let connack = client.recv();
        (client, connack)
    }

    /// Connects with a clean start and asserts a successful CONNACK.
    pub(crate) fn connect(addr: SocketAddr, version: Version, client_id: &str) -> Self {
        let (client, connack) = Self::connect_with(addr, Connect::new(version, client_id));
        match connack.packet() {
            Packet::Connack(c) if c.reason_code == ReasonCode::SUCCESS => {}
            other => panic!("{client_id}: expected a successful CONNACK, got {other:?}"),
        }
        client
    }

    /// The version this client speaks.
    pub(crate) fn version(&self) -> Version {
        self.version
    }

    /// Encodes `packet` for this client's version and writes it.
    pub(crate) fn send(&mut self, packet: &Packet<'_>) {
        let len = packet
            .encoded_len(self.version)
            .unwrap_or_else(|e| panic!("{}: encoded_len {packet:?}: {e}", self.name));
        let mut buf = vec![0u8; len];
        let bytes = packet
            .encode(self.version, &mut buf)
            .unwrap_or_else(|e| panic!("{}: encode {packet:?}: {e}", self.name));
        assert_eq!(bytes.len(), len, "encoded_len disagrees with encode");
        self.send_raw(bytes);
    }

    /// Writes bytes as they are: for packets the codec would refuse to encode.
    pub(crate) fn send_raw(&mut self, bytes: &[u8]) {
        self.stream
            .write_all(bytes)
            .unwrap_or_else(|e| panic!("{}: write {}: {e}", self.name, hex(bytes)));
    }

    /// The next packet, within [`TIMEOUT`]; panics on timeout or close.
    pub(crate) fn recv(&mut self) -> Frame {
        match self.recv_or_close(TIMEOUT) {
            Some(Outcome::Packet(frame)) => frame,
            Some(Outcome::Closed(why)) => {
                panic!(
                    "{}: connection closed ({why}) while waiting for a packet",
                    self.name
                )
            }
            None => panic!("{}: no packet within {TIMEOUT:?}", self.name),
        }
    }

    /// The next packet or the end of the connection, or `None` after `timeout`.
    pub(crate) fn recv_or_close(&mut self, timeout: Duration) -> Option<Outcome> {
        let deadline = Instant::now() + timeout;
        let mut chunk = [0u8; 4096];
        loop {
            if let Some(frame) = self.take_packet() {
                return Some(Outcome::Packet(frame));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            self.stream
                .set_read_timeout(Some(left))
                .expect("read timeout");
            match self.stream.read(&mut chunk) {
                Ok(0) => return Some(Outcome::Closed("EOF".to_owned())),
                Ok(n) => self.push(&chunk[..n]),
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                    return None;
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Some(Outcome::Closed(e.to_string())),
            }
        }
    }

    /// Asserts nothing arrives for `quiet` (and the connection stays open).
    pub(crate) fn expect_silence(&mut self, quiet: Duration) {
        if let Some(outcome) = self.recv_or_close(quiet) {
            panic!("{}: expected nothing, got {outcome:?}", self.name);
        }
    }

    /// Asserts the broker closes the connection without sending anything.
    pub(crate) fn expect_close(&mut self) {
        match self.recv_or_close(TIMEOUT) {
            Some(Outcome::Closed(_)) => {}
            other => panic!(
                "{}: expected the connection to close, got {other:?}",
                self.name
            ),
        }
    }

    fn push(&mut self, mut bytes: &[u8]) {
        self.pending.extend_from_slice(bytes);
        while !bytes.is_empty() {
            let taken = self.decoder.push(bytes);
            assert!(
                taken > 0,
                "{}: decoder buffer full: {}",
                self.name,
                hex(&self.pending)
            );
            bytes = &bytes[taken..];
        }
    }

    /// A complete packet from the decoder, with its raw bytes, after
    /// checking that the codec's encoder writes a packet that decodes the same.
    fn take_packet(&mut self) -> Option<Frame> {
        let before = self.decoder.buffered();
        let version = self.version;
        let name = &self.name;
        let pending = &self.pending;
        let packet = match self.decoder.next_packet() {
            Ok(Some(packet)) => packet,
            Ok(None) => return None,
            Err(e) => panic!(
                "{name}: the codec refuses what the peer sent: {e}\nbytes: {}",
                hex(pending)
            ),
        };
        let len = packet
            .encoded_len(version)
            .unwrap_or_else(|e| panic!("{name}: re-encode {packet:?}: {e}"));
        let mut buf = vec![0u8; len];
        let reencoded = packet
            .encode(version, &mut buf)
            .unwrap_or_else(|e| panic!("{name}: re-encode {packet:?}: {e}"));
        let again = Packet::decode(reencoded, version)
            .unwrap_or_else(|e| panic!("{name}: decode re-encoded {}: {e}", hex(reencoded)));
        assert_eq!(again.0, packet, "{name}: re-encoding changed the packet");
        let used = before - self.decoder.buffered();
        let raw: Vec<u8> = self.pending.drain(..used).collect();
        Some(Frame { raw, version })
    }

    /// Subscribes to `filters` at `qos` and returns the SUBACK reason codes.
    pub(crate) fn subscribe(&mut self, packet_id: u16, filters: &[(&str, QoS)]) -> Vec<u8> {
        let list: Vec<SubscribeFilter<'_>> = filters
            .iter()
            .map(|&(filter, qos)| SubscribeFilter {
                filter,
                options: SubscriptionOptions::qos(qos),
            })
            .collect();
        self.send(&Packet::Subscribe(Subscribe {
            packet_id,
            properties: iotm_mqtt_codec::Properties::EMPTY,
            filters: SubscribeFilters::from_list(&list),
        }));
        let frame = self.recv();
        match frame.packet() {
            Packet::Suback(s) if s.packet_id == packet_id => s.reason_codes.to_vec(),
            other => panic!("{}: expected SUBACK {packet_id}, got {other:?}", self.name),
        }
    }

    /// Receives one PUBLISH and acknowledges it as its QoS asks (PUBACK, or
    /// PUBREC, PUBREL from the broker, PUBCOMP); returns the PUBLISH.
    pub(crate) fn recv_publish(&mut self) -> Frame {
        let frame = self.recv();
        let (qos, packet_id) = match frame.packet() {
            Packet::Publish(p) => (p.qos, p.packet_id),
            other => panic!("{}: expected PUBLISH, got {other:?}", self.name),
        };
        match (qos, packet_id) {
            (QoS::AtMostOnce, None) => {}
            (QoS::AtLeastOnce, Some(id)) => self.send(&Packet::Puback(Ack::new(id))),
            (QoS::ExactlyOnce, Some(id)) => {
                self.send(&Packet::Pubrec(Ack::new(id)));
                let pubrel = self.recv();
                match pubrel.packet() {
                    Packet::Pubrel(a) if a.packet_id == id => {}
                    other => panic!("{}: expected PUBREL {id}, got {other:?}", self.name),
                }
                self.send(&Packet::Pubcomp(Ack::new(id)));
            }
            other => panic!("{}: PUBLISH with QoS/packet id {other:?}", self.name),
        }
        frame
    }
}
