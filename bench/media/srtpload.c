/*
 * srtpload - rtpload (../shared/bench/rtpengine/rtpload.c) with SRTP on the caller side: the
 * same load, modes, options, pass rule and JSON line, plus a few SRTP counters at its end.
 *
 * SRTP (RFC 3711, AES_CM_128_HMAC_SHA1_80) by libsrtp2; build:
 *   gcc -O2 -Wall -pthread -o srtpload srtpload.c $(pkg-config --cflags --libs libsrtp2 libcrypto)
 * Debian's libsrtp2 does its AES and HMAC through NSS, which costs 10-20 us a packet once a few
 * hundred sessions are open (a context and a lock per packet): more than the relay it loads,
 * on the same two cores. So srtpload hands libsrtp two primitives on OpenSSL's libcrypto (what
 * libsrtp's own --enable-openssl build uses): AES-128 counter mode (SRTP_AES_ICM_128) and
 * HMAC-SHA1 (SRTP_HMAC_SHA1), through srtp_replace_cipher_type / srtp_replace_auth_type, which
 * run libsrtp's own known-answer tests on them before they are used. libsrtp keeps everything
 * else (key derivation, packet index and rollover, replay window, packet layout).
 * (--nss keeps libsrtp's NSS primitives, for comparison.)
 *
 *   relay  : the map line carries two more fields, the SDES inline keys (base64 of the 30-byte
 *            master key + salt) of the call's outside leg:
 *              "<call> <relay_ip> <port_for_caller> <port_for_callee> <caller_key> <relay_key>"
 *            caller_key: what the caller offered (it protects what it sends with it);
 *            relay_key : what the relay answered (it protects what it sends the caller).
 *            Callers send SRTP and receive SRTP; callees send and receive plain RTP: the relay
 *            decrypts one way and encrypts the other.
 *   direct : no relay: each call gets two random keys and both sides protect what they send
 *            and unprotect what they receive (twice the crypto of relay mode: the ceiling of
 *            the generator with SRTP).
 * Each call has its own libsrtp sessions, one per direction and side: an outbound one used
 * only by the sender thread, an inbound one used only by the receiver thread. A packet is
 * unprotected before its payload (magic, stream, sequence, send stamp) is read; the receive
 * stamp is taken right after recvmmsg, before any decryption, as in rtpload. The send stamp
 * is taken before the batch is built (and protected), as in rtpload.
 * A received packet that fails to unprotect (authentication, replay) is counted in
 * srtp_unprotect_fail and rx_bad, never in rx_win: it counts as lost.
 * Extra JSON fields: srtp, srtp_crypto, srtp_protect_fail, srtp_unprotect_fail, srtp_unknown_src,
 * and the latency per direction, lat_p50/p99_ms_to_callee (the relay decrypts) and
 * lat_p50/p99_ms_to_caller (the relay encrypts).
 *
 * rtpload's description follows.
 *
 * rtpload - RTP load generator + sink for relay benchmarks (loopback only).
 *
 * One process, two worker threads:
 *   sender   : paces 2*N RTP streams (N calls x 2 directions), 20 ms ptime,
 *              172-byte packets (12 B RTP header + 160 B PCMU payload),
 *              sendmmsg() in small batches, evenly spread over each 20 ms.
 *   receiver : epoll + recvmmsg() on the same sockets (symmetric RTP: each
 *              socket sends and receives), counts packets, one-way latency
 *              from a CLOCK_MONOTONIC send stamp carried in the payload.
 * The main thread samples CPU (/proc/PID/stat utime+stime of the relay and of
 * itself, /proc/stat, /proc/net/snmp Udp) at the exact start/end of the
 * measurement window and prints one JSON line.
 *
 * Modes:
 *   direct : caller socket k sends straight to callee socket k (and back);
 *            no relay -> generator/sink ceiling.
 *   relay  : destinations come from a map file written by ng_setup.py:
 *            "<call> <relay_ip> <port_for_caller> <port_for_callee>" per line.
 *
 * Sockets: K per side.  Caller side binds CALLER_IP:BASE+k, callee side
 * CALLEE_IP:BASE+k; call i uses socket k = i*K/N on both sides (ng_setup.py
 * puts the same address into the SDP).
 *
 * Every loop is bounded: the sender stops at window end + tail, the receiver
 * after a fixed drain; a hard alarm() aborts the process if anything hangs.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#define OPENSSL_SUPPRESS_DEPRECATED /* SHA1_Init & co.: HMAC from precomputed pads, no EVP per packet */
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <srtp2/auth.h>
#include <srtp2/cipher.h>
#include <srtp2/srtp.h>

#define PKT_LEN 172
#define RTP_HDR 12
#define MAGIC 0x524c4454u /* "RLDT" */
#define SBATCH 32         /* sendmmsg batch */
#define RBATCH 64         /* recvmmsg batch */
#define MAXK 64
#define PERIOD_NS 20000000ull
#define HBUCKET_NS 10000ull /* 10 us histogram buckets */
#define HBUCKETS 100000     /* up to 1 s */

struct stream {
	struct sockaddr_in dst;
	int sock;
	srtp_t tx; /* protects what this stream sends (sender thread only), or NULL: plain */
	srtp_t rx; /* unprotects this stream where it is received (receiver thread only), or NULL */
};

