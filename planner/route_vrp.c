/* route_vrp.c -- reads a TSPLIB CVRP file (the CVRPLIB benchmark sets:
 * bench/cvrp.sh, tests/planner/test_route.c).  Only what those files
 * use: EUC_2D coordinates, rounded to the nearest integer as CVRPLIB
 * computes its published optima; the depot (DEPOT_SECTION, node 1 when
 * absent) becomes node 0. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planner.h"

void plan_route_vrp_free(struct plan_route_vrp *v)
{
    if (!v)
        return;
    free(v->cost);
    free(v->demand);
    free(v);
}

static void header(struct plan_route_vrp *v, const char *key, const char *val)
{
    if (!strcmp(key, "NAME")) {
        snprintf(v->name, sizeof v->name, "%s", val);
        const char *k = strstr(val, "-k");
        if (k)
            v->trucks = atoi(k + 2);
    } else if (!strcmp(key, "COMMENT")) {
        const char *o = strstr(val, "Optimal value:");
        if (!o)
            o = strstr(val, "Best value:");
        if (o)
            v->optimum = atof(strchr(o, ':') + 1);
    } else if (!strcmp(key, "DIMENSION"))
        v->n = atoi(val);
    else if (!strcmp(key, "CAPACITY"))
        v->capacity = atoi(val);
}

/* Splits "KEY : value"; returns false for a section line. */
static bool split(char *line, char **key, char **val)
{
    char *c = strchr(line, ':');
    if (!c)
        return false;
    *c = 0;
    char *e = c;
    while (e > line && isspace((unsigned char)e[-1]))
        *--e = 0;
    *key = line;
    for (*val = c + 1; isspace((unsigned char)**val); (*val)++)
        ;
    (*val)[strcspn(*val, "\r\n")] = 0;
    return true;
}

struct vrp_read {
    double *x, *y;
    int depot, section, line;   /* section 1 coords, 2 demand, 3 depot */
};

static enum status data_line(struct plan_route_vrp *v, struct vrp_read *rd,
                             const char *line, const char *path, struct diag *err)
{
    int id;
    double a, b;
    if (rd->section == 3) {
        if (sscanf(line, "%d", &id) == 1 && id > 0)
            rd->depot = id - 1;
        return STATUS_OK;
    }
    int k = sscanf(line, "%d %lf %lf", &id, &a, &b);
    if (k < (rd->section == 1 ? 3 : 2) || id < 1 || id > v->n)
        return diag_set(err, STATUS_PARSE, path, rd->line, 0,
                        rd->section == 1 ? "NODE_COORD_SECTION" : "DEMAND_SECTION",
                        "expected a node number 1..%d and %s", v->n,
                        rd->section == 1 ? "two coordinates" : "a demand");
    if (rd->section == 1) {
        rd->x[id - 1] = a;
        rd->y[id - 1] = b;
    } else
        v->demand[id - 1] = (int)a;
    return STATUS_OK;
}

static enum status read_lines(FILE *f, struct plan_route_vrp *v,
                              struct vrp_read *rd, const char *path,
                              struct diag *err)
{
    char buf[512], *key, *val;
    while (fgets(buf, sizeof buf, f)) {
        rd->line++;
        char *s = buf;
        while (isspace((unsigned char)*s))
            s++;
        if (!*s || !strncmp(s, "EOF", 3))
            continue;
        if (!strncmp(s, "NODE_COORD_SECTION", 18) || !strncmp(s, "DEMAND_SECTION", 14)
            || !strncmp(s, "DEPOT_SECTION", 13)) {
            rd->section = s[1] == 'O' ? 1 : s[1] == 'E' && s[2] == 'M' ? 2 : 3;
            if (v->n < 2 || v->n > PLAN_ROUTE_MAX_NODES)
                return diag_set(err, STATUS_PARSE, path, rd->line, 0, "DIMENSION",
                                "expected 2..%d nodes before the sections",
                                PLAN_ROUTE_MAX_NODES);
            if (!rd->x) {
                rd->x = calloc((size_t)v->n, sizeof(double));
                rd->y = calloc((size_t)v->n, sizeof(double));
                v->demand = calloc((size_t)v->n, sizeof(int));
                if (!rd->x || !rd->y || !v->demand)
                    return diag_set(err, STATUS_NOMEM, path, 0, 0, NULL, "out of memory");
            }
        } else if (rd->section) {
            enum status st = data_line(v, rd, s, path, err);
            if (st != STATUS_OK)
                return st;
        } else if (split(s, &key, &val))
            header(v, key, val);
    }
    if (!rd->x || v->capacity < 1)
        return diag_set(err, STATUS_PARSE, path, rd->line, 0, "CAPACITY",
                        "expected CAPACITY and the node sections");
    return STATUS_OK;
}

/* Node order with the depot first. */
static enum status finish(struct plan_route_vrp *v, struct vrp_read *rd)
{
    int n = v->n, order[PLAN_ROUTE_MAX_NODES], k = 0, dem[PLAN_ROUTE_MAX_NODES];
    order[k++] = rd->depot;
    for (int i = 0; i < n; i++)
        if (i != rd->depot)
            order[k++] = i;
    v->cost = malloc(sizeof(double) * (size_t)(n * n));
    if (!v->cost)
        return STATUS_NOMEM;
    for (int i = 0; i < n; i++) {
        dem[i] = v->demand[order[i]];
        for (int j = 0; j < n; j++)
            v->cost[i * n + j] = floor(hypot(rd->x[order[i]] - rd->x[order[j]],
                                             rd->y[order[i]] - rd->y[order[j]]) + 0.5);
    }
    memcpy(v->demand, dem, sizeof(int) * (size_t)n);
    v->demand[0] = 0;
    return STATUS_OK;
}

enum status plan_route_read_vrp(const char *path, struct plan_route_vrp **out,
                                struct diag *err)
{
    *out = NULL;
    FILE *f = fopen(path, "r");
    if (!f)
        return diag_set(err, STATUS_IO, path, 0, 0, NULL, "cannot open the file");
    struct plan_route_vrp *v = calloc(1, sizeof *v);
    struct vrp_read rd = {0};
    enum status st = v ? read_lines(f, v, &rd, path, err)
                       : diag_set(err, STATUS_NOMEM, path, 0, 0, NULL, "out of memory");
    fclose(f);
    if (st == STATUS_OK && finish(v, &rd) != STATUS_OK)
        st = diag_set(err, STATUS_NOMEM, path, 0, 0, NULL, "out of memory");
    free(rd.x);
    free(rd.y);
    if (st != STATUS_OK) {
        plan_route_vrp_free(v);
        v = NULL;
    }
    *out = v;
    return st;
}
