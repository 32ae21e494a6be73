/* extract_zip.c -- the members of a ZIP package, read within bounds.
 *
 * Design: office documents are ZIP packages of XML parts; this is the only
 * file that talks to libzip. The package is opened from the bytes already
 * in memory (extract.c read it, bounded by --max-size) and parts are read
 * whole, one at a time, by name. A hostile package is stopped before it
 * costs much: more than ZIP_MAX_ENTRIES members is refused at open; a part
 * is refused when it declares more than ZIP_MAX_PART bytes, or more than
 * ZIP_MAX_RATIO times its compressed size (past 1 MiB: the signature of a
 * zip bomb), or when the package's parts read so far would pass
 * ZIP_MAX_TOTAL; and since a declared size can lie, reading stops at the
 * declared size, so a part never yields more than it announced. libzip
 * checks each part's CRC at its end: a damaged part is an error, not text.
 * An encrypted part is EXTRACT_ERR_ENCRYPTED.
 */
#include <stdio.h>
#include <string.h>

#include <glib.h>
#include <zip.h>

#include "extract.h"
#include "extract_private.h"

#define ZIP_MAX_ENTRIES 10000
#define ZIP_MAX_PART (64u * 1024 * 1024)
#define ZIP_MAX_TOTAL (256u * 1024 * 1024)
#define ZIP_MAX_RATIO 100
#define ZIP_RATIO_FROM (1024u * 1024)

struct extract_zip {
    zip_t *zip;
    size_t total;             /* uncompressed bytes handed out so far */
};

extract_zip *extract_zip_open(const char *buf, size_t len, extract_status *st,
                              char *err, size_t errlen)
{
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(buf, len, 0, &ze);
    zip_t *zip = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    if (!zip) {
        snprintf(err, errlen, "damaged ZIP package: %s", zip_error_strerror(&ze));
        zip_source_free(src);
        zip_error_fini(&ze);
        *st = EXTRACT_ERR_CORRUPT;
        return NULL;
    }
    zip_error_fini(&ze);
    zip_int64_t n = zip_get_num_entries(zip, 0);
    if (n < 0 || n > ZIP_MAX_ENTRIES) {
        snprintf(err, errlen, "ZIP package of %lld members, over %d",
                 (long long)n, ZIP_MAX_ENTRIES);
        zip_discard(zip);
        *st = EXTRACT_ERR_TOO_LARGE;
        return NULL;
    }
    extract_zip *z = g_new0(extract_zip, 1);
    z->zip = zip;
    return z;
}

void extract_zip_free(extract_zip *z)
{
    if (!z)
        return;
    zip_discard(z->zip);
    g_free(z);
}

int extract_zip_has(extract_zip *z, const char *name)
{
    return zip_name_locate(z->zip, name, 0) >= 0;
}

size_t extract_zip_count(extract_zip *z)
{
    zip_int64_t n = zip_get_num_entries(z->zip, 0);
    return n > 0 ? (size_t)n : 0;
}

const char *extract_zip_name(extract_zip *z, size_t i)
{
    return zip_get_name(z->zip, (zip_uint64_t)i, 0);
}

/* Refuse a part by what it declares: its size, its ratio, the total. */
static extract_status zip_check_part(extract_zip *z, const char *name,
                                     const zip_stat_t *sb, char *err,
                                     size_t errlen)
{
    if (!(sb->valid & ZIP_STAT_SIZE) || sb->size > ZIP_MAX_PART) {
        snprintf(err, errlen, "ZIP part %s: %llu bytes, over %u MiB", name,
                 (unsigned long long)sb->size, ZIP_MAX_PART >> 20);
        return EXTRACT_ERR_TOO_LARGE;
    }
    if (sb->size > ZIP_RATIO_FROM && (sb->valid & ZIP_STAT_COMP_SIZE)
        && sb->size / ZIP_MAX_RATIO > sb->comp_size) {
        snprintf(err, errlen, "ZIP part %s: %llu bytes from %llu, a ratio over"
                 " %d (a zip bomb?)", name, (unsigned long long)sb->size,
                 (unsigned long long)sb->comp_size, ZIP_MAX_RATIO);
        return EXTRACT_ERR_TOO_LARGE;
    }
    if (z->total + sb->size > ZIP_MAX_TOTAL) {
        snprintf(err, errlen, "ZIP package: over %u MiB of parts",
                 ZIP_MAX_TOTAL >> 20);
        return EXTRACT_ERR_TOO_LARGE;
    }
    return EXTRACT_OK;
}

/* Read the open part zf of `size` declared bytes into a new buffer. */
static char *zip_read_all(zip_file_t *zf, const char *name, zip_uint64_t size,
                          size_t *len, extract_status *st, char *err,
                          size_t errlen)
{
    char *data = g_try_malloc((size_t)size + 1);
    if (!data) {
        snprintf(err, errlen, "ZIP part %s: out of memory", name);
        *st = EXTRACT_ERR_TOO_LARGE;
        return NULL;
    }
    zip_uint64_t got = 0;
    while (got < size) {
        zip_int64_t r = zip_fread(zf, data + got, size - got);
        if (r <= 0)
            break;
        got += (zip_uint64_t)r;
    }
    char probe;
    if (got != size || zip_fread(zf, &probe, 1) != 0) {
        zip_error_t *ze = zip_file_get_error(zf);
        snprintf(err, errlen, "damaged ZIP part %s: %s", name,
                 zip_error_strerror(ze));
        g_free(data);
        *st = EXTRACT_ERR_CORRUPT;
        return NULL;
    }
    data[size] = '\0';
    *len = (size_t)size;
    return data;
}

char *extract_zip_read(extract_zip *z, const char *name, size_t *len,
                       extract_status *st, char *err, size_t errlen)
{
    *st = EXTRACT_OK;
    *len = 0;
    zip_int64_t i = zip_name_locate(z->zip, name, 0);
    zip_stat_t sb;
    if (i < 0)
        return NULL;
    if (zip_stat_index(z->zip, (zip_uint64_t)i, 0, &sb) != 0) {
        snprintf(err, errlen, "damaged ZIP part %s", name);
        *st = EXTRACT_ERR_CORRUPT;
        return NULL;
    }
    if ((*st = zip_check_part(z, name, &sb, err, errlen)) != EXTRACT_OK)
        return NULL;
    zip_file_t *zf = zip_fopen_index(z->zip, (zip_uint64_t)i, 0);
    if (!zf) {
        zip_error_t *ze = zip_get_error(z->zip);
        int encrypted = zip_error_code_zip(ze) == ZIP_ER_NOPASSWD
                        || zip_error_code_zip(ze) == ZIP_ER_WRONGPASSWD;
        snprintf(err, errlen, "%s ZIP part %s: %s",
                 encrypted ? "encrypted" : "unreadable", name,
                 zip_error_strerror(ze));
        *st = encrypted ? EXTRACT_ERR_ENCRYPTED : EXTRACT_ERR_CORRUPT;
        return NULL;
    }
    char *data = zip_read_all(zf, name, sb.size, len, st, err, errlen);
    zip_fclose(zf);
    if (data)
        z->total += *len;
    return data;
}
