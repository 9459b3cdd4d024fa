//! A sans-IO MQTT client session: bytes and time in, events and bytes out.
//! It never owns a socket or reads a clock (quinn-proto's style), and needs
//! no allocator: the caller lends the receive, transmit and message-store
//! buffers, and `N` fixes the in-flight window.

mod aliases;
mod event;
mod outbox;

use core::fmt;

use aliases::TopicAliases;
pub use event::Event;
use outbox::{Outbox, Stage};

use iotm_wire::EncodeError;

use crate::{
    Ack, Auth, Connect, Disconnect, Error, Packet, Properties, Property, Publish, QoS, ReasonCode,
    StreamDecoder, Subscribe, SubscribeFilter, SubscribeFilters, TopicFilters, Unsubscribe,
    Version, Will,
};

/// A point in time in milliseconds from an origin the caller picks
/// (a monotonic clock). The client only compares and adds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Instant(pub u64);

impl Instant {
    fn after_seconds(self, seconds: u16) -> Self {
        Self(self.0.saturating_add(u64::from(seconds) * 1000))
    }
}

/// What the client says in CONNECT, kept for every reconnect.
#[derive(Clone, Copy, Debug)]
pub struct ClientConfig<'a> {
    /// Protocol version.
    pub version: Version,
    /// Client Identifier.
    pub client_id: &'a str,
    /// Keep Alive in seconds (0: off).
    pub keep_alive: u16,
    /// Start a new session on the first connect; later reconnects resume it.
    pub clean_start: bool,
    /// Session Expiry Interval in seconds (5.0); 0 ends the session with the connection.
    pub session_expiry: u32,
    /// User Name.
    pub user_name: Option<&'a str>,
    /// Password.
    pub password: Option<&'a [u8]>,
    /// Will Message.
    pub will: Option<Will<'a>>,
    /// Enhanced authentication method and initial data (5.0).
    pub authentication: Option<(&'a str, &'a [u8])>,
}

impl<'a> ClientConfig<'a> {
    /// Defaults: clean start, keep-alive 60 s, no session expiry, no credentials.
    pub const fn new(version: Version, client_id: &'a str) -> Self {
        Self {
            version,
            client_id,
            keep_alive: 60,
            clean_start: true,
            session_expiry: 0,
            user_name: None,
            password: None,
            will: None,
            authentication: None,
        }
    }
}

/// The buffers a client works in.
#[derive(Debug)]
pub struct Buffers<'a> {
    /// Incoming bytes until a packet is complete; its size is the Maximum
    /// Packet Size the client announces.
    pub rx: &'a mut [u8],
    /// Outgoing bytes until [`Client::poll_transmit`] hands them out.
    pub tx: &'a mut [u8],
    /// Outgoing QoS 1/2 messages until acknowledged, split into `N` slots.
    pub store: &'a mut [u8],
    /// Topics the server names by Topic Alias (5.0), 130 bytes per alias
    /// (topics up to 128 bytes); its size sets the Topic Alias Maximum the
    /// client announces. Empty: no incoming aliases.
    pub topic_aliases: &'a mut [u8],
}

/// Why a client call failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientError {
    /// The server sent bytes that break the protocol; the connection must close.
    Decode(Error),
    /// An outgoing packet could not be encoded (too long for the wire, or a
    /// rule of the specification).
    Encode(EncodeError),
    /// Not connected (no CONNACK yet, or the connection ended).
    NotConnected,
    /// The in-flight window (`N`, or the server's Receive Maximum) is full:
    /// wait for acknowledgments.
    InFlightFull,
    /// The transmit buffer is full: send what [`Client::poll_transmit`] gives first.
    TransmitFull,
    /// The message is larger than the server's Maximum Packet Size or a store slot.
    PacketTooLarge {
        /// The encoded size.
        size: usize,
        /// The limit.
        max: usize,
    },
    /// The server's Maximum QoS or Retain Available forbids this message.
    NotSupportedByServer,
    /// No PINGRESP within the keep-alive period (§3.1.2.10).
    KeepAliveTimeout,
    /// The server broke the protocol in a way the codec cannot see (an
    /// acknowledgment for an unknown packet, a packet out of turn).
    ProtocolViolation(&'static str),
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Decode(e) => write!(f, "{e}"),
            Self::Encode(e) => write!(f, "{e}"),
            Self::NotConnected => f.write_str("not connected"),
            Self::InFlightFull => f.write_str("in-flight window full"),
            Self::TransmitFull => f.write_str("transmit buffer full"),
            Self::PacketTooLarge { size, max } => write!(f, "packet of {size} bytes exceeds {max}"),
            Self::NotSupportedByServer => {
                f.write_str("the server's CONNACK does not allow this QoS or retain")
            }
            Self::KeepAliveTimeout => f.write_str("keep-alive timeout: no PINGRESP"),
            Self::ProtocolViolation(what) => write!(f, "protocol violation by the server: {what}"),
        }
    }
}