#define KEY_LEN 30 /* AES_CM_128_HMAC_SHA1_80 master key (16) + salt (14) */
#define PKT_MAX (PKT_LEN + SRTP_MAX_TRAILER_LEN)

/* configuration */
static int ncalls = 100, K = 8, base_port = 16000, relay_mode = 0;
static const char *caller_ip = "127.0.0.2", *callee_ip = "127.0.0.3";
static const char *map_file = NULL;
static double warmup_s = 3, window_s = 10, tail_s = 1, drain_s = 1;
static long relay_pid = 0;
static int rcvbuf = 8 << 20;

static int nstreams;
static struct stream *streams;
static int socks[2 * MAXK];

static uint64_t t0, ws, we, send_end;
static volatile int stop_recv;

/* sender stats (written by sender only) */
static uint64_t tx_total, tx_win, tx_err, tx_late_ticks, tx_max_behind;
/* receiver stats (written by receiver only) */
static uint64_t rx_total, rx_win, rx_bad, rx_misrouted, rx_after_end;
static uint64_t *hist, hist_over, lat_sum_ns, lat_max_ns;
/* the same per direction: [0] caller to callee (the relay decrypts), [1] callee to caller (encrypts) */
static uint64_t *hist_dir[2], rx_win_dir[2];
static uint32_t *rx_per_stream;
/* SRTP counters */
static uint64_t srtp_protect_fail;   /* sender */
static uint64_t srtp_unprotect_fail; /* receiver */
static uint64_t srtp_unknown_src;    /* receiver: no call for the packet's source/SSRC */
/* relay mode: the call whose relay port (port_for_caller) a packet came from, -1 if none */
static int32_t *call_by_relay_port;

