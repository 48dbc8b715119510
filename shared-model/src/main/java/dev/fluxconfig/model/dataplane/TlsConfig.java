package dev.fluxconfig.model.dataplane;

import com.fasterxml.jackson.annotation.JsonInclude;

/** ARM TlsConfigDefinition: base64 client certificate, private key and CA certificate, all secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TlsConfig(String clientCertificate, String privateKey, String caCertificate) {
}