impl core::error::Error for ClientError {}

impl From<EncodeError> for ClientError {
    fn from(e: EncodeError) -> Self {
        Self::Encode(e)
    }
}

impl From<Error> for ClientError {
    fn from(e: Error) -> Self {
        Self::Decode(e)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    Disconnected,
    Connecting,
    Connected,
}

/// What the server's CONNACK allows (§3.2.2.3).
#[derive(Clone, Copy, Debug)]
struct ServerLimits {
    receive_maximum: u16,
    maximum_packet_size: u32,
    maximum_qos: QoS,
    retain_available: bool,
    keep_alive: Option<u16>,
    topic_alias_maximum: u16,
}

impl ServerLimits {
    const DEFAULT: Self = Self {
        receive_maximum: u16::MAX,
        maximum_packet_size: u32::MAX,
        maximum_qos: QoS::ExactlyOnce,
        retain_available: true,
        keep_alive: None,
        topic_alias_maximum: 0,
    };
}

/// The client session. `N` is the in-flight window both ways: outgoing
/// QoS 1/2 messages awaiting acknowledgment, and incoming QoS 2 messages
/// awaiting PUBREL (announced as Receive Maximum).
///
/// ```
/// use iotm_mqtt_codec::{Buffers, Client, ClientConfig, Event, Instant, Version};
///
/// let (mut rx, mut tx, mut store) = ([0u8; 256], [0u8; 256], [0u8; 512]);
/// let buffers = Buffers { rx: &mut rx, tx: &mut tx, store: &mut store, topic_aliases: &mut [] };
/// let mut client: Client<'_, 4> = Client::new(ClientConfig::new(Version::V3_1_1, "dev-1"), buffers);
/// client.connect(Instant(0))?;
/// assert_eq!(client.poll_transmit(Instant(0)).unwrap()[0], 0x10); // CONNECT, for the socket
///
/// client.receive(&[0x20, 0x02, 0x00, 0x00]); // CONNACK from the socket
/// assert!(matches!(client.poll_event(Instant(1))?, Some(Event::Connected { session_present: false, .. })));
/// # Ok::<(), iotm_mqtt_codec::ClientError>(())
/// ```
#[derive(Debug)]
pub struct Client<'a, const N: usize> {
    config: ClientConfig<'a>,
    state: State,
    rx: StreamDecoder<&'a mut [u8]>,
    tx: &'a mut [u8],
    tx_len: usize,
    outbox: Outbox<'a, N>,
    aliases: TopicAliases<'a>,
    /// Incoming QoS 2 packet identifiers awaiting PUBREL.
    inbound: [Option<u16>; N],
    server: ServerLimits,
    next_packet_id: u16,
    /// The client resumes its session after the first connection.
    connected_before: bool,
    last_sent: Instant,
    ping_sent: Option<Instant>,
}

impl<'a, const N: usize> Client<'a, N> {
    /// A disconnected client.
    pub fn new(config: ClientConfig<'a>, buffers: Buffers<'a>) -> Self {
        Self {
            config,
            state: State::Disconnected,
            rx: StreamDecoder::new(buffers.rx, config.version),
            tx: buffers.tx,
            tx_len: 0,
            outbox: Outbox::new(buffers.store),
            aliases: TopicAliases::new(buffers.topic_aliases),
            inbound: [None; N],
            server: ServerLimits::DEFAULT,
            next_packet_id: 1,
            connected_before: false,
            last_sent: Instant(0),
            ping_sent: None,
        }
    }

    /// `true` between CONNACK (success) and the end of the connection.
    pub fn is_connected(&self) -> bool {
        self.state == State::Connected
    }

