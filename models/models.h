/* models.h -- the territory model: types, loading, validation.
 *
 * This is the only header other folders include from models/.  It holds:
 *
 *   - status codes and diagnostics (diag_*): every function that can fail
 *     returns an enum status and fills a caller-owned struct diag, or adds
 *     to a struct diag_list when it reports many problems in one pass;
 *   - civil dates as day numbers (model_date_*), the smallest piece of
 *     calendar arithmetic the store and the model need; French calendars
 *     live in calendars/;
 *   - the territory model (struct model): communes, sites, staff, vehicles,
 *     services, targets, travel, settings, loaded from a folder of CSV files
 *     (model_load_dir) and validated as a whole before anything is stored;
 *   - plans (struct model_plan): the sessions a solver or a coordinator
 *     produced, which the store keeps and the calendar layer publishes.
 *
 * The SQLite project file that keeps all this is store/ (store.h).
 *
 * Ownership: every *_new / *_open / *_load has one destructor of the same
 * prefix (*_free / *_close) that accepts NULL.  Strings inside a model are
 * owned by the model and live as long as it does.  Indices (service, site,
 * staff...) are 0-based positions in the model's arrays; -1 means "none".
 */
#ifndef PLANNER_MODELS_H
#define PLANNER_MODELS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ------------------------------------------------------------------ */
/* Status and diagnostics                                               */
/* ------------------------------------------------------------------ */

enum status {
    STATUS_OK = 0,
    STATUS_NOMEM,    /* allocation failed */
    STATUS_IO,       /* a file could not be read or written */
    STATUS_PARSE,    /* a file is not in the expected syntax */
    STATUS_INVALID,  /* well-formed input that breaks a rule */
    STATUS_DB,       /* SQLite reported an error */
    STATUS_SOLVER,   /* GLPK failed (not: found no plan) */
    STATUS_NOTFOUND, /* a named object does not exist */
    STATUS_MISSING_DATA, /* the horizon needs data we do not have */
};

/* One problem, with where it was found.  Fixed buffers: reporting never
 * allocates, so it works when memory is short.  line/column are 1-based,
 * 0 when they do not apply; field is the CSV column name when known. */
struct diag {
    enum status status;
    char file[256];
    int line, column;
    char field[64];
    char message[384];
};

const char *diag_status_str(enum status st);
void diag_clear(struct diag *d);
/* Fills d (when not NULL) and returns st, so callers can write
 * "return diag_set(err, STATUS_IO, path, 0, 0, NULL, "...", ...)". */
enum status diag_set(struct diag *d, enum status st, const char *file,
                     int line, int column, const char *field,
                     const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
/* "file:line: column "field": message" -- the one format every tool prints. */
void diag_format(const struct diag *d, char *buf, size_t size);

/* Many problems found in one pass (loading a territory reports all of
 * them, not only the first).  Keeps the first DIAG_LIST_MAX errors and,
 * apart, the first DIAG_LIST_MAX warnings, and counts the rest: warnings,
 * however many, never push an error out nor count as one.  The list owns
 * its items. */
#define DIAG_LIST_MAX 500
struct diag_list {
    struct diag *items;
    size_t count, capacity;
    size_t dropped;   /* problems not kept (errors and warnings) */
    size_t warnings;  /* of count, how many are warnings (status OK) */
    size_t errors;    /* every error added, kept or dropped */
    size_t dropped_warnings; /* of dropped, how many are warnings */
};
void diag_list_init(struct diag_list *l);
void diag_list_free(struct diag_list *l);   /* frees items, not l */
size_t diag_list_errors(const struct diag_list *l);
/* Adds an error (st != STATUS_OK) or a warning (st == STATUS_OK). */
void diag_list_add(struct diag_list *l, enum status st, const char *file,
                   int line, int column, const char *field,
                   const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));
void diag_list_add_diag(struct diag_list *l, const struct diag *d);
/* Sorts by file, line, column: problems print in reading order. */
void diag_list_sort(struct diag_list *l);
/* Prints each as "file:line: column "x": message", warnings prefixed by
 * "warning: ", then how many errors and warnings were not shown. */
void diag_list_print(const struct diag_list *l, FILE *out);

/* ------------------------------------------------------------------ */
/* CSV tables (csv_table.c, csv_encoding.c, csv_columns.c)              */
/* ------------------------------------------------------------------ */

