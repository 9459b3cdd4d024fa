"""Shared by the paho-mqtt peer scripts: connect, print JSON lines, bounded waits."""

import json
import sys
import threading

import paho.mqtt.client as mqtt

# Every wait in these scripts ends; the Rust test kills the script anyway
# when it outlives its own timeout.
TIMEOUT = 10.0


def emit(event, **fields):
    """One JSON object per line on stdout, flushed at once for the test to read."""
    fields["event"] = event
    print(json.dumps(fields, sort_keys=True), flush=True)


def fail(why):
    emit("error", why=why)
    sys.exit(1)


def protocol(version):
    return {"3.1.1": mqtt.MQTTv311, "5": mqtt.MQTTv5}[version]


def connect(port, version, client_id):
    """A connected client with its network loop running in a thread."""
    proto = protocol(version)
    kwargs = {"client_id": client_id, "protocol": proto}
    if proto != mqtt.MQTTv5:
        kwargs["clean_session"] = True
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, **kwargs)
    connected = threading.Event()
    result = {}

    def on_connect(client, userdata, flags, reason_code, properties):
        result["reason_code"] = reason_code.value
        connected.set()

    client.on_connect = on_connect
    # Loopback only: the test's own broker.
    client.connect("127.0.0.1", port, keepalive=30)
    client.loop_start()
    if not connected.wait(TIMEOUT):
        fail("no CONNACK")
    if result["reason_code"] != 0:
        fail("CONNACK reason code %d" % result["reason_code"])
    emit("connected", reason_code=result["reason_code"])
    return client


def properties_of(message):
    """The PUBLISH properties paho decoded, as plain JSON values."""
    props = getattr(message, "properties", None)
    out = {}
    if props is None:
        return out
    for name in ("ContentType", "ResponseTopic", "MessageExpiryInterval", "PayloadFormatIndicator"):
        if hasattr(props, name):
            out[name] = getattr(props, name)
    if hasattr(props, "CorrelationData"):
        out["CorrelationData"] = bytes(props.CorrelationData).hex()
    if hasattr(props, "UserProperty"):
        out["UserProperty"] = [list(pair) for pair in props.UserProperty]
    return out