static uint64_t mono_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void sleep_until(uint64_t t)
{
	struct timespec ts = {.tv_sec = t / 1000000000ull, .tv_nsec = t % 1000000000ull};
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

static void die(const char *m)
{
	perror(m);
	exit(2);
}

static void *sender(void *arg)
{
	(void)arg;
	static unsigned char bufs[SBATCH][PKT_MAX] __attribute__((aligned(8)));
	struct mmsghdr msgs[SBATCH];
	struct iovec iov[SBATCH];
	memset(bufs, 0xff, sizeof(bufs)); /* PCMU silence-ish */
	memset(msgs, 0, sizeof(msgs));
	for (int i = 0; i < SBATCH; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = PKT_LEN;
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_namelen = sizeof(struct sockaddr_in);
	}
	const uint64_t S = nstreams;
	uint64_t j = 0; /* global packet index: stream j%S, per-stream seq j/S */
	uint64_t tick = 200000; /* 200 us pacing tick */
	uint64_t next = t0;
	sleep_until(t0);
	for (;;) {
		uint64_t now = mono_ns();
		if (now >= send_end)
			break;
		if (now < t0)
			now = t0;
		uint64_t target = (now - t0) * S / PERIOD_NS + 1;
		if (target > j + S)
			target = j + S; /* bounded catch-up: at most one period per pass */
		if (target > j + S / 2 && now > ws) {
			tx_late_ticks++;
			if (target - j > tx_max_behind)
				tx_max_behind = target - j;
		}
		while (j < target) {
			int n = 0, sock = -1;
			uint64_t ts = mono_ns();
			while (n < SBATCH && j < target) {
				uint32_t s = j % S;
				struct stream *st = &streams[s];
				if (sock < 0)
					sock = st->sock;
				else if (st->sock != sock)
					break;
				uint64_t seq = j / S;
				unsigned char *b = bufs[n];
				b[0] = 0x80;
				b[1] = 0x00; /* PT 0 PCMU */
				uint16_t sq = htons((uint16_t)seq);
				uint32_t rts = htonl((uint32_t)(seq * 160));
				uint32_t ssrc = htonl(0x10000000u + s);
				memcpy(b + 2, &sq, 2);
				memcpy(b + 4, &rts, 4);
				memcpy(b + 8, &ssrc, 4);
				uint32_t mg = MAGIC;
				memcpy(b + RTP_HDR, &mg, 4);
				memcpy(b + RTP_HDR + 4, &s, 4);
				memcpy(b + RTP_HDR + 8, &seq, 8);
				memcpy(b + RTP_HDR + 16, &ts, 8);
				if (st->tx) {
					int len = PKT_LEN;
					memset(b + RTP_HDR + 24, 0xff, PKT_LEN - RTP_HDR - 24); /* last use left ciphertext */
					if (srtp_protect(st->tx, b, &len) != srtp_err_status_ok) {
						srtp_protect_fail++;
						tx_err++;
						j++;
						continue;
					}
					iov[n].iov_len = len;
				} else {
					iov[n].iov_len = PKT_LEN;
				}
				msgs[n].msg_hdr.msg_name = &st->dst;
				n++;
				j++;
			}
			int off = 0;
			while (off < n) {
				int r = sendmmsg(sock, msgs + off, n - off, 0);
				if (r <= 0) {
					tx_err += n - off;
					break;
				}
				off += r;
			}
			tx_total += off;
			if (ts >= ws && ts < we)
				tx_win += off;
		}
		next += tick;
		if (next < now)
			next = now; /* fell behind: don't try to catch up in one spin */
		sleep_until(next);
	}
	return NULL;
}

static void *receiver(void *arg)
{
	(void)arg;
	static unsigned char bufs[RBATCH][2048] __attribute__((aligned(8)));
	struct mmsghdr msgs[RBATCH];
	struct iovec iov[RBATCH];
	struct sockaddr_in from[RBATCH];
	memset(msgs, 0, sizeof(msgs));
	for (int i = 0; i < RBATCH; i++) {
		iov[i].iov_base = bufs[i];
		iov[i].iov_len = sizeof(bufs[i]);
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
		msgs[i].msg_hdr.msg_name = &from[i];
	}
	int ep = epoll_create1(0);
	if (ep < 0)
		die("epoll_create1");
	for (int i = 0; i < 2 * K; i++) {
		struct epoll_event ev = {.events = EPOLLIN, .data.u32 = i};
		if (epoll_ctl(ep, EPOLL_CTL_ADD, socks[i], &ev) < 0)
			die("epoll_ctl");
	}
	struct epoll_event evs[2 * MAXK];
	const uint32_t N = ncalls;
	while (!stop_recv) {
		int ne = epoll_wait(ep, evs, 2 * MAXK, 20);
		for (int e = 0; e < ne; e++) {
			int si = evs[e].data.u32;
			int rside = si / K; /* side of the receiving socket */
			for (int loop = 0; loop < 1000; loop++) { /* bounded drain */
				for (int m = 0; m < RBATCH; m++)
					msgs[m].msg_hdr.msg_namelen = sizeof(from[m]);
				int r = recvmmsg(socks[si], msgs, RBATCH, MSG_DONTWAIT, NULL);
				if (r <= 0)
					break;
				uint64_t now = mono_ns();
				for (int m = 0; m < r; m++) {
					unsigned char *b = bufs[m];
					uint32_t mg, s;
					uint64_t ts;
					int len = (int)msgs[m].msg_len;
					srtp_t rx = NULL;
					if (len >= RTP_HDR) {
						/* which stream: relay mode, the call of the relay port it came
						 * from; else (or unknown port) its SSRC, which both relays keep */
						int64_t sid = -1;
						int32_t c = relay_mode && rside == 0
									? call_by_relay_port[ntohs(from[m].sin_port)]
									: -1;
						if (c >= 0)
							sid = (int64_t)N + c;
						else {
							uint32_t ssrc;
							memcpy(&ssrc, b + 8, 4);
							sid = (int64_t)ntohl(ssrc) - 0x10000000;
						}
						if (sid >= 0 && sid < nstreams)
							rx = streams[sid].rx;
						else if (streams[rside == 0 ? N : 0].rx) {
							srtp_unknown_src++;
							rx_bad++;
							continue;
						}
					}
					if (rx) {
						if (srtp_unprotect(rx, b, &len) != srtp_err_status_ok) {
							srtp_unprotect_fail++;
							rx_bad++;
							continue;
						}
					}
					if (len != PKT_LEN) {
						rx_bad++;
						continue;
					}
					memcpy(&mg, b + RTP_HDR, 4);
					memcpy(&s, b + RTP_HDR + 4, 4);
					memcpy(&ts, b + RTP_HDR + 16, 8);
					if (mg != MAGIC || s >= (uint32_t)nstreams) {
						rx_bad++;
						continue;
					}
					int origin = s / N; /* 0 caller-sent, 1 callee-sent */
					if (origin == rside) {
						rx_misrouted++;
						continue;
					}
					rx_total++;
					rx_per_stream[s]++;
					if (now > send_end)
						rx_after_end++;
					if (ts >= ws && ts < we) {
						rx_win++;
						uint64_t lat = now > ts ? now - ts : 0;
						lat_sum_ns += lat;
						if (lat > lat_max_ns)
							lat_max_ns = lat;
						uint64_t bkt = lat / HBUCKET_NS;
						rx_win_dir[origin]++;
						if (bkt >= HBUCKETS)
							hist_over++;
						else {
							hist[bkt]++;
							hist_dir[origin][bkt]++;
						}
					}
				}
				if (r < RBATCH)
					break;
			}
		}
	}
	close(ep);
	return NULL;
}

/* ---- CPU / kernel counters ---- */
struct sample {
	uint64_t t_ns;
	long long relay_ticks, self_ticks;
	unsigned long long cpu[10];
	long long udp[10]; /* InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors ... */
	int udp_n;
};

static long long proc_ticks(long pid)
{
	char path[64], buf[4096];
	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	char *p = strrchr(buf, ')');
	if (!p)
		return -1;
	/* after ')': state(3) ppid(4) ... utime(14) stime(15) */
	unsigned long ut = 0, st = 0;
	if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
		return -1;
	return (long long)(ut + st);
}

static void take_sample(struct sample *s)
{
	memset(s, 0, sizeof(*s));
	s->t_ns = mono_ns();
	s->relay_ticks = relay_pid ? proc_ticks(relay_pid) : 0;
	s->self_ticks = proc_ticks(getpid());
	FILE *f = fopen("/proc/stat", "r");
	if (f) {
		if (fscanf(f, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &s->cpu[0], &s->cpu[1],
			   &s->cpu[2], &s->cpu[3], &s->cpu[4], &s->cpu[5], &s->cpu[6], &s->cpu[7], &s->cpu[8],
			   &s->cpu[9]) < 8)
			memset(s->cpu, 0, sizeof(s->cpu));
		fclose(f);
	}
	f = fopen("/proc/net/snmp", "r");
	if (f) {
		char line[1024];
		int seen = 0;
		while (fgets(line, sizeof(line), f)) {
			if (strncmp(line, "Udp: ", 5))
				continue;
			if (++seen == 2) { /* value line */
				char *p = line + 5;
				int i = 0;
				while (i < 10 && *p) {
					char *e;
					long long v = strtoll(p, &e, 10);
					if (e == p)
						break;
					s->udp[i++] = v;
					p = e;
				}
				s->udp_n = i;
			}
		}
		fclose(f);
	}
}

/* base64 (RFC 4648, padding optional) of exactly KEY_LEN bytes into out; 0 on success */
static int b64_key(const char *in, unsigned char *out)
{
	static const char al[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	uint32_t acc = 0;
	int bits = 0, n = 0;
	for (const char *p = in; *p && *p != '='; p++) {
		const char *q = strchr(al, *p);
		if (!q || !*p)
			return -1;
		acc = (acc << 6) | (uint32_t)(q - al);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n == KEY_LEN)
				return -1;
			out[n++] = (unsigned char)(acc >> bits);
		}
	}
	return n == KEY_LEN ? 0 : -1;
}

