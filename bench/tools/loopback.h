/* What the loopback load tools share: a monotonic clock and a loopback-only address check. */
#ifndef SBC_BENCH_LOOPBACK_H
#define SBC_BENCH_LOOPBACK_H

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Fills addr with ip:port; false unless ip is an IPv4 loopback address (127.0.0.0/8): the load
 * tools never send anywhere else. */
static int loopback(const char *ip, struct sockaddr_in *addr, int port) {
    memset(addr, 0, sizeof *addr);
    addr->sin_family = AF_INET;
    addr->sin_port = htons(port);
    return inet_pton(AF_INET, ip, &addr->sin_addr) == 1 && (ntohl(addr->sin_addr.s_addr) >> 24) == 127;
}

#endif