    /// Outgoing QoS 1/2 messages not yet acknowledged.
    pub fn in_flight(&self) -> usize {
        self.outbox.in_flight()
    }

    /// Starts a connection on a fresh transport: queues CONNECT. Messages
    /// in flight are resent once CONNACK says the session is present.
    ///
    /// # Errors
    /// The CONNECT does not encode or fit the transmit buffer.
    pub fn connect(&mut self, now: Instant) -> Result<(), ClientError> {
        self.rx.reset(self.config.version);
        self.tx_len = 0;
        self.server = ServerLimits::DEFAULT;
        self.ping_sent = None;
        let c = &self.config;
        let receive_maximum = u16::try_from(N).unwrap_or(u16::MAX).max(1);
        let max_packet = u32::try_from(self.rx.capacity()).unwrap_or(u32::MAX);
        let alias_maximum = self.aliases.maximum();
        self.aliases.clear();
        let mut properties = [Property::ReceiveMaximum(receive_maximum); 6];
        let mut count = 0;
        if c.version.is_v5() {
            for p in [
                Some(Property::ReceiveMaximum(receive_maximum)),
                Some(Property::MaximumPacketSize(max_packet)),
                (alias_maximum > 0).then_some(Property::TopicAliasMaximum(alias_maximum)),
                (c.session_expiry > 0).then_some(Property::SessionExpiryInterval(c.session_expiry)),
                c.authentication
                    .map(|(method, _)| Property::AuthenticationMethod(method)),
                c.authentication
                    .map(|(_, data)| Property::AuthenticationData(data)),
            ]
            .into_iter()
            .flatten()
            {
                if let Some(slot) = properties.get_mut(count) {
                    *slot = p;
                    count += 1;
                }
            }
        }
        let connect = Connect {
            version: c.version,
            clean_start: c.clean_start && !self.connected_before,
            keep_alive: c.keep_alive,
            properties: Properties::from_list(properties.get(..count).unwrap_or_default()),
            client_id: c.client_id,
            will: c.will,
            user_name: c.user_name,
            password: c.password,
        };
        self.queue(&Packet::from(&connect))?;
        self.state = State::Connecting;
        self.last_sent = now;
        Ok(())
    }

    /// The transport closed. In-flight messages stay for the next [`connect`](Self::connect).
    pub fn connection_lost(&mut self) {
        self.state = State::Disconnected;
        self.tx_len = 0;
    }

    /// Feeds bytes from the transport; returns how many were taken (feed
    /// the rest after [`poll_event`](Self::poll_event) drained packets).
    pub fn receive(&mut self, bytes: &[u8]) -> usize {
        self.rx.push(bytes)
    }

    /// Bytes to write to the transport, if any; they count as sent.
    pub fn poll_transmit(&mut self, now: Instant) -> Option<&[u8]> {
        if self.tx_len == 0 {
            return None;
        }
        let len = core::mem::take(&mut self.tx_len);
        self.last_sent = now;
        self.tx.get(..len)
    }

    /// When [`handle_timeout`](Self::handle_timeout) wants to run next: the
    /// keep-alive ping, or the deadline for its answer.
    pub fn poll_timeout(&self) -> Option<Instant> {
        let keep_alive = self.keep_alive();
        if self.state != State::Connected || keep_alive == 0 {
            return None;
        }
        Some(match self.ping_sent {
            Some(sent) => sent.after_seconds(keep_alive),
            None => self.last_sent.after_seconds(keep_alive),
        })
    }

    /// Runs the keep-alive: PINGREQ when the line was quiet for the
    /// keep-alive period (§3.1.2.10).
    ///
    /// # Errors
    /// [`ClientError::KeepAliveTimeout`] when a PINGREQ went unanswered for a
    /// whole period: the connection is dead; the client is disconnected.
    pub fn handle_timeout(&mut self, now: Instant) -> Result<(), ClientError> {
        let Some(deadline) = self.poll_timeout() else {
            return Ok(());
        };
        if now < deadline {
            return Ok(());
        }
        if self.ping_sent.is_some() {
            self.connection_lost();
            return Err(ClientError::KeepAliveTimeout);
        }
        self.queue(&Packet::Pingreq)?;
        self.ping_sent = Some(now);
        Ok(())
    }

