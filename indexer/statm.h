/* statm.h -- this process's memory as the kernel counts it.
 *
 * Design: one reading of /proc/self/statm, whose fields are counts of
 * pages ("size resident shared text lib data dt"). The reading is
 * async-signal-safe (open, read, close, digits parsed by hand, no stdio):
 * a worker reads it from its fatal-signal handler to tell an allocation
 * refused by its memory limit from a real crash; the writer reads it to
 * bound a batch by the memory it holds (run.c).
 */
#ifndef FOUILLE_STATM_H
#define FOUILLE_STATM_H

typedef enum {
    STATM_SIZE = 0,          /* address space in use */
    STATM_RESIDENT = 1       /* resident in memory */
} statm_field;

/* The field's value in bytes; 0 when /proc/self/statm cannot be read. */
long long statm_bytes(statm_field field);

#endif
