/*
 * example: the teaching plugin of docs/plugins.md, in plain C.
 *
 * It listens to talker events and answers "/talktime" with how long each
 * participant of the sender's conference has talked so far. It shows the
 * whole life of a plugin: a descriptor, init() registering an event
 * listener and a slash command, reading its config table, and close()
 * removing both in reverse order.
 *
 * Threads: everything here runs on the bridge's control thread (events,
 * commands, init, close), so the table needs no lock. It never blocks.
 *
 * Config ([plugins.example]):
 *   max_participants = 64   how many participants it keeps per bridge
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "confab/plugin.h"

typedef struct talker {
    int64_t conference;
    uint32_t participant;
    char name[96];
    int64_t talking_since_ms; /* 0 when silent */
    int64_t total_ms;
} talker;

static const confab_host *host;
static int64_t listener_handle;
static int64_t command_handle;
static talker *talkers;
static size_t talker_count;
static size_t talker_capacity = 64;

static talker *find_talker(int64_t conference, uint32_t participant, int create) {
    for (size_t i = 0; i < talker_count; ++i) {
        if (talkers[i].conference == conference && talkers[i].participant == participant) return &talkers[i];
    }
    if (!create || talker_count == talker_capacity) return NULL;
    talker *added = &talkers[talker_count++];
    memset(added, 0, sizeof *added);
    added->conference = conference;
    added->participant = participant;
    return added;
}

static void forget_conference(int64_t conference) {
    size_t kept = 0;
    for (size_t i = 0; i < talker_count; ++i) {
        if (talkers[i].conference != conference) talkers[kept++] = talkers[i];
    }
    talker_count = kept;
}

static void on_event(void *user, const confab_event *event) {
    (void)user;
    if (event->kind == CONFAB_EVENT_CONFERENCE_ENDED) {
        forget_conference(event->conference);
        return;
    }
    if (event->kind != CONFAB_EVENT_TALKER) return;
    talker *t = find_talker(event->conference, event->participant, 1);
    if (!t) return; /* full: documented limit */
    snprintf(t->name, sizeof t->name, "%s", event->name);
    if (event->talking && t->talking_since_ms == 0) {
        t->talking_since_ms = event->unix_ms;
    } else if (!event->talking && t->talking_since_ms != 0) {
        t->total_ms += event->unix_ms - t->talking_since_ms;
        t->talking_since_ms = 0;
    }
}

static int on_talktime(void *user, const confab_command_call *call, char *reply, size_t capacity) {
    (void)user;
    if (call->argc != 0) {
        snprintf(reply, capacity, "/talktime takes no arguments.");
        return 1;
    }
    size_t used = (size_t)snprintf(reply, capacity, "Talk time so far:");
    int any = 0;
    for (size_t i = 0; i < talker_count && used < capacity; ++i) {
        const talker *t = &talkers[i];
        if (t->conference != call->conference) continue;
        const int64_t ms = t->total_ms; /* finished turns only */
        used += (size_t)snprintf(reply + used, capacity - used, "\n%s: %lld.%01lld s", t->name,
                                 (long long)(ms / 1000), (long long)(ms % 1000 / 100));
        any = 1;
    }
    if (!any) snprintf(reply, capacity, "Nobody has talked yet.");
    return 0;
}

static int example_init(const confab_host *h) {
    host = h;
    int64_t limit = 64;
    const int found = host->config_int(host, "max_participants", &limit);
    if (found == CONFAB_ERR_INVALID || (found == CONFAB_OK && (limit < 1 || limit > 100000))) {
        host->log(host, CONFAB_LOG_ERROR, "max_participants must be an integer from 1 to 100000");
        return 1;
    }
    talker_capacity = (size_t)limit;
    talkers = calloc(talker_capacity, sizeof *talkers);
    if (!talkers) return 1;
    listener_handle = host->add_event_listener(host, on_event, NULL);
    command_handle = host->add_command(host, "talktime", "/talktime", "How long each participant has talked",
                                       CONFAB_COMMAND_PARTICIPANTS, on_talktime, NULL);
    if (listener_handle < 0 || command_handle < 0) {
        host->log(host, CONFAB_LOG_ERROR, "could not register /talktime or the event listener");
        return 1; /* the host removes whatever was registered */
    }
    return 0;
}

static void example_close(void) {
    host->remove(host, command_handle);
    host->remove(host, listener_handle);
    free(talkers);
    talkers = NULL;
    talker_count = 0;
}

CONFAB_PLUGIN_DESCRIPTOR(example) = {
    CONFAB_PLUGIN_ABI_VERSION,
    "example",
    "talk time per participant: /talktime (the docs/plugins.md example)",
    example_init,
    example_close,
};
