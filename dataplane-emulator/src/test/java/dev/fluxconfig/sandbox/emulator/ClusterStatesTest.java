package dev.fluxconfig.sandbox.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The cluster state on its own: versions, ETags, protected settings until acknowledged, statuses and raw bodies. */
class ClusterStatesTest {

    static final String A = "/subscriptions/s/resourceGroups/g/provider/p/clusters/a";
    static final String B = "/subscriptions/s/resourceGroups/g/provider/p/clusters/b";
    static final ObjectMapper JSON = new ObjectMapper();

    final ClusterStates state = new ClusterStates();

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    static JsonNode settings(String body, String name) throws Exception {
        for (JsonNode c : json(body).path("configurations")) {
            if (name.equals(c.path("name").asText())) {
                return c.path("properties").path("configurationProtectedSettings");
            }
        }
        throw new AssertionError(name + " is not in " + body);
    }

    @Test
    void versionsEachPutAndChangesTheETagOfItsClusterOnly() throws Exception {
        String a0 = state.etag(A);
        String b0 = state.etag(B);
        assertThat(state.put(A, "one", json("{\"name\":\"ignored\",\"properties\":{}}")).path("version").asLong())
                .isEqualTo(1);
        assertThat(state.put(A, "one", json("{\"properties\":{}}")).path("version").asLong()).isEqualTo(2);
        assertThat(state.configurations(A)).singleElement().satisfies(c -> {
            assertThat(c.path("name").asText()).isEqualTo("one");
            assertThat(c.path("operationId").asText()).isNotEmpty();
        });
        assertThat(state.etag(A)).isNotEqualTo(a0);
        assertThat(state.etag(B)).isEqualTo(b0);
        assertThat(state.configurations(B)).isEmpty();
    }

    @Test
    void deliversProtectedSettingsUntilTheAnswerThatCarriedThemIsAcknowledged() throws Exception {
        state.put(A, "one", json("{\"properties\":{\"configurationProtectedSettings\":{\"k\":\"secret\"}}}"));
        assertThat(state.configurations(A).get(0).path("properties").has("configurationProtectedSettings")).isFalse();
        assertThat(state.protectedSettingsPending(A, "one")).isTrue();

        String first = state.pendingBody(A, null);
        String carried = state.etag(A);
        assertThat(settings(first, "one").path("k").asText()).isEqualTo("secret");

        // another ETag acknowledges nothing
        assertThat(settings(state.pendingBody(A, "\"other\""), "one").path("k").asText()).isEqualTo("secret");
        assertThat(state.protectedSettingsPending(A, "one")).isTrue();

        String acknowledged = state.pendingBody(A, carried);
        assertThat(settings(acknowledged, "one").isMissingNode()).isTrue();
        assertThat(state.protectedSettingsPending(A, "one")).isFalse();
    }

    @Test
    void aRawBodyIsServedUntilTheNextChange() throws Exception {
        state.put(A, "one", json("{\"properties\":{}}"));
        String before = state.etag(A);
        String raw = state.rawBody(A, "{\"configurations\": [ {\"name\": ");
        assertThat(raw).isNotEqualTo(before).isEqualTo(state.etag(A));
        assertThat(state.pendingBody(A, null)).isEqualTo("{\"configurations\": [ {\"name\": ");

        // deleting an unknown configuration still ends the raw body, under a new ETag
        assertThat(state.delete(A, "absent")).isFalse();
        assertThat(state.etag(A)).isNotEqualTo(raw);
        assertThat(settings(state.pendingBody(A, null), "one").isMissingNode()).isTrue();

        String stable = state.etag(A);
        assertThat(state.delete(A, "absent")).isFalse();
        assertThat(state.etag(A)).isEqualTo(stable);
        assertThat(state.delete(A, "one")).isTrue();
        assertThat(json(state.pendingBody(A, null)).path("configurations")).isEmpty();
    }

    @Test
    void keepsTheLatestStatusPerConfigurationAndRefusesAStatusOfAnother() throws Exception {
        assertThat(state.postStatus(A, "one", json("{\"name\":\"two\"}"))).contains("whose name is one");
        assertThat(state.postStatus(A, "one", null)).contains("whose name is one");
        assertThat(state.postStatus(A, "one", json("{\"name\":\"one\",\"n\":1}"))).isNull();
        assertThat(state.postStatus(A, "one", json("{\"name\":\"one\",\"n\":2}"))).isNull();
        assertThat(state.statuses(A).get("one").path("n").asInt()).isEqualTo(2);
        assertThat(state.statusHistory(A)).extracting(s -> s.path("n").asInt()).containsExactly(1, 2);

        for (int i = 0; i < Http.HISTORY + 5; i++) {
            state.postHeartbeat(A, json("{\"i\":" + i + "}"));
        }
        state.postHeartbeat(A, null);
        assertThat(state.heartbeats(A)).hasSize(Http.HISTORY);
        assertThat(state.heartbeats(A).get(0).path("i").asInt()).isEqualTo(6);
        assertThat(state.heartbeats(A).get(Http.HISTORY - 1).isObject()).isTrue();
    }
}
