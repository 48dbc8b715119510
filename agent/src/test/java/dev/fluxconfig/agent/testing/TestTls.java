package dev.fluxconfig.agent.testing;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Key material for tests, made with the JDK's keytool: no library, no network. */
public final class TestTls {

    public static final String PASSWORD = "changeit";

    private TestTls() {
    }

    /** A PKCS#12 keystore with a self-signed certificate for localhost and 127.0.0.1. */
    public static Path serverKeystore(Path dir) {
        return keystore(dir.resolve("server.p12"), "server", "EC", "CN=localhost",
                List.of("-ext", "SAN=dns:localhost,ip:127.0.0.1", "-groupname", "secp256r1"));
    }

    /** A PKCS#12 keystore with an RSA client certificate (MSAL signs client assertions with RS256). */
    public static Path clientKeystore(Path dir) {
        return keystore(dir.resolve("client.p12"), "client", "RSA", "CN=fluxconfig-agent-test",
                List.of("-keysize", "2048"));
    }

    /** The certificate of a keystore as PEM, to trust it. */
    public static Path certificatePem(Path keystore, Path pem) throws Exception {
        Files.writeString(pem, pem(certificate(keystore).getEncoded(), "CERTIFICATE"));
        return pem;
    }

    /** Private key (PKCS#8) and certificate of a keystore in one PEM file. */
    public static Path keyAndCertificatePem(Path keystore, Path pem) throws Exception {
        KeyStore ks = load(keystore);
        String alias = ks.aliases().nextElement();
        PrivateKey key = (PrivateKey) ks.getKey(alias, PASSWORD.toCharArray());
        Files.writeString(pem, pem(key.getEncoded(), "PRIVATE KEY") + pem(certificate(keystore).getEncoded(), "CERTIFICATE"));
        return pem;
    }

    public static String pem(byte[] der, String type) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static Certificate certificate(Path keystore) throws Exception {
        KeyStore ks = load(keystore);
        return ks.getCertificate(ks.aliases().nextElement());
    }

    private static KeyStore load(Path keystore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        return ks;
    }

    private static Path keystore(Path file, String alias, String alg, String dname, List<String> extra) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            List<String> cmd = new java.util.ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias",
                    alias, "-keyalg", alg, "-dname", dname, "-validity", "30", "-storetype", "PKCS12", "-keystore",
                    file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD));
            cmd.addAll(extra);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
            return file;
        } catch (Exception e) {
            throw new IllegalStateException("cannot make test key material in " + file, e);
        }
    }
}