/* The project's one CSV reader: a whole file read into memory with the
 * line number of every record, so that any later check can say
 * "sites.csv:14".  The territory loaders and report/'s hand-edited plan
 * reader both use it.  Cells are kept as written (spaces included). */
struct csv_row {
    char **cells;
    size_t n_cells;
    int line;              /* 1-based line where the record starts */
};

struct csv_table {
    char *name;            /* how messages name the file ("sites.csv") */
    char **header;
    size_t n_cols;
    struct csv_row *rows;
    size_t n_rows;
    char separator;        /* ',' ';' or '\t', sniffed from the header */
    char **keys;           /* each header's canonical name (csv_columns.c) */
};

/* Reads path (UTF-8 with or without BOM, or Windows-1252 with a notice;
 * comma/semicolon/tab separated, RFC 4180 quotes, LF, CRLF or CR; a
 * regular file within the size limits).  Problems go into problems under the
 * name `name`, whose last path component also picks the file's French
 * column names (csv_columns.c: "sites.csv").  Returns STATUS_OK with *out set, even when the file has
 * no data rows; STATUS_NOTFOUND when the file does not exist (nothing
 * added to problems: optional files are the caller's business);
 * another status, with a problem added, when it cannot be read. */
enum status csv_table_read(const char *path, const char *name,
                           struct csv_table **out, struct diag_list *problems);
void csv_table_free(struct csv_table *t);
/* Index of the column whose header is name or one of its French names
 * in this file (csv_columns.c; case, accents and spaces do not matter),
 * or -1.  name is a canonical name ("name", "weekly_hours"). */
int csv_table_column(const struct csv_table *t, const char *name);

/* ------------------------------------------------------------------ */
/* Text columns (text.c)                                                */
/* ------------------------------------------------------------------ */

/* Characters (code points) of UTF-8 text: what a terminal shows. */
size_t text_width(const char *s);
/* Writes s, then spaces up to width characters (none when longer): the
 * UTF-8 counterpart of printf's "%-*s", which counts bytes. */
void text_put_padded(FILE *out, const char *s, size_t width);
/* v with `decimals` digits after a decimal comma ("2,5"), into buf of 32
 * bytes, for the French texts people read; returns buf. */
const char *text_decimal_fr(char buf[32], double v, int decimals);

/* ------------------------------------------------------------------ */
/* Dates                                                                */
/* ------------------------------------------------------------------ */

/* A civil date is a day number: days since 1970-01-01 in the proleptic
 * Gregorian calendar.  Plain ints compare, subtract and index arrays;
 * conversions below are exact for years 1..9999. */
struct model_date {
    int year, month, day;   /* month 1..12, day 1..31 */
};
int model_date_to_days(struct model_date d);
struct model_date model_date_from_days(int days);
/* 0 = Monday ... 6 = Sunday (ISO order, as French calendars print). */
int model_date_weekday(int days);
bool model_date_valid(struct model_date d);
/* Parses YYYY-MM-DD (also DD/MM/YYYY, as French spreadsheets write).
 * Returns false on anything else. */
bool model_date_parse(const char *s, int *days);
/* Writes YYYY-MM-DD; buf must hold 11 bytes. */
void model_date_iso(int days, char buf[11]);
/* Writes DD/MM/YYYY (French display); buf must hold 11 bytes. */
void model_date_fr(int days, char buf[11]);

/* ------------------------------------------------------------------ */
/* Territory model                                                      */
/* ------------------------------------------------------------------ */

#define MODEL_MAX_NAMES 64   /* distinct skills, distinct tags */
#define MODEL_MAX_TEAM 8     /* staff on one session */

/* Target populations a service can weigh communes by (DOMAIN.md §8). */
enum model_audience {
    AUD_ALL = 0,     /* population (municipale) */
    AUD_0_3,         /* children under 3 */
    AUD_0_6,         /* children under 6 */
    AUD_3_11,        /* children 3 to 11 */
    AUD_11_17,       /* young people 11 to 17 */
    AUD_16_25,       /* young adults 16 to 25 */
    AUD_65_PLUS,
    AUD_75_PLUS,
    AUD_80_PLUS,
    AUD_COUNT
};
/* Column name in communes.csv ("pop_0_3"...), "population" for AUD_ALL. */
const char *model_audience_column(enum model_audience a);
/* The audience in words for people: "enfants de moins de 3 ans"... */
const char *model_audience_words_fr(enum model_audience a);
bool model_audience_parse(const char *s, enum model_audience *out);

