/* csv_table.c -- read a spreadsheet's CSV export into memory.
 *
 * Coordinators keep their territory in LibreOffice or Excel, so this
 * accepts what those programs really write: UTF-8 with or without a byte
 * order mark, comma, semicolon (French Excel) or tab separators, RFC 4180
 * quoted fields that may hold separators, quotes and line breaks, CRLF or
 * LF line ends.  Tokenising is libcsv's job (strict mode); this file adds
 * what libcsv does not know: the encoding check, separator sniffing, and
 * the line on which each record starts, fed to libcsv one physical line
 * at a time so every later message can say "sites.csv:14".
 *
 * Encoding problems are reported per line with the byte column: a file
 * saved as Latin-1 ("CSV (séparateur: point-virgule)" in old Excel) is the
 * commonest mistake, and the message says how to save it as UTF-8. */
#include "models_int.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Territory files are small; this bound keeps a wrong path (a video, a
 * disk image) from being read whole into memory. */
#define CSV_MAX_BYTES (64u * 1024u * 1024u)

struct build {
    struct csv_table *t;
    char **cells;          /* cells of the record being built */
    size_t n_cells, cap_cells;
    int record_line;       /* line where the current record started */
    bool header_done;
    bool nomem;
};

char *xstrdup(const char *s)
{
    if (!s)
        s = "";
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d)
        memcpy(d, s, n);
    return d;
}

static void on_field(void *data, size_t len, void *ctx)
{
    struct build *b = ctx;
    if (b->nomem)
        return;
    if (b->n_cells == b->cap_cells) {
        size_t cap = b->cap_cells ? b->cap_cells * 2 : 16;
        char **c = realloc(b->cells, cap * sizeof *c);
        if (!c) {
            b->nomem = true;
            return;
        }
        b->cells = c;
        b->cap_cells = cap;
    }
    char *s = malloc(len + 1);
    if (!s) {
        b->nomem = true;
        return;
    }
    if (len)
        memcpy(s, data, len);
    s[len] = '\0';
    b->cells[b->n_cells++] = s;
}

static void free_cells(char **cells, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(cells[i]);
    free(cells);
}

static bool all_empty(char **cells, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (const char *p = cells[i]; *p; p++)
            if (!isspace((unsigned char)*p))
                return false;
    return true;
}

static void on_record(int term, void *ctx)
{
    (void)term;
    struct build *b = ctx;
    struct csv_table *t = b->t;
    if (b->nomem) {
        free_cells(b->cells, b->n_cells);
        goto reset;
    }
    /* Rows of empty cells (";;;;" left by a spreadsheet below the data)
     * are blank lines, not records. */
    if (all_empty(b->cells, b->n_cells)) {
        free_cells(b->cells, b->n_cells);
        goto reset;
    }
    if (!b->header_done) {
        t->header = b->cells;
        t->n_cols = b->n_cells;
        b->header_done = true;
        goto reset;
    }
    if (t->n_rows % 64 == 0) {
        struct csv_row *r = realloc(t->rows, (t->n_rows + 64) * sizeof *r);
        if (!r) {
            free_cells(b->cells, b->n_cells);
            b->nomem = true;
            goto reset;
        }
        t->rows = r;
    }
    t->rows[t->n_rows].cells = b->cells;
    t->rows[t->n_rows].n_cells = b->n_cells;
    t->rows[t->n_rows].line = b->record_line;
    t->n_rows++;
reset:
    b->cells = NULL;
    b->n_cells = b->cap_cells = 0;
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 when invalid:
 * overlong forms, surrogates and code points past U+10FFFF included. */
static size_t utf8_valid_len(const unsigned char *p, const unsigned char *end)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned cp;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2;
        cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3;
        cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if ((size_t)(end - p) < n)
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3f);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
        (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}

/* Reports the first invalid byte of each bad line (at most 20 lines, the
 * rest would repeat the same advice). */
