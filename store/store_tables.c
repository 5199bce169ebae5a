/* store_tables.c -- the column descriptions of every territory table.
 *
 * The one place where a column of a territory table is named and tied to
 * a field of struct model: store_rows.c generates the SELECT of a load,
 * the upsert and the delete of an import from these descriptions, reads
 * column i of a row with description i, and compares two rows field by
 * field, so a reader and its column list cannot get out of step.  A new
 * column is one line here (and a migration step in store_schema.c);
 * tests/store/test_store_schema.c fails when the schema holds a column
 * that is not described, or the reverse.
 *
 * Order of the columns: natural key first (what the row is), then pos
 * and line (bookkeeping), then content, as in the schema.  Order of the
 * tables: parents first. */
#include "store_int.h"

#include <stddef.h>

/* Every enum a column stores is int-sized: store_rows.c reads and writes
 * it through an int. */
_Static_assert(sizeof(enum model_site_kind) == sizeof(int), "int-sized enum");
_Static_assert(sizeof(enum model_audience) == sizeof(int), "int-sized enum");
_Static_assert(sizeof(enum model_holiday_policy) == sizeof(int), "int-sized enum");
_Static_assert(sizeof(enum model_scope) == sizeof(int), "int-sized enum");
_Static_assert(sizeof(enum model_period) == sizeof(int), "int-sized enum");
_Static_assert(sizeof(unsigned) == sizeof(uint32_t), "cadences as COL_U32");

/* ------------------------------------------------------------------ */
/* Enums stored as text                                                 */
/* ------------------------------------------------------------------ */

/* Site kinds and audiences are named by models/ (the words of the CSV
 * files); the store writes the same words. */
static const char *site_kind_name(int v)
{
    return model_site_kind_name((enum model_site_kind)v);
}

static const char *audience_name(int v)
{
    return model_audience_column((enum model_audience)v);
}

static const char *const policy_names[] = {"skip", "move", "open"};
static const char *const scope_names[] = {"territory", "sector", "commune"};
static const char *const period_names[] = {"horizon", "month", "year"};

#define NAMES(a) (a), NULL, sizeof(a) / sizeof((a)[0])
static const struct store_enum site_kind_codec = {NULL, site_kind_name, SITE_KIND_COUNT};
static const struct store_enum audience_codec = {NULL, audience_name, AUD_COUNT};
static const struct store_enum policy_codec = {NAMES(policy_names)};
static const struct store_enum scope_codec = {NAMES(scope_names)};
static const struct store_enum period_codec = {NAMES(period_names)};

/* ------------------------------------------------------------------ */
/* Columns                                                              */
/* ------------------------------------------------------------------ */

/* ROW is the struct of the table being described. */
#define COL(name, kind, field) {name, kind, false, offsetof(ROW, field), 0, NULL}
#define KEY(name, kind, field) {name, kind, true, offsetof(ROW, field), 0, NULL}
#define ENUM(name, field, codec) {name, COL_ENUM, false, offsetof(ROW, field), 0, &codec}
#define KEY_ENUM(name, field, codec) {name, COL_ENUM, true, offsetof(ROW, field), 0, &codec}
#define POS {"pos", COL_POS, false, 0, 0, NULL}
#define N(a) (sizeof(a) / sizeof((a)[0]))

/* skill, tag, sector: a row is a char * (the name). */
static const struct store_col name_cols[] = {
    {"name", COL_TEXT, true, 0, 0, NULL}, POS,
};

#define ROW struct model_commune
static const struct store_col commune_cols[] = {
    {"insee", COL_CHARS, true, offsetof(ROW, insee), sizeof ((ROW *)0)->insee, NULL},
    POS, COL("line", COL_LINE, line),
    COL("name", COL_TEXT, name), COL("sector", COL_TEXT, sector),
    COL("aliases", COL_TEXT, aliases), COL("population", COL_INT, population),
    /* One REAL per audience, in enum model_audience order. */
    COL("pop_all", COL_REAL, pop[AUD_ALL]), COL("pop_0_3", COL_REAL, pop[AUD_0_3]),
    COL("pop_0_6", COL_REAL, pop[AUD_0_6]), COL("pop_3_11", COL_REAL, pop[AUD_3_11]),
    COL("pop_11_17", COL_REAL, pop[AUD_11_17]),
    COL("pop_16_25", COL_REAL, pop[AUD_16_25]),
    COL("pop_65_plus", COL_REAL, pop[AUD_65_PLUS]),
    COL("pop_75_plus", COL_REAL, pop[AUD_75_PLUS]),
    COL("pop_80_plus", COL_REAL, pop[AUD_80_PLUS]),
    COL("pop_known", COL_U32, pop_known),
    COL("lat", COL_REAL, lat), COL("lon", COL_REAL, lon),
};
_Static_assert(AUD_COUNT == 9, "a pop_ column per audience");
#undef ROW

