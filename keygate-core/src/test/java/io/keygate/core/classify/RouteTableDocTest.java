package io.keygate.core.classify;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/authorization.md} carries the route table, generated. If this fails, regenerate it with
 * {@code mvn -pl keygate-core test -Dtest=RouteTableDocTest -Dkeygate.docs.update=true} and commit the page.
 */
class RouteTableDocTest {

    @Test
    void authorizationDocMatchesTheRouteTable() throws IOException {
        // surefire runs in the module directory; an IDE may run at the repository root
        Path doc = Files.exists(Path.of("docs", "authorization.md")) ? Path.of("docs", "authorization.md")
                : Path.of("..", "docs", "authorization.md");
        assertThat(doc).exists();
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int begin = text.indexOf(RouteTableDoc.BEGIN);
        int end = text.indexOf(RouteTableDoc.END);
        assertThat(begin).as("begin marker").isGreaterThanOrEqualTo(0);
        assertThat(end).as("end marker").isGreaterThan(begin);
        String expected = text.substring(0, begin + RouteTableDoc.BEGIN.length()) + "\n"
                + RouteTableDoc.markdown(RouteTable.DEFAULT) + text.substring(end);
        if (Boolean.getBoolean("keygate.docs.update")) {
            Files.writeString(doc, expected, StandardCharsets.UTF_8);
            text = expected;
        }
        assertThat(text).as("docs/authorization.md is out of date; see RouteTableDocTest").isEqualTo(expected);
    }
}