static size_t check_utf8(const unsigned char *buf, size_t len,
                         const char *name, struct diag_list *problems)
{
    size_t bad_lines = 0;
    int line = 1, col = 1;
    bool line_reported = false;
    const unsigned char *p = buf, *end = buf + len;
    while (p < end) {
        if (*p == '\n') {
            line++;
            col = 1;
            line_reported = false;
            p++;
            continue;
        }
        size_t n = utf8_valid_len(p, end);
        if (n == 0) {
            if (!line_reported) {
                if (bad_lines < 20)
                    diag_list_add(problems, STATUS_PARSE, name, line, col, NULL,
                                  "invalid UTF-8 (byte 0x%02x at character %d): "
                                  "save the file as \"CSV UTF-8\"",
                                  *p, col);
                bad_lines++;
                line_reported = true;
            }
            n = 1;
        }
        p += n;
        col++;
    }
    return bad_lines;
}

/* Picks the separator the header line uses most, outside quotes. */
static char sniff_separator(const char *buf, size_t len)
{
    size_t comma = 0, semi = 0, tab = 0;
    bool quoted = false;
    for (size_t i = 0; i < len && buf[i] != '\n'; i++) {
        char c = buf[i];
        if (c == '"')
            quoted = !quoted;
        else if (!quoted && c == ',')
            comma++;
        else if (!quoted && c == ';')
            semi++;
        else if (!quoted && c == '\t')
            tab++;
    }
    if (semi > comma && semi >= tab)
        return ';';
    if (tab > comma && tab > semi)
        return '\t';
    return ',';
}

static enum status read_all(const char *path, const char *name,
                            unsigned char **out, size_t *len,
                            struct diag_list *problems)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (errno == ENOENT)
            return STATUS_NOTFOUND;
        diag_list_add(problems, STATUS_IO, name, 0, 0, NULL,
                      "cannot open: %s", strerror(errno));
        return STATUS_IO;
    }
    size_t cap = 65536, n = 0;
    unsigned char *buf = malloc(cap);
    enum status st = buf ? STATUS_OK : STATUS_NOMEM;
    while (st == STATUS_OK) {
        if (n == cap) {
            if (cap >= CSV_MAX_BYTES) {
                diag_list_add(problems, STATUS_INVALID, name, 0, 0, NULL,
                              "file is larger than %u MiB: is it really a "
                              "territory CSV file?", CSV_MAX_BYTES >> 20);
                st = STATUS_INVALID;
                break;
            }
            unsigned char *nb = realloc(buf, cap * 2);
            if (!nb) {
                st = STATUS_NOMEM;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0) {
            if (ferror(f)) {
                diag_list_add(problems, STATUS_IO, name, 0, 0, NULL,
                              "read error: %s", strerror(errno));
                st = STATUS_IO;
            }
            break;
        }
    }
    fclose(f);
    if (st != STATUS_OK) {
        if (st == STATUS_NOMEM)
            diag_list_add(problems, STATUS_NOMEM, name, 0, 0, NULL,
                          "out of memory while reading");
        free(buf);
        return st;
    }
    *out = buf;
    *len = n;
    return STATUS_OK;
}

enum status csv_table_read(const char *path, const char *name,
                           struct csv_table **out, struct diag_list *problems)
{
    *out = NULL;
    unsigned char *buf = NULL;
    size_t len = 0;
    enum status st = read_all(path, name, &buf, &len, problems);
    if (st != STATUS_OK)
        return st;

    const unsigned char *data = buf;
    if (len >= 2 && ((data[0] == 0xff && data[1] == 0xfe) ||
                     (data[0] == 0xfe && data[1] == 0xff))) {
        diag_list_add(problems, STATUS_PARSE, name, 1, 1, NULL,
                      "file is UTF-16 (\"Unicode text\"): save it as \"CSV UTF-8\"");
        free(buf);
        return STATUS_PARSE;
    }
    if (len >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf) {
        data += 3;
        len -= 3;
    }
    if (check_utf8(data, len, name, problems) > 0) {
        free(buf);
        return STATUS_PARSE;
    }