#define ROW struct model_window
static const struct store_col window_cols[] = {
    COL("weekday", COL_INT, weekday), COL("start_min", COL_INT, start),
    COL("end_min", COL_INT, end),
};
#undef ROW

#define ROW struct model_site
static const struct store_col site_cols[] = {
    KEY("site_id", COL_TEXT, id), POS, COL("line", COL_LINE, line),
    COL("insee", COL_COMMUNE, commune), COL("name", COL_TEXT, name),
    COL("address", COL_TEXT, address), COL("lat", COL_REAL, lat),
    COL("lon", COL_REAL, lon), ENUM("kind", kind, site_kind_codec),
    COL("capacity", COL_INT, capacity), COL("tags", COL_TAGS, tags),
    COL("yearly_cost", COL_REAL, yearly_cost),
};
static const struct store_child site_children[] = {
    {"site_open", window_cols, N(window_cols), sizeof(struct model_window),
     offsetof(ROW, open), offsetof(ROW, n_open)},
};
#undef ROW

#define ROW struct model_staff
static const struct store_col staff_cols[] = {
    KEY("staff_id", COL_TEXT, id), POS, COL("line", COL_LINE, line),
    COL("name", COL_TEXT, name), COL("role", COL_TEXT, role),
    COL("employer", COL_TEXT, employer), COL("skills", COL_SKILLS, skills),
    COL("base_site", COL_SITE, base_site),
    COL("base_insee", COL_COMMUNE, base_commune),
    COL("base_lat", COL_REAL, base_lat), COL("base_lon", COL_REAL, base_lon),
    COL("weekly_minutes", COL_REAL, weekly_minutes),
    COL("halfdays", COL_U32, halfdays), COL("licence", COL_BOOL, licence),
    COL("max_drive_minutes", COL_INT, max_drive_minutes),
    COL("contract_etp", COL_REAL, contract_etp),
    COL("hourly_cost", COL_REAL, hourly_cost),
};
#undef ROW

#define ROW struct model_vehicle
static const struct store_col vehicle_cols[] = {
    KEY("vehicle_id", COL_TEXT, id), POS, COL("line", COL_LINE, line),
    COL("kind", COL_TEXT, kind), COL("seats", COL_INT, seats),
    COL("base_site", COL_SITE, base_site),
    COL("base_insee", COL_COMMUNE, base_commune),
    COL("base_lat", COL_REAL, base_lat), COL("base_lon", COL_REAL, base_lon),
    COL("cost_per_km", COL_REAL, cost_per_km),
    COL("halfdays", COL_U32, halfdays),
    COL("yearly_cost", COL_REAL, yearly_cost),
};
#undef ROW

/* A service's commune restriction: an element is an int (a commune). */
static const struct store_col service_commune_cols[] = {
    {"insee", COL_COMMUNE, false, 0, 0, NULL},
};

/* A team role: an element is a struct model_role. */
#define ROW struct model_role
static const struct store_col service_role_cols[] = {
    COL("skill", COL_SKILLS, skill), COL("count", COL_INT, count),
};
#undef ROW

#define ROW struct model_service
static const struct store_col service_cols[] = {
    KEY("service_id", COL_TEXT, id), POS, COL("line", COL_LINE, line),
    COL("name", COL_TEXT, name), COL("audience_text", COL_TEXT, audience_text),
    ENUM("target", target, audience_codec),
    COL("duration", COL_INT, duration), COL("setup", COL_INT, setup),
    COL("teardown", COL_INT, teardown), COL("skills", COL_SKILLS, skills),
    COL("staff_count", COL_INT, staff_count),
    COL("vehicle_kind", COL_TEXT, vehicle_kind),
    COL("site_tags", COL_TAGS, site_tags), COL("site_kinds", COL_U32, site_kinds),
    COL("halfdays", COL_U32, halfdays), COL("cadences", COL_U32, cadences),
    COL("times", COL_INT, times), COL("max_sites", COL_INT, max_sites),
    ENUM("school_holidays", school_holidays, policy_codec),
    ENUM("public_holidays", public_holidays, policy_codec),
    COL("travel_max_minutes", COL_INT, travel_max_minutes),
    COL("weight", COL_REAL, weight), COL("booking", COL_TEXT, booking),
    COL("category", COL_TEXT, category),
};
static const struct store_child service_children[] = {
    {"service_window", window_cols, N(window_cols), sizeof(struct model_window),
     offsetof(ROW, windows), offsetof(ROW, n_windows)},
    {"service_commune", service_commune_cols, N(service_commune_cols), sizeof(int),
     offsetof(ROW, communes), offsetof(ROW, n_communes)},
    {"service_role", service_role_cols, N(service_role_cols),
     sizeof(struct model_role), offsetof(ROW, roles), offsetof(ROW, n_roles)},
};
#undef ROW

#define ROW struct model_target
static const struct store_col target_cols[] = {
    KEY("service_id", COL_SERVICE, service), KEY_ENUM("scope", scope, scope_codec),
    KEY("where_text", COL_TEXT, where), KEY_ENUM("period", period, period_codec),
    POS, COL("line", COL_LINE, line), COL("insee", COL_COMMUNE, commune),
    COL("min_sessions", COL_INT, min_sessions), COL("label", COL_TEXT, label),
};
#undef ROW

