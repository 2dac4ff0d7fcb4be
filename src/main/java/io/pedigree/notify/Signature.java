package io.pedigree.notify;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * The signature a receiver checks: HMAC-SHA256, keyed with the subscription's secret (its UTF-8 text), over the
 * timestamp header's value, a dot and the body exactly as sent; hex in the header as {@code v1=<hex>}.
 */
public final class Signature {

    public static final String TIMESTAMP_HEADER = "Pedigree-Timestamp";
    public static final String SIGNATURE_HEADER = "Pedigree-Signature";

    private Signature() {
    }

    public static String sign(String secret, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "v1=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Every JDK has HmacSHA256", e);
        }
    }
}