static srtp_t session(const unsigned char *key, srtp_ssrc_type_t dir)
{
	srtp_policy_t pol;
	memset(&pol, 0, sizeof(pol));
	srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&pol.rtp);
	srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&pol.rtcp);
	pol.ssrc.type = dir;
	pol.key = (unsigned char *)key; /* copied by srtp_create */
	pol.window_size = 1024;         /* the replay window: reordering on a loaded box */
	pol.allow_repeat_tx = 0;
	pol.next = NULL;
	srtp_t s = NULL;
	srtp_err_status_t e = srtp_create(&s, &pol);
	if (e != srtp_err_status_ok) {
		fprintf(stderr, "srtp_create: error %d\n", (int)e);
		exit(2);
	}
	return s;
}

/* ---- libsrtp primitives on OpenSSL ------------------------------------------------------ */
struct icm {
	EVP_CIPHER_CTX *ctx;
	uint8_t offset[16]; /* salt, last two octets zero */
};
static const srtp_cipher_type_t ossl_icm;

static srtp_err_status_t icm_alloc(srtp_cipher_pointer_t *cp, int key_len, int tlen)
{
	(void)tlen;
	if (key_len != SRTP_AES_ICM_128_KEY_LEN_WSALT)
		return srtp_err_status_bad_param;
	srtp_cipher_t *c = calloc(1, sizeof(srtp_cipher_t) + sizeof(struct icm));
	if (!c)
		return srtp_err_status_alloc_fail;
	struct icm *st = (struct icm *)(c + 1);
	st->ctx = EVP_CIPHER_CTX_new();
	if (!st->ctx) {
		free(c);
		return srtp_err_status_alloc_fail;
	}
	c->type = &ossl_icm;
	c->state = st;
	c->key_len = key_len;
	c->algorithm = SRTP_AES_ICM_128;
	*cp = c;
	return srtp_err_status_ok;
}

static srtp_err_status_t icm_dealloc(srtp_cipher_pointer_t c)
{
	struct icm *st = c->state;
	EVP_CIPHER_CTX_free(st->ctx);
	memset(c, 0, sizeof(srtp_cipher_t) + sizeof(struct icm));
	free(c);
	return srtp_err_status_ok;
}

static srtp_err_status_t icm_init(void *state, const uint8_t *key) /* 16-byte key, 14-byte salt */
{
	struct icm *st = state;
	memset(st->offset, 0, 16);
	memcpy(st->offset, key + SRTP_AES_128_KEY_LEN, SRTP_SALT_LEN);
	return EVP_EncryptInit_ex(st->ctx, EVP_aes_128_ctr(), NULL, key, st->offset) ? srtp_err_status_ok
										       : srtp_err_status_init_fail;
}

static srtp_err_status_t icm_set_iv(void *state, uint8_t *iv, srtp_cipher_direction_t dir)
{
	(void)dir;
	struct icm *st = state;
	uint8_t ctr[16];
	for (int i = 0; i < 16; i++)
		ctr[i] = st->offset[i] ^ iv[i];
	return EVP_EncryptInit_ex(st->ctx, NULL, NULL, NULL, ctr) ? srtp_err_status_ok : srtp_err_status_fail;
}

static srtp_err_status_t icm_crypt(void *state, uint8_t *buf, unsigned int *len)
{
	struct icm *st = state;
	int out = 0;
	if (!EVP_EncryptUpdate(st->ctx, buf, &out, buf, (int)*len))
		return srtp_err_status_cipher_fail;
	*len = (unsigned int)out;
	return srtp_err_status_ok;
}

/* RFC 3711 appendix B.2: the AES-CM keystream for its session key and salt, index 0 */
static const uint8_t icm_kat_key[30] = {0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7,
					0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c, 0xf0, 0xf1, 0xf2, 0xf3,
					0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd};