#define ROW struct model_travel
static const struct store_col travel_cols[] = {
    KEY("from_insee", COL_COMMUNE, from_commune),
    KEY("to_insee", COL_COMMUNE, to_commune), POS,
    COL("km", COL_REAL, km), COL("minutes", COL_REAL, minutes),
};
#undef ROW

#define ROW struct model_demand
static const struct store_col demand_cols[] = {
    KEY("service_id", COL_SERVICE, service), KEY("insee", COL_COMMUNE, commune),
    POS, COL("line", COL_LINE, line), COL("weight", COL_REAL, weight),
};
#undef ROW

#define ROW struct model_transport
static const struct store_col transport_cols[] = {
    KEY("transport_id", COL_TEXT, id), POS, COL("line", COL_LINE, line),
    COL("name", COL_TEXT, name), COL("site_id", COL_SITE, site),
    COL("arrive_by", COL_INT, arrive_by), COL("leave_at", COL_INT, leave_at),
    COL("halfdays", COL_U32, halfdays), COL("term_time", COL_BOOL, term_time),
    COL("holidays", COL_BOOL, holidays),
    COL("vehicle_kind", COL_TEXT, vehicle_kind),
    COL("max_ride_minutes", COL_INT, max_ride_minutes),
    COL("dwell_minutes", COL_INT, dwell_minutes), COL("escort", COL_BOOL, escort),
};
#undef ROW

#define ROW struct model_pickup
static const struct store_col pickup_cols[] = {
    KEY("transport_id", COL_TRANSPORT, transport), KEY("pickup_id", COL_TEXT, id),
    POS, COL("line", COL_LINE, line), COL("name", COL_TEXT, name),
    COL("insee", COL_COMMUNE, commune), COL("lat", COL_REAL, lat),
    COL("lon", COL_REAL, lon), COL("riders", COL_INT, riders),
};
#undef ROW

/* ------------------------------------------------------------------ */
/* Tables                                                               */
/* ------------------------------------------------------------------ */

/* A table over a heap array of struct model (pointer and size_t count). */
#define HEAP_TABLE(name, cols, type, array, count, children, n_children)   \
    {name, cols, N(cols), sizeof(type), offsetof(struct model, array),     \
     offsetof(struct model, count), 0, false, children, n_children}

/* Skill and tag names live in fixed arrays of struct model, and their
 * positions are the bits of the masks. */
static const struct store_table skill_table = {
    "skill", name_cols, N(name_cols), sizeof(char *),
    offsetof(struct model, skill_names), offsetof(struct model, n_skills),
    MODEL_MAX_NAMES, true, NULL, 0};
static const struct store_table tag_table = {
    "tag", name_cols, N(name_cols), sizeof(char *),
    offsetof(struct model, tag_names), offsetof(struct model, n_tags),
    MODEL_MAX_NAMES, true, NULL, 0};
static const struct store_table sector_table =
    HEAP_TABLE("sector", name_cols, char *, sectors, n_sectors, NULL, 0);
static const struct store_table commune_table = HEAP_TABLE(
    "commune", commune_cols, struct model_commune, communes, n_communes, NULL, 0);
static const struct store_table site_table =
    HEAP_TABLE("site", site_cols, struct model_site, sites, n_sites,
               site_children, N(site_children));
static const struct store_table staff_table = HEAP_TABLE(
    "staff", staff_cols, struct model_staff, staff, n_staff, NULL, 0);
static const struct store_table vehicle_table = HEAP_TABLE(
    "vehicle", vehicle_cols, struct model_vehicle, vehicles, n_vehicles, NULL, 0);
static const struct store_table service_table =
    HEAP_TABLE("service", service_cols, struct model_service, services,
               n_services, service_children, N(service_children));
static const struct store_table target_table = HEAP_TABLE(
    "target", target_cols, struct model_target, targets, n_targets, NULL, 0);
static const struct store_table travel_table = HEAP_TABLE(
    "travel", travel_cols, struct model_travel, travel, n_travel, NULL, 0);
static const struct store_table demand_table = HEAP_TABLE(
    "demand", demand_cols, struct model_demand, demand, n_demand, NULL, 0);

static const struct store_table transport_table = HEAP_TABLE(
    "transport", transport_cols, struct model_transport, transports,
    n_transports, NULL, 0);
static const struct store_table pickup_table = HEAP_TABLE(
    "pickup", pickup_cols, struct model_pickup, pickups, n_pickups, NULL, 0);

const struct store_table *const store_tables[] = {
    &skill_table, &tag_table, &sector_table, &commune_table, &site_table,
    &staff_table, &vehicle_table, &service_table, &target_table,
    &travel_table, &demand_table, &transport_table, &pickup_table,
};
const size_t store_n_tables = N(store_tables);