    fn keep_alive(&self) -> u16 {
        self.server.keep_alive.unwrap_or(self.config.keep_alive)
    }

    /// Encodes `packet` at the end of the transmit buffer.
    fn queue(&mut self, packet: &Packet<'_>) -> Result<(), ClientError> {
        Tx {
            buf: &mut self.tx,
            len: &mut self.tx_len,
            version: self.config.version,
        }
        .packet(packet)
    }

    /// The next free packet identifier (never 0, none in flight).
    fn allocate_packet_id(&mut self) -> u16 {
        loop {
            let id = self.next_packet_id;
            self.next_packet_id = self.next_packet_id.checked_add(1).unwrap_or(1);
            if !self.outbox.contains(id) {
                return id;
            }
        }
    }

    /// Publishes a message; for QoS 1 and 2 returns the packet identifier
    /// that [`Event::Published`] will report.
    ///
    /// # Errors
    /// Not connected, window full, too large for the server or a store
    /// slot, a QoS or retain the server refused, or a full transmit buffer.
    pub fn publish(&mut self, message: &Publish<'_>) -> Result<Option<u16>, ClientError> {
        if self.state != State::Connected {
            return Err(ClientError::NotConnected);
        }
        if message.qos > self.server.maximum_qos
            || (message.retain && !self.server.retain_available)
        {
            return Err(ClientError::NotSupportedByServer);
        }
        // Outgoing aliases are the application's: checked against the server's maximum.
        if let Some(Property::TopicAlias(alias)) =
            message.properties.get(crate::property::id::TOPIC_ALIAS)
        {
            if alias > self.server.topic_alias_maximum {
                return Err(ClientError::NotSupportedByServer);
            }
        }
        let window = usize::from(self.server.receive_maximum).min(N);
        if message.qos != QoS::AtMostOnce && self.outbox.in_flight() >= window {
            return Err(ClientError::InFlightFull);
        }
        let packet_id = (message.qos != QoS::AtMostOnce).then(|| self.allocate_packet_id());
        let publish = Publish {
            packet_id,
            dup: false,
            ..*message
        };
        let packet = Packet::Publish(publish);
        let size = packet.encoded_len(self.config.version)?;
        let server_max = usize::try_from(self.server.maximum_packet_size).unwrap_or(usize::MAX);
        if size > server_max {
            return Err(ClientError::PacketTooLarge {
                size,
                max: server_max,
            });
        }
        let start = self.tx_len;
        self.queue(&packet)?;
        if let Some(packet_id) = packet_id {
            let stage = if message.qos == QoS::AtLeastOnce {
                Stage::Puback
            } else {
                Stage::Pubrec
            };
            let bytes = self.tx.get(start..self.tx_len).unwrap_or_default();
            if !self.outbox.insert(packet_id, stage, bytes) {
                self.tx_len = start;
                return Err(ClientError::PacketTooLarge {
                    size,
                    max: self.outbox.capacity(),
                });
            }
        }
        Ok(packet_id)
    }