static uint8_t icm_kat_iv[16];
static const uint8_t icm_kat_pt[32];
static const uint8_t icm_kat_ct[32] = {0xe0, 0x3e, 0xad, 0x09, 0x35, 0xc9, 0x5e, 0x80, 0xe1, 0x66, 0xb1,
				       0x6d, 0xd9, 0x2b, 0x4e, 0xb4, 0xd2, 0x35, 0x13, 0x16, 0x2b, 0x02,
				       0xd0, 0xf7, 0x2a, 0x43, 0xa2, 0xfe, 0x4a, 0x5f, 0x97, 0xab};
static const srtp_cipher_test_case_t icm_kat = {30, icm_kat_key, icm_kat_iv, 32, icm_kat_pt, 32, icm_kat_ct,
						0, NULL, 0, NULL};
static const srtp_cipher_type_t ossl_icm = {icm_alloc, icm_dealloc, icm_init, NULL, icm_crypt, icm_crypt,
					     icm_set_iv, NULL, "AES-128 counter mode on OpenSSL (srtpload)",
					     &icm_kat, SRTP_AES_ICM_128};

struct hmac {
	SHA_CTX inner0, outer0, work; /* keyed pads, and the packet's running hash */
};
static const srtp_auth_type_t ossl_hmac;

static srtp_err_status_t hmac_alloc(srtp_auth_pointer_t *ap, int key_len, int out_len)
{
	if (key_len < 0 || key_len > 64 || out_len < 0 || out_len > SHA_DIGEST_LENGTH)
		return srtp_err_status_bad_param;
	srtp_auth_t *a = calloc(1, sizeof(srtp_auth_t) + sizeof(struct hmac));
	if (!a)
		return srtp_err_status_alloc_fail;
	a->type = &ossl_hmac;
	a->state = a + 1;
	a->out_len = out_len;
	a->key_len = key_len;
	a->prefix_len = 0;
	*ap = a;
	return srtp_err_status_ok;
}

static srtp_err_status_t hmac_dealloc(srtp_auth_pointer_t a)
{
	memset(a, 0, sizeof(srtp_auth_t) + sizeof(struct hmac));
	free(a);
	return srtp_err_status_ok;
}

static srtp_err_status_t hmac_init(void *state, const uint8_t *key, int key_len)
{
	struct hmac *h = state;
	uint8_t ipad[64], opad[64];
	if (key_len > 64)
		return srtp_err_status_bad_param;
	memset(ipad, 0x36, 64);
	memset(opad, 0x5c, 64);
	for (int i = 0; i < key_len; i++) {
		ipad[i] ^= key[i];
		opad[i] ^= key[i];
	}
	SHA1_Init(&h->inner0);
	SHA1_Update(&h->inner0, ipad, 64);
	SHA1_Init(&h->outer0);
	SHA1_Update(&h->outer0, opad, 64);
	h->work = h->inner0;
	return srtp_err_status_ok;
}

static srtp_err_status_t hmac_start(void *state)
{
	struct hmac *h = state;
	h->work = h->inner0;
	return srtp_err_status_ok;
}

static srtp_err_status_t hmac_update(void *state, const uint8_t *buf, int len)
{
	SHA1_Update(&((struct hmac *)state)->work, buf, (size_t)len);
	return srtp_err_status_ok;
}

static srtp_err_status_t hmac_compute(void *state, const uint8_t *buf, int len, int tag_len, uint8_t *tag)
{
	struct hmac *h = state;
	uint8_t d[SHA_DIGEST_LENGTH];
	if (tag_len > SHA_DIGEST_LENGTH)
		return srtp_err_status_bad_param;
	SHA1_Update(&h->work, buf, (size_t)len);
	SHA1_Final(d, &h->work);
	h->work = h->outer0;
	SHA1_Update(&h->work, d, SHA_DIGEST_LENGTH);
	SHA1_Final(d, &h->work);
	memcpy(tag, d, (size_t)tag_len);
	return srtp_err_status_ok;
}

/* RFC 2202 test case 1 */
static const uint8_t hmac_kat_key[20] = {0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
					 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b};
static const uint8_t hmac_kat_data[8] = {'H', 'i', ' ', 'T', 'h', 'e', 'r', 'e'};
static const uint8_t hmac_kat_tag[20] = {0xb6, 0x17, 0x31, 0x86, 0x55, 0x05, 0x72, 0x64, 0xe2, 0x8b,
					 0xc0, 0xb6, 0xfb, 0x37, 0x8c, 0x8e, 0xf1, 0x46, 0xbe, 0x00};
static const srtp_auth_test_case_t hmac_kat = {20, hmac_kat_key, 8, hmac_kat_data, 20, hmac_kat_tag, NULL};
static const srtp_auth_type_t ossl_hmac = {hmac_alloc, hmac_dealloc, hmac_init, hmac_compute, hmac_update,
					    hmac_start, "HMAC-SHA1 on OpenSSL (srtpload)", &hmac_kat,
					    SRTP_HMAC_SHA1};

static int use_nss = 0;