/* Minutes since midnight, local time (Europe/Paris). */
struct model_window {
    int weekday;          /* 0 = Monday ... 6 = Sunday */
    int start, end;       /* start < end, both in 0..1440 */
};

/* Half-days of the week as a bit mask: bit 2*weekday is the morning,
 * bit 2*weekday+1 the afternoon.  Mornings end at MODEL_NOON. */
#define MODEL_NOON (13 * 60)
#define MODEL_ALL_WEEK 0x3fffu
#define MODEL_HALF_AM(wd) (1u << (2 * (wd)))
#define MODEL_HALF_PM(wd) (1u << (2 * (wd) + 1))

struct model_commune {
    char insee[6];
    char *name;
    char *sector;          /* "" when the territory has no sectors */
    char *aliases;         /* "|"-separated former names or codes, or "" */
    int population;
    /* Target populations; pop[AUD_ALL] == population.  Estimated from
     * population and the territory's shares when the column is empty:
     * pop_known says which were given. */
    double pop[AUD_COUNT];
    uint32_t pop_known;    /* bit a set when pop[a] came from the file */
    double lat, lon;
    int line;              /* line in communes.csv, for messages */
};

enum model_site_kind {
    SITE_MAIRIE = 0, SITE_SALLE_DES_FETES, SITE_MEDIATHEQUE, SITE_ECOLE,
    SITE_EVS, SITE_CENTRE_SOCIAL, SITE_FRANCE_SERVICES, SITE_RPE,
    SITE_CRECHE, SITE_OTHER, SITE_KIND_COUNT
};
const char *model_site_kind_name(enum model_site_kind k);
bool model_site_kind_parse(const char *s, enum model_site_kind *out);

struct model_site {
    char *id;
    int commune;           /* index into communes */
    char *name, *address;
    double lat, lon;       /* the commune's centre when not given */
    enum model_site_kind kind;
    int capacity;          /* people; 0 = not stated */
    double yearly_cost;    /* euros a year to run it; -1 = not given */
    uint64_t tags;         /* bits into model.tag_names */
    /* Weekly opening windows; none means "open whenever asked". */
    struct model_window *open;
    size_t n_open;
    int line;
};

struct model_staff {
    char *id, *name, *role, *employer;
    uint64_t skills;       /* bits into model.skill_names */
    int base_site;         /* index into sites, or -1 */
    int base_commune;      /* index into communes (the base site's commune) */
    double base_lat, base_lon;
    double weekly_minutes; /* contract */
    uint32_t halfdays;     /* MODEL_HALF_* bits when they work */
    bool licence;          /* may drive */
    int max_drive_minutes; /* per day */
    double contract_etp;   /* whole contract, share of full time; -1 = not given */
    double hourly_cost;    /* employer's euros an hour; -1 = settings' */
    int line;
};

struct model_vehicle {
    char *id, *kind;
    int seats;
    int base_site, base_commune;
    double base_lat, base_lon;
    double cost_per_km;    /* euros */
    double yearly_cost;    /* purchase share or lease, euros a year; -1 = not given */
    uint32_t halfdays;     /* availability */
    int line;
};

/* One role of a team: count members who each have the skill (one bit
 * into model.skill_names); one person fills one role (services.csv
 * column roles, docs/input-format.md). */
struct model_role {
    uint64_t skill;
    int count;
};

enum model_cadence {
    CAD_WEEKLY = 1u << 0,    /* every week */
    CAD_2W = 1u << 1,        /* every 2 weeks */
    CAD_4W = 1u << 2,        /* every 4 weeks */
    CAD_MONTHLY = 1u << 3,   /* n-th weekday of each month */
    CAD_TIMES = 1u << 4,     /* N times in the horizon, evenly spread */
};

/* What a service does on closed days. */
enum model_holiday_policy {
    HOL_SKIP = 0,   /* no session that day; the series goes on */
    HOL_MOVE,       /* move to a make-up date in the same week */
    HOL_OPEN,       /* the day is a normal working day for this service */
};

