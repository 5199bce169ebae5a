/* id_index.c -- identifiers to array positions in constant time.
 *
 * The loader looks every identifier up at least twice (is it a duplicate?
 * which row does that reference name?); a scan of the array each time
 * made loading quadratic: 30 000 sites took 1.3 s and 100 000 took 19 s
 * (bench/csv_scale.sh).  This is an open-addressing hash table (FNV-1a,
 * linear probing, at most 2/3 full) from a string to an int.  It owns
 * copies of its keys, so keys cut out of a longer text (a commune's
 * aliases "a|b|c") can be added.  With fold_case, keys compare as
 * strcasecmp() does (skills, tags and sectors are typed by hand in
 * several files and match whatever the case). */
#include "models_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct id_slot {
    char *key;             /* NULL: empty slot */
    int value;
};

static uint64_t hash(const char *s, size_t len, bool fold)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        h ^= fold ? (unsigned char)tolower(c) : c;
        h *= 1099511628211u;
    }
    return h;
}

static bool same(const struct id_index *ix, const char *key, const char *s,
                 size_t len)
{
    if (ix->fold_case)
        return !strncasecmp(key, s, len) && key[len] == '\0';
    return !strncmp(key, s, len) && key[len] == '\0';
}

void id_index_init(struct id_index *ix, bool fold_case)
{
    memset(ix, 0, sizeof *ix);
    ix->fold_case = fold_case;
}

void id_index_free(struct id_index *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < ix->cap; i++)
        free(ix->slots[i].key);
    free(ix->slots);
    memset(ix, 0, sizeof *ix);
}

/* The slot of s[0..len), or the empty slot where it would go. */
static struct id_slot *find_slot(const struct id_index *ix, const char *s,
                                 size_t len)
{
    size_t mask = ix->cap - 1;
    for (size_t i = hash(s, len, ix->fold_case) & mask;; i = (i + 1) & mask) {
        struct id_slot *slot = &ix->slots[i];
        if (!slot->key || same(ix, slot->key, s, len))
            return slot;
    }
}

static bool grow(struct id_index *ix)
{
    size_t cap = ix->cap ? ix->cap * 2 : 64;
    struct id_slot *old = ix->slots;
    size_t old_cap = ix->cap;
    ix->slots = calloc(cap, sizeof *ix->slots);
    if (!ix->slots) {
        ix->slots = old;
        return false;
    }
    ix->cap = cap;
    for (size_t i = 0; i < old_cap; i++)
        if (old[i].key)
            *find_slot(ix, old[i].key, strlen(old[i].key)) = old[i];
    free(old);
    return true;
}

int id_index_put_n(struct id_index *ix, const char *s, size_t len, int value)
{
    if (3 * (ix->count + 1) > 2 * ix->cap && !grow(ix))
        return ID_INDEX_NOMEM;
    struct id_slot *slot = find_slot(ix, s, len);
    if (slot->key)
        return slot->value;
    slot->key = malloc(len + 1);
    if (!slot->key)
        return ID_INDEX_NOMEM;
    memcpy(slot->key, s, len);
    slot->key[len] = '\0';
    slot->value = value;
    ix->count++;
    return value;
}

int id_index_put(struct id_index *ix, const char *key, int value)
{
    return id_index_put_n(ix, key, strlen(key), value);
}

int id_index_get(const struct id_index *ix, const char *key)
{
    if (ix->count == 0)
        return -1;
    const struct id_slot *slot = find_slot(ix, key, strlen(key));
    return slot->key ? slot->value : -1;
}