static void srtp_setup(void)
{
	if (srtp_init() != srtp_err_status_ok) {
		fprintf(stderr, "srtp_init failed\n");
		exit(2);
	}
	if (use_nss)
		return;
	/* each runs libsrtp's known-answer tests for the type it replaces, and ours */
	srtp_err_status_t e1 = srtp_replace_cipher_type(&ossl_icm, SRTP_AES_ICM_128);
	srtp_err_status_t e2 = srtp_replace_auth_type(&ossl_hmac, SRTP_HMAC_SHA1);
	if (e1 != srtp_err_status_ok || e2 != srtp_err_status_ok) {
		fprintf(stderr, "libsrtp refused the OpenSSL primitives (cipher %d, auth %d)\n", (int)e1, (int)e2);
		exit(2);
	}
}

static int read_map(void)
{
	FILE *f = fopen(map_file, "r");
	if (!f)
		die("map file");
	int cnt = 0;
	char line[512];
	for (int i = 0; i < ncalls; i++) {
		int call, pa, pb;
		char ip[64], kc[128], kr[128];
		if (!fgets(line, sizeof(line), f))
			break;
		if (sscanf(line, "%d %63s %d %d %127s %127s", &call, ip, &pa, &pb, kc, kr) != 6) {
			fprintf(stderr, "map line %d: want \"call relay_ip port_for_caller port_for_callee "
					"caller_key relay_key\"\n", i);
			exit(2);
		}
		if (call != i) {
			fprintf(stderr, "map: unexpected call index %d at %d\n", call, i);
			exit(2);
		}
		/* caller stream i -> relay port for caller; callee stream N+i -> port for callee */
		streams[i].dst.sin_family = AF_INET;
		inet_pton(AF_INET, ip, &streams[i].dst.sin_addr);
		streams[i].dst.sin_port = htons(pa);
		streams[ncalls + i].dst.sin_family = AF_INET;
		inet_pton(AF_INET, ip, &streams[ncalls + i].dst.sin_addr);
		streams[ncalls + i].dst.sin_port = htons(pb);
		if (pa <= 0 || pa > 65535 || call_by_relay_port[pa] >= 0) {
			fprintf(stderr, "map: port_for_caller %d of call %d bad or repeated\n", pa, i);
			exit(2);
		}
		call_by_relay_port[pa] = i;
		unsigned char key_c[KEY_LEN], key_r[KEY_LEN];
		if (b64_key(kc, key_c) || b64_key(kr, key_r)) {
			fprintf(stderr, "map: call %d: keys must be base64 of %d bytes\n", i, KEY_LEN);
			exit(2);
		}
		streams[i].tx = session(key_c, ssrc_any_outbound);          /* caller protects */
		streams[ncalls + i].rx = session(key_r, ssrc_any_inbound);  /* caller unprotects */
		cnt++;
	}
	fclose(f);
	return cnt;
}

