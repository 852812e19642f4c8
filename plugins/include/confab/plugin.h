/*
 * confab/plugin.h: the bridge's plugin interface, a C ABI.
 *
 * A plugin is a shared object (or, with CONFAB_STATIC_PLUGINS, an object
 * linked into confab-bridge) that defines exactly one struct, a
 * `confab_plugin` descriptor: {abi_version, name, description, init, close}.
 * Define it with CONFAB_PLUGIN_DESCRIPTOR(ident), which exports it as
 * `confab_plugin_entry` in a shared object and as `confab_plugin_<ident>` when the
 * plugin is linked statically.
 *
 * The bridge reads `abi_version` first and refuses the plugin (one log line,
 * nothing else of it touched) unless it equals CONFAB_PLUGIN_ABI_VERSION.
 * Then it calls init() with the plugin's own host: a table of functions
 * (below) that lets the plugin register capabilities, each returning a
 * handle, and act on conferences. close() is called once at shutdown, and
 * should remove its handles in the reverse order of registration; whatever
 * is still registered afterwards is removed by the host.
 *
 * Capabilities a plugin can register:
 *   - event listener:  conference started or ended, leg state, talker, DTMF;
 *   - slash command:   "/record start", with a help line, authorised by the
 *                      bridge like its own commands (see confab_command_access);
 *   - media tap:       a read-only copy of a conference's mix or one leg;
 *   - prompt source:   turns text into speech for host->announce().
 * and it can play audio into a leg or a conference (host->play_audio), say
 * something in a conference's room, flag a conference as being recorded and
 * list a recording in the call detail records.
 *
 * THREAD CONTRACT
 *   Control thread: init, close, event listeners, slash commands and prompt
 *     sources are called on the bridge's control thread, the one thread that
 *     runs SIP signalling and the XMPP link for every conference. Return
 *     quickly: blocking there delays every call set-up, every chat reply and
 *     every room event of the whole bridge for as long as it blocks (the
 *     audio does not stop: mixing runs on the media thread). Do slow work
 *     (disk, network, speech synthesis) on a thread of your own.
 *   Tap thread: media tap callbacks run on the host's tap thread, never on
 *     the media thread. The media thread copies each 20 ms frame into a ring
 *     of 5 s per tap and never waits; a tap whose callback falls more than
 *     5 s behind loses frames (counted in confab_audio_frame.dropped). Short
 *     blocking there (a buffered file write) is fine; it delays only the taps.
 *   No plugin callback ever runs on the media thread.
 *   Host functions are marked [control] (call only from a callback or
 *   init/close running on the control thread; elsewhere they return
 *   CONFAB_ERR_WRONG_THREAD) or [any thread] (safe from any thread, they copy
 *   their arguments and hand the work to the control thread).
 *   Strings handed to a callback are valid until it returns.
 *
 * FAULT ISOLATION
 *   A plugin whose init() returns non-zero, or whose callback throws a C++
 *   exception across this boundary, is disabled: its handles are removed
 *   (taps closed, commands gone from /help), one error line is logged, and
 *   the bridge and its conferences carry on. Never let an exception escape;
 *   never call abort().
 */
#ifndef CONFAB_PLUGIN_H
#define CONFAB_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CONFAB_PLUGIN_ABI_VERSION 1u

/* Results of host functions. Handles are > 0; failures are these (< 0). */
enum {
    CONFAB_OK = 0,
    CONFAB_ERR_INVALID = -1,      /* a bad argument: NULL, empty, out of range */
    CONFAB_ERR_UNKNOWN = -2,      /* no such conference, participant or handle */
    CONFAB_ERR_WRONG_THREAD = -3, /* a [control] function called elsewhere */
    CONFAB_ERR_EXISTS = -4,       /* a command name already taken */
    CONFAB_ERR_UNAVAILABLE = -5,  /* e.g. announce() with no prompt source */
    CONFAB_ERR_FAILED = -6        /* the bridge could not do it; see its log */
};

typedef enum confab_log_level {
    CONFAB_LOG_DEBUG = 0,
    CONFAB_LOG_INFO = 1,
    CONFAB_LOG_WARN = 2,
    CONFAB_LOG_ERROR = 3
} confab_log_level;

/* ---- events ---- */

typedef enum confab_event_kind {
    CONFAB_EVENT_CONFERENCE_STARTED = 1,
    CONFAB_EVENT_CONFERENCE_ENDED = 2,
    CONFAB_EVENT_LEG_STATE = 3,
    CONFAB_EVENT_TALKER = 4,
    CONFAB_EVENT_DTMF = 5
} confab_event_kind;

typedef enum confab_leg_state {
    CONFAB_LEG_DIALING = 1,
    CONFAB_LEG_ALERTING = 2,
    CONFAB_LEG_CONNECTED = 3,
    CONFAB_LEG_ON_HOLD = 4,
    CONFAB_LEG_DISCONNECTED = 5
} confab_leg_state;

