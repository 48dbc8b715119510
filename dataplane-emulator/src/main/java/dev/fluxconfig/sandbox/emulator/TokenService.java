package dev.fluxconfig.sandbox.emulator;

import static dev.fluxconfig.sandbox.emulator.Http.json;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.vertx.ext.web.RoutingContext;

import dev.fluxconfig.sandbox.emulator.DataPlaneEmulator.IssuedToken;

/**
 * The token endpoints (Azure-AD-shaped authority with its OIDC metadata, IMDS), the credentials they accept, and the
 * tokens they issued.
 */
final class TokenService {

    private final FailureInjector failures;
    private final IntSupplier httpsPort;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, IssuedToken> tokens = new ConcurrentHashMap<>();
    private final List<ObjectNode> tokenRequests = new ArrayList<>();
    /** Credentials the token endpoints accept; while all are empty, they accept any well-formed request. */
    private final Set<String> acceptedSecrets = ConcurrentHashMap.newKeySet();
    private final Set<String> acceptedAssertions = ConcurrentHashMap.newKeySet();
    private final Set<String> acceptedResources = ConcurrentHashMap.newKeySet();
    private volatile boolean acceptSignedAssertions;

    TokenService(FailureInjector failures, IntSupplier httpsPort) {
        this.failures = failures;
        this.httpsPort = httpsPort;
    }

    void acceptClientSecret(String secret) {
        acceptedSecrets.add(secret);
    }

    void acceptClientAssertion(String assertion) {
        acceptedAssertions.add(assertion);
    }

    void acceptSignedAssertion() {
        acceptSignedAssertions = true;
    }

    void acceptManagedIdentity(String resource) {
        acceptedResources.add(resource);
    }

    private boolean restricted() {
        return acceptSignedAssertions || !acceptedSecrets.isEmpty() || !acceptedAssertions.isEmpty()
                || !acceptedResources.isEmpty();
    }

    /** The token behind an Authorization header, if it was issued here. */
    IssuedToken issued(String authorization) {
        return authorization != null && authorization.startsWith("Bearer ") ? tokens.get(authorization.substring(7)) : null;
    }

    Set<String> issuedTokens() {
        return Set.copyOf(tokens.keySet());
    }

    synchronized List<JsonNode> tokenRequests() {
        return new ArrayList<>(tokenRequests);
    }

    String issueToken(String kind, String clientId, String resource) {
        byte[] b = new byte[24];
        random.nextBytes(b);
        String token = "emu-" + HexFormat.of().formatHex(b);
        tokens.put(token, new IssuedToken(kind, clientId, resource, Instant.now().plusSeconds(3600)));
        return token;
    }

    void imdsToken(RoutingContext ctx) {
        failures.answerOrFail(ctx, Journal.Kind.TOKEN, null, null, () -> {
            String resource = ctx.request().getParam("resource");
            if (!"true".equals(ctx.request().getHeader("Metadata")) || resource == null) {
                json(ctx.response().setStatusCode(400), Map.of("error", "invalid_request", "error_description",
                        "the Metadata: true header and the resource parameter are required"));
                return;
            }
            if (restricted() && !acceptedResources.contains(resource)) {
                json(ctx.response().setStatusCode(400), Map.of("error", "invalid_resource", "error_description",
                        "no managed identity is allowed for the resource " + resource));
                return;
            }
            String clientId = ctx.request().getParam("client_id");
            String token = issueToken("managed-identity", clientId, resource);
            recordToken("managed-identity", clientId, resource);
            long expiresOn = Instant.now().plusSeconds(3600).getEpochSecond();
            json(ctx.response().setStatusCode(200), Map.of("access_token", token, "expires_on", String.valueOf(expiresOn),
                    "expires_in", "3600", "resource", resource, "token_type", "Bearer"));
        });
    }

    void oidcMetadata(RoutingContext ctx) {
        String tenant = ctx.pathParam("param0");
        String base = "https://localhost:" + httpsPort.getAsInt() + "/" + tenant;
        json(ctx.response().setStatusCode(200), Map.of("issuer", base + "/v2.0", "token_endpoint",
                base + "/oauth2/v2.0/token", "authorization_endpoint", base + "/oauth2/v2.0/authorize", "jwks_uri",
                base + "/discovery/v2.0/keys", "response_types_supported", List.of("code", "token"),
                "grant_types_supported", List.of("client_credentials"), "token_endpoint_auth_methods_supported",
                List.of("client_secret_post", "private_key_jwt")));
    }

    void authorityToken(RoutingContext ctx) {
        failures.answerOrFail(ctx, Journal.Kind.TOKEN, null, null, () -> {
            var form = ctx.request().formAttributes();
            String clientId = form.get("client_id");
            String grant = form.get("grant_type");
            String secret = form.get("client_secret");
            String assertion = form.get("client_assertion");
            String kind;
            if (secret != null && !secret.isEmpty()) {
                kind = "client-secret";
            } else if (assertion != null && assertion.split("\\.").length == 3) {
                kind = assertionHeader(assertion).contains("x5t") ? "client-certificate" : "client-assertion";
            } else {
                kind = null;
            }
            if (!"client_credentials".equals(grant) || clientId == null || kind == null) {
                json(ctx.response().setStatusCode(400), Map.of("error", "invalid_request", "error_description",
                        "AADSTS900144: client_credentials with client_id and a client secret or a JWT client assertion"));
                return;
            }
            if (restricted() && !(kind.equals("client-secret")
                    ? acceptedSecrets.contains(secret)
                    : acceptedAssertions.contains(assertion) || (acceptSignedAssertions && signed(assertion)))) {
                json(ctx.response().setStatusCode(401), Map.of("error", "invalid_client", "error_description",
                        "AADSTS7000215: the " + kind + " credential is not accepted"));
                return;
            }
            String scope = form.get("scope");
            String token = issueToken(kind, clientId, scope);
            recordToken(kind, clientId, scope);
            json(ctx.response().setStatusCode(200),
                    Map.of("token_type", "Bearer", "expires_in", 3599, "ext_expires_in", 3599, "access_token", token));
        });
    }

    /** A JWT with a signing algorithm and a signature (not checked: the emulator holds no client's key). */
    static boolean signed(String jwt) {
        String[] parts = jwt.split("\\.");
        String header = assertionHeader(jwt);
        return parts.length == 3 && !parts[2].isEmpty() && header.contains("\"alg\"") && !header.contains("\"none\"");
    }

    private static String assertionHeader(String jwt) {
        try {
            return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private synchronized void recordToken(String kind, String clientId, String resource) {
        ObjectNode r = Http.JSON.createObjectNode().put("time", Instant.now().toString()).put("kind", kind);
        if (clientId != null) {
            r.put("clientId", clientId);
        }
        if (resource != null) {
            r.put("resource", resource);
        }
        Http.add(tokenRequests, r);
    }
}
