/* date.c -- calendar days (see date.h for the design). */
#include "date.h"

#include <stdio.h>
#include <string.h>

#include <glib.h>

#define DATE_YEAR_MAX 9999

int date_valid(int year, int month, int day)
{
    return year >= 1 && year <= DATE_YEAR_MAX && month >= 1 && month <= 12 &&
           day >= 1 && day <= 31 &&
           g_date_valid_dmy((GDateDay)day, (GDateMonth)month, (GDateYear)year);
}

/* `n` ASCII digits at s, as a number; -1 when one of them is not. */
static int date_digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!g_ascii_isdigit(s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int date_parse(const char *s, int *year, int *month, int *day)
{
    if (!s || strlen(s) != DATE_SIZE - 1 || s[4] != '-' || s[7] != '-')
        return 0;
    int y = date_digits(s, 4), m = date_digits(s + 5, 2), d = date_digits(s + 8, 2);
    if (y < 0 || m < 0 || d < 0 || !date_valid(y, m, d))
        return 0;
    if (year)
        *year = y;
    if (month)
        *month = m;
    if (day)
        *day = d;
    return 1;
}

int date_format(int year, int month, int day, char out[DATE_SIZE])
{
    if (!date_valid(year, month, day))
        return 0;
    snprintf(out, DATE_SIZE, "%04u-%02u-%02u", (unsigned)year % 10000u,
             (unsigned)month % 100u, (unsigned)day % 100u);
    return 1;
}

int date_to_key(const char *s, char key[DATE_KEY_SIZE])
{
    if (!date_parse(s, NULL, NULL, NULL))
        return 0;
    memcpy(key, s, 4);
    memcpy(key + 4, s + 5, 2);
    memcpy(key + 6, s + 8, 2);
    key[8] = '\0';
    return 1;
}
