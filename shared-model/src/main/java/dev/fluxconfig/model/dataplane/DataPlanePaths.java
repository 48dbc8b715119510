package dev.fluxconfig.model.dataplane;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The data-plane URL paths, shared by the agent and the emulator so that both speak the same contract. */
public final class DataPlanePaths {

    public static final String API_VERSION_PARAM = "api-version";
    public static final String DEFAULT_API_VERSION = "2024-11-01";

    private DataPlanePaths() {
    }

    /**
     * {@code /subscriptions/{sub}/resourceGroups/{rg}/provider/{rp}-{clusterType}/clusters/{cluster}}, the prefix of every
     * per-cluster path.
     */
    public static String clusterPath(String subscription, String resourceGroup, String resourceProvider,
            String clusterType, String cluster) {
        return "/subscriptions/" + enc(subscription) + "/resourceGroups/" + enc(resourceGroup) + "/provider/"
                + enc(resourceProvider) + "-" + enc(clusterType) + "/clusters/" + enc(cluster);
    }

    public static String pendingConfigs(String clusterPath) {
        return clusterPath + "/configurations/getPendingConfigs";
    }

    public static String status(String clusterPath, String configName) {
        return clusterPath + "/configurations/" + enc(configName) + "/status";
    }

    public static String heartbeat(String clusterPath) {
        return clusterPath + "/heartbeat";
    }

    private static String enc(String segment) {
        String encoded = URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
        // "." and ".." survive URL encoding and would climb the path: a refused configuration named ".." must not post
        // its status elsewhere
        return encoded.equals(".") || encoded.equals("..") ? encoded.replace(".", "%2E") : encoded;
    }
}
