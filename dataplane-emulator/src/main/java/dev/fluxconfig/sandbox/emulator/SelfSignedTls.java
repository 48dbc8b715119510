package dev.fluxconfig.sandbox.emulator;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for localhost and 127.0.0.1, made with the JDK's keytool (no library): MSAL4J insists on an
 * https authority, so the emulator's token endpoint needs one. The certificate is also written as PEM for clients to
 * trust (the agent's {@code fluxconfig.agent.auth.ca-file}). Tests also take a client certificate from here (the agent's
 * client-certificate token mode).
 */
public final class SelfSignedTls {

    public static final String PASSWORD = "emulator";

    private final Path keystore;
    private final Path certificatePem;

    private SelfSignedTls(Path keystore, Path certificatePem) {
        this.keystore = keystore;
        this.certificatePem = certificatePem;
    }

    /** Reuses the keystore in {@code dir} when there is one, otherwise makes it. */
    public static SelfSignedTls in(Path dir) {
        try {
            Files.createDirectories(dir);
            Path keystore = dir.resolve("emulator-tls.p12");
            Path pem = dir.resolve("emulator-ca.pem");
            if (!Files.exists(keystore)) {
                keytool(keystore, "emulator", "EC", "CN=localhost", 365,
                        List.of("-groupname", "secp256r1", "-ext", "SAN=dns:localhost,ip:127.0.0.1"));
            }
            Files.writeString(pem, pem(load(keystore).getCertificate("emulator").getEncoded(), "CERTIFICATE"));
            return new SelfSignedTls(keystore, pem);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the emulator's TLS certificate in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * A new RSA client certificate (MSAL signs client assertions with RS256): its private key (PKCS#8) and certificate in
     * one PEM file in {@code dir}, as the agent's client-certificate mode reads it.
     */
    public static Path clientKeyAndCertificatePem(Path dir) {
        try {
            Files.createDirectories(dir);
            Path keystore = dir.resolve("client.p12");
            Files.deleteIfExists(keystore);
            keytool(keystore, "client", "RSA", "CN=fluxconfig-agent-test", 30, List.of("-keysize", "2048"));
            KeyStore ks = load(keystore);
            PrivateKey key = (PrivateKey) ks.getKey("client", PASSWORD.toCharArray());
            Path pem = dir.resolve("client.pem");
            Files.writeString(pem, pem(key.getEncoded(), "PRIVATE KEY")
                    + pem(ks.getCertificate("client").getEncoded(), "CERTIFICATE"));
            return pem;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make a client certificate in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** DER bytes as a PEM block of the given type. */
    public static String pem(byte[] der, String type) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    public Path keystore() {
        return keystore;
    }

    public Path certificatePem() {
        return certificatePem;
    }

    private static KeyStore load(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    private static void keytool(Path keystore, String alias, String alg, String dname, int days, List<String> extra)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", alias, "-keyalg", alg, "-dname", dname, "-validity", String.valueOf(days),
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
        cmd.addAll(extra);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
    }
}