typedef struct confab_event {
    uint32_t struct_size;     /* sizeof(confab_event) of the host: fields may be added */
    confab_event_kind kind;
    int64_t conference;       /* the conference id the admin page and the CDRs show */
    int64_t unix_ms;          /* when the bridge saw it */
    const char *owner;        /* bare JID of the conference's owner */
    const char *room;         /* the conference's room JID, "" without MUC */
    uint32_t participant;     /* the leg's participant number; 0 in conference events */
    const char *number;       /* the leg's E.164 number, "" when none */
    const char *name;         /* the participant as the room names them ("Bob (+1555...)") */
    const char *display;      /* just the display name ("Bob"), else the number */
    confab_leg_state leg_state; /* LEG_STATE: the new state */
    const char *reason;       /* LEG_STATE disconnected, CONFERENCE_ENDED: why, else "" */
    int answered;             /* LEG_STATE: the leg had been answered (1) or never was (0) */
    int talking;              /* TALKER: 1 started, 0 stopped */
    char digit;               /* DTMF: '0'-'9', '*', '#', 'A'-'D' */
    uint32_t live_legs;       /* phone legs connected now, after this event */
} confab_event;

typedef void (*confab_event_fn)(void *user, const confab_event *event);

/* ---- slash commands ---- */

typedef enum confab_command_access {
    /* Anyone taking part in the conference: the owner, a moderator, an IM
       participant or an occupant of its room. */
    CONFAB_COMMAND_PARTICIPANTS = 0,
    /* The owner and the moderators only (like /mute others, /lock, /end). */
    CONFAB_COMMAND_MODERATORS = 1
} confab_command_access;

typedef struct confab_command_call {
    uint32_t struct_size;
    int64_t conference;        /* the sender's conference (the room it came from) */
    const char *sender;        /* bare JID */
    int sender_is_moderator;   /* owner or moderator */
    size_t argc;               /* arguments after the command name */
    const char *const *argv;   /* as the bridge's parser split them; UTF-8, no control chars */
} confab_command_call;

/* Write the reply (UTF-8, NUL-terminated, cut to reply_capacity) into
   `reply`; an empty reply sends nothing. The bridge has already checked
   access and that the sender has a conference, and audited the request;
   return 0 on success, non-zero when the command failed (audited as such). */
typedef int (*confab_command_fn)(void *user, const confab_command_call *call, char *reply,
                                 size_t reply_capacity);

/* ---- media taps ---- */

typedef struct confab_audio_frame {
    int64_t conference;
    uint32_t participant;     /* 0: the conference's mix */
    uint64_t tick;            /* consecutive frames differ by 1; a gap means a lost frame */
    int silence;              /* nobody contributed (mix) or nothing arrived (leg): zeros */
    const int16_t *samples;   /* 20 ms of 8 kHz mono linear PCM */
    size_t sample_count;      /* 160 */
    uint32_t sample_rate;     /* 8000 */
    uint64_t dropped;         /* frames this tap lost so far because its reader lagged */
} confab_audio_frame;

/* Tap thread. `frame` is NULL exactly once, as the last call for the
   handle: after remove(), or when the conference or the leg ended. */
typedef void (*confab_tap_fn)(void *user, const confab_audio_frame *frame);

/* ---- prompt sources ---- */

/* Control thread: speak `text` into the conference (participant 0) or one
   participant's leg. Render it off this thread and deliver it with
   host->play_audio(); return 0 when it will be spoken, non-zero if not. */
typedef int (*confab_prompt_fn)(void *user, int64_t conference, uint32_t participant,
                                const char *text);

/* ---- what the host tells about a conference ---- */

typedef struct confab_conference_info {
    uint32_t struct_size;     /* set by the caller to sizeof(confab_conference_info) */
    const char *owner;
    const char *room;
    const char *access_code;  /* digits, for phone-only participants to find the data session */
    uint32_t live_legs;       /* phone legs connected */
    uint32_t participants;    /* everyone taking part: phone legs and IM-only */
    int recording;            /* set_recording() state */
} confab_conference_info;

typedef struct confab_recording {
    uint32_t struct_size;
    int64_t conference;
    const char *path;         /* the finished file */
    const char *format;       /* "wav", "ogg-opus" */
    uint32_t participant;     /* 0: the mix; else one leg's own track */
    int64_t started_unix_ms;
    int64_t ended_unix_ms;
    uint64_t bytes;
} confab_recording;

/* ---- the host ---- */

typedef struct confab_host confab_host;
struct confab_host {
    uint32_t struct_size;
    uint32_t abi_version;     /* CONFAB_PLUGIN_ABI_VERSION */
    const char *plugin_name;
    void *context;            /* the bridge's; do not touch */

    /* [any thread] One line in the bridge's log, prefixed "plugin <name>:". */
    void (*log)(const confab_host *host, confab_log_level level, const char *message);

