/*
 * The loopback UDP receive ceiling: receives datagrams in batches (recvmmsg) and only counts
 * them, for SECONDS after the first one arrives; prints the count per second. Nothing is
 * parsed or answered: the most a receiving thread on this machine can take in.
 *
 * Build: gcc -O2 -o udp_count udp_count.c      Usage: udp_count LOCAL_IP PORT SECONDS
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#define BATCH 64

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: udp_count LOCAL_IP PORT SECONDS\n");
        return 2;
    }
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    int rcvbuf = 4 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
    struct timeval timeout = {1, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    struct sockaddr_in addr = {0};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(atoi(argv[2]));
    if (inet_pton(AF_INET, argv[1], &addr.sin_addr) != 1 || (ntohl(addr.sin_addr.s_addr) >> 24) != 127) {
        fprintf(stderr, "loopback IPv4 only\n");
        return 2;
    }
    if (bind(fd, (struct sockaddr *) &addr, sizeof addr) != 0) {
        perror("bind");
        return 1;
    }
    static char buffers[BATCH][2048];
    struct iovec iov[BATCH];
    struct mmsghdr msgs[BATCH];
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < BATCH; i++) {
        iov[i].iov_base = buffers[i];
        iov[i].iov_len = sizeof buffers[i];
        msgs[i].msg_hdr.msg_iov = &iov[i];
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    printf("ready\n");
    fflush(stdout);
    double seconds = atof(argv[3]);
    double give_up = now() + 30, start = 0, end = 0;
    long received = 0;
    for (;;) {
        int n = recvmmsg(fd, msgs, BATCH, 0, NULL);
        double t = now();
        if (n > 0) {
            if (received == 0) {
                start = t;
                end = start + seconds;
            }
            received += n;
        }
        if ((received == 0 && t > give_up) || (received > 0 && t >= end)) {
            break;
        }
    }
    printf("received %ld in %.0f s: %.0f/s\n", received, seconds, received / seconds);
    return 0;
}
