/* proxy.h -- peer addresses, trusted proxies, X-Forwarded-For and
 * X-Forwarded-Prefix.
 *
 * Only a peer named by --trusted-proxy may tell the server who the client
 * is (X-Forwarded-For) and under which prefix the site is published
 * (X-Forwarded-Prefix); from anyone else both headers are ignored, so a
 * client cannot pick its own address for the per-address limits and the
 * log, nor rewrite the links of the answers.
 *
 * Ownership: a proxy_list is made by proxy_list_add and released by
 * proxy_list_free; the other functions write into caller buffers.
 */
#ifndef FOUILLE_PROXY_H
#define FOUILLE_PROXY_H

#include <stddef.h>
#include <sys/socket.h>

/* Room for any address in text form (an IPv6 address, NUL included). */
#define PROXY_ADDR_MAX 46
/* X-Forwarded-Prefix: at most this many bytes (longer: ignored). */
#define PROXY_PREFIX_MAX 128

typedef struct proxy_list proxy_list;

/* Add "ADDR" or "ADDR/BITS" (IPv4 or IPv6, e.g. 127.0.0.1, 10.0.0.0/8,
 * ::1) to *list, creating it when NULL. 0, or -1 with the reason in err
 * (the list is unchanged). */
int proxy_list_add(proxy_list **list, const char *spec, char *err,
                   size_t errlen);
void proxy_list_free(proxy_list *list);

/* The text form of a socket address into out (PROXY_ADDR_MAX bytes):
 * "192.0.2.1", "2001:db8::1"; an IPv4-mapped IPv6 address as IPv4.
 * "-" when it is no IP address. */
void proxy_addr_text(const struct sockaddr *sa, char *out);

/* Is the address (text form, as above) in the list? NULL list: no. */
int proxy_trusted(const proxy_list *list, const char *addr);

/* The client behind a trusted peer: the right-most address of the
 * X-Forwarded-For value `xff` that is not itself a trusted proxy (each
 * proxy appends the address it saw, so the entries left of the first
 * untrusted one may be forged). Written to out (PROXY_ADDR_MAX bytes) in
 * text form; 0, or -1 when there is none or an entry read from the right
 * is not an address (out untouched: keep the peer's). */
int proxy_forwarded_for(const proxy_list *list, const char *xff, char *out);

/* A valid X-Forwarded-Prefix into out (PROXY_PREFIX_MAX + 1 bytes): ""
 * or "/seg/seg" made of letters, digits and "-._~" between slashes, no
 * empty, "." or ".." segment, at most PROXY_PREFIX_MAX bytes; one final
 * slash is dropped ("/recherche/" -> "/recherche"). 0, or -1 when the
 * value is not such a prefix (out is then ""). */
int proxy_prefix(const char *value, char *out);

#endif