    /* [control] The plugin's table in the bridge config ([plugins.<name>]).
       NULL / CONFAB_ERR_UNKNOWN when the key is absent; CONFAB_ERR_INVALID
       when it has another type. Strings live until close(). */
    const char *(*config_string)(const confab_host *host, const char *key);
    int (*config_int)(const confab_host *host, const char *key, int64_t *out);
    int (*config_bool)(const confab_host *host, const char *key, int *out);
    /* An array of strings: its length (< 0 on error), and its items. */
    int (*config_array_size)(const confab_host *host, const char *key);
    const char *(*config_array_string)(const confab_host *host, const char *key, size_t index);

    /* [control] Registration. Each returns a handle > 0, or an error < 0. */
    int64_t (*add_event_listener)(const confab_host *host, confab_event_fn fn, void *user);
    /* `name`: 1-32 of [a-z0-9-], not a built-in command; `usage` like
       "/record start|stop"; `summary` one line for /help. */
    int64_t (*add_command)(const confab_host *host, const char *name, const char *usage,
                           const char *summary, confab_command_access access,
                           confab_command_fn fn, void *user);
    /* The conference's mix (participant 0) or one participant's received
       audio, from the next tick until remove() or the end of the
       conference/leg; the last callback has frame == NULL. */
    int64_t (*add_media_tap)(const confab_host *host, int64_t conference, uint32_t participant,
                             confab_tap_fn fn, void *user);
    int64_t (*add_prompt_source)(const confab_host *host, confab_prompt_fn fn, void *user);
    /* [control] Removes any handle this plugin registered. */
    int (*remove)(const confab_host *host, int64_t handle);

    /* [control] A snapshot; strings valid until the calling callback returns. */
    int (*conference_info)(const confab_host *host, int64_t conference, confab_conference_info *out);

    /* [control] Asks the prompt source (the first one registered) to speak
       `text`; CONFAB_ERR_UNAVAILABLE when no plugin provides one. */
    int (*announce)(const confab_host *host, int64_t conference, uint32_t participant,
                    const char *text);

    /* [any thread] Plays 8 kHz mono PCM (copied; at most 60 s) into one
       participant's leg, or into the whole conference when participant is 0.
       Mixed in without blocking the media thread; a new prompt for the same
       leg (or conference) replaces the one playing. */
    int (*play_audio)(const confab_host *host, int64_t conference, uint32_t participant,
                      const int16_t *samples, size_t sample_count, uint32_t sample_rate);

    /* [any thread] A line from the bridge in the conference's room (or to
       its owner without MUC), logged with the conference's events. */
    int (*say)(const confab_host *host, int64_t conference, const char *text);

    /* [any thread] Marks the conference as being recorded (or not): its room
       panel shows it, through conference-info. */
    int (*set_recording)(const confab_host *host, int64_t conference, int recording);

    /* [any thread] Lists a finished recording with the conference in the
       call detail records and the admin page's history. */
    int (*add_recording)(const confab_host *host, const confab_recording *recording);
};

/* ---- the descriptor ---- */

typedef struct confab_plugin {
    uint32_t abi_version;     /* CONFAB_PLUGIN_ABI_VERSION; checked before anything else */
    const char *name;         /* [a-z0-9-]+, the name in the config */
    const char *description;  /* one line */
    /* Control thread, once. Register capabilities; return 0, or non-zero
       (after host->log() saying why) to be disabled. `host` stays valid
       until close() returns. */
    int (*init)(const confab_host *host);
    /* Control thread, once, if init returned 0: remove handles in reverse. */
    void (*close)(void);
} confab_plugin;

#if defined(__GNUC__)
#define CONFAB_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define CONFAB_PLUGIN_EXPORT
#endif

#ifdef __cplusplus
#define CONFAB_PLUGIN_EXTERN_C extern "C"
#else
#define CONFAB_PLUGIN_EXTERN_C
#endif

/* The symbol the loader looks up in a shared object. */
#define CONFAB_PLUGIN_SYMBOL "confab_plugin_entry"

/* Defines the descriptor: `CONFAB_PLUGIN_DESCRIPTOR(recorder) = {...};`.
   Build with -DCONFAB_PLUGIN_STATIC to link it into the bridge (the symbol
   is then confab_plugin_recorder, listed in the generated static table). */
#ifdef CONFAB_PLUGIN_STATIC
#define CONFAB_PLUGIN_DESCRIPTOR(ident) \
    CONFAB_PLUGIN_EXTERN_C const confab_plugin confab_plugin_##ident; \
    CONFAB_PLUGIN_EXTERN_C const confab_plugin confab_plugin_##ident
#else
#define CONFAB_PLUGIN_DESCRIPTOR(ident) \
    CONFAB_PLUGIN_EXTERN_C CONFAB_PLUGIN_EXPORT const confab_plugin confab_plugin_entry; \
    CONFAB_PLUGIN_EXTERN_C CONFAB_PLUGIN_EXPORT const confab_plugin confab_plugin_entry
#endif

#ifdef __cplusplus
}
#endif

#endif /* CONFAB_PLUGIN_H */
