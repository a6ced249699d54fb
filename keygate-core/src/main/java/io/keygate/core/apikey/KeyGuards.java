package io.keygate.core.apikey;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Per-key guards, a Keygate extension kept in the key's {@code metadata} under {@code keygate_guards}, so that every
 * client (elasticsearch-java, Kibana, curl) can set them through Elasticsearch's own create and update APIs:
 * <pre>{"keygate_guards": {"allowed_networks": ["10.0.0.0/8", "2001:db8::/32"], "rate_limit": {"per_second": 50, "burst": 100}}}</pre>
 * Both parts are optional. Parsing is pure: addresses are literals only (never resolved).
 */
public record KeyGuards(List<Network> allowedNetworks, double perSecond, long burst, boolean malformed) {
    public static final String FIELD = "keygate_guards";
    public static final KeyGuards NONE = new KeyGuards(List.of(), 0, 0, false);
    /** Guards that cannot be read (stored around Keygate's validation): the key is refused everywhere, fail closed. */
    public static final KeyGuards MALFORMED = new KeyGuards(List.of(), 0, 0, true);

    /** The guards of a stored key's metadata; {@link #MALFORMED} when they cannot be read. */
    public static KeyGuards ofStored(Map<String, Object> metadata) {
        List<String> errors = new ArrayList<>();
        KeyGuards g = of(metadata, errors);
        return errors.isEmpty() ? g : MALFORMED;
    }
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    public boolean restrictsNetworks() {
        return !allowedNetworks.isEmpty();
    }

    public boolean limitsRate() {
        return perSecond > 0;
    }

    /** Whether {@code address} (a literal) is in one of the allowed networks; true when no network is listed. */
    public boolean allows(String address) {
        if (malformed) return false;
        if (allowedNetworks.isEmpty()) return true;
        byte[] a = literal(address);
        if (a == null) return false;
        for (Network n : allowedNetworks) if (n.contains(a)) return true;
        return false;
    }

    /** A network as {@code address/prefix}. */
    public record Network(String text, byte[] address, int prefix) {
        boolean contains(byte[] a) {
            if (a.length != address.length) {
                if (a.length == 16 && address.length == 4 && isMappedV4(a)) a = java.util.Arrays.copyOfRange(a, 12, 16);
                else return false;
            }
            int full = prefix / 8, rest = prefix % 8;
            for (int i = 0; i < full; i++) if (a[i] != address[i]) return false;
            if (rest == 0) return true;
            int mask = 0xff << (8 - rest) & 0xff;
            return (a[full] & mask) == (address[full] & mask);
        }

        private static boolean isMappedV4(byte[] a) {
            for (int i = 0; i < 10; i++) if (a[i] != 0) return false;
            return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
        }
    }

    /** The guards a key's metadata asks for ({@link #NONE} without {@code keygate_guards}); malformed ones: errors. */
    public static KeyGuards of(Map<String, Object> metadata, List<String> errors) {
        Object g = metadata == null ? null : metadata.get(FIELD);
        if (g == null) return NONE;
        if (!(g instanceof Map<?, ?> guards)) {
            errors.add("[metadata." + FIELD + "] must be an object");
            return NONE;
        }
        for (Object k : guards.keySet()) {
            if (!"allowed_networks".equals(k) && !"rate_limit".equals(k)) {
                errors.add("[metadata." + FIELD + "] has an unknown field [" + k + "]: expected [allowed_networks] or [rate_limit]");
            }
        }
        List<Network> networks = new ArrayList<>();
        Object nets = guards.get("allowed_networks");
        if (nets != null) {
            if (!(nets instanceof List<?> list) || list.isEmpty()) {
                errors.add("[metadata." + FIELD + ".allowed_networks] must be a non-empty array of networks such as [10.0.0.0/8]");
            } else {
                for (Object n : list) {
                    Network parsed = n instanceof String s ? network(s) : null;
                    if (parsed == null) {
                        errors.add("[metadata." + FIELD + ".allowed_networks] has [" + n + "], which is not an IP address or a CIDR network");
                    } else {
                        networks.add(parsed);
                    }
                }
            }
        }
        double perSecond = 0;
        long burst = 0;
        Object rl = guards.get("rate_limit");
        if (rl != null) {
            if (!(rl instanceof Map<?, ?> rate) || !(rate.get("per_second") instanceof Number ps) || ps.doubleValue() <= 0) {
                errors.add("[metadata." + FIELD + ".rate_limit] must be an object with [per_second] > 0 (and an optional [burst] >= 1)");
            } else {
                perSecond = ps.doubleValue();
                Object b = rate.get("burst");
                if (b == null) {
                    burst = Math.max(1, (long) Math.ceil(perSecond));
                } else if (b instanceof Number bn && bn.doubleValue() >= 1 && bn.doubleValue() == Math.floor(bn.doubleValue())) {
                    burst = bn.longValue();
                } else {
                    errors.add("[metadata." + FIELD + ".rate_limit.burst] must be a whole number >= 1");
                }
            }
        }
        return new KeyGuards(List.copyOf(networks), perSecond, burst, false);
    }

    static Network network(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        byte[] address = literal(slash < 0 ? t : t.substring(0, slash));
        if (address == null) return null;
        int max = address.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                return null;
            }
            if (prefix < 0 || prefix > max) return null;
        }
        return new Network(t, address, prefix);
    }

    /** An IP literal's bytes, or null; never a name lookup (only IPv4 dotted quads and texts with a colon reach the parser). */
    static byte[] literal(String s) {
        if (s == null || s.isEmpty()) return null;
        boolean v4 = IPV4.matcher(s).matches();
        if (!v4 && (s.indexOf(':') < 0 || !s.chars().allMatch(c -> c == ':' || c == '.' || Character.digit(c, 16) >= 0))) return null;
        if (v4) {
            for (String part : s.split("\\.")) if (Integer.parseInt(part) > 255) return null;
        }
        try {
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException | SecurityException e) {
            return null;
        }
    }
}
