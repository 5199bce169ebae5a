/* csv_table.c -- read a spreadsheet's CSV export into memory.
 *
 * Coordinators keep their territory in LibreOffice or Excel, so this
 * accepts what those programs really write: UTF-8 with or without a byte
 * order mark, or French Excel's Windows-1252 (csv_encoding.c decodes it),
 * comma, semicolon (French Excel) or tab separators, RFC 4180 quoted
 * fields that may hold separators, quotes and line breaks, LF, CRLF or
 * lone-CR line ends.  Tokenising is libcsv's job (strict mode); this file
 * adds what libcsv does not know: separator sniffing, the line on which
 * each record starts, fed to libcsv one physical line at a time so every
 * later message can say "sites.csv:14", and headers keyed by their
 * canonical names (csv_columns.c: "Nom" is column "name").
 *
 * Bounds (docs/input-format.md, "Size limits"): only regular files are
 * read (a FIFO would block for ever), at most CSV_MAX_BYTES, CSV_MAX_ROWS
 * records of at most CSV_MAX_COLUMNS cells, so the work and memory of a
 * load are bounded whatever the input.  A NUL byte is refused: C strings
 * would silently cut the cell there. */
#include "models_int.h"

#include <csv.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Territory files are small (the largest EPCI has some 160 communes,
 * France 35 000); these bounds keep a wrong path (a video, a disk image)
 * or a generated file from taking minutes and gigabytes. */
#define CSV_MAX_BYTES (64u * 1024u * 1024u)
#define CSV_MAX_ROWS 200000u
#define CSV_MAX_COLUMNS 1000u

