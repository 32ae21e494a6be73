/* fuzz.h -- what every fuzz target shares: the libFuzzer entry points and
 * one way to fail.
 *
 * A target checks the properties its module promises in its header, not
 * only that it does not crash: FUZZ_CHECK aborts with the broken promise,
 * so libFuzzer saves the input as a crash artifact.
 */
#ifndef FOUILLE_FUZZ_H
#define FOUILLE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_CHECK(cond, what)                                            \
    do {                                                                  \
        if (!(cond)) {                                                    \
            fprintf(stderr, "%s:%d: broken promise: %s (%s)\n", __FILE__, \
                    __LINE__, what, #cond);                               \
            abort();                                                      \
        }                                                                 \
    } while (0)

#endif
