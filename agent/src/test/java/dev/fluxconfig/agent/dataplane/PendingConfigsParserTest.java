package dev.fluxconfig.agent.dataplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.fluxconfig.model.validation.ValidationError;

class PendingConfigsParserTest {

    static DesiredState parse(String body) throws Exception {
        return PendingConfigsParser.parse("\"e1\"", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aWellFormedListIsReadEntryByEntry() throws Exception {
        DesiredState state = parse("""
                {"configurations":[
                  {"name":"a","version":1,"properties":{"namespace":"ns-a","gitRepository":{"url":"https://h/r"}}},
                  {"name":"b","properties":{"kustomizations":{"k":{"timeoutInSeconds":"secret-looking-value"}}}},
                  {"name":"c","properties":"not an object"}
                ]}""");
        assertThat(state.etag()).isEqualTo("\"e1\"");
        assertThat(state.identified()).isTrue();
        assertThat(state.entries()).extracting(DesiredState.Entry::name).containsExactly("a", "b", "c");
        assertThat(state.entries().get(0).config().properties().namespace()).isEqualTo("ns-a");
        assertThat(state.entries().get(0).errors()).isEmpty();
        DesiredState.Entry b = state.entries().get(1);
        assertThat(b.config()).isNull();
        assertThat(b.namespace()).isEqualTo("default");
        assertThat(b.errors()).extracting(ValidationError::field)
                .containsExactly("properties.kustomizations.k.timeoutInSeconds");
        assertThat(b.errors().toString()).doesNotContain("secret-looking-value");
        assertThat(state.entries().get(2).config()).isNull();
    }

    @Test
    void anEmptyListIsAuthoritative() throws Exception {
        DesiredState state = parse("{\"configurations\":[]}");
        assertThat(state.entries()).isEmpty();
        assertThat(state.identified()).isTrue();
    }

    @Test
    void anEntryWithoutANameMakesTheListNotAuthoritative() throws Exception {
        DesiredState state = parse("{\"configurations\":[{\"properties\":{}},{\"name\":\"a\",\"properties\":{}}]}");
        assertThat(state.identified()).isFalse();
        assertThat(state.entries().get(1).config()).isNotNull();
    }

    @Test
    void aMalformedBodyIsRefusedAsAWholeWithoutQuotingIt() {
        String secret = "c2VjcmV0LXZhbHVl";
        for (String body : new String[]{"", "null", "[]", "{}", "{\"configurations\":{}}",
                "{\"configurations\":[{\"name\":\"a\",\"properties\":{\"configurationProtectedSettings\":{\"k\":\"" + secret
                        + "\"}}}", // truncated
                "{\"configurations\":[ " + secret + " ]}"}) {
            assertThatThrownBy(() -> parse(body)).as(body).isInstanceOf(PendingConfigsParser.MalformedBodyException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
        }
    }
}
