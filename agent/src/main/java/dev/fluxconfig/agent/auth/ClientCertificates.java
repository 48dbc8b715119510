package dev.fluxconfig.agent.auth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.IClientCertificate;

/** Reads the client certificate for MSAL4J: a PKCS#12 file (.p12, .pfx) or PEM with a PKCS#8 key and certificates. */
final class ClientCertificates {

    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]+)-----END \\1-----");

    private ClientCertificates() {
    }

    static IClientCertificate load(Path path, String password) throws Exception {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".p12") || name.endsWith(".pfx")) {
            try (InputStream in = Files.newInputStream(path)) {
                return ClientCredentialFactory.createFromCertificate(in, password == null ? "" : password);
            }
        }
        String pem = Files.readString(path, StandardCharsets.US_ASCII);
        PrivateKey key = null;
        List<X509Certificate> chain = new ArrayList<>();
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        Matcher m = PEM.matcher(pem);
        while (m.find()) {
            byte[] der = Base64.getMimeDecoder().decode(m.group(2).strip());
            switch (m.group(1)) {
                case "PRIVATE KEY" -> key = privateKey(der);
                case "CERTIFICATE" -> chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
                default -> throw new IOException(path + " holds a " + m.group(1)
                        + " block; only PKCS#8 'PRIVATE KEY' and 'CERTIFICATE' blocks are supported");
            }
        }
        if (key == null || chain.isEmpty()) {
            throw new IOException(path + " must hold a PKCS#8 private key and its certificate");
        }
        return chain.size() == 1
                ? ClientCredentialFactory.createFromCertificate(key, chain.get(0))
                : ClientCredentialFactory.createFromCertificateChain(key, chain);
    }

    private static PrivateKey privateKey(byte[] der) throws Exception {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        try {
            return KeyFactory.getInstance("RSA").generatePrivate(spec);
        } catch (java.security.spec.InvalidKeySpecException notRsa) {
            return KeyFactory.getInstance("EC").generatePrivate(spec);
        }
    }
}
