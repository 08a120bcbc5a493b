package org.sbc.core.tls;

import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;

/**
 * The listener's trust manager when trunks are known by certificate: any client certificate, or
 * none, lets the handshake complete (asked for, not required: phones have none). Whether the
 * certificate names a trunk is decided afterwards by {@link TrunkCertificates}; a certificate that
 * names none only identifies nothing. Lists no issuers, so clients send whatever they have.
 */
final class AnyClientCertificate implements X509TrustManager {

    static final AnyClientCertificate INSTANCE = new AnyClientCertificate();

    private AnyClientCertificate() {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // Accepted here; judged by TrunkCertificates once the handshake has proved the key.
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        throw new UnsupportedOperationException("a listener's trust manager judges clients only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
