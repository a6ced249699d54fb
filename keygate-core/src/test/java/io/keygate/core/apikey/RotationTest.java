package io.keygate.core.apikey;

import io.keygate.core.error.EsException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RotationTest {
    /** grace_period ('-' absent) → seconds, or the error's type and the start of its reason. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-     | 86400 |",
            "1h    | 3600  |",
            "0s    | 0     |",
            "30d   | 2592000 |",
            "31d   |       | action_request_validation_exception: Validation Failed: 1: [grace_period] must be at most [30d], got [31d];",
            "soon  |       | parse_exception: failed to parse [grace_period] with value [soon] as a time value",
    })
    void gracePeriods(String text, Long seconds, String error) {
        String given = text.equals("-") ? null : text;
        if (error == null) {
            assertThat(Rotation.gracePeriod(given)).isEqualTo(Duration.ofSeconds(seconds));
        } else {
            assertThatThrownBy(() -> Rotation.gracePeriod(given)).isInstanceOfSatisfying(EsException.class, e -> {
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.type() + ": " + e.reason()).startsWith(error);
            });
        }
    }
}
