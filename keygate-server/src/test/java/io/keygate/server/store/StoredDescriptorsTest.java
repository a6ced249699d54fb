package io.keygate.server.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.keygate.core.error.EsException;
import io.keygate.core.role.RoleDescriptorParser;
import io.keygate.server.wire.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stored descriptors parsed once per content: the same result as the parser, shared only between equal JSON. */
class StoredDescriptorsTest {

    private static JsonNode json(String text) {
        return Json.parse(io.vertx.core.buffer.Buffer.buffer(text));
    }

    private static final String READER = """
            {"r":{"indices":[{"names":["logs-*"],"privileges":["read"]}],"metadata":{"m":1}}}""";

    @Test
    void equalContentReadsAsTheParserReadsItAndIsShared() {
        for (String text : List.of(READER, "{}", """
                {"a":{"cluster":["monitor"]},"b":{"indices":[{"names":["x"],"privileges":["read"],"query":{"term":{"t":"v"}}}],
                 "global":{"application":{"manage":{"applications":["app"]}}}}}""")) {
            List<?> first = StoredDescriptors.parse(json(text));
            assertThat(first).as(text).isEqualTo(RoleDescriptorParser.parseMap(json(text)));
            List<?> again = StoredDescriptors.parse(json(text)); // another document, same content
            assertThat(again).as(text).isEqualTo(first);
            if (!first.isEmpty()) assertThat(again).as(text).isSameAs(first);
        }
    }

    @Test
    void anyDifferenceIsAnotherEntry() {
        List<?> reader = StoredDescriptors.parse(json(READER));
        for (String other : List.of(
                READER.replace("logs-*", "logs-a*"),
                READER.replace("\"read\"", "\"read\",\"monitor\""),
                READER.replace("\"m\":1", "\"m\":1.0"),
                READER.replace("\"r\":", "\"s\":"))) {
            List<?> parsed = StoredDescriptors.parse(json(other));
            assertThat(parsed).as(other).isNotSameAs(reader).isEqualTo(RoleDescriptorParser.parseMap(json(other)));
        }
    }

    @Test
    void nothingAndMalformedReadAsTheParserReadsThem() {
        assertThat(StoredDescriptors.parse(null)).isEmpty();
        assertThat(StoredDescriptors.parse(json("null"))).isEmpty();
        for (int i = 0; i < 2; i++) { // a failure is not remembered as a result
            assertThatThrownBy(() -> StoredDescriptors.parse(json("{\"r\":{\"nonsense\":1}}"))).isInstanceOf(EsException.class)
                    .hasMessageContaining("unexpected field [nonsense]");
            assertThatThrownBy(() -> StoredDescriptors.parse(json("[1]"))).isInstanceOf(EsException.class);
        }
    }
}
