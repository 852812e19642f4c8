#!/usr/bin/python3
"""A plain XMPP client that is not ours (slixmpp, from Debian) runs a
conference on the Confab bridge: it lists the bridge's ad-hoc commands,
starts a conference through the XEP-0050 form, joins the room the bridge
invites it to, waits for the phone to join (readable line and RFC 4575
conference-info), then uses the slash commands /list and /end by chat.

Exit status 0 means every step worked; otherwise the last line says which
step failed. Usage:
  slixmpp_conference.py --jid alice@localhost --password P --port 5222 \
      --ca ca.pem --bridge bridge.localhost --number +15551230002
"""
import argparse
import asyncio
import ssl
import sys

import slixmpp
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

CONFERENCE_INFO = "urn:ietf:params:xml:ns:conference-info"


class Alice(slixmpp.ClientXMPP):
    def __init__(self, args):
        super().__init__(args.jid, args.password)
        self.args = args
        self.failure = "did not finish"
        self.chat = asyncio.Queue()
        self.room_messages = asyncio.Queue()
        self.invites = asyncio.Queue()
        self.register_plugin("xep_0030")
        self.register_plugin("xep_0045")
        self.register_plugin("xep_0050")
        self.register_plugin("xep_0004")
        self.register_plugin("xep_0249")
        self.add_event_handler("session_start", self.start)
        # slixmpp's "message" event fires only for messages with a <body>;
        # conference-info and talker events have none, so match them all.
        self.register_handler(Callback("any message", MatchXPath("{jabber:client}message"),
                                       self.on_message))
        self.add_event_handler("groupchat_direct_invite", self.on_invite)

    def on_message(self, msg):
        if msg["type"] == "groupchat":
            self.room_messages.put_nowait(msg)
        elif msg["type"] in ("chat", "normal") and msg["from"].bare == self.args.bridge and msg["body"]:
            self.chat.put_nowait(msg["body"])

    def on_invite(self, msg):
        self.invites.put_nowait(msg["groupchat_invite"]["jid"])

    async def ask(self, text):
        self.send_message(mto=self.args.bridge, mbody=text, mtype="chat")
        return await asyncio.wait_for(self.chat.get(), 10)

    async def start(self, _event):
        try:
            await self.scenario()
            self.failure = None
        except Exception as error:  # report the step that failed
            self.failure = f"{type(error).__name__}: {error}"
        finally:
            self.disconnect()

    async def scenario(self):
        self.send_presence()
        await self.get_roster()
        # 1. The bridge offers ad-hoc commands (Gajim, Psi and Profanity list them).
        items = await self["xep_0030"].get_items(jid=self.args.bridge,
                                                 node="http://jabber.org/protocol/commands",
                                                 timeout=10)
        nodes = [item[1] for item in items["disco_items"]["items"]]
        if "start-conference" not in nodes:
            raise RuntimeError(f"no start-conference command in {nodes}")
        print("ad-hoc commands:", ", ".join(nodes), flush=True)

        # 2. Start a conference by filling in the form.
        first = await self["xep_0050"].send_command(self.args.bridge, "start-conference", timeout=10)
        command = first["command"]
        who = first.xml.find(".//{jabber:x:data}x[@type='form']/{jabber:x:data}field[@var='who']")
        if command["status"] != "executing" or who is None:
            raise RuntimeError(f"expected a form with a 'who' field, got {first}")
        form = self["xep_0004"].make_form(ftype="submit")
        form.add_field(var="who", ftype="text-multi", value=[self.args.number])
        done = await self["xep_0050"].send_command(self.args.bridge, "start-conference",
                                                    sessionid=command["sessionid"],
                                                    payload=form, action="complete", timeout=10)
        notes = " ".join(note[1] for note in done["command"]["notes"])
        if done["command"]["status"] != "completed" or "Conference started" not in notes:
            raise RuntimeError(f"start-conference did not start one: {notes!r}")
        print("form answer:", notes.replace("\n", " | "), flush=True)

        # 3. Join the room the bridge invites us to (XEP-0249).
        room = await asyncio.wait_for(self.invites.get(), 10)
        await self["xep_0045"].join_muc_wait(room, "alice", maxstanzas=0, timeout=10)
        print("joined", room, flush=True)

        # 4. The room's conference-info shows the phone connected. The full
        # document sent when we joined is enough, even if the phone answered
        # before we got into the room (we asked for no history).
        deadline = asyncio.get_running_loop().time() + 15
        while True:
            remaining = deadline - asyncio.get_running_loop().time()
            msg = await asyncio.wait_for(self.room_messages.get(), max(remaining, 0.1))
            info = msg.xml.find("{%s}conference-info" % CONFERENCE_INFO)
            if info is None:
                continue
            for endpoint in info.iter("{%s}endpoint" % CONFERENCE_INFO):
                status = endpoint.find("{%s}status" % CONFERENCE_INFO)
                if endpoint.get("entity") == "tel:" + self.args.number and status is not None \
                        and status.text == "connected":
                    break
            else:
                continue
            break
        print("conference-info shows", self.args.number, "connected", flush=True)

        # 5. Slash commands by chat work for plain clients too.
        listing = await self.ask("/list")
        if self.args.number + ": connected" not in listing:
            raise RuntimeError(f"/list does not show the phone connected: {listing!r}")
        ended = await self.ask("/end")
        if "Ending conference" not in ended:
            raise RuntimeError(f"/end answered {ended!r}")
        print("/list and /end work", flush=True)


def main():
    parser = argparse.ArgumentParser()
    for option in ("--jid", "--password", "--ca", "--bridge", "--number"):
        parser.add_argument(option, required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    client = Alice(args)
    client.ssl_context = ssl.create_default_context(cafile=args.ca)
    client.connect(address=("127.0.0.1", args.port))
    loop = asyncio.get_event_loop()
    loop.run_until_complete(asyncio.wait_for(client.disconnected, 60))
    if client.failure:
        print("FAILED:", client.failure, flush=True)
        return 1
    print("OK", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
