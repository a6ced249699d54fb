package io.keygate.core.authz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.keygate.core.error.EsException;
import io.keygate.core.role.Role;
import io.keygate.core.role.RoleCompiler;
import io.keygate.core.role.RoleDescriptorParser;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WideningRulesTest {

    /** read on logs-*, all on mine-*, manage on both ops-*: what may become what. */
    static final Role ROLE = role("""
        {"r":{"indices":[{"names":["logs-*"],"privileges":["read"]},{"names":["mine-*"],"privileges":["all"]},
                         {"names":["ops-*"],"privileges":["manage","read"]}]}}
        """);

    static Role role(String json) {
        try {
            return new RoleCompiler().compile(RoleDescriptorParser.parseMap(new ObjectMapper().readTree(json)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "alias {1} on {0}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
        mine-1 | mine-alias | true
        mine-1 | logs-alias | true
        mine-1 | elsewhere  | true
        logs-1 | mine-alias | false
        logs-1 | logs-2     | true
        ops-1  | mine-x     | false
        ops-1  | logs-x     | true
        mine-1 | ops-x      | true
        """)
    void aliasMayNotWidenAccess(String index, String alias, boolean allowed) {
        if (allowed) {
            assertThatCode(() -> WideningRules.aliasNotWider(ROLE, List.of(index), List.of(alias))).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> WideningRules.aliasNotWider(ROLE, List.of(index), List.of(alias)))
                    .isInstanceOfSatisfying(EsException.class, e -> {
                        assertThat(e.status()).isEqualTo(403);
                        assertThat(e.getMessage()).contains("Adding an alias is not allowed when the alias has more permissions than any of the indices");
                    });
        }
    }

    @ParameterizedTest(name = "resize {0} into {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
        mine-1 | mine-2 | true
        mine-1 | logs-2 | true
        ops-1  | ops-2  | true
        ops-1  | mine-2 | false
        logs-1 | mine-2 | false
        """)
    void resizeTargetMayNotWidenAccess(String source, String target, boolean allowed) {
        if (allowed) {
            assertThatCode(() -> WideningRules.resizeTargetNotWider(ROLE, source, target)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> WideningRules.resizeTargetNotWider(ROLE, source, target))
                    .isInstanceOfSatisfying(EsException.class, e -> assertThat(e.status()).isEqualTo(403));
        }
    }
}
