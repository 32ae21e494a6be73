/* test-date.c -- what a date is (lib/date.h), for every module that reads
 * or writes one: real days only (leap years by the Gregorian rule), the
 * exact "YYYY-MM-DD" form, and the index's "YYYYMMDD" key. */
#include <string.h>

#include "date.h"
#include "tap.h"

static void test_valid(void)
{
    ok(date_valid(2024, 2, 29), "2024-02-29 exists (divisible by 4)");
    ok(!date_valid(2023, 2, 29), "2023-02-29 does not");
    ok(date_valid(2000, 2, 29), "2000-02-29 exists (divisible by 400)");
    ok(!date_valid(1900, 2, 29), "1900-02-29 does not (divisible by 100)");
    ok(date_valid(2022, 4, 30) && !date_valid(2022, 4, 31),
       "30 days in April, not 31 (30 avril, no 31 avril)");
    ok(date_valid(2022, 12, 31) && !date_valid(2022, 13, 1) && !date_valid(2022, 0, 1),
       "months run from 1 to 12");
    ok(!date_valid(2022, 1, 0) && !date_valid(2022, 1, 32), "no day 0, no day 32");
    ok(date_valid(1, 1, 1) && date_valid(9999, 12, 31), "years 1 to 9999");
    ok(!date_valid(0, 1, 1) && !date_valid(10000, 1, 1) && !date_valid(-5, 1, 1),
       "year 0, 10000 or negative: no");
    ok(!date_valid(2022, 1, 256 + 1), "a day that would wrap in a byte is refused");
}

static void test_parse(void)
{
    int y = 0, m = 0, d = 0;
    ok(date_parse("2024-02-29", &y, &m, &d) && y == 2024 && m == 2 && d == 29,
       "2024-02-29 parses into its parts");
    y = m = d = 7;
    ok(!date_parse("2023-02-29", &y, &m, &d), "2023-02-29 is refused");
    ok(y == 7 && m == 7 && d == 7, "a refused date leaves the out-parameters alone");
    ok(date_parse("2022-05-19", NULL, NULL, NULL), "out-parameters may be NULL");
    static const char *const bad[] = {
        "2022-01-2-", "2022-1-02", "22-01-02", "2022/01/02", "2022-01-02 ",
        " 2022-01-02", "2022-01-02T10:00", "2022-0a-02", "+022-01-02",
        "20220102", "", "2022-00-10", "0000-01-01", "2022-02-30",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        ok(!date_parse(bad[i], NULL, NULL, NULL), "'%s' is not a date", bad[i]);
    ok(!date_parse(NULL, NULL, NULL, NULL), "NULL is not a date");
}

static void test_format(void)
{
    char out[DATE_SIZE] = "unchanged";
    ok(date_format(2022, 5, 19, out), "2022-05-19 is written");
    is_str(out, "2022-05-19", "zero-padded month and day");
    ok(date_format(987, 1, 2, out), "a year before 1000 is written");
    is_str(out, "0987-01-02", "on four digits");
    strcpy(out, "unchanged");
    ok(!date_format(2023, 2, 29, out), "2023-02-29 is not written");
    is_str(out, "unchanged", "out is left alone");
}

static void test_key(void)
{
    char key[DATE_KEY_SIZE] = "none";
    ok(date_to_key("2022-05-19", key), "a date has a key");
    is_str(key, "20220519", "the key is YYYYMMDD");
    ok(date_to_key("2024-02-29", key), "a leap day has a key");
    strcpy(key, "none");
    ok(!date_to_key("2023-02-29", key) && !date_to_key("2022-5-19", key) &&
       !date_to_key(NULL, key), "no key for what is not a date");
    is_str(key, "none", "key left alone");
    char a[DATE_KEY_SIZE], b[DATE_KEY_SIZE];
    ok(date_to_key("2021-12-31", a) && date_to_key("2022-01-01", b) && strcmp(a, b) < 0,
       "keys sort as the days do");
}

int main(void)
{
    test_valid();
    test_parse();
    test_format();
    test_key();
    return done_testing();
}
