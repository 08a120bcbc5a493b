/*
 * Sends one valid OPTIONS datagram over and over, in batches (sendmmsg), from LOCAL_IP to
 * TARGET_IP:PORT for SECONDS; prints how many were sent. Loopback IPv4 only.
 *
 * Build: gcc -O2 -o udp_blast udp_blast.c      Usage: udp_blast LOCAL_IP TARGET_IP PORT SECONDS
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "loopback.h"

#define BATCH 64

int main(int argc, char **argv) {
    if (argc != 5) {
        fprintf(stderr, "usage: udp_blast LOCAL_IP TARGET_IP PORT SECONDS\n");
        return 2;
    }
    struct sockaddr_in local, target;
    if (!loopback(argv[1], &local, 0) || !loopback(argv[2], &target, atoi(argv[3]))) {
        fprintf(stderr, "loopback IPv4 only\n");
        return 2;
    }
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    if (bind(fd, (struct sockaddr *) &local, sizeof local) != 0 || connect(fd, (struct sockaddr *) &target, sizeof target) != 0) {
        perror("bind/connect");
        return 1;
    }
    char message[512];
    int length = snprintf(message, sizeof message,
            "OPTIONS sip:%s:%s SIP/2.0\r\nVia: SIP/2.0/UDP %s:5060;branch=z9hG4bK-blast;rport\r\n"
            "Max-Forwards: 70\r\nFrom: <sip:blast@%s>;tag=1\r\nTo: <sip:%s>\r\nCall-ID: blast@%s\r\n"
            "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n", argv[2], argv[3], argv[1], argv[1], argv[2], argv[1]);
    struct iovec iov = {message, (size_t) length};
    struct mmsghdr msgs[BATCH];
    memset(msgs, 0, sizeof msgs);
    for (int i = 0; i < BATCH; i++) {
        msgs[i].msg_hdr.msg_iov = &iov;
        msgs[i].msg_hdr.msg_iovlen = 1;
    }
    double seconds = atof(argv[4]);
    double end = now() + seconds;
    long sent = 0;
    while (now() < end) {
        int n = sendmmsg(fd, msgs, BATCH, 0);
        if (n > 0) {
            sent += n;
        }
    }
    printf("sent %ld in %.0f s: %.0f/s\n", sent, seconds, sent / seconds);
    return 0;
}
