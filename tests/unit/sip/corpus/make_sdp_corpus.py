#!/usr/bin/env python3
"""Writes the SDP answer corpus in sdp/ (deterministic; re-run after editing).

valid-*.sdp    must pass SdpNegotiator::checkAnswer().
invalid-*.sdp  must be refused; invalid-*.reason holds a piece of the expected
               reason. sdp_corpus_test.cpp replays every file, and the same
               files seed a future SDP fuzz target.
"""
import pathlib
import random

OUT = pathlib.Path(__file__).resolve().parent / "sdp"

HEAD = ["v=0", "o=gw 1234 5678 IN IP4 198.51.100.7", "s=-"]
GATEWAY = HEAD + [
    "c=IN IP4 198.51.100.7", "t=0 0", "m=audio 30000 RTP/AVP 8 101",
    "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-15",
    "a=ptime:20", "a=sendrecv",
]


def crlf(lines):
    return ("\r\n".join(lines) + "\r\n").encode()


def replace(lines, prefix, new):
    return [new if line.startswith(prefix) else line for line in lines]


valid = {
    "gateway-crlf": crlf(GATEWAY),
    "gateway-lf": ("\n".join(GATEWAY) + "\n").encode(),
    "mixed-eol": b"v=0\r\no=gw 1 1 IN IP4 198.51.100.7\ns=-\r\nc=IN IP4 198.51.100.7\nt=0 0\r\n"
                 b"m=audio 30000 RTP/AVP 0\n",
    "no-final-newline": crlf(GATEWAY)[:-2],
    "ipv6": crlf(replace(replace(GATEWAY, "c=", "c=IN IP6 2001:db8::7"), "o=",
                         "o=gw 1 1 IN IP6 2001:db8::7")),
    "media-level-c": crlf(HEAD + ["t=0 0", "m=audio 30000 RTP/AVP 0", "c=IN IP4 192.0.2.44"]),
    "hold-inactive-zero-address": crlf(replace(replace(GATEWAY, "c=", "c=IN IP4 0.0.0.0"),
                                               "a=sendrecv", "a=inactive")),
    "pcmu-static-no-rtpmap": crlf(HEAD + ["c=IN IP4 192.0.2.44", "t=0 0", "m=audio 4000 RTP/AVP 0"]),
    "utf8-session-name": crlf(replace(GATEWAY, "s=", "s=Konferenz M\u00fcnchen")),
    "asterisk-answer": crlf([
        "v=0", "o=- 1700000000 1700000002 IN IP4 203.0.113.50", "s=Asterisk",
        "c=IN IP4 203.0.113.50", "t=0 0", "m=audio 12790 RTP/AVP 0 101",
        "a=rtpmap:0 PCMU/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16",
        "a=ptime:20", "a=maxptime:150", "a=sendrecv"]),
    "freeswitch-answer": crlf([
        "v=0", "o=FreeSWITCH 1700000000 1700000001 IN IP4 203.0.113.60",
        "s=FreeSWITCH", "c=IN IP4 203.0.113.60", "t=0 0", "m=audio 26514 RTP/AVP 8 101",
        "a=rtpmap:8 PCMA/8000", "a=rtpmap:101 telephone-event/8000", "a=fmtp:101 0-16",
        "a=ptime:20", "a=rtcp:26515 IN IP4 203.0.113.60"]),
}

many_media = HEAD + ["c=IN IP4 192.0.2.44", "t=0 0"] + [
    f"m=audio {4000 + 2 * i} RTP/AVP 0" for i in range(17)]
rng = random.Random(20240611)

