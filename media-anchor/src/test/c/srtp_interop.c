/*
 * srtp_interop: libSRTP (an independent SRTP implementation) as a filter for the interoperability
 * test of media-anchor (LibSrtpInteropTest), or by hand.
 *
 *   srtp_interop SUITE KEY_AND_SALT_HEX MODE < packets.hex > results.hex
 *
 * SUITE is an SDES name (AES_CM_128_HMAC_SHA1_80, AES_CM_128_HMAC_SHA1_32, AEAD_AES_128_GCM);
 * MODE is protect-rtp, unprotect-rtp, protect-rtcp or unprotect-rtcp. Each input line is one
 * packet in hex; each output line is the result in hex, or "ERR <srtp_err_status_t>". One session
 * serves all lines, so rollover counters, SRTCP indices and replay windows carry from line to line.
 *
 * Build: gcc -O1 -Wall -o srtp_interop srtp_interop.c $(pkg-config --cflags --libs libsrtp2)
 * (Debian: apt-get install gcc pkg-config libsrtp2-dev)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <srtp2/srtp.h>

#define MAX_PACKET 4096

static int unhex(const char *text, unsigned char *out, int max) {
    int n = 0;
    for (const char *p = text; p[0] && p[0] != '\n' && p[0] != '\r'; p += 2) {
        unsigned int byte;
        if (!p[1] || n >= max || sscanf(p, "%2x", &byte) != 1) {
            return -1;
        }
        out[n++] = (unsigned char) byte;
    }
    return n;
}

static int set_policy(const char *suite, srtp_policy_t *policy) {
    if (strcmp(suite, "AES_CM_128_HMAC_SHA1_80") == 0) {
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy->rtp);
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy->rtcp);
    } else if (strcmp(suite, "AES_CM_128_HMAC_SHA1_32") == 0) {
        /* RFC 4568 §6.2: SRTCP keeps the 80-bit tag for this suite. */
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&policy->rtp);
        srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy->rtcp);
    } else if (strcmp(suite, "AEAD_AES_128_GCM") == 0) {
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy->rtp);
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy->rtcp);
    } else {
        return -1;
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: %s SUITE KEY_AND_SALT_HEX protect-rtp|unprotect-rtp|protect-rtcp|unprotect-rtcp\n", argv[0]);
        return 2;
    }
    const char *mode = argv[3];
    int protect = strncmp(mode, "protect-", 8) == 0;
    int rtcp = strcmp(mode + strlen(mode) - 4, "rtcp") == 0;

    unsigned char key[64];
    int key_length = unhex(argv[2], key, sizeof key);
    srtp_policy_t policy;
    memset(&policy, 0, sizeof policy);
    if (key_length < 0 || set_policy(argv[1], &policy) != 0) {
        fprintf(stderr, "bad suite or key\n");
        return 2;
    }
    if (srtp_init() != srtp_err_status_ok) {
        fprintf(stderr, "srtp_init failed\n");
        return 1;
    }
    policy.ssrc.type = protect ? ssrc_any_outbound : ssrc_any_inbound;
    policy.key = key;
    policy.window_size = 128;
    policy.allow_repeat_tx = 0;
    policy.next = NULL;
    srtp_t session;
    srtp_err_status_t status = srtp_create(&session, &policy);
    if (status != srtp_err_status_ok) {
        fprintf(stderr, "srtp_create failed: %d\n", status);
        return 1;
    }

    static char line[2 * MAX_PACKET + 8];
    static unsigned char packet[MAX_PACKET + SRTP_MAX_TRAILER_LEN];
    while (fgets(line, sizeof line, stdin)) {
        int length = unhex(line, packet, MAX_PACKET);
        if (length < 0) {
            fprintf(stderr, "bad hex line\n");
            return 2;
        }
        if (protect) {
            status = rtcp ? srtp_protect_rtcp(session, packet, &length) : srtp_protect(session, packet, &length);
        } else {
            status = rtcp ? srtp_unprotect_rtcp(session, packet, &length) : srtp_unprotect(session, packet, &length);
        }
        if (status != srtp_err_status_ok) {
            printf("ERR %d\n", status);
            continue;
        }
        for (int i = 0; i < length; i++) {
            printf("%02x", packet[i]);
        }
        printf("\n");
    }
    srtp_dealloc(session);
    srtp_shutdown();
    return 0;
}
