/*
 * A paced OPTIONS load that costs its sender little: sends RATE OPTIONS per second for SECONDS
 * from LOCAL_IP to TARGET_IP:PORT, each with its own Call-ID, branch and From tag (as sipp's
 * scenario does), in batches (sendmmsg), and counts the answers (recvmmsg) on the same thread.
 * No retransmission: a request or answer lost is an OPTIONS unanswered. Waits up to 2 s after
 * the last send (sipp's scenario waits 2 s for each answer), then prints one line:
 *   sent N answered_200 N other_answers N unanswered N send_seconds S cpu_seconds S
 * sipp tops out near 55,000 OPTIONS/s on a 2-core machine that it shares with the server under
 * test; this sends 80,000/s on about half a core. Loopback IPv4 only.
 *
 * Build: gcc -O2 -o options_load options_load.c
 * Usage: options_load LOCAL_IP TARGET_IP PORT RATE SECONDS
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "loopback.h"

#define BATCH 32
#define MESSAGE_MAX 512
#define ANSWER_MAX 2048

static char out[BATCH][MESSAGE_MAX];
static struct iovec out_iov[BATCH];
static struct mmsghdr out_msgs[BATCH];
static char in[BATCH][ANSWER_MAX];
static struct iovec in_iov[BATCH];
static struct mmsghdr in_msgs[BATCH];
static long answered, others;

/* Reads every answer waiting, without blocking. */
static void drain(int fd) {
    for (;;) {
        int n = recvmmsg(fd, in_msgs, BATCH, MSG_DONTWAIT, NULL);
        if (n <= 0) {
            return;
        }
        for (int i = 0; i < n; i++) {
            if (in_msgs[i].msg_len >= 12 && memcmp(in[i], "SIP/2.0 200 ", 12) == 0) {
                answered++;
            } else {
                others++;
            }
        }
        if (n < BATCH) {
            return;
        }
    }
}

static void wait_readable(int fd, double seconds) {
    if (seconds <= 0) {
        return;
    }
    struct pollfd p = {fd, POLLIN, 0};
    struct timespec ts = {(time_t) seconds, (long) ((seconds - (time_t) seconds) * 1e9)};
    ppoll(&p, 1, &ts, NULL);
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: options_load LOCAL_IP TARGET_IP PORT RATE SECONDS\n");
        return 2;
    }
    struct sockaddr_in local, target;
    if (!loopback(argv[1], &local, 0) || !loopback(argv[2], &target, atoi(argv[3]))) {
        fprintf(stderr, "loopback IPv4 only\n");
        return 2;
    }
    double rate = atof(argv[4]);
    double seconds = atof(argv[5]);
    long total = (long) (rate * seconds);
    if (rate <= 0 || seconds <= 0 || total <= 0) {
        fprintf(stderr, "RATE and SECONDS must be positive\n");
        return 2;
    }
    int fd = socket(AF_INET, SOCK_DGRAM, 0);
    int buffer = 8 << 20;
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &buffer, sizeof buffer);
    if (bind(fd, (struct sockaddr *) &local, sizeof local) != 0 || connect(fd, (struct sockaddr *) &target, sizeof target) != 0) {
        perror("bind/connect");
        return 1;
    }
    struct sockaddr_in bound;
    socklen_t bound_length = sizeof bound;
    getsockname(fd, (struct sockaddr *) &bound, &bound_length);
    int local_port = ntohs(bound.sin_port);
    for (int i = 0; i < BATCH; i++) {
        out_iov[i].iov_base = out[i];
        out_msgs[i].msg_hdr.msg_iov = &out_iov[i];
        out_msgs[i].msg_hdr.msg_iovlen = 1;
        in_iov[i].iov_base = in[i];
        in_iov[i].iov_len = ANSWER_MAX;
        in_msgs[i].msg_hdr.msg_iov = &in_iov[i];
        in_msgs[i].msg_hdr.msg_iovlen = 1;
    }
    int pid = getpid();
    long sent = 0;
    double start = now();
    while (sent < total) {
        double elapsed = now() - start;
        long due = (long) (rate * elapsed);
        if (due > total) {
            due = total;
        }
        while (sent < due) {
            int batch = due - sent < BATCH ? (int) (due - sent) : BATCH;
            for (int i = 0; i < batch; i++) {
                long n = sent + i;
                out_iov[i].iov_len = snprintf(out[i], MESSAGE_MAX,
                        "OPTIONS sip:%s:%s SIP/2.0\r\n"
                        "Via: SIP/2.0/UDP %s:%d;branch=z9hG4bK-%d-%ld;rport\r\n"
                        "Max-Forwards: 70\r\n"
                        "From: <sip:bench@%s:%d>;tag=%d-%ld\r\n"
                        "To: <sip:%s:%s>\r\n"
                        "Call-ID: %ld-%d@%s\r\n"
                        "CSeq: 1 OPTIONS\r\n"
                        "Content-Length: 0\r\n\r\n",
                        argv[2], argv[3], argv[1], local_port, pid, n, argv[1], local_port, pid, n,
                        argv[2], argv[3], n, pid, argv[1]);
            }
            int n = sendmmsg(fd, out_msgs, batch, 0);
            if (n <= 0) {
                if (errno != EINTR && errno != ENOBUFS && errno != EAGAIN) {
                    perror("sendmmsg");
                    return 1;
                }
                break;
            }
            sent += n;
            drain(fd);
        }
        drain(fd);
        wait_readable(fd, start + (sent + 1) / rate - now());
    }
    double send_seconds = now() - start;
    double deadline = now() + 2.0;
    while (answered + others < sent && now() < deadline) {
        wait_readable(fd, deadline - now());
        drain(fd);
    }
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    double cpu = usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
    printf("sent %ld answered_200 %ld other_answers %ld unanswered %ld send_seconds %.2f cpu_seconds %.2f\n",
            sent, answered, others, sent - answered - others, send_seconds, cpu);
    return 0;
}