struct model_service {
    char *id, *name;
    char *audience_text;   /* who it is for, in words (for feeds) */
    enum model_audience target;
    int duration;          /* minutes, the public part */
    int setup, teardown;   /* minutes before and after, on site */
    uint64_t skills;       /* every team member has all of these */
    int staff_count;       /* team size (the roles' counts add up to it) */
    struct model_role *roles; /* NULL = any qualified members */
    size_t n_roles;
    char *vehicle_kind;    /* "" when no vehicle is needed */
    uint64_t site_tags;    /* the site has all of these */
    uint32_t site_kinds;   /* bit per model_site_kind; 0 = any */
    uint32_t halfdays;     /* allowed half-days */
    struct model_window *windows; /* allowed times; session within one */
    size_t n_windows;
    unsigned cadences;     /* enum model_cadence bits allowed */
    int times;             /* N for CAD_TIMES */
    int max_sites;         /* 0 = no limit */
    enum model_holiday_policy school_holidays, public_holidays;
    int travel_max_minutes;/* a commune within this of a session is served */
    double weight;         /* importance against other services */
    char *booking;         /* how to book, "" when walk-in */
    char *category;        /* iCalendar CATEGORIES */
    /* Communes whose sites may host it; NULL = all member communes. */
    int *communes;
    size_t n_communes;
    int line;
};

enum model_scope { SCOPE_TERRITORY = 0, SCOPE_SECTOR, SCOPE_COMMUNE };
enum model_period { PER_HORIZON = 0, PER_MONTH, PER_YEAR };

/* "At least min sessions of service per period in scope", as the
 * territory documents phrase their targets (DOMAIN.md §7). */
struct model_target {
    int service;
    enum model_scope scope;
    char *where;           /* sector name or INSEE code, "" for territory */
    int commune;           /* for SCOPE_COMMUNE, else -1 */
    enum model_period period;
    int min_sessions;
    char *label;           /* the document's words, for summaries */
    int line;
};

/* Travel between two places; places are sites (index) or communes. */
struct model_travel {
    int from_commune, to_commune;
    double km, minutes;
};

/* Demand weight for a (service, commune); default 1. */
struct model_demand {
    int service, commune;
    double weight;
    int line;
};

/* A time when a staff member, a site or a vehicle is not available:
 * imported leave and room bookings (calendars/ reads them from iCalendar
 * files; the store keeps them).  Times are local wall-clock minutes since
 * 1970-01-01 00:00 Europe/Paris: day * 1440 + minute, end exclusive. */
enum model_busy_kind { BUSY_STAFF = 0, BUSY_SITE, BUSY_VEHICLE };
struct model_busy {
    enum model_busy_kind kind;
    int who;               /* index into staff, sites or vehicles */
    long long start, end;  /* local minutes, see above */
    char *summary;         /* what it was in the source file, for messages */
};

/* Territory settings (settings.csv: key,value).  Defaults are set by
 * model_settings_init and documented in docs/input-format.md. */
struct model_settings {
    char name[128];
    char school_zone;              /* 'A', 'B', 'C' or 0 when not set */
    double detour_factor;          /* road km per great-circle km */
    double speed_kmh;              /* average road speed */
    double fixed_minutes;          /* per trip: parking, walking in */
    int slot_step;                 /* minutes between candidate starts */
    int max_drive_minutes;         /* default per staff member per day */
    double share[AUD_COUNT];       /* estimate shares when not given */
    double weight_access;          /* objective weights */
    double weight_equity;
    double weight_cost_hour;       /* euros per staff hour on the road */
    double weight_km;              /* multiplier on vehicle cost per km */
    double penalty_unmet;          /* per missing session of a target */
    double hourly_cost;            /* euros per staff hour, for the reports; -1 = none */
};
void model_settings_init(struct model_settings *s);

/* A minibus transport (transports.csv): riders picked up at the points
 * of pickups.csv and brought to a site by arrive_by, taken back at
 * leave_at.  Planned per run by planner/route_*.c (docs/model.md §8). */
struct model_transport {
    char *id, *name;
    int line;
    int site;              /* destination, index into sites */
    int arrive_by;         /* minutes after midnight */
    int leave_at;          /* the return's departure; -1: no return trip */
    uint32_t halfdays;     /* the days it runs (half-day mask, as services) */
    bool term_time, holidays; /* runs in term time, in school holidays */
    char *vehicle_kind;    /* vehicles.csv kind */
    int max_ride_minutes;  /* per rider; 0: no limit */
    int dwell_minutes;     /* lost at each stop */
    bool escort;           /* an escort rides too (children): one seat less */
};

