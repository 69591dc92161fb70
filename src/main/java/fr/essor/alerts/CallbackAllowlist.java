package fr.essor.alerts;

import fr.essor.config.ConfigException;
import io.vertx.core.json.JsonArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Receivers on a private network an operator trusts ({@code alerts.webhooks.allowedHosts}): exact host names, IP
 * literals or CIDR ranges. They bypass the range check only; the scheme check still holds.
 */
record CallbackAllowlist(Set<String> names, List<Range> ranges) {
    static final String KEY = "alerts.webhooks.allowedHosts (ESSOR_WEBHOOK_ALLOWED_HOSTS)";

    /** An address range; arrays are compared by content through {@link #contains}. */
    record Range(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    static final CallbackAllowlist NONE = new CallbackAllowlist(Set.of(), List.of());

    /** From the configuration: a JSON array of entries, or (from the environment) a comma-separated string. */
    static CallbackAllowlist parse(Object value) {
        List<String> entries = new ArrayList<>();
        if (value instanceof JsonArray array) {
            array.forEach(e -> entries.add(String.valueOf(e)));
        } else if (value instanceof String s) {
            entries.addAll(Arrays.asList(s.split(",")));
        } else if (value != null) {
            throw new ConfigException(KEY, "must be a list of host names, IP addresses or CIDR ranges");
        }
        Set<String> names = new LinkedHashSet<>();
        List<Range> ranges = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (entry.isEmpty()) {
                continue;
            }
            int slash = entry.indexOf('/');
            String host = CallbackAddress.normalize(slash < 0 ? entry : entry.substring(0, slash));
            byte[] address;
            try {
                address = CallbackAddress.literal(host);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(KEY, "\"" + entry + "\" " + e.getMessage());
            }
            if (address == null && slash < 0) {
                names.add(host);
            } else if (address == null) {
                throw new ConfigException(KEY, "\"" + entry + "\": a CIDR range needs an IP address before the /");
            } else {
                ranges.add(new Range(unmapped(address), prefix(entry, slash, unmapped(address).length * 8)));
            }
        }
        return new CallbackAllowlist(Set.copyOf(names), List.copyOf(ranges));
    }

    private static int prefix(String entry, int slash, int max) {
        if (slash < 0) {
            return max;
        }
        try {
            int bits = Integer.parseInt(entry.substring(slash + 1).trim());
            if (bits >= 0 && bits <= max) {
                return bits;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new ConfigException(KEY, "\"" + entry + "\": the prefix length must be from 0 to " + max);
    }

    /** Whether a URL host is listed: by exact name, or as a literal address inside a listed range. */
    boolean allowsHost(String host) {
        String h = CallbackAddress.normalize(host);
        if (names.contains(h)) {
            return true;
        }
        try {
            byte[] address = CallbackAddress.literal(h);
            return address != null && allowsAddress(address);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether a resolved address lies in a listed range (an IPv4-mapped IPv6 address counts as its IPv4 one). */
    boolean allowsAddress(byte[] address) {
        byte[] a = unmapped(address);
        return ranges.stream().anyMatch(r -> r.contains(a));
    }

    /** ::ffff:a.b.c.d as a.b.c.d, so one entry covers both spellings. */
    static byte[] unmapped(byte[] a) {
        if (a.length == 16 && (a[10] & a[11]) == (byte) 0xff) {
            for (int i = 0; i < 10; i++) {
                if (a[i] != 0) {
                    return a;
                }
            }
            return Arrays.copyOfRange(a, 12, 16);
        }
        return a;
    }
}
