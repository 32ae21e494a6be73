/* statm.c -- /proc/self/statm read safely in a signal handler (statm.h). */
#include "statm.h"

#include <fcntl.h>
#include <unistd.h>

long long statm_bytes(statm_field field)
{
    char buf[128];
    int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return 0;
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0)
        return 0;
    ssize_t i = 0;
    for (int f = 0; f < (int)field; f++) {       /* skip the fields before */
        while (i < n && buf[i] != ' ')
            i++;
        i++;
    }
    long long pages = 0;
    for (; i < n && buf[i] >= '0' && buf[i] <= '9'; i++)
        pages = pages * 10 + (buf[i] - '0');
    return pages * sysconf(_SC_PAGESIZE);
}
