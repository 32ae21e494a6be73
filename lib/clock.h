/* clock.h -- the monotonic clock every timeout, rate and duration reads.
 *
 * Design: seconds as a double from CLOCK_MONOTONIC (never jumps with the
 * wall clock, so a deadline or a rate cannot go backwards when NTP or an
 * administrator sets the time). Wall-clock stamps (log lines, HTTP dates)
 * are not its business: they use time(2) or CLOCK_REALTIME where they are
 * written. Thread-safe, async-signal-safe.
 */
#ifndef FOUILLE_CLOCK_H
#define FOUILLE_CLOCK_H

#ifdef __cplusplus
extern "C" {
#endif

/* Seconds since an arbitrary fixed point (the machine's boot). */
double clock_now(void);

/* Seconds of CPU the calling thread has used: what a budget of work
 * (a search's, fdb.h) is counted in, whatever else runs meanwhile. */
double clock_thread_cpu(void);

#ifdef __cplusplus
}
#endif

#endif