    struct csv_table *t = calloc(1, sizeof *t);
    if (!t || !(t->name = xstrdup(name))) {
        free(t);
        free(buf);
        diag_list_add(problems, STATUS_NOMEM, name, 0, 0, NULL, "out of memory");
        return STATUS_NOMEM;
    }
    t->separator = sniff_separator((const char *)data, len);

    struct csv_parser parser;
    if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        csv_table_free(t);
        free(buf);
        diag_list_add(problems, STATUS_NOMEM, name, 0, 0, NULL, "out of memory");
        return STATUS_NOMEM;
    }
    csv_set_delim(&parser, (unsigned char)t->separator);

    struct build b = {.t = t};
    int line = 1;
    size_t pos = 0;
    st = STATUS_OK;
    while (pos < len) {
        size_t eol = pos;
        while (eol < len && data[eol] != '\n')
            eol++;
        size_t chunk = (eol < len ? eol + 1 : eol) - pos;
        /* libcsv's state 0 is "no record begun": a record starts here. */
        if (parser.pstate == 0)
            b.record_line = line;
        if (csv_parse(&parser, data + pos, chunk, on_field, on_record, &b) != chunk) {
            int e = csv_error(&parser);
            if (e == CSV_EPARSE)
                diag_list_add(problems, STATUS_PARSE, name, line, 0, NULL,
                              "badly quoted field: a quote (\") inside a quoted "
                              "field must be doubled (\"\")");
            else
                diag_list_add(problems, STATUS_NOMEM, name, line, 0, NULL,
                              "%s", csv_strerror(e));
            st = e == CSV_EPARSE ? STATUS_PARSE : STATUS_NOMEM;
            break;
        }
        pos += chunk;
        line++;
    }
    if (st == STATUS_OK &&
        csv_fini(&parser, on_field, on_record, &b) != 0) {
        diag_list_add(problems, STATUS_PARSE, name, b.record_line, 0, NULL,
                      "a quoted field is not closed before the end of the file");
        st = STATUS_PARSE;
    }
    csv_free(&parser);
    free_cells(b.cells, b.n_cells);
    free(buf);
    if (st == STATUS_OK && b.nomem) {
        diag_list_add(problems, STATUS_NOMEM, name, 0, 0, NULL, "out of memory");
        st = STATUS_NOMEM;
    }
    if (st == STATUS_OK && !b.header_done) {
        diag_list_add(problems, STATUS_INVALID, name, 1, 0, NULL,
                      "file is empty: expected a header row naming the columns");
        st = STATUS_INVALID;
    }
    if (st != STATUS_OK) {
        csv_table_free(t);
        return st;
    }
    /* Header names: trimmed; duplicates are an error (which one would a
     * reader take?). */
    for (size_t i = 0; i < t->n_cols; i++) {
        for (size_t j = 0; j < i; j++)
            if (!strcasecmp(t->header[i], t->header[j]) && t->header[i][0]) {
                diag_list_add(problems, STATUS_INVALID, name, 1, (int)i + 1,
                              t->header[i], "column appears twice in the header");
                st = STATUS_INVALID;
            }
    }
    if (st != STATUS_OK) {
        csv_table_free(t);
        return st;
    }
    *out = t;
    return STATUS_OK;
}

void csv_table_free(struct csv_table *t)
{
    if (!t)
        return;
    free(t->name);
    free_cells(t->header, t->n_cols);
    for (size_t i = 0; i < t->n_rows; i++)
        free_cells(t->rows[i].cells, t->rows[i].n_cells);
    free(t->rows);
    free(t);
}

int csv_table_column(const struct csv_table *t, const char *name)
{
    for (size_t i = 0; i < t->n_cols; i++)
        if (!strcasecmp(t->header[i], name))
            return (int)i;
    return -1;
}