    /// Subscribes; returns the packet identifier [`Event::Subscribed`] will report.
    ///
    /// # Errors
    /// Not connected, invalid filters, or a full transmit buffer.
    pub fn subscribe(
        &mut self,
        filters: &[SubscribeFilter<'_>],
        properties: Properties<'_>,
    ) -> Result<u16, ClientError> {
        if self.state != State::Connected {
            return Err(ClientError::NotConnected);
        }
        let packet_id = self.allocate_packet_id();
        let subscribe = Subscribe {
            packet_id,
            properties,
            filters: SubscribeFilters::from_list(filters),
        };
        self.queue(&Packet::Subscribe(subscribe))?;
        Ok(packet_id)
    }

    /// Unsubscribes; returns the packet identifier [`Event::Unsubscribed`] will report.
    ///
    /// # Errors
    /// Not connected, invalid filters, or a full transmit buffer.
    pub fn unsubscribe(&mut self, filters: &[&str]) -> Result<u16, ClientError> {
        if self.state != State::Connected {
            return Err(ClientError::NotConnected);
        }
        let packet_id = self.allocate_packet_id();
        let unsubscribe = Unsubscribe {
            packet_id,
            properties: Properties::EMPTY,
            filters: TopicFilters::from_list(filters),
        };
        self.queue(&Packet::Unsubscribe(unsubscribe))?;
        Ok(packet_id)
    }

    /// Answers an AUTH challenge (5.0 enhanced authentication, §4.12).
    ///
    /// # Errors
    /// A full transmit buffer, or MQTT 3.1.1.
    pub fn authenticate(&mut self, method: &str, data: &[u8]) -> Result<(), ClientError> {
        let properties = [
            Property::AuthenticationMethod(method),
            Property::AuthenticationData(data),
        ];
        let auth = Auth {
            reason_code: ReasonCode::CONTINUE_AUTHENTICATION,
            properties: Properties::from_list(&properties),
        };
        self.queue(&Packet::Auth(auth))
    }

    /// Ends the connection politely: queues DISCONNECT.
    ///
    /// # Errors
    /// A full transmit buffer.
    pub fn disconnect(&mut self, reason_code: ReasonCode) -> Result<(), ClientError> {
        self.queue(&Packet::Disconnect(Disconnect {
            reason_code,
            properties: Properties::EMPTY,
        }))?;
        self.state = State::Disconnected;
        Ok(())
    }

    /// Decodes and handles the next complete packet from the server:
    /// acknowledgments are queued for [`poll_transmit`](Self::poll_transmit)
    /// and what the application should know is returned. `None` when no
    /// complete packet is buffered.
    ///
    /// # Errors
    /// The server broke the protocol; the connection must be closed.
    pub fn poll_event(&mut self, now: Instant) -> Result<Option<Event<'_>>, ClientError> {
        // Packets that only need an answer (PUBREL, PUBREC, ...) are handled
        // here; the first one the application must see is put back and
        // decoded once more below, so that the event can borrow it.
        loop {
            let Self {
                rx,
                tx,
                tx_len,
                outbox,
                aliases,
                inbound,
                server,
                state,
                config,
                ping_sent,
                connected_before,
                last_sent,
                ..
            } = self;
            let Some(packet) = rx.next_packet()? else {
                return Ok(None);
            };
            let mut session = Session {
                tx: Tx {
                    buf: tx,
                    len: tx_len,
                    version: config.version,
                },
                outbox,
                aliases,
                inbound,
                server,
                state,
                ping_sent,
                connected_before,
                last_sent,
            };
            if session.handle(&packet, now)? {
                self.rx.unread();
                break;
            }
        }
        let Self { rx, aliases, .. } = self;
        let packet = rx
            .next_packet()?
            .ok_or(ClientError::ProtocolViolation("packet vanished"))?;
        Ok(event_of(packet, aliases))
    }
}

/// The parts of a client that handling a packet changes.
struct Session<'s, 'b, const N: usize> {
    tx: Tx<'s, 'b>,
    outbox: &'s mut Outbox<'b, N>,
    aliases: &'s mut TopicAliases<'b>,
    inbound: &'s mut [Option<u16>; N],
    server: &'s mut ServerLimits,
    state: &'s mut State,
    ping_sent: &'s mut Option<Instant>,
    connected_before: &'s mut bool,
    last_sent: &'s mut Instant,
}

/// Records or checks the Topic Alias of an incoming PUBLISH (§3.3.2.3.4);
/// `false` if it is out of range or names no topic.
fn resolve_alias(aliases: &mut TopicAliases<'_>, publish: &Publish<'_>) -> bool {
    match alias_of(publish) {
        None => true,
        Some(alias) if publish.topic.is_empty() => aliases.get(alias).is_some(),
        Some(alias) => aliases.set(alias, publish.topic),
    }
}

/// The Topic Alias property of a PUBLISH.
fn alias_of(publish: &Publish<'_>) -> Option<u16> {
    match publish.properties.get(crate::property::id::TOPIC_ALIAS) {
        Some(Property::TopicAlias(alias)) => Some(alias),
        _ => None,
    }
}

