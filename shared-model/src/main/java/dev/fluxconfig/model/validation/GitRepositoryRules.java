package dev.fluxconfig.model.validation;

import static dev.fluxconfig.model.FluxConfigConstants.PS_HTTPS_KEY;
import static dev.fluxconfig.model.FluxConfigConstants.PS_HTTPS_USER;
import static dev.fluxconfig.model.FluxConfigConstants.PS_SSH_PRIVATE_KEY;
import static dev.fluxconfig.model.validation.ValidationRun.PROTECTED;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.fluxconfig.model.v1alpha1.spec.GitRepositoryDefinition;
import dev.fluxconfig.model.v1alpha1.spec.RepositoryRef;

/** The rules of a GitRepository source: URL, reference, credentials by URL scheme, known hosts and CA certificate. */
final class GitRepositoryRules {

    /** Protected-setting keys a GitRepository source understands. */
    static final Set<String> PROTECTED_KEYS = Set.of(PS_SSH_PRIVATE_KEY, PS_HTTPS_KEY, PS_HTTPS_USER);

    private static final Pattern NO_WHITESPACE = Pattern.compile("^\\S+$");

    private GitRepositoryRules() {
    }

    static void check(GitRepositoryDefinition git, ValidationRun run) {
        String url = git.getUrl();
        String scheme;
        if (url != null && url.startsWith("git@") && !run.tooLong("gitRepository.url", url, InputLimits.MAX_URL)) {
            scheme = "ssh";
            if (!ValidationRun.SCP_GIT_URL.matcher(url).matches()) {
                run.error("gitRepository.url", "must have the form git@host:path");
            }
        } else {
            scheme = run.checkUrl("gitRepository.url", url, Set.of("http", "https", "ssh"),
                    "http://, https://, ssh:// or git@", url != null && url.toLowerCase().startsWith("ssh://")
                            ? "give the key as the protected setting sshPrivateKey, or name a Secret with localAuthRef"
                            : "give the user as httpsUser and the password as the protected setting httpsKey, or name a "
                                    + "Secret with localAuthRef");
        }
        run.tooLong("gitRepository.httpsUser", git.getHttpsUser(), InputLimits.MAX_TEXT);
        run.tooLong("gitRepository.httpsCACert", git.getHttpsCACert(), InputLimits.MAX_BLOB);
        run.tooLong("gitRepository.sshKnownHosts", git.getSshKnownHosts(), InputLimits.MAX_BLOB);
        run.checkSeconds("gitRepository.timeoutInSeconds", git.getTimeoutInSeconds(), false);
        run.checkSeconds("gitRepository.syncIntervalInSeconds", git.getSyncIntervalInSeconds(), false);
        checkRepositoryRef(git.getRepositoryRef(), run);
        run.checkLocalAuthRef("gitRepository.localAuthRef", git.getLocalAuthRef());
        if (git.getProvider() != null && !Set.of("Azure", "GitHub", "Generic").contains(git.getProvider())) {
            run.error("gitRepository.provider", (git.getProvider().length() > InputLimits.MAX_TEXT
                    ? ""
                    : "'" + git.getProvider() + "' ") + "must be Azure, GitHub or Generic");
        }

        boolean httpsUser = git.getHttpsUser() != null && !git.getHttpsUser().isEmpty();
        boolean httpsKey = run.hasSecret(PS_HTTPS_KEY);
        boolean sshKey = run.hasSecret(PS_SSH_PRIVATE_KEY);
        boolean knownHosts = git.getSshKnownHosts() != null && !git.getSshKnownHosts().isEmpty();
        boolean caCert = git.getHttpsCACert() != null && !git.getHttpsCACert().isEmpty();
        boolean http = "http".equals(scheme) || "https".equals(scheme);
        boolean ssh = "ssh".equals(scheme);

        if (run.secretsKnown() && httpsUser != httpsKey) {
            run.error(httpsUser ? PROTECTED + "." + PS_HTTPS_KEY : "gitRepository.httpsUser",
                    "httpsUser and the protected setting httpsKey must be given together");
        }
        if (ssh && (httpsUser || httpsKey)) {
            run.error(httpsUser ? "gitRepository.httpsUser" : PROTECTED + "." + PS_HTTPS_KEY,
                    "https credentials cannot be used with an ssh URL");
        }
        if (ssh && caCert) {
            run.error("gitRepository.httpsCACert", "a CA certificate applies to https URLs only");
        }
        if (http && sshKey) {
            run.error(PROTECTED + "." + PS_SSH_PRIVATE_KEY, "an ssh private key cannot be used with an " + scheme + " URL");
        }
        if (http && knownHosts) {
            run.error("gitRepository.sshKnownHosts", "known hosts apply to ssh URLs only");
        }
        if (git.getLocalAuthRef() != null && (httpsUser || httpsKey || sshKey)) {
            run.error("gitRepository.localAuthRef", "cannot be combined with httpsUser/httpsKey or sshPrivateKey");
        }
        if (knownHosts && git.getSshKnownHosts().length() <= InputLimits.MAX_BLOB) {
            checkKnownHosts(git.getSshKnownHosts(), run);
        }
        if (caCert && !ValidationRun.isBase64(git.getHttpsCACert())) {
            run.error("gitRepository.httpsCACert", "must be base64-encoded");
        }
        run.checkBase64Secret(PS_SSH_PRIVATE_KEY, true);
        run.checkBase64Secret(PS_HTTPS_KEY, false);
    }

