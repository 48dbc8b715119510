package dev.fluxconfig.sandbox.emulator;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for localhost and 127.0.0.1, made with the JDK's keytool (no library): MSAL4J insists on an
 * https authority, so the emulator's token endpoint needs one. The certificate is also written as PEM for clients to
 * trust (the agent's {@code fluxconfig.agent.auth.ca-file}).
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
                keytool(keystore);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(keystore)) {
                ks.load(in, PASSWORD.toCharArray());
            }
            byte[] der = ks.getCertificate(ks.aliases().nextElement()).getEncoded();
            Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                    + "\n-----END CERTIFICATE-----\n");
            return new SelfSignedTls(keystore, pem);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the emulator's TLS certificate in " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path keystore() {
        return keystore;
    }

    public Path certificatePem() {
        return certificatePem;
    }

    private static void keytool(Path keystore) throws Exception {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "emulator", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost", "-ext",
                "SAN=dns:localhost,ip:127.0.0.1", "-validity", "365", "-storetype", "PKCS12", "-keystore",
                keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
    }
}
