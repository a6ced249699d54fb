package io.keygate.core.classify;

import io.keygate.core.error.EsException;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/**
 * Date math index names, as Elasticsearch resolves them: {@code <static{now[+-N unit][/unit][{format[|time_zone]}]}static>}.
 * Default format {@code uuuu.MM.dd}, default zone UTC; units {@code y M w d h H m s}; {@code \} escapes a character.
 */
public final class DateMathNames {

    static final String DEFAULT_FORMAT = "uuuu.MM.dd";

    private DateMathNames() {}

    public static boolean isDateMath(String expression) {
        return expression.length() > 1 && expression.charAt(0) == '<' && expression.charAt(expression.length() - 1) == '>';
    }

    /** Resolves {@code expression} if it is a date math name ({@code <...>}); returns it unchanged otherwise. */
    public static String resolve(String expression, Clock clock) {
        if (!isDateMath(expression)) {
            return expression;
        }
        String inner = expression.substring(1, expression.length() - 1);
        StringBuilder out = new StringBuilder(inner.length() + 8);
        int i = 0;
        while (i < inner.length()) {
            char c = inner.charAt(i);
            if (c == '\\') {
                if (i + 1 >= inner.length()) {
                    throw invalid(expression, "invalid escape at the end");
                }
                out.append(inner.charAt(i + 1));
                i += 2;
            } else if (c == '{') {
                int depth = 0;
                int j = i;
                for (; j < inner.length(); j++) {
                    char d = inner.charAt(j);
                    if (d == '{') {
                        depth++;
                    } else if (d == '}' && --depth == 0) {
                        break;
                    }
                }
                if (j >= inner.length()) {
                    throw invalid(expression, "missing closing `}` for date math format");
                }
                out.append(evaluate(expression, inner.substring(i + 1, j), clock));
                i = j + 1;
            } else if (c == '}') {
                throw invalid(expression, "invalid character at position [" + i + "]. `{` and `}` are reserved characters "
                        + "and should be escaped when used as part of the index name using `\\` (e.g. `\\{text\\}`)");
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static String evaluate(String expression, String content, Clock clock) {
        String math = content;
        String format = DEFAULT_FORMAT;
        ZoneId zone = ZoneOffset.UTC;
        int brace = content.indexOf('{');
        if (brace >= 0) {
            if (!content.endsWith("}")) {
                throw invalid(expression, "missing closing `}` for date math format");
            }
            math = content.substring(0, brace);
            String spec = content.substring(brace + 1, content.length() - 1);
            int bar = spec.indexOf('|');
            if (bar >= 0) {
                try {
                    zone = ZoneId.of(spec.substring(bar + 1));
                } catch (DateTimeException e) {
                    throw invalid(expression, "invalid time zone [" + spec.substring(bar + 1) + "]");
                }
                spec = spec.substring(0, bar);
            }
            if (!spec.isEmpty()) {
                format = spec;
            }
        }
        ZonedDateTime t = math(expression, math, ZonedDateTime.now(clock).withZoneSameInstant(zone));
        try {
            return DateTimeFormatter.ofPattern(format, Locale.ROOT).format(t);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw invalid(expression, "invalid date format [" + format + "]");
        }
    }

    private static ZonedDateTime math(String expression, String math, ZonedDateTime now) {
        if (!math.startsWith("now")) {
            throw invalid(expression, "date math must start with [now]");
        }
        ZonedDateTime t = now;
        int i = 3;
        while (i < math.length()) {
            char op = math.charAt(i++);
            if (op == '/') {
                if (i >= math.length()) {
                    throw invalid(expression, "truncated date math [" + math + "]");
                }
                t = round(expression, t, math.charAt(i++));
            } else if (op == '+' || op == '-') {
                int start = i;
                while (i < math.length() && Character.isDigit(math.charAt(i))) {
                    i++;
                }
                long n = start == i ? 1 : Long.parseLong(math.substring(start, i));
                if (i >= math.length()) {
                    throw invalid(expression, "truncated date math [" + math + "]");
                }
                t = t.plus(op == '+' ? n : -n, unit(expression, math.charAt(i++)));
            } else {
                throw invalid(expression, "operator not supported for date math [" + math + "]");
            }
        }
        return t;
    }

    private static ChronoUnit unit(String expression, char u) {
        return switch (u) {
            case 'y' -> ChronoUnit.YEARS;
            case 'M' -> ChronoUnit.MONTHS;
            case 'w' -> ChronoUnit.WEEKS;
            case 'd' -> ChronoUnit.DAYS;
            case 'h', 'H' -> ChronoUnit.HOURS;
            case 'm' -> ChronoUnit.MINUTES;
            case 's' -> ChronoUnit.SECONDS;
            default -> throw invalid(expression, "unit [" + u + "] not supported for date math");
        };
    }

    private static ZonedDateTime round(String expression, ZonedDateTime t, char u) {
        return switch (u) {
            case 'y' -> t.truncatedTo(ChronoUnit.DAYS).withDayOfYear(1);
            case 'M' -> t.truncatedTo(ChronoUnit.DAYS).withDayOfMonth(1);
            case 'w' -> t.truncatedTo(ChronoUnit.DAYS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case 'd' -> t.truncatedTo(ChronoUnit.DAYS);
            case 'h', 'H' -> t.truncatedTo(ChronoUnit.HOURS);
            case 'm' -> t.truncatedTo(ChronoUnit.MINUTES);
            case 's' -> t.truncatedTo(ChronoUnit.SECONDS);
            default -> throw invalid(expression, "unit [" + u + "] not supported for date math");
        };
    }

    private static EsException invalid(String expression, String why) {
        return EsException.parse("invalid dynamic name expression [" + expression + "]. " + why);
    }
}