    private static void checkKnownHosts(String value, ValidationRun run) {
        String decoded = ValidationRun.isBase64(value) ? ValidationRun.decodeBase64(value) : null;
        if (decoded == null) {
            run.error("gitRepository.sshKnownHosts", "must be base64-encoded");
            return;
        }
        int lineNo = 0;
        for (String line : decoded.split("\n")) {
            lineNo++;
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+");
            int offset = parts[0].startsWith("@") ? 1 : 0;
            if (parts.length < 3 + offset || ValidationRun.decodeBase64(parts[2 + offset]) == null) {
                run.error("gitRepository.sshKnownHosts", "line " + lineNo + " is not a known_hosts entry (host keytype key)");
                return;
            }
        }
    }

    private static void checkRepositoryRef(RepositoryRef ref, ValidationRun run) {
        String field = "gitRepository.repositoryRef";
        if (ref == null) {
            run.error(field, "is required: one of branch, tag, semver or commit");
            return;
        }
        Map<String, String> given = new LinkedHashMap<>();
        given.put("branch", ref.getBranch());
        given.put("tag", ref.getTag());
        given.put("semver", ref.getSemver());
        given.put("commit", ref.getCommit());
        given.values().removeIf(v -> v == null || v.isEmpty());
        given.values().removeIf(v -> v.length() > InputLimits.MAX_REF);
        run.tooLong(field + ".branch", ref.getBranch(), InputLimits.MAX_REF);
        run.tooLong(field + ".tag", ref.getTag(), InputLimits.MAX_REF);
        run.tooLong(field + ".semver", ref.getSemver(), InputLimits.MAX_REF);
        run.tooLong(field + ".commit", ref.getCommit(), InputLimits.MAX_REF);
        if (given.isEmpty()) {
            run.error(field, "needs one of branch, tag, semver or commit");
            return;
        }
        boolean branchWithCommit = given.size() == 2 && given.containsKey("branch") && given.containsKey("commit");
        if (given.size() > 1 && !branchWithCommit) {
            run.error(field, "gives " + String.join(" and ", given.keySet())
                    + "; exactly one of branch, tag, semver or commit is allowed (commit may be combined with branch)");
        }
        given.forEach((k, v) -> {
            if (k.equals("semver")) {
                run.checkSemver(field + ".semver", v);
            } else if (!NO_WHITESPACE.matcher(v).matches() || v.contains("..")) {
                run.error(field + "." + k, "'" + v + "' is not a valid git reference");
            }
        });
        if (given.containsKey("commit") && !given.get("commit").matches("^[0-9a-fA-F]{7,64}$")) {
            run.error(field + ".commit", "'" + given.get("commit") + "' is not a commit SHA (7 to 64 hex digits)");
        }
    }
}