invalid = {
    "empty": (b"", "is empty"),
    "only-newlines": (b"\r\n\r\n\n", "has no lines"),
    "truncated-in-header": (crlf(GATEWAY)[:40], "has no s= line"),
    "truncated-in-m-line": (crlf(GATEWAY[:5] + ["m=aud"]), "m= needs"),
    "huge": (crlf(GATEWAY + ["a=x-pad:" + "y" * 9000]), "more than the 8192 allowed"),
    "10000-attributes": (crlf(GATEWAY + [f"a=x{i}" for i in range(10000)]),
                         "more than the 8192 allowed"),
    "100-attributes": (crlf(GATEWAY + [f"a=x{i}" for i in range(100)]), "has more than 64 lines"),
    "17-m-lines": (crlf(many_media), "has more than 16 m= lines"),
    "missing-c": (crlf([l for l in GATEWAY if not l.startswith("c=")]),
                  "no c= line at session or media level"),
    "hostname-c": (crlf(replace(GATEWAY, "c=", "c=IN IP4 example.com")),
                   "c= address 'example.com' is not an IP literal"),
    "ipv6-zone-c": (crlf(replace(GATEWAY, "c=", "c=IN IP6 fe80::1%eth0")), "is not an IP literal"),
    "multicast-c": (crlf(replace(GATEWAY, "c=", "c=IN IP4 239.1.2.3")), "is multicast"),
    "multicast-ttl-c": (crlf(replace(GATEWAY, "c=", "c=IN IP4 224.2.1.1/127")), "has a TTL"),
    "broadcast-c": (crlf(replace(GATEWAY, "c=", "c=IN IP4 255.255.255.255")), "is broadcast"),
    "zero-address-sendrecv": (crlf(replace(GATEWAY, "c=", "c=IN IP4 0.0.0.0")),
                              "only allowed on hold"),
    "port-0": (crlf(replace(GATEWAY, "m=", "m=audio 0 RTP/AVP 8 101")),
               "the audio stream was rejected (port 0)"),
    "port-70000": (crlf(replace(GATEWAY, "m=", "m=audio 70000 RTP/AVP 8 101")),
                   "m=audio port 70000 is out of range 1..65535"),
    "port-negative": (crlf(replace(GATEWAY, "m=", "m=audio -1 RTP/AVP 8")), "is not a number"),
    "no-codecs": (crlf(replace(GATEWAY, "m=", "m=audio 30000 RTP/AVP")), "m= needs"),
    "only-g729": (crlf(HEAD + ["c=IN IP4 192.0.2.44", "t=0 0", "m=audio 4000 RTP/AVP 18",
                                "a=rtpmap:18 G729/8000"]),
                  "m=audio offers no codec we support (offered: 18 G729)"),
    "srtp": (crlf(replace(GATEWAY, "m=", "m=audio 30000 RTP/SAVP 8 101")), "is not RTP/AVP"),
    "video-only": (crlf(replace(GATEWAY, "m=", "m=video 30000 RTP/AVP 96")), "expected audio"),
    "nul-byte": (crlf(GATEWAY).replace(b"PCMA", b"PC\0A"), "NUL byte"),
    "bare-cr-line-ends": ("\r".join(GATEWAY).encode() + b"\r", "bare CR"),
    "escape-sequence": (crlf(GATEWAY + ["a=tool:\x1b[31mred"]), "control character 0x1b"),
    "non-ascii-in-c": (crlf(replace(GATEWAY, "c=", "c=IN IP4 198.51.100.\u0667")), "non-ASCII"),
    "latin1-in-m": (crlf(GATEWAY).replace(b"m=audio", b"m=audi\xf6"), "non-ASCII"),
    "utf8-bom": (b"\xef\xbb\xbf" + crlf(GATEWAY), "line 1 is not <type>=<value>"),
    "unknown-line-type": (crlf(GATEWAY + ["x=1"]), "unknown line type 'x'"),
    "not-sdp": (b"HTTP/1.1 200 OK\r\n\r\n", "line 1 is not <type>=<value>"),
    "duplicate-rtpmap": (crlf(GATEWAY + ["a=rtpmap:8 PCMU/8000"]), "second a=rtpmap"),
    "ptime-0": (crlf(replace(GATEWAY, "a=ptime", "a=ptime:0")), "a=ptime:'0'"),
    "conflicting-direction": (crlf(GATEWAY + ["a=sendonly"]), "conflicting direction"),
    "payload-type-300": (crlf(replace(GATEWAY, "m=", "m=audio 30000 RTP/AVP 300")),
                         "is not an RTP payload type"),
    "random-bytes": (bytes(rng.randrange(256) for _ in range(600)), ""),
}

OUT.mkdir(exist_ok=True)
for old in OUT.glob("*"):
    old.unlink()
for name, data in valid.items():
    (OUT / f"valid-{name}.sdp").write_bytes(data)
for name, (data, reason) in invalid.items():
    (OUT / f"invalid-{name}.sdp").write_bytes(data)
    (OUT / f"invalid-{name}.reason").write_text(reason + "\n")
print(f"wrote {len(valid)} valid and {len(invalid)} invalid SDP answers to {OUT}")
