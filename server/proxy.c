/* proxy.c -- peer addresses, trusted proxies, X-Forwarded-For and
 * X-Forwarded-Prefix.
 *
 * Design: every address is kept as 16 bytes (IPv4 as an IPv4-mapped IPv6
 * address), so one comparison under a prefix length serves both families
 * and a dual-stack listener's "::ffff:127.0.0.1" is 127.0.0.1. The list is
 * a small array read without a lock once the server runs.
 */
#include "proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    unsigned char addr[16];
    unsigned bits;           /* of addr that must match, 0 to 128 */
} proxy_net;

struct proxy_list {
    proxy_net *nets;
    size_t n;
};

static const unsigned char proxy_v4_mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0,
                                                   0, 0, 0xff, 0xff };

/* Parse an address in text form into 16 bytes; 4 or 6 (the family read),
 * or 0 when it is none. */
static int proxy_parse(const char *text, unsigned char out[16])
{
    struct in_addr v4;

    if (inet_pton(AF_INET, text, &v4) == 1) {
        memcpy(out, proxy_v4_mapped, 12);
        memcpy(out + 12, &v4, 4);
        return 4;
    }
    if (inet_pton(AF_INET6, text, out) == 1)
        return 6;
    return 0;
}

int proxy_list_add(proxy_list **list, const char *spec, char *err,
                   size_t errlen)
{
    char text[PROXY_ADDR_MAX];
    const char *slash = strchr(spec, '/');
    size_t alen = slash ? (size_t)(slash - spec) : strlen(spec);
    proxy_net net = { .bits = 128 };
    proxy_net *grown;
    int family;

    if (alen == 0 || alen >= sizeof text) {
        snprintf(err, errlen, "'%.64s' is no address", spec);
        return -1;
    }
    memcpy(text, spec, alen);
    text[alen] = '\0';
    family = proxy_parse(text, net.addr);
    if (!family) {
        snprintf(err, errlen, "'%.64s' is no IPv4 or IPv6 address", spec);
        return -1;
    }
    if (slash) {
        char *end;
        unsigned long bits = strtoul(slash + 1, &end, 10);
        unsigned max = family == 4 ? 32 : 128;

        if (!slash[1] || *end || strspn(slash + 1, "0123456789") != strlen(slash + 1) ||
            bits > max) {
            snprintf(err, errlen, "'%.64s': the prefix length must be 0 to %u",
                     spec, max);
            return -1;
        }
        net.bits = (unsigned)bits + (family == 4 ? 96 : 0);
    }
    if (!*list && !(*list = calloc(1, sizeof **list))) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    grown = realloc((*list)->nets, ((*list)->n + 1) * sizeof *grown);
    if (!grown) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    grown[(*list)->n++] = net;
    (*list)->nets = grown;
    return 0;
}

void proxy_list_free(proxy_list *list)
{
    if (!list)
        return;
    free(list->nets);
    free(list);
}

void proxy_addr_text(const struct sockaddr *sa, char *out)
{
    strcpy(out, "-");
    if (!sa)
        return;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)sa;
        inet_ntop(AF_INET, &s4->sin_addr, out, PROXY_ADDR_MAX);
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *s6 = (const struct sockaddr_in6 *)sa;
        const unsigned char *b = s6->sin6_addr.s6_addr;
        if (memcmp(b, proxy_v4_mapped, 12) == 0)
            inet_ntop(AF_INET, b + 12, out, PROXY_ADDR_MAX);
        else
            inet_ntop(AF_INET6, b, out, PROXY_ADDR_MAX);
    }
}

static int proxy_match(const proxy_net *net, const unsigned char a[16])
{
    unsigned full = net->bits / 8, rest = net->bits % 8;

    if (memcmp(net->addr, a, full) != 0)
        return 0;
    if (rest == 0)
        return 1;
    unsigned char mask = (unsigned char)(0xff << (8 - rest));
    return (net->addr[full] & mask) == (a[full] & mask);
}

int proxy_trusted(const proxy_list *list, const char *addr)
{
    unsigned char a[16];

    if (!list || !proxy_parse(addr, a))
        return 0;
    for (size_t i = 0; i < list->n; i++)
        if (proxy_match(&list->nets[i], a))
            return 1;
    return 0;
}

/* One X-Forwarded-For entry (spaces trimmed; "[v6]", "[v6]:port" and
 * "v4:port" accepted) into its canonical text form; 0, or -1. */
static int proxy_entry(const char *s, size_t n, char *out)
{
    char text[PROXY_ADDR_MAX + 8];
    unsigned char a[16];
    struct sockaddr_in6 s6 = { .sin6_family = AF_INET6 };
    const char *colon;

    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n == 0 || n >= sizeof text)
        return -1;
    memcpy(text, s, n);
    text[n] = '\0';
    if (text[0] == '[') {
        char *close = strchr(text, ']');
        if (!close || (close[1] && (close[1] != ':' || !close[2] ||
                                    strspn(close + 2, "0123456789") != strlen(close + 2))))
            return -1;
        *close = '\0';
        memmove(text, text + 1, strlen(text + 1) + 1);
    } else if ((colon = strchr(text, ':')) && !strchr(colon + 1, ':')) {
        /* "v4:port": a single colon */
        if (!colon[1] || strspn(colon + 1, "0123456789") != strlen(colon + 1))
            return -1;
        text[colon - text] = '\0';
    }
    if (!proxy_parse(text, a))
        return -1;
    memcpy(s6.sin6_addr.s6_addr, a, 16);
    proxy_addr_text((const struct sockaddr *)&s6, out);
    return 0;
}

int proxy_forwarded_for(const proxy_list *list, const char *xff, char *out)
{
    size_t end;

    if (!xff)
        return -1;
    end = strlen(xff);
    while (end > 0) {
        size_t start = end;
        char addr[PROXY_ADDR_MAX];

        while (start > 0 && xff[start - 1] != ',')
            start--;
        if (proxy_entry(xff + start, end - start, addr) < 0)
            return -1;
        if (!proxy_trusted(list, addr)) {
            strcpy(out, addr);
            return 0;
        }
        end = start ? start - 1 : 0;
    }
    return -1;
}

int proxy_prefix(const char *value, char *out)
{
    static const char allowed[] = "abcdefghijklmnopqrstuvwxyz"
                                  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~";
    size_t n = value ? strlen(value) : 0;

    out[0] = '\0';
    if (n && value[n - 1] == '/')
        n--;                          /* "/recherche/" is "/recherche" */
    if (n == 0)
        return 0;
    if (n > PROXY_PREFIX_MAX || value[0] != '/')
        return -1;
    for (size_t i = 0; i < n;) {      /* value[i] is a '/' */
        size_t seg = strspn(value + i + 1, allowed);
        if (i + 1 + seg > n)
            seg = n - i - 1;
        if (seg == 0 || (seg == 1 && value[i + 1] == '.') ||
            (seg == 2 && value[i + 1] == '.' && value[i + 2] == '.'))
            return -1;
        i += 1 + seg;
        if (i < n && value[i] != '/')
            return -1;
    }
    memcpy(out, value, n);
    out[n] = '\0';
    return 0;
}
