/* clock.c -- the monotonic clock and the thread's CPU clock (see clock.h). */
#include "clock.h"

#include <time.h>

static double clock_seconds(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double clock_now(void)
{
    return clock_seconds(CLOCK_MONOTONIC);
}

double clock_thread_cpu(void)
{
    return clock_seconds(CLOCK_THREAD_CPUTIME_ID);
}
