package dev.fluxconfig.agent.auth;

import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.ManagedIdentityApplication;
import com.microsoft.aad.msal4j.ManagedIdentityId;
import com.microsoft.aad.msal4j.ManagedIdentityParameters;
import com.microsoft.aad.msal4j.MsalException;

import dev.fluxconfig.agent.config.AgentConfig;
import dev.fluxconfig.agent.config.AgentSettings;
import dev.fluxconfig.agent.config.AuthMode;

/**
 * Azure AD tokens through MSAL4J in the four modes: client secret, client certificate, workload identity (the federated
 * token file as client assertion, read again for every request because it rotates) and managed identity (IMDS). MSAL
 * caches tokens and renews them before they expire; after the data plane refused one, the next request skips the cache.
 */
@ApplicationScoped
public class MsalTokenSource implements TokenSource {

    private static final Logger LOG = Logger.getLogger(MsalTokenSource.class);
    private static final Set<String> AZURE_AD_HOSTS = Set.of("login.microsoftonline.com", "login.microsoft.com",
            "login.windows.net", "sts.windows.net", "login.chinacloudapi.cn", "login.microsoftonline.us",
            "login-us.microsoftonline.com", "login.microsoftonline.de");

    private final AgentSettings settings;
    private final HttpClients http;
    private volatile ConfidentialClientApplication confidential;
    private volatile ManagedIdentityApplication managed;
    private volatile boolean skipCache;
    /** The last token and when to renew it: MSAL's own cache misses when the authority has a port (the sandbox's). */
    private volatile String cached;
    private volatile Instant renewAt = Instant.MIN;

    @Inject
    public MsalTokenSource(AgentSettings settings, HttpClients http) {
        this.settings = settings;
        this.http = http;
    }

    @Override
    public String token() throws TokenException {
        AuthMode mode = settings.authMode();
        AgentConfig.Auth auth = settings.config().auth();
        Duration timeout = settings.config().dataPlane().timeout().multipliedBy(2);
        if (!skipCache && cached != null && Instant.now().isBefore(renewAt)) {
            return cached;
        }
        // one acquisition at a time: the poller, the status reporter and the heartbeat ask concurrently
        synchronized (this) {
            return acquire(mode, auth, timeout);
        }
    }

    private String acquire(AuthMode mode, AgentConfig.Auth auth, Duration timeout) throws TokenException {
        boolean force = skipCache;
        if (!force && cached != null && Instant.now().isBefore(renewAt)) {
            return cached;
        }
        try {
            IAuthenticationResult result;
            if (mode == AuthMode.MANAGED_IDENTITY) {
                result = managedIdentity().acquireTokenForManagedIdentity(
                        ManagedIdentityParameters.builder(resource(auth.scope())).forceRefresh(force).build())
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } else {
                result = confidential(mode).acquireToken(
                        ClientCredentialParameters.builder(Set.of(auth.scope())).skipCache(force).build())
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            skipCache = false;
            Instant now = Instant.now();
            Instant expires = result.expiresOnDate().toInstant();
            Duration margin = Duration.between(now, expires).dividedBy(5);
            renewAt = expires.minus(margin.compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(5) : margin);
            cached = result.accessToken();
            LOG.debugf("token for %s acquired (%s), expires %s, renewed after %s", auth.scope(), mode.value(), expires,
                    renewAt);
            return cached;
        } catch (ExecutionException e) {
            throw new TokenException(describe(mode, e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new TokenException("no token from " + endpoint(mode) + " within " + timeout.toSeconds() + "s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenException("interrupted while getting a token", e);
        } catch (Exception e) {
            throw new TokenException(describe(mode, e), e);
        }
    }

    @Override
    public void invalidate() {
        skipCache = true;
        cached = null;
    }

    private String describe(AuthMode mode, Throwable cause) {
        String what = cause instanceof MsalException m && m.errorCode() != null ? m.errorCode() + ": " : "";
        // MSAL's messages name endpoints and AAD error codes, never the credential itself.
        return "cannot get a token (" + mode.value() + ") from " + endpoint(mode) + ": " + what + cause.getMessage();
    }

    private String endpoint(AuthMode mode) {
        AgentConfig.Auth auth = settings.config().auth();
        return mode == AuthMode.MANAGED_IDENTITY ? auth.imdsEndpoint().orElse("IMDS") : authority();
    }

    private String authority() {
        AgentConfig.Auth auth = settings.config().auth();
        String base = auth.authority().endsWith("/") ? auth.authority() : auth.authority() + "/";
        return base + auth.tenantId().orElse("") + "/";
    }

    /** The managed-identity resource: the scope without its {@code /.default} suffix. */
    static String resource(String scope) {
        return scope.endsWith("/.default") ? scope.substring(0, scope.length() - "/.default".length()) : scope;
    }

    private VertxMsalHttpClient msalHttp() {
        URI imds = settings.config().auth().imdsEndpoint().filter(s -> !s.isBlank()).map(URI::create).orElse(null);
        return new VertxMsalHttpClient(http.client(), settings.config().dataPlane().timeout(), imds);
    }

    private synchronized ManagedIdentityApplication managedIdentity() {
        if (managed == null) {
            ManagedIdentityId id = settings.config().auth().clientId().filter(s -> !s.isBlank())
                    .map(ManagedIdentityId::userAssignedClientId).orElseGet(ManagedIdentityId::systemAssigned);
            managed = ManagedIdentityApplication.builder(id).httpClient(msalHttp()).build();
        }
        return managed;
    }

    private synchronized ConfidentialClientApplication confidential(AuthMode mode) throws Exception {
        if (confidential == null) {
            AgentConfig.Auth auth = settings.config().auth();
            String authority = authority();
            boolean azureAd = AZURE_AD_HOSTS.contains(new URL(authority).getHost().toLowerCase());
            confidential = ConfidentialClientApplication.builder(auth.clientId().orElseThrow(), credential(mode, auth))
                    .authority(authority)
                    // Instance discovery asks login.microsoftonline.com about the authority: useless for another host.
                    .instanceDiscovery(azureAd).validateAuthority(azureAd).httpClient(msalHttp()).build();
        }
        return confidential;
    }

    private static IClientCredential credential(AuthMode mode, AgentConfig.Auth auth) throws Exception {
        return switch (mode) {
            case CLIENT_SECRET -> ClientCredentialFactory.createFromSecret(auth.clientSecret().orElseThrow());
            case CLIENT_CERTIFICATE -> ClientCertificates.load(Path.of(auth.certificatePath().orElseThrow()),
                    auth.certificatePassword().orElse(null));
            case WORKLOAD_IDENTITY -> {
                Path file = Path.of(auth.federatedTokenFile());
                yield ClientCredentialFactory
                        .createFromCallback(() -> Files.readString(file, StandardCharsets.UTF_8).strip());
            }
            case MANAGED_IDENTITY -> throw new IllegalStateException("managed identity needs no client credential");
        };
    }
}
