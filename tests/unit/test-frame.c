/* test-frame.c -- length-prefixed runs (lib/frame.h), the encoding of the
 * indexer's pipe messages and of index blobs: what is put comes back, in
 * order, byte for byte (empty runs, NUL bytes, negative integers); the
 * layout is the documented one; a reader given a truncated or lying frame
 * stops at the end of its bytes and says so, at every possible cut. */
#include <stdint.h>
#include <string.h>

#include "frame.h"
#include "tap.h"

/* One message as the indexer builds them: i64, run, run, i64, run. */
static void build(frame_buf *b)
{
    static const char blob[] = {'P', 'D', 'F', '\0', '\xff', '\n'};
    frame_buf_init(b);
    frame_put_i64(b, -42);
    frame_put_run(b, "procès-verbal.pdf", strlen("procès-verbal.pdf"));
    frame_put_run(b, "", 0);
    frame_put_i64(b, INT64_MAX);
    frame_put_run(b, blob, sizeof blob);
}

static void test_round_trip(void)
{
    frame_buf b;
    build(&b);
    frame_reader r;
    frame_reader_init(&r, b.data, b.len);
    size_t n;
    is_int(frame_get_i64(&r), -42, "a negative integer comes back");
    const char *s = frame_get_run(&r, &n);
    ok(n == strlen("procès-verbal.pdf") && memcmp(s, "procès-verbal.pdf", n) == 0,
       "a UTF-8 name comes back byte for byte");
    ok(frame_get_run(&r, &n) != NULL && n == 0, "an empty run comes back empty (not NULL)");
    ok(frame_get_i64(&r) == INT64_MAX, "INT64_MAX comes back");
    s = frame_get_run(&r, &n);
    ok(n == 6 && memcmp(s, "PDF\0\xff\n", 6) == 0, "binary bytes with NUL come back");
    ok(!r.bad && frame_left(&r) == 0, "everything read, nothing left, not bad");
    frame_get_i64(&r);
    ok(r.bad, "reading past the end makes the reader bad");
    frame_buf_free(&b);
}

static void test_layout(void)
{
    frame_buf b;
    frame_buf_init(&b);
    frame_put_run(&b, "abc", 3);
    frame_put_i64(&b, 258);
    static const unsigned char want[] = {3, 0, 0, 0, 'a', 'b', 'c', 2, 1, 0, 0, 0, 0, 0, 0};
    ok(b.len == sizeof want && memcmp(b.data, want, sizeof want) == 0,
       "layout: 4-byte little-endian length, bytes, 8-byte little-endian integer");
    unsigned char head[FRAME_LEN_SIZE];
    frame_set_len(head, 0x01020304);
    ok(head[0] == 4 && head[3] == 1 && frame_get_len(head) == 0x01020304,
       "frame_set_len and frame_get_len agree, little endian");
    frame_buf_free(&b);
}

/* Every strict prefix of a message: the reader never reads past it and
 * ends bad. */
static void test_truncated(void)
{
    frame_buf b;
    build(&b);
    int all_bad = 1, in_bounds = 1;
    for (size_t cut = 0; cut < b.len; cut++) {
        frame_reader r;
        size_t n;
        frame_reader_init(&r, b.data, cut);
        frame_get_i64(&r);
        const void *runs[3];
        runs[0] = frame_get_run(&r, &n);
        runs[1] = frame_get_run(&r, &n);
        frame_get_i64(&r);
        runs[2] = frame_get_run(&r, &n);
        for (int i = 0; i < 3; i++)
            if (runs[i] && (const unsigned char *)runs[i] > b.data + cut)
                in_bounds = 0;
        all_bad &= r.bad && n == 0 && frame_left(&r) == 0;
    }
    ok(all_bad, "each of the %zu cuts of a message leaves the reader bad", b.len);
    ok(in_bounds, "no run handed out starts past a cut");
    frame_buf_free(&b);
}

static void test_lying_length(void)
{
    /* A run that claims 2^32-1 bytes, followed by 3. */
    static const unsigned char lie[] = {0xff, 0xff, 0xff, 0xff, 'a', 'b', 'c'};
    frame_reader r;
    size_t n = 99;
    frame_reader_init(&r, lie, sizeof lie);
    ok(frame_get_run(&r, &n) == NULL && n == 0 && r.bad,
       "a length beyond the bytes left: NULL, bad");
    ok(frame_get_i64(&r) == 0 && frame_get_run(&r, &n) == NULL,
       "a bad reader gives nothing afterwards");
    static const unsigned char two[] = {2, 0};
    frame_reader_init(&r, two, sizeof two);
    ok(frame_get_run(&r, &n) == NULL && r.bad, "half a length: bad");
}

int main(void)
{
    test_round_trip();
    test_layout();
    test_truncated();
    test_lying_length();
    return done_testing();
}
