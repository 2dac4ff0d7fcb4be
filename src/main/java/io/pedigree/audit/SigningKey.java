package io.pedigree.audit;

import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.error.PedigreeException.StartupFailure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The Ed25519 key that signs audit checkpoints. It lives in a PEM file outside the graph (PKCS#8, as
 * {@code openssl genpkey -algorithm ed25519} writes it), so someone who can rewrite the graph cannot also forge a
 * checkpoint; the file is created, readable by its owner only, on first start when it does not exist.
 */
public final class SigningKey {

    private static final String ALGORITHM = "Ed25519";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** The key in {@code file}, or a new one written there when the file does not exist. */
    public static SigningKey loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return parse(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
            }
            KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path temp = Files.createTempFile(file.toAbsolutePath().getParent(), ".signing-key", ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the data directory's own access rules apply.
            }
            Files.writeString(temp, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            // Moved into place only when complete: a crash never leaves half a key for the next start to refuse.
            Files.move(temp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return new SigningKey(pair.getPrivate(), pair.getPublic());
        } catch (IOException | GeneralSecurityException e) {
            throw new StartupFailure("The audit signing key " + file + " cannot be read or created: "
                    + e.getMessage(), e);
        }
    }

    /** The key in {@code pem} (from the environment); {@code source} names it in the error when it is no key. */
    public static SigningKey parse(String pem, String source) {
        try {
            return fromPem(pem, source);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new StartupFailure(source + " is not an Ed25519 private key in PEM form: " + e.getMessage(), e);
        }
    }

    static SigningKey fromPem(String pem, String source) throws GeneralSecurityException {
        KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
        PrivateKey key = factory.generatePrivate(new PKCS8EncodedKeySpec(der(pem, "PRIVATE KEY", source)));
        // The JDK has no call that turns a private key into its public key; it is derived from the seed.
        return new SigningKey(key, publicFrom(key));
    }

    /** Recomputes the public key: an Ed25519 PKCS#8 key holds the 32-byte seed, from which the JDK derives it. */
    private static PublicKey publicFrom(PrivateKey key) throws GeneralSecurityException {
        byte[] seed = ((java.security.interfaces.EdECPrivateKey) key).getBytes()
                .orElseThrow(() -> new GeneralSecurityException("the key holds no seed"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
        generator.initialize(new java.security.spec.NamedParameterSpec(ALGORITHM), new FixedRandom(seed));
        return generator.generateKeyPair().getPublic();
    }

    /** Hands the generator the stored seed as its "random" bytes, which makes it derive the stored key pair. */
    private static final class FixedRandom extends java.security.SecureRandom {
        private final byte[] seed;

        FixedRandom(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
        }
    }

    /** The Ed25519 signature of {@code text}'s UTF-8 bytes, base64. */
    public String sign(String text) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(privateKey);
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code signature} (base64) is this key's signature of {@code text}. */
    public boolean verifies(String text, String signature, String field) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput(field, "The signature is not base64");
        }
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(publicKey);
            s.update(text.getBytes(StandardCharsets.UTF_8));
            return s.verify(raw);
        } catch (java.security.SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as a PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo), the form openssl reads. */
    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey.getEncoded());
    }

    /** A short name of the key: the first 16 hex digits of the SHA-256 of its public key's DER encoding. */
    public String keyId() {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(publicKey.getEncoded())).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] der(String pem, String type, String source) throws GeneralSecurityException {
        String begin = "-----BEGIN " + type + "-----";
        String end = "-----END " + type + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new GeneralSecurityException(source + " holds no PEM " + type + " block (expected an Ed25519 key"
                    + " as written by openssl genpkey -algorithm ed25519)");
        }
        return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
    }
}
