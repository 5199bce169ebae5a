/* export_runs.c -- the minibus runs of a plan as runs.csv and runs.json
 * (docs/output-formats.md "runs.csv"): one CSV row per stop of each
 * route, in pick-up order, with the route's vehicle, driver, times and
 * km repeated on each row so that a spreadsheet filter on a commune or a
 * driver shows whole lines; one JSON object per route with its stops
 * nested.  Written from the saved plan (struct model_run), so the files
 * of a re-publish are those of the first. */
#include "report_int.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const char *const run_columns[] = {
    "run_uid", "transport", "date", "route", "vehicle", "driver", "site",
    "depart", "stop", "pickup", "commune_insee", "commune", "place",
    "pickup_time", "riders", "arrive_by", "leave_at", "dropoff_time", "back",
    "km", "status", "transport_name", "driver_name",
};
#define N_RUN_COLUMNS (sizeof run_columns / sizeof *run_columns)

/* The cells of stop k of r that are not numbers with decimals. */
static void stop_cells(const struct model *m, const struct model_run *r, int k,
                       char buf[][64], const char **cells)
{
    const struct model_transport *t = &m->transports[r->transport];
    const struct model_pickup *pk = &m->pickups[r->stop[k]];
    const struct model_commune *c = pk->commune >= 0 ? &m->communes[pk->commune] : NULL;
    model_date_iso(r->day, buf[0]);
    snprintf(buf[1], 64, "%d", r->route + 1);
    report_hhmm(r->depart, buf[2]);
    snprintf(buf[3], 64, "%d", k + 1);
    report_hhmm(r->pick[k], buf[4]);
    snprintf(buf[5], 64, "%d", pk->riders);
    report_hhmm(t->arrive_by, buf[6]);
    if (t->leave_at >= 0)
        report_hhmm(t->leave_at, buf[7]);
    else
        buf[7][0] = '\0';
    if (r->drop[k] >= 0)
        report_hhmm(r->drop[k], buf[8]);
    else
        buf[8][0] = '\0';
    if (r->back >= 0)
        report_hhmm(r->back, buf[9]);
    else
        buf[9][0] = '\0';
    const char *v[] = {
        r->uid, t->id, buf[0], buf[1], m->vehicles[r->vehicle].id,
        m->staff[r->driver].id, m->sites[t->site].id, buf[2], buf[3], pk->id,
        c ? c->insee : "", c ? c->name : "", pk->name, buf[4], buf[5], buf[6],
        buf[7], buf[8], buf[9], NULL,
        r->status == SESSION_CANCELLED ? "cancelled" : "confirmed", t->name,
        m->staff[r->driver].name,
    };
    memcpy(cells, v, sizeof v);
}

enum status export_runs_csv(const struct model *m, const struct model_plan *p,
                            enum export_dialect dialect, FILE *out,
                            struct diag *err)
{
    struct report_csv_style cs = report_csv_style(dialect);
    if (cs.bom)
        fputs("\xef\xbb\xbf", out);
    for (size_t k = 0; k < N_RUN_COLUMNS; k++)
        report_csv_cell(out, &cs, run_columns[k], k + 1 == N_RUN_COLUMNS);
    for (size_t i = 0; i < p->n_runs; i++)
        for (int k = 0; k < p->runs[i].n_stops; k++) {
            char buf[10][64];
            const char *cells[N_RUN_COLUMNS];
            stop_cells(m, &p->runs[i], k, buf, cells);
            for (size_t c = 0; c < N_RUN_COLUMNS; c++) {
                bool last = c + 1 == N_RUN_COLUMNS;
                if (!cells[c])
                    report_csv_number(out, &cs, p->runs[i].km, 1, last);
                else
                    report_csv_cell(out, &cs, cells[c], last);
            }
        }
    if (ferror(out))
        return diag_set(err, STATUS_IO, "", 0, 0, NULL,
                        "could not write the runs CSV: %s", strerror(errno));
    return STATUS_OK;
}

static void json_time(FILE *out, const char *key, int minutes)
{
    char t[8];
    fprintf(out, ", \"%s\": ", key);
    if (minutes < 0) {
        fputs("null", out);
        return;
    }
    report_hhmm(minutes, t);
    fprintf(out, "\"%s\"", t);
}

static void json_stop(FILE *out, const struct model *m, const struct model_run *r,
                      int k)
{
    const struct model_pickup *pk = &m->pickups[r->stop[k]];
    fputs(k ? ",\n        {\"pickup\": " : "\n        {\"pickup\": ", out);
    report_json_string(out, pk->id);
    fputs(", \"place\": ", out);
    report_json_string(out, pk->name);
    fputs(", \"commune_insee\": ", out);
    report_json_string(out, pk->commune >= 0 ? m->communes[pk->commune].insee : "");
    fprintf(out, ", \"riders\": %d", pk->riders);
    json_time(out, "pickup_time", r->pick[k]);
    json_time(out, "dropoff_time", r->drop[k]);
    fputc('}', out);
}

static void json_run(FILE *out, const struct model *m, const struct model_run *r)
{
    const struct model_transport *t = &m->transports[r->transport];
    char date[11];
    model_date_iso(r->day, date);
    fputs("\n    {\"uid\": ", out);
    report_json_string(out, r->uid);
    fputs(", \"transport\": ", out);
    report_json_string(out, t->id);
    fprintf(out, ", \"date\": \"%s\", \"route\": %d, \"vehicle\": ", date, r->route + 1);
    report_json_string(out, m->vehicles[r->vehicle].id);
    fputs(", \"driver\": ", out);
    report_json_string(out, m->staff[r->driver].id);
    fputs(", \"site\": ", out);
    report_json_string(out, m->sites[t->site].id);
    json_time(out, "depart", r->depart);
    json_time(out, "arrive_by", t->arrive_by);
    json_time(out, "leave_at", t->leave_at);
    json_time(out, "back", r->back);
    fprintf(out, ", \"riders\": %d, \"km\": %.1f, \"status\": \"%s\", "
            "\"sequence\": %d,\n      \"stops\": [", r->riders, r->km,
            r->status == SESSION_CANCELLED ? "cancelled" : "confirmed", r->sequence);
    for (int k = 0; k < r->n_stops; k++)
        json_stop(out, m, r, k);
    fputs("]}", out);
}

enum status export_runs_json(const struct model *m, const struct model_plan *p,
                             FILE *out, struct diag *err)
{
    char d0[11], d1[11];
    model_date_iso(p->horizon_start, d0);
    model_date_iso(p->horizon_end, d1);
    fputs("{\n  \"territory\": ", out);
    report_json_string(out, m->settings.name);
    fprintf(out, ",\n  \"plan_id\": %lld,\n  \"horizon\": {\"start\": \"%s\", "
            "\"end\": \"%s\"},\n  \"runs\": [", p->id, d0, d1);
    for (size_t i = 0; i < p->n_runs; i++) {
        if (i)
            fputc(',', out);
        json_run(out, m, &p->runs[i]);
    }
    fputs(p->n_runs ? "\n  ]\n}\n" : "]\n}\n", out);
    if (ferror(out))
        return diag_set(err, STATUS_IO, "", 0, 0, NULL,
                        "could not write the runs JSON: %s", strerror(errno));
    return STATUS_OK;
}