/* A pick-up point of one transport (pickups.csv).  At most this many per
 * transport: planner/route_*.c holds a run's stops in 64-bit sets. */
#define MODEL_MAX_PICKUPS 63
struct model_pickup {
    char *id, *name;
    int line;
    int transport;         /* index into transports */
    int commune;           /* index into communes */
    double lat, lon;
    int riders;            /* registered or expected per run, >= 1 */
};

struct model {
    char *dir;                     /* folder it was loaded from */
    struct model_settings settings;
    struct model_commune *communes; size_t n_communes;
    struct model_site *sites;       size_t n_sites;
    struct model_staff *staff;      size_t n_staff;
    struct model_vehicle *vehicles; size_t n_vehicles;
    struct model_service *services; size_t n_services;
    struct model_target *targets;   size_t n_targets;
    struct model_travel *travel;    size_t n_travel;
    struct model_demand *demand;    size_t n_demand;
    struct model_busy *busy;        size_t n_busy;
    struct model_transport *transports; size_t n_transports;
    struct model_pickup *pickups;   size_t n_pickups;
    char *skill_names[MODEL_MAX_NAMES]; size_t n_skills;
    char *tag_names[MODEL_MAX_NAMES];   size_t n_tags;
    /* Distinct sector names in order of first appearance. */
    char **sectors; size_t n_sectors;
};

struct model *model_new(void);
void model_free(struct model *m);
/* Frees m's staff and leaves it with none (a model rebuilt in place). */
void model_free_staff(struct model *m);

/* Loads every file of a territory folder.  Reports every problem found
 * into problems (errors and warnings) and returns STATUS_OK only when
 * there is no error; on error *out is NULL.  Files: see
 * docs/input-format.md. */
enum status model_load_dir(const char *dir, struct model **out,
                           struct diag_list *problems);

/* Lookups; -1 when absent. */
int model_find_commune(const struct model *m, const char *insee_or_name);
int model_find_site(const struct model *m, const char *id);
int model_find_staff(const struct model *m, const char *id);
int model_find_vehicle(const struct model *m, const char *id);
int model_find_service(const struct model *m, const char *id);
int model_find_transport(const struct model *m, const char *id);
/* Pick-up id of transport; -1 when absent. */
int model_find_pickup(const struct model *m, int transport, const char *id);
int model_find_sector(const struct model *m, const char *name);
int model_find_skill(const struct model *m, const char *name);
int model_find_tag(const struct model *m, const char *name);

/* ------------------------------------------------------------------ */
/* Domain rules (rules.c): each written once, called by the loader, the */
/* checks, the solver, its heuristic and explanations, the summary.     */
/* report/verify.c re-implements the hard rules on purpose.  Spec:      */
/* docs/rules.md.                                                        */
/* ------------------------------------------------------------------ */

/* Vehicle kinds are typed by hand in two files: equal ignoring case. */
bool model_rule_kind_equal(const char *a, const char *b);
bool model_rule_needs_vehicle(const struct model_service *sv);
/* The service needs a vehicle and v is of its kind. */
bool model_rule_vehicle_fits(const struct model_service *sv,
                             const struct model_vehicle *v);
/* The person has every skill the service asks of each team member. */
bool model_rule_staff_qualified(const struct model_service *sv,
                                const struct model_staff *st);
/* The team staff[0..n) of service sv can give each of its roles its
 * count of distinct people holding the role's skill, one role a person
 * (true when the service has no roles). */
bool model_rule_team_roles(const struct model *m,
                           const struct model_service *sv,
                           const int *staff, int n);
/* A site with site_tags has every tag of wanted. */
bool model_rule_tags_fit(uint64_t site_tags, uint64_t wanted);

/* Whether a site may host a service at all, and the first rule (in this
 * order) that excludes it. */
enum model_site_rule {
    MODEL_SITE_OK = 0,
    MODEL_SITE_TAGS,      /* lacks a tag the service asks */
    MODEL_SITE_KIND,      /* not of a kind the service accepts */
    MODEL_SITE_COMMUNES,  /* not in the service's communes */
};
enum model_site_rule model_rule_site(const struct model_service *sv,
                                     const struct model_site *st);