struct build {
    struct csv_table *t;
    struct diag_list *problems;
    char **cells;          /* cells of the record being built */
    size_t n_cells, cap_cells;
    int record_line;       /* line where the current record started */
    int line;              /* physical line being parsed */
    bool header_done;
    bool nomem;
    enum status stop;      /* a problem was reported: parse no further */
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
    if (b->nomem || b->stop)
        return;
    if (len && memchr(data, '\0', len)) {
        int col = (int)b->n_cells + 1;
        const char *field = b->header_done && b->n_cells < b->t->n_cols
                                ? b->t->header[b->n_cells] : NULL;
        diag_list_add(b->problems, STATUS_PARSE, b->t->name, b->line, col,
                      field, "a NUL byte (0x00) is in this cell: is it a text "
                      "file? Save it as \"CSV UTF-8\"");
        b->stop = STATUS_PARSE;
        return;
    }
    if (b->n_cells == CSV_MAX_COLUMNS) {
        diag_list_add(b->problems, STATUS_INVALID, b->t->name, b->line, 0, NULL,
                      "more than %u columns: is it really a territory file?",
                      CSV_MAX_COLUMNS);
        b->stop = STATUS_INVALID;
        return;
    }
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
    if (b->nomem || b->stop) {
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
    if (t->n_rows == CSV_MAX_ROWS) {
        diag_list_add(b->problems, STATUS_INVALID, t->name, b->record_line, 0,
                      NULL, "more than %u rows: a territory file is far smaller "
                      "(see docs/input-format.md, size limits)", CSV_MAX_ROWS);
        free_cells(b->cells, b->n_cells);
        b->stop = STATUS_INVALID;
        goto reset;
    }
    /* Room for 64 rows, then doubled at each power of two (the array's
     * capacity is implied by n_rows): adding 64 rows at a time made
     * reading quadratic. */
    if ((t->n_rows & (t->n_rows - 1)) == 0 && t->n_rows >= 64) {
        struct csv_row *r = realloc(t->rows, 2 * t->n_rows * sizeof *r);
        if (!r) {
            free_cells(b->cells, b->n_cells);
            b->nomem = true;
            goto reset;
        }
        t->rows = r;
    } else if (!t->rows) {
        t->rows = malloc(64 * sizeof *t->rows);
        if (!t->rows) {
            free_cells(b->cells, b->n_cells);
            b->nomem = true;
            goto reset;
        }
    }
    t->rows[t->n_rows].cells = b->cells;
    t->rows[t->n_rows].n_cells = b->n_cells;
    t->rows[t->n_rows].line = b->record_line;
    t->n_rows++;
reset:
    b->cells = NULL;
    b->n_cells = b->cap_cells = 0;
}

/* Picks the separator the header line uses most, outside quotes. */
static char sniff_separator(const char *buf, size_t len)
{
    size_t comma = 0, semi = 0, tab = 0;
    bool quoted = false;
    for (size_t i = 0; i < len && buf[i] != '\n' && buf[i] != '\r'; i++) {
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

static const char *file_type(mode_t mode)
{
    if (S_ISDIR(mode))
        return "a folder";
    if (S_ISFIFO(mode))
        return "a FIFO (named pipe)";
    if (S_ISSOCK(mode))
        return "a socket";
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return "a device";
    return "not a regular file";
}

/* Opens without blocking (a FIFO with no writer would block open() for
 * ever), refuses anything but a regular file, then reads it whole. */
static enum status open_regular(const char *path, const char *name, int *out,
                                struct diag_list *problems)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return STATUS_NOTFOUND;
        diag_list_add(problems, STATUS_IO, name, 0, 0, NULL,
                      "cannot open: %s", strerror(errno));
        return STATUS_IO;
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0) {
        diag_list_add(problems, STATUS_IO, name, 0, 0, NULL,
                      "cannot open: %s", strerror(errno));
        close(fd);
        return STATUS_IO;
    }
    if (!S_ISREG(sb.st_mode)) {
        diag_list_add(problems, STATUS_IO, name, 0, 0, NULL,
                      "is %s, not a file: expected a CSV file",
                      file_type(sb.st_mode));
        close(fd);
        return STATUS_IO;
    }
    if (sb.st_size > (off_t)CSV_MAX_BYTES) {
        diag_list_add(problems, STATUS_INVALID, name, 0, 0, NULL,
                      "file is larger than %u MiB: is it really a territory "
                      "CSV file?", CSV_MAX_BYTES >> 20);
        close(fd);
        return STATUS_INVALID;
    }
    int flags = fcntl(fd, F_GETFL);
    if (flags >= 0)
        fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    *out = fd;
    return STATUS_OK;
}

static enum status read_all(const char *path, const char *name,
                            unsigned char **out, size_t *len,
                            struct diag_list *problems)
{
    int fd;
    enum status st = open_regular(path, name, &fd, problems);
    if (st != STATUS_OK)
        return st;
    size_t cap = 65536, n = 0;
    unsigned char *buf = malloc(cap);
    st = buf ? STATUS_OK : STATUS_NOMEM;
    while (st == STATUS_OK) {
        if (n == cap) {
            /* The file grew after fstat(), or lied about its size. */
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
        ssize_t k = read(fd, buf + n, cap - n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            diag_list_add(problems, STATUS_IO, name, 0, 0, NULL,
                          "read error: %s", strerror(errno));
            st = STATUS_IO;
        }
        if (k <= 0)
            break;
        n += (size_t)k;
    }
    close(fd);
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

/* Feeds libcsv one physical line at a time, so each record knows the
 * line it starts on. */
static enum status parse_lines(struct csv_parser *parser, struct build *b,
                               const unsigned char *data, size_t len)
{
    const char *name = b->t->name;
    b->line = 1;
    for (size_t pos = 0; pos < len && !b->stop; b->line++) {
        size_t chunk = csv_line_end(data, pos, len) - pos;
        /* libcsv's state 0 is "no record begun": a record starts here. */
        if (parser->pstate == 0)
            b->record_line = b->line;
        if (csv_parse(parser, data + pos, chunk, on_field, on_record, b) != chunk) {
            int e = csv_error(parser);
            if (e == CSV_EPARSE)
                diag_list_add(b->problems, STATUS_PARSE, name, b->line, 0, NULL,
                              "badly quoted field: a quote (\") inside a quoted "
                              "field must be doubled (\"\")");
            else
                diag_list_add(b->problems, STATUS_NOMEM, name, b->line, 0, NULL,
                              "%s", csv_strerror(e));
            return e == CSV_EPARSE ? STATUS_PARSE : STATUS_NOMEM;
        }
        pos += chunk;
    }
    if (b->stop)
        return b->stop;
    if (csv_fini(parser, on_field, on_record, b) != 0) {
        diag_list_add(b->problems, STATUS_PARSE, name, b->record_line, 0, NULL,
                      "a quoted field is not closed before the end of the file");
        return STATUS_PARSE;
    }
    return b->stop;
}

/* Keys every header (csv_columns.c) and refuses two columns with one
 * meaning: which one would a reader take? */
static enum status key_header(struct csv_table *t, struct diag_list *problems)
{
    t->keys = calloc(t->n_cols ? t->n_cols : 1, sizeof *t->keys);
    if (!t->keys) {
        diag_list_add(problems, STATUS_NOMEM, t->name, 0, 0, NULL, "out of memory");
        return STATUS_NOMEM;
    }
    enum status st = STATUS_OK;
    for (size_t i = 0; i < t->n_cols; i++) {
        char folded[128];
        csv_column_fold(t->header[i], folded, sizeof folded);
        t->keys[i] = xstrdup(csv_column_canonical(t->name, folded));
        if (!t->keys[i]) {
            diag_list_add(problems, STATUS_NOMEM, t->name, 0, 0, NULL, "out of memory");
            return STATUS_NOMEM;
        }
        for (size_t j = 0; j < i && t->keys[i][0]; j++) {
            if (strcmp(t->keys[i], t->keys[j]))
                continue;
            if (!strcmp(t->header[i], t->header[j]))
                diag_list_add(problems, STATUS_INVALID, t->name, 1, (int)i + 1,
                              t->header[i], "column appears twice in the header");
            else
                diag_list_add(problems, STATUS_INVALID, t->name, 1, (int)i + 1,
                              t->header[i], "means the same as column \"%s\" "
                              "(column %zu): keep one", t->header[j], j + 1);
            st = STATUS_INVALID;
            break;
        }
    }
    return st;
}

enum status csv_table_read(const char *path, const char *name,
                           struct csv_table **out, struct diag_list *problems)
{
    *out = NULL;
    unsigned char *buf = NULL;
    size_t len = 0;
    enum status st = read_all(path, name, &buf, &len, problems);
    if (st == STATUS_OK)
        st = csv_decode(name, &buf, &len, problems);
    if (st != STATUS_OK) {
        free(buf);
        return st;
    }
    struct csv_table *t = calloc(1, sizeof *t);
    struct csv_parser parser;
    if (!t || !(t->name = xstrdup(name)) ||
        csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        csv_table_free(t);
        free(buf);
        diag_list_add(problems, STATUS_NOMEM, name, 0, 0, NULL, "out of memory");
        return STATUS_NOMEM;
    }
    t->separator = sniff_separator((const char *)buf, len);
    csv_set_delim(&parser, (unsigned char)t->separator);
    struct build b = {.t = t, .problems = problems};
    st = parse_lines(&parser, &b, buf, len);
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
    if (st == STATUS_OK)
        st = key_header(t, problems);
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
    if (t->keys)
        free_cells(t->keys, t->n_cols);
    free_cells(t->header, t->n_cols);
    for (size_t i = 0; i < t->n_rows; i++)
        free_cells(t->rows[i].cells, t->rows[i].n_cells);
    free(t->rows);
    free(t);
}

/* True when name is its own fold (csv_column_fold): lower-case ASCII
 * letters, digits and single inner underscores.  Every loader asks by
 * such a canonical name, once per cell, so skipping the fold matters: it
 * was a fifth of the CSV reader's time (perf on the fuzz corpus). */
static bool is_folded(const char *name)
{
    if (!*name || *name == '_')
        return false;
    for (const char *p = name; *p; p++) {
        bool ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
                  (*p == '_' && p[1] && p[1] != '_');
        if (!ok)
            return false;
    }
    return true;
}

int csv_table_column(const struct csv_table *t, const char *name)
{
    char key[128];
    const char *k = name;
    if (!is_folded(name) || strlen(name) >= sizeof key) {
        csv_column_fold(name, key, sizeof key);
        k = key;
    }
    for (size_t i = 0; i < t->n_cols && t->keys; i++)
        if (!strcmp(t->keys[i], k))
            return (int)i;
    return -1;
}
