package org.sbc.core.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Serves one of several certificates by the name the client asks for (TLS SNI, RFC 6066 §3):
 * the first whose DNS names (subjectAltName, one leading {@code *.} label allowed) cover it, else
 * the listener's default (index 0), also when the client names nothing. Immutable: a renewal
 * builds a new one. Aliases are the indexes.
 */
final class SniKeyManager extends X509ExtendedKeyManager {

    private static final int DNS_NAME = 2; // GeneralName dNSName

    private final List<TlsMaterial> pairs;
    private final List<List<String>> names;

    SniKeyManager(List<TlsMaterial> pairs) {
        this.pairs = List.copyOf(pairs);
        List<List<String>> all = new ArrayList<>();
        for (TlsMaterial pair : this.pairs) {
            all.add(dnsNames(pair.chain().get(0)));
        }
        this.names = List.copyOf(all);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        SSLSession session = engine == null ? null : engine.getHandshakeSession();
        if (session instanceof ExtendedSSLSession extended) {
            for (SNIServerName requested : extended.getRequestedServerNames()) {
                if (requested instanceof SNIHostName host) {
                    String name = host.getAsciiName().toLowerCase(Locale.ROOT);
                    for (int i = 1; i < pairs.size(); i++) {
                        if (fits(i, keyType) && names.get(i).stream().anyMatch(n -> covers(n, name))) {
                            return Integer.toString(i);
                        }
                    }
                }
            }
        }
        return fits(0, keyType) ? "0" : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return fits(0, keyType) ? "0" : null;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        List<String> aliases = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            if (fits(i, keyType)) {
                aliases.add(Integer.toString(i));
            }
        }
        return aliases.isEmpty() ? null : aliases.toArray(new String[0]);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return pair(alias) == null ? null : pair(alias).chain().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return pair(alias) == null ? null : pair(alias).key();
    }

    /** The server never authenticates as a client with this manager. */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return null;
    }

    private boolean fits(int index, String keyType) {
        return pairs.get(index).key().getAlgorithm().equals(keyType);
    }

    private TlsMaterial pair(String alias) {
        try {
            int index = Integer.parseInt(alias);
            return index >= 0 && index < pairs.size() ? pairs.get(index) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** {@code *.example.com} covers exactly one label more: a.example.com, not example.com or a.b.example.com. */
    static boolean covers(String pattern, String name) {
        if (pattern.startsWith("*.")) {
            int dot = name.indexOf('.');
            return dot > 0 && name.substring(dot + 1).equals(pattern.substring(2));
        }
        return pattern.equals(name);
    }

    static List<String> dnsNames(X509Certificate certificate) {
        List<String> dns = new ArrayList<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() == 2 && Integer.valueOf(DNS_NAME).equals(san.get(0)) && san.get(1) instanceof String s) {
                        dns.add(s.toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // No readable names: this certificate is never chosen by name.
        }
        return List.copyOf(dns);
    }
}
