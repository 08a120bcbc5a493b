package org.sbc.core.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Rewraps a traditional PEM key as PKCS#8, the one form the JDK's KeyFactory reads: PKCS#1
 * (RFC 8017 A.1.2) for RSA, SEC1 (RFC 5915) for EC, whose curve sits in the key's own parameters.
 */
final class TraditionalKeys {

    private TraditionalKeys() {}

    /** @param kind "RSA " or "EC ", as in the PEM label */
    static byte[] toPkcs8(String kind, byte[] der) throws GeneralSecurityException {
        try {
            ASN1Primitive asn1 = ASN1Primitive.fromByteArray(der);
            PrivateKeyInfo info;
            if (kind.startsWith("RSA")) {
                info = new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                        RSAPrivateKey.getInstance(asn1));
            } else {
                ECPrivateKey ec = ECPrivateKey.getInstance(asn1);
                if (ec.getParametersObject() == null) {
                    throw new GeneralSecurityException("the EC key names no curve (expected: a named curve such as P-256)");
                }
                info = new PrivateKeyInfo(
                        new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, ec.getParametersObject()), ec);
            }
            return info.getEncoded();
        } catch (IOException | IllegalArgumentException e) {
            throw new GeneralSecurityException("unreadable " + kind.trim() + " key structure");
        }
    }
}