static void on_alarm(int sig)
{
	(void)sig;
	static const char m[] = "srtpload: hard time limit hit, aborting\n";
	if (write(2, m, sizeof(m) - 1) < 0) {
	}
	_exit(3);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: srtpload --mode direct|relay --calls N [--map FILE] [--socks K] [--base-port P]\n"
		"               [--caller-ip A] [--callee-ip B] [--warmup S] [--window S] [--tail S]\n"
		"               [--drain S] [--pid RELAY_PID] [--rcvbuf BYTES] [--nss]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define ARG(name) (!strcmp(a, name) && v && (i++, 1))
		if (ARG("--mode"))
			relay_mode = !strcmp(v, "relay");
		else if (ARG("--calls"))
			ncalls = atoi(v);
		else if (ARG("--map"))
			map_file = v;
		else if (ARG("--socks"))
			K = atoi(v);
		else if (ARG("--base-port"))
			base_port = atoi(v);
		else if (ARG("--caller-ip"))
			caller_ip = v;
		else if (ARG("--callee-ip"))
			callee_ip = v;
		else if (ARG("--warmup"))
			warmup_s = atof(v);
		else if (ARG("--window"))
			window_s = atof(v);
		else if (ARG("--tail"))
			tail_s = atof(v);
		else if (ARG("--drain"))
			drain_s = atof(v);
		else if (ARG("--pid"))
			relay_pid = atol(v);
		else if (ARG("--rcvbuf"))
			rcvbuf = atoi(v);
		else if (!strcmp(a, "--nss"))
			use_nss = 1;
		else
			usage();
	}
	if (ncalls < 1 || ncalls > 200000 || K < 1 || K > MAXK || (relay_mode && !map_file))
		usage();
	if (K > ncalls)
		K = ncalls;
	if (warmup_s < 0 || window_s <= 0 || window_s > 300 || warmup_s > 60 || tail_s > 60 || drain_s > 60)
		usage();
	signal(SIGALRM, on_alarm);
	alarm((unsigned)(warmup_s + window_s + tail_s + drain_s + 30));

	srtp_setup();
	nstreams = 2 * ncalls;
	streams = calloc(nstreams, sizeof(*streams));
	call_by_relay_port = malloc(65536 * sizeof(*call_by_relay_port));
	if (!call_by_relay_port)
		die("malloc");
	for (int p = 0; p < 65536; p++)
		call_by_relay_port[p] = -1;
	rx_per_stream = calloc(nstreams, sizeof(*rx_per_stream));
	hist = calloc(HBUCKETS, sizeof(*hist));
	hist_dir[0] = calloc(HBUCKETS, sizeof(*hist));
	hist_dir[1] = calloc(HBUCKETS, sizeof(*hist));
	if (!hist_dir[0] || !hist_dir[1])
		die("calloc");
	if (!streams || !rx_per_stream || !hist)
		die("calloc");

	const char *ips[2] = {caller_ip, callee_ip};
	for (int side = 0; side < 2; side++)
		for (int k = 0; k < K; k++) {
			int fd = socket(AF_INET, SOCK_DGRAM, 0);
			if (fd < 0)
				die("socket");
			struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons(base_port + k)};
			if (inet_pton(AF_INET, ips[side], &sa.sin_addr) != 1 ||
			    (ntohl(sa.sin_addr.s_addr) >> 24) != 127) {
				fprintf(stderr, "only 127.0.0.0/8 addresses allowed\n");
				exit(2);
			}
			int one = 1;
			setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
			if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
				die("bind");
			if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf, sizeof(rcvbuf)) < 0)
				setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
			int sb = 4 << 20;
			if (setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &sb, sizeof(sb)) < 0)
				setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sb, sizeof(sb));
			socks[side * K + k] = fd;
		}

	for (int i = 0; i < ncalls; i++) {
		int k = (int)((long long)i * K / ncalls);
		streams[i].sock = socks[k];              /* caller side sends */
		streams[ncalls + i].sock = socks[K + k]; /* callee side sends */
		if (!relay_mode) {
			streams[i].dst.sin_family = AF_INET;
			inet_pton(AF_INET, callee_ip, &streams[i].dst.sin_addr);
			streams[i].dst.sin_port = htons(base_port + k);
			streams[ncalls + i].dst.sin_family = AF_INET;
			inet_pton(AF_INET, caller_ip, &streams[ncalls + i].dst.sin_addr);
			streams[ncalls + i].dst.sin_port = htons(base_port + k);
			/* no relay: both sides protect and unprotect, each direction its own key */
			unsigned char key_c[KEY_LEN], key_r[KEY_LEN];
			FILE *ur = fopen("/dev/urandom", "r");
			if (!ur || fread(key_c, 1, KEY_LEN, ur) != KEY_LEN || fread(key_r, 1, KEY_LEN, ur) != KEY_LEN)
				die("/dev/urandom");
			fclose(ur);
			streams[i].tx = session(key_c, ssrc_any_outbound);
			streams[i].rx = session(key_c, ssrc_any_inbound);
			streams[ncalls + i].tx = session(key_r, ssrc_any_outbound);
			streams[ncalls + i].rx = session(key_r, ssrc_any_inbound);
		}
	}
	if (relay_mode) {
		int got = read_map();
		if (got != ncalls) {
			fprintf(stderr, "map has %d of %d calls\n", got, ncalls);
			exit(2);
		}
	}

	pthread_t ts, tr;
	t0 = mono_ns() + 20000000ull;
	ws = t0 + (uint64_t)(warmup_s * 1e9);
	we = ws + (uint64_t)(window_s * 1e9);
	send_end = we + (uint64_t)(tail_s * 1e9);
	if (pthread_create(&tr, NULL, receiver, NULL) || pthread_create(&ts, NULL, sender, NULL))
		die("pthread_create");

	struct sample s0, s1;
	sleep_until(ws);
	take_sample(&s0);
	sleep_until(we);
	take_sample(&s1);
	pthread_join(ts, NULL);
	sleep_until(send_end + (uint64_t)(drain_s * 1e9));
	stop_recv = 1;
	pthread_join(tr, NULL);

	/* ---- results ---- */
	double win = (s1.t_ns - s0.t_ns) / 1e9;
	long hz = sysconf(_SC_CLK_TCK);
	double relay_cpu = relay_pid ? (double)(s1.relay_ticks - s0.relay_ticks) / hz : 0;
	double self_cpu = (double)(s1.self_ticks - s0.self_ticks) / hz;
	unsigned long long tot0 = 0, tot1 = 0;
	for (int i = 0; i < 10; i++) {
		tot0 += s0.cpu[i];
		tot1 += s1.cpu[i];
	}
	double dtot = (double)(tot1 - tot0);
	double didle = (double)((s1.cpu[3] + s1.cpu[4]) - (s0.cpu[3] + s0.cpu[4]));
	double dsoft = (double)(s1.cpu[6] - s0.cpu[6]);
	double dsys = (double)(s1.cpu[2] - s0.cpu[2]);
	double dusr = (double)((s1.cpu[0] + s1.cpu[1]) - (s0.cpu[0] + s0.cpu[1]));
	double ncpu = (double)sysconf(_SC_NPROCESSORS_ONLN);

	uint64_t pct[5] = {0};
	const double qs[5] = {0.50, 0.90, 0.99, 0.999, 1.0};
	for (int q = 0; q < 5; q++) {
		uint64_t need = (uint64_t)(qs[q] * rx_win + 0.5);
		if (need < 1)
			need = 1;
		uint64_t acc = 0;
		pct[q] = HBUCKETS;
		for (int b = 0; b < HBUCKETS; b++) {
			acc += hist[b];
			if (acc >= need) {
				pct[q] = b;
				break;
			}
		}
	}
	/* p50, p99 per direction */
	uint64_t pdir[2][2];
	for (int d = 0; d < 2; d++)
		for (int q = 0; q < 2; q++) {
			uint64_t need = (uint64_t)((q ? 0.99 : 0.50) * rx_win_dir[d] + 0.5), acc = 0;
			if (need < 1)
				need = 1;
			pdir[d][q] = HBUCKETS;
			for (int b = 0; b < HBUCKETS; b++) {
				acc += hist_dir[d][b];
				if (acc >= need) {
					pdir[d][q] = b;
					break;
				}
			}
		}
	uint32_t dead = 0, minrx = UINT32_MAX;
	for (int s = 0; s < nstreams; s++) {
		if (rx_per_stream[s] == 0)
			dead++;
		if (rx_per_stream[s] < minrx)
			minrx = rx_per_stream[s];
	}
	double loss = tx_win ? 100.0 * (1.0 - (double)rx_win / (double)tx_win) : 100.0;
	/* bucket upper edge, ms */