impl<const N: usize> Session<'_, '_, N> {
    /// Handles one packet from the server: state changes and answers.
    /// `true` if the application gets an event for it.
    fn handle(&mut self, packet: &Packet<'_>, now: Instant) -> Result<bool, ClientError> {
        let version = self.tx.version;
        let out = &mut self.tx;
        Ok(match *packet {
            Packet::Connack(connack) => {
                if *self.state != State::Connecting {
                    return Err(ClientError::ProtocolViolation("CONNACK out of turn"));
                }
                if connack.reason_code != ReasonCode::SUCCESS {
                    *self.state = State::Disconnected;
                    return Ok(true);
                }
                *self.state = State::Connected;
                *self.connected_before = true;
                *self.server = limits(&connack.properties);
                if connack.session_present {
                    for (packet_id, stage, bytes) in self.outbox.in_order() {
                        match stage {
                            Stage::Puback | Stage::Pubrec => {
                                // Resend with DUP set [MQTT-4.4.0-1].
                                out.bytes(&[bytes.first().copied().unwrap_or(0) | 0x08])?;
                                out.bytes(bytes.get(1..).unwrap_or_default())?;
                            }
                            Stage::Pubcomp => out.packet(&Packet::Pubrel(Ack::new(packet_id)))?,
                        }
                    }
                } else {
                    // The server has no session: nothing can be resumed.
                    self.outbox.clear();
                    *self.inbound = [None; N];
                }
                *self.last_sent = now;
                true
            }
            // AUTH may come before CONNACK: it is the enhanced authentication exchange (§4.12).
            Packet::Auth(_) if *self.state == State::Connecting => true,
            _ if *self.state != State::Connected => {
                return Err(ClientError::ProtocolViolation("packet before CONNACK"));
            }
            Packet::Publish(publish) if !resolve_alias(self.aliases, &publish) => {
                let _ = out.packet(&Packet::Disconnect(Disconnect {
                    reason_code: ReasonCode::TOPIC_ALIAS_INVALID,
                    properties: Properties::EMPTY,
                }));
                return Err(ClientError::ProtocolViolation("Topic Alias invalid"));
            }
            Packet::Publish(publish) => match (publish.qos, publish.packet_id) {
                (QoS::AtMostOnce, _) => true,
                (QoS::AtLeastOnce, Some(id)) => {
                    out.packet(&Packet::Puback(Ack::new(id)))?;
                    true
                }
                (QoS::ExactlyOnce, Some(id)) => {
                    let fresh = !self.inbound.contains(&Some(id));
                    if fresh {
                        let Some(slot) = self.inbound.iter_mut().find(|s| s.is_none()) else {
                            // More than our Receive Maximum in flight (§3.3.4).
                            let _ = out.packet(&Packet::Disconnect(Disconnect {
                                reason_code: ReasonCode::RECEIVE_MAXIMUM_EXCEEDED,
                                properties: Properties::EMPTY,
                            }));
                            return Err(ClientError::ProtocolViolation("Receive Maximum exceeded"));
                        };
                        *slot = Some(id);
                    }
                    out.packet(&Packet::Pubrec(Ack::new(id)))?;
                    // A duplicate of a message awaiting PUBREL is not delivered twice.
                    fresh
                }
                _ => {
                    return Err(ClientError::ProtocolViolation(
                        "QoS 1/2 PUBLISH without packet identifier",
                    ));
                }
            },
            Packet::Pubrel(ack) => {
                let known = match self.inbound.iter_mut().find(|s| **s == Some(ack.packet_id)) {
                    Some(slot) => {
                        *slot = None;
                        true
                    }
                    None => false,
                };
                let mut pubcomp = Ack::new(ack.packet_id);
                if !known && version.is_v5() {
                    pubcomp.reason_code = ReasonCode::PACKET_IDENTIFIER_NOT_FOUND;
                }
                out.packet(&Packet::Pubcomp(pubcomp))?;
                false
            }
            Packet::Puback(ack) => match self.outbox.stage(ack.packet_id) {
                Some(Stage::Puback) => self.outbox.remove(ack.packet_id),
                _ => {
                    return Err(ClientError::ProtocolViolation(
                        "PUBACK for a packet identifier not awaiting one",
                    ));
                }
            },
            Packet::Pubrec(ack) => match self.outbox.stage(ack.packet_id) {
                // A PUBREC error ends the QoS 2 flow (§4.3.3).
                Some(Stage::Pubrec) if ack.reason_code.is_error() => {
                    self.outbox.remove(ack.packet_id)
                }
                Some(Stage::Pubrec | Stage::Pubcomp) => {
                    self.outbox.set_stage(ack.packet_id, Stage::Pubcomp);
                    out.packet(&Packet::Pubrel(Ack::new(ack.packet_id)))?;
                    false
                }
                _ => {
                    return Err(ClientError::ProtocolViolation(
                        "PUBREC for a packet identifier not awaiting one",
                    ));
                }
            },
            Packet::Pubcomp(ack) => match self.outbox.stage(ack.packet_id) {
                Some(Stage::Pubcomp) => self.outbox.remove(ack.packet_id),
                _ => {
                    return Err(ClientError::ProtocolViolation(
                        "PUBCOMP for a packet identifier not awaiting one",
                    ));
                }
            },
            Packet::Suback(_) | Packet::Unsuback(_) | Packet::Auth(_) => true,
            Packet::Pingresp => {
                *self.ping_sent = None;
                true
            }
            Packet::Disconnect(_) => {
                *self.state = State::Disconnected;
                true
            }
            _ => return Err(ClientError::ProtocolViolation("a packet only clients send")),
        })
    }
}