/* Minutes a session occupies one staff member on site (setup + duration
 * + teardown), and that interval [*a, *b) for a public start. */
int model_service_onsite_minutes(const struct model_service *s);
void model_rule_onsite(const struct model_service *sv, int start, int *a,
                       int *b);
/* Half-days an on-site interval [a, b) touches, as MODEL_AM | MODEL_PM
 * (a morning ends at MODEL_NOON), and whether mask (MODEL_HALF_* bits)
 * allows them on weekday (0 = Monday). */
#define MODEL_AM 1u
#define MODEL_PM 2u
unsigned model_rule_halves_of(int a, int b);
bool model_rule_halves_allowed(uint32_t mask, int weekday, unsigned halves);
/* A session of sv from start on weekday fits: on-site interval within
 * the day and the service's half-days, the public part within one of the
 * service's windows (when it has any), the on-site interval within one
 * of the opening windows open[0..n_open) (n_open 0: open whenever
 * asked).  Starts are tried on the grid of model_rule_slot_step. */
bool model_rule_start_fits(const struct model_service *sv,
                           const struct model_window *open, size_t n_open,
                           int weekday, int start);
int model_rule_slot_step(const struct model *m);   /* minutes, > 0 */
/* The same fit with a start at any minute, off the grid too: the
 * weekdays (bit 0 = Monday) on which one fits, and the earliest such
 * start in *earliest (-1 when none).  A service that fits only so is
 * lost to the start-time grid. */
unsigned model_rule_days_fitting(const struct model_service *sv,
                                 const struct model_window *open, size_t n_open,
                                 int *earliest);
/* The coarsest slot_step_minutes of at least 5 that reaches start (in
 * minutes) and is finer than step; 0 when there is none. */
int model_rule_step_allowing(int start, int step);
/* A person's daily driving limit: their own, else the territory's. */
int model_rule_max_drive(const struct model *m, const struct model_staff *st);
/* Whether a session on day is in the frozen past of a plan whose
 * frozen_through is through (MODEL_NOT_FROZEN: nothing is): such a
 * session is the previous plan's, kept as it was, and no re-plan moves
 * or cancels it.  The one rule of "the past"; report/verify.c keeps
 * its own. */
bool model_rule_frozen(int day, int through);
/* Whether a session at site counts for target tg's scope (the service is
 * not compared): territory, the commune's sector (ignoring case, as the
 * loader finds sectors), the commune. */
bool model_rule_in_scope(const struct model *m, const struct model_target *tg,
                         int site);
/* The audience service weighs commune by: its target population times
 * the demand weight (1 when demand.csv does not list the pair), >= 0. */
double model_rule_audience(const struct model *m, int service, int commune);
/* A commune is served by a session of sv at a site of site_commune when
 * it is that commune or minutes away at most travel_max_minutes. */
bool model_rule_serves(const struct model_service *sv, int site_commune,
                       int commune, double minutes);

/* Travel between two points of the territory, from travel.csv when the
 * pair of communes is there, else from coordinates with the settings'
 * detour factor and speed.  Same commune: from coordinates (short).
 * model_rule_travel_row is that row (either direction, the first listed;
 * NULL when none or the communes are the same or unknown), and
 * model_rule_travel the figures given the row, so a caller with its own
 * index of travel.csv computes the same numbers. */
void model_travel_between(const struct model *m, int from_commune,
                          double from_lat, double from_lon, int to_commune,
                          double to_lat, double to_lon, double *km,
                          double *minutes);
const struct model_travel *model_rule_travel_row(const struct model *m,
                                                 int from_commune,
                                                 int to_commune);
void model_rule_travel(const struct model *m, const struct model_travel *row,
                       double from_lat, double from_lon, double to_lat,
                       double to_lon, double *km, double *minutes);
double model_great_circle_km(double lat1, double lon1, double lat2,
                             double lon2);

/* Writes a short human summary of the territory (communes, sites, staff
 * hours, services and the hours they ask for) and the capacity checks. */
void model_print_summary(const struct model *m, FILE *out);

/* The checks `planner check` runs before solving: capacity (hours the
 * targets ask against hours available per skill: an error when more than
 * every qualified person has, a warning when tight; vehicle half-days),
 * what can never happen (a service no site can host, with the rule that
 * excludes each site; staff who can get no session; vehicles no service
 * needs) and coordinates far from the territory or swapped.  Adds
 * warnings, or errors when targets are impossible whatever the plan. */
