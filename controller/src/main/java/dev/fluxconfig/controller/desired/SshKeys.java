package dev.fluxconfig.controller.desired;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;

/** SSH key pairs generated for configurations with an ssh URL and no key: Ed25519, PKCS#8 PEM plus an OpenSSH public key. */
public final class SshKeys {

    /** A generated key pair: the private key as PEM (what Flux reads as identity) and the public key line. */
    public record GeneratedKey(String privateKeyPem, String publicKey) {
        @Override
        public String toString() {
            return "GeneratedKey[" + publicKey + "]";
        }
    }

    private SshKeys() {
    }

    public static GeneratedKey generate(String comment) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(pair.getPrivate().getEncoded())
                    + "\n-----END PRIVATE KEY-----\n";
            byte[] spki = pair.getPublic().getEncoded();
            // X.509 SubjectPublicKeyInfo of Ed25519 is a 12-byte header followed by the 32-byte key.
            byte[] raw = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
            ByteArrayOutputStream blob = new ByteArrayOutputStream();
            writeString(blob, "ssh-ed25519".getBytes(StandardCharsets.US_ASCII));
            writeString(blob, raw);
            String pub = "ssh-ed25519 " + Base64.getEncoder().encodeToString(blob.toByteArray())
                    + (comment == null ? "" : " " + comment);
            return new GeneratedKey(pem, pub);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM cannot generate Ed25519 keys", e);
        }
    }

    private static void writeString(ByteArrayOutputStream out, byte[] value) {
        int n = value.length;
        out.write((n >>> 24) & 0xff);
        out.write((n >>> 16) & 0xff);
        out.write((n >>> 8) & 0xff);
        out.write(n & 0xff);
        out.writeBytes(value);
    }
}