/// The event a handled packet gives the application; an aliased topic
/// comes back resolved.
fn event_of<'e>(packet: Packet<'e>, aliases: &'e TopicAliases<'_>) -> Option<Event<'e>> {
    Some(match packet {
        Packet::Publish(publish) if publish.topic.is_empty() => {
            let topic = alias_of(&publish)
                .and_then(|alias| aliases.get(alias))
                .unwrap_or_default();
            Event::Message(Publish { topic, ..publish })
        }
        Packet::Connack(c) if c.reason_code == ReasonCode::SUCCESS => Event::Connected {
            session_present: c.session_present,
            properties: c.properties,
        },
        Packet::Connack(c) => Event::ConnectionRefused {
            reason_code: c.reason_code,
            properties: c.properties,
        },
        Packet::Publish(publish) => Event::Message(publish),
        Packet::Puback(ack) | Packet::Pubrec(ack) | Packet::Pubcomp(ack) => Event::Published {
            packet_id: ack.packet_id,
            reason_code: ack.reason_code,
        },
        Packet::Suback(s) => Event::Subscribed {
            packet_id: s.packet_id,
            reason_codes: s.reason_codes,
        },
        Packet::Unsuback(u) => Event::Unsubscribed {
            packet_id: u.packet_id,
            reason_codes: u.reason_codes,
        },
        Packet::Pingresp => Event::Pong,
        Packet::Auth(a) => Event::Auth {
            reason_code: a.reason_code,
            properties: a.properties,
        },
        Packet::Disconnect(d) => Event::Disconnected {
            reason_code: d.reason_code,
            properties: d.properties,
        },
        _ => return None,
    })
}

/// The transmit buffer while `poll_event` holds the receive buffer.
struct Tx<'t, 'b> {
    buf: &'t mut &'b mut [u8],
    len: &'t mut usize,
    version: Version,
}

impl Tx<'_, '_> {
    fn packet(&mut self, packet: &Packet<'_>) -> Result<(), ClientError> {
        let spare = self.buf.get_mut(*self.len..).unwrap_or_default();
        if packet.encoded_len(self.version)? > spare.len() {
            return Err(ClientError::TransmitFull);
        }
        *self.len += packet.encode(self.version, spare)?.len();
        Ok(())
    }

    fn bytes(&mut self, bytes: &[u8]) -> Result<(), ClientError> {
        let end = *self.len + bytes.len();
        self.buf
            .get_mut(*self.len..end)
            .ok_or(ClientError::TransmitFull)?
            .copy_from_slice(bytes);
        *self.len = end;
        Ok(())
    }
}

/// The limits a CONNACK's properties set (absent ones keep their defaults).
fn limits(properties: &Properties<'_>) -> ServerLimits {
    let mut limits = ServerLimits::DEFAULT;
    for p in properties.iter() {
        match p {
            Property::ReceiveMaximum(v) => limits.receive_maximum = v,
            Property::MaximumPacketSize(v) => limits.maximum_packet_size = v,
            Property::MaximumQos(0) => limits.maximum_qos = QoS::AtMostOnce,
            Property::MaximumQos(_) => limits.maximum_qos = QoS::AtLeastOnce,
            Property::RetainAvailable(v) => limits.retain_available = v == 1,
            Property::ServerKeepAlive(v) => limits.keep_alive = Some(v),
            Property::TopicAliasMaximum(v) => limits.topic_alias_maximum = v,
            _ => {}
        }
    }
    limits
}