#define BMS(b) (((b) + 1) * HBUCKET_NS / 1e6)
	printf("{\"mode\":\"%s\",\"calls\":%d,\"streams\":%d,\"socks_per_side\":%d,"
	       "\"offered_pps\":%.0f,\"window_s\":%.3f,\"tx_win\":%llu,\"rx_win\":%llu,"
	       "\"tx_pps\":%.0f,\"rx_pps\":%.0f,\"loss_pct\":%.4f,"
	       "\"lat_avg_ms\":%.3f,\"lat_p50_ms\":%.3f,\"lat_p90_ms\":%.3f,\"lat_p99_ms\":%.3f,"
	       "\"lat_p999_ms\":%.3f,\"lat_max_ms\":%.3f,\"hist_over\":%llu,"
	       "\"relay_pid\":%ld,\"relay_cpu_pct\":%.1f,\"relay_us_per_pkt\":%.3f,"
	       "\"gen_cpu_pct\":%.1f,\"gen_us_per_pkt\":%.3f,"
	       "\"sys_busy_pct_of_all\":%.1f,\"sys_usr_pct\":%.1f,\"sys_sys_pct\":%.1f,\"sys_softirq_pct\":%.1f,"
	       "\"sys_busy_us_per_pkt\":%.3f,"
	       "\"udp_rcvbuf_err\":%lld,\"udp_in_err\":%lld,\"udp_noports\":%lld,"
	       "\"tx_total\":%llu,\"tx_err\":%llu,\"tx_late_ticks\":%llu,\"tx_max_behind\":%llu,"
	       "\"rx_total\":%llu,\"rx_bad\":%llu,\"rx_misrouted\":%llu,\"rx_after_end\":%llu,"
	       "\"dead_streams\":%u,\"min_rx_per_stream\":%u,"
	       "\"srtp\":\"AES_CM_128_HMAC_SHA1_80\",\"srtp_crypto\":\"%s\",\"srtp_protect_fail\":%llu,\"srtp_unprotect_fail\":%llu,"
	       "\"srtp_unknown_src\":%llu,\"lat_p50_ms_to_callee\":%.3f,\"lat_p99_ms_to_callee\":%.3f,"
	       "\"lat_p50_ms_to_caller\":%.3f,\"lat_p99_ms_to_caller\":%.3f}\n",
	       relay_mode ? "relay" : "direct", ncalls, nstreams, K, nstreams * 50.0, win,
	       (unsigned long long)tx_win, (unsigned long long)rx_win, tx_win / win, rx_win / win, loss,
	       rx_win ? lat_sum_ns / 1e6 / rx_win : 0.0, BMS(pct[0]), BMS(pct[1]), BMS(pct[2]), BMS(pct[3]),
	       lat_max_ns / 1e6, (unsigned long long)hist_over, relay_pid, 100.0 * relay_cpu / win,
	       rx_win ? 1e6 * relay_cpu / rx_win : 0.0, 100.0 * self_cpu / win,
	       rx_win ? 1e6 * self_cpu / rx_win : 0.0, dtot ? 100.0 * (dtot - didle) / dtot : 0.0,
	       dtot ? 100.0 * dusr / dtot : 0.0, dtot ? 100.0 * dsys / dtot : 0.0,
	       dtot ? 100.0 * dsoft / dtot : 0.0,
	       rx_win && dtot ? 1e6 * ((dtot - didle) / dtot) * ncpu * win / rx_win : 0.0,
	       s1.udp_n > 4 ? s1.udp[4] - s0.udp[4] : -1, s1.udp_n > 2 ? s1.udp[2] - s0.udp[2] : -1,
	       s1.udp_n > 1 ? s1.udp[1] - s0.udp[1] : -1, (unsigned long long)tx_total,
	       (unsigned long long)tx_err, (unsigned long long)tx_late_ticks,
	       (unsigned long long)tx_max_behind, (unsigned long long)rx_total, (unsigned long long)rx_bad,
	       (unsigned long long)rx_misrouted, (unsigned long long)rx_after_end, dead,
	       minrx == UINT32_MAX ? 0 : minrx, use_nss ? "nss" : "openssl", (unsigned long long)srtp_protect_fail,
	       (unsigned long long)srtp_unprotect_fail, (unsigned long long)srtp_unknown_src, BMS(pdir[0][0]),
	       BMS(pdir[0][1]), BMS(pdir[1][0]), BMS(pdir[1][1]));
	return 0;
}