void model_capacity_check(const struct model *m, int horizon_weeks,
                          struct diag_list *problems);

/* ------------------------------------------------------------------ */
/* Plans and sessions                                                   */
/* ------------------------------------------------------------------ */

enum model_session_status {
    SESSION_CONFIRMED = 0,
    SESSION_CANCELLED,
};

struct model_session {
    char uid[128];         /* stable: derived from service, site, series */
    int service, site;     /* indices into the model */
    int day;               /* model_date day number */
    int start, end;        /* minutes since midnight, public part */
    int staff[MODEL_MAX_TEAM];
    int n_staff;
    int vehicle;           /* -1 when none */
    enum model_session_status status;
    int sequence;          /* iCalendar SEQUENCE, kept by the store */
    long long last_modified; /* unix seconds, kept by the store */
};

/* A minibus route of a plan: one vehicle of one run (a transport on one
 * day), planned by planner/route_plan.c.  The riders are picked up in
 * stop order and set down at the transport's site by its arrive_by; when
 * the transport has a return (leave_at >= 0) the vehicle leaves the site
 * at leave_at and sets them down in the reverse order.  Times are
 * minutes after midnight of day. */
#define MODEL_RUN_MAX_STOPS 63
struct model_run {
    char uid[128];         /* stable: transport, date and route number */
    int transport;         /* index into transports */
    int day;               /* model_date day number */
    int route;             /* 0, 1, ...: the run's vehicles, in plan order */
    int vehicle, driver;   /* indices into vehicles and staff */
    int depart;            /* leaves the site for its first pick-up */
    int back;              /* back at the site after the return's last
                              drop-off; -1 without a return */
    int riders;
    double km;             /* both ways */
    int n_stops;
    int stop[MODEL_RUN_MAX_STOPS];    /* pick-ups (indices), in order */
    int pick[MODEL_RUN_MAX_STOPS];    /* pick-up times */
    int drop[MODEL_RUN_MAX_STOPS];    /* drop-off times on the return, -1 */
    enum model_session_status status;
    int sequence;          /* iCalendar SEQUENCE, kept by the store */
    long long last_modified;
};

/* A plan is an ordered list of sessions plus how it was obtained.  The
 * solver fills status/objective/bound/gap; a hand-edited plan has
 * solver "manual". */
struct model_plan {
    struct model_session *sessions;
    size_t n_sessions, capacity;
    struct model_run *runs;           /* minibus routes, by (day, depart) */
    size_t n_runs, runs_capacity;
    int horizon_start, horizon_end;   /* day numbers, inclusive */
    char solver_status[32];           /* "optimal", "feasible", ... */
    double objective, bound, gap;     /* gap: relative, 0.01 = 1 % */
    double seconds;
    bool time_limit_hit;
    long long created_at;             /* unix seconds (DTSTAMP); the
                                         caller sets it, from --now in
                                         tests so outputs are stable */
    long long id;                     /* store id, 0 when not saved */
    /* A re-plan keeps the previous plan's sessions on and before this
     * day as they were (model_rule_frozen, docs/model.md "The past is
     * frozen"); MODEL_NOT_FROZEN (model_plan_new's value): none. */
    int frozen_through;
};
#define MODEL_NOT_FROZEN INT_MIN
struct model_plan *model_plan_new(void);
void model_plan_free(struct model_plan *p);
enum status model_plan_add(struct model_plan *p,
                           const struct model_session *s);
enum status model_plan_add_run(struct model_plan *p,
                               const struct model_run *r);
/* Sorts sessions by (day, start, service, site) and runs by (day,
 * depart, transport, route): every output is in this order. */
void model_plan_sort(struct model_plan *p);

/* ------------------------------------------------------------------ */
/* School holidays                                                      */
/* ------------------------------------------------------------------ */

/* A school-holiday period of one zone: shipped with calendars/ or
 * imported by the coordinator from the Ministry's iCalendar files (the
 * store keeps those); imported ones replace, for their zone, the
 * shipped data over the span of days they cover. */
struct model_holiday_period {
    char zone;             /* 'A', 'B' or 'C' */
    int first_day, last_day; /* day numbers, inclusive: days off */
    char label[96];
};

#endif
