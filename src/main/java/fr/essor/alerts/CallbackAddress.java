package fr.essor.alerts;

import java.util.Locale;

/**
 * Which hosts a webhook may reach: never the service's own host, a private network, link-local addresses (cloud
 * metadata), multicast, broadcast or reserved ranges, in any spelling a URL parser accepts ({@code 127.1},
 * {@code 0x7f000001}, {@code 2130706433}, {@code 0177.0.0.1}, {@code [::ffff:7f00:1]} ...). Pure: numeric hosts are
 * parsed here, never handed to a resolver (which may read {@code 0177} as decimal where a browser reads octal).
 */
final class CallbackAddress {

    private CallbackAddress() {
    }

    /** A URL host as compared: lower case, without IPv6 brackets, without the one trailing dot DNS ignores. */
    static String normalize(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            return h.substring(1, h.length() - 1);
        }
        return h.endsWith(".") && h.length() > 1 ? h.substring(0, h.length() - 1) : h;
    }

    /**
     * Why a URL host may not be called, or null when it is a public address or a plausible public name (a name is
     * checked again at each delivery, on every address it then resolves to).
     */
    static String hostRefusal(String host) {
        String h = normalize(host);
        if (h.isEmpty()) {
            return "has no host";
        }
        byte[] literal;
        try {
            literal = literal(h);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        if (literal != null) {
            String refusal = refusal(literal);
            if (refusal == null && literal.length == 4 && !isDottedDecimal(h)) {
                // 0x08080808 is public, but a spelling other parsers read differently is not worth the doubt
                return "writes an IPv4 address in an unusual form: write it as four decimal numbers (a.b.c.d)";
            }
            return refusal == null ? null : "is " + refusal;
        }
        String special = specialName(h);
        if (special != null) {
            return special;
        }
        return validName(h) ? null
                : "is not a valid host name (letters, digits, hyphens and dots; an international name in its xn-- form)";
    }

    /** Why a name is reserved for local use, or null. */
    private static String specialName(String h) {
        if (h.equals("localhost") || h.endsWith(".localhost") || h.equals("localhost.localdomain")
                || h.equals("ip6-localhost") || h.equals("ip6-loopback")) {
            return "names the service's own host (localhost)";
        }
        if (h.equals("metadata.google.internal") || h.endsWith(".internal")) {
            return "names a cloud-internal host (.internal, e.g. metadata.google.internal)";
        }
        if (h.endsWith(".local")) {
            return "names a host of the local network (.local, multicast DNS)";
        }
        if (!h.contains(".")) {
            // a single label is completed by the resolver's search domains: an intranet host
            return "is a single-label name, resolved inside the local network";
        }
        return null;
    }

    private static boolean validName(String h) {
        if (h.length() > 253) {
            return false;
        }
        for (String label : h.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-')) {
                    return false;
                }
            }
        }
        return true;
    }

    // --- numeric hosts ----------------------------------------------------------------------------------

    /**
     * The address a normalized host spells (4 or 16 bytes), or null when it is a name. A host whose last label is
     * a number is an IPv4 address to URL parsers (WHATWG): when it is not a valid one, this throws.
     */
    static byte[] literal(String h) {
        if (h.contains(":")) {
            return ipv6(h);
        }
        String[] parts = h.split("\\.", -1);
        if (!isNumber(parts[parts.length - 1])) {
            return null;
        }
        if (parts.length > 4) {
            throw new IllegalArgumentException("is not a valid IPv4 address (more than four parts)");
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = ipv4Part(parts[i]);
        }
        long address = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                throw new IllegalArgumentException("is not a valid IPv4 address (a part above 255)");
            }
            address = address << 8 | values[i];
        }
        int lastBytes = 5 - parts.length;
        long last = values[parts.length - 1];
        if (last >= 1L << (8 * lastBytes)) {
            throw new IllegalArgumentException("is not a valid IPv4 address (out of range)");
        }
        address = address << (8 * lastBytes) | last;
        return new byte[]{(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address};
    }

    /** A label URL parsers read as a number: decimal digits, or 0x and hex digits. */
    private static boolean isNumber(String label) {
        if (label.startsWith("0x")) {
            return label.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0 && c < 128);
        }
        return !label.isEmpty() && label.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** One part as WHATWG and inet_aton read it: 0x... hex, 0... octal, else decimal. */
    private static long ipv4Part(String part) {
        int radix = 10;
        String digits = part;
        if (part.startsWith("0x")) {
            radix = 16;
            digits = part.substring(2);
        } else if (part.length() > 1 && part.startsWith("0")) {
            radix = 8;
            digits = part.substring(1);
        }
        if (digits.isEmpty()) {
            if (radix == 16) {
                return 0; // "0x" alone is 0 to WHATWG
            }
            throw new IllegalArgumentException("is not a valid IPv4 address (an empty part)");
        }
        String significant = digits.replaceFirst("^0+(?=.)", "");
        if (significant.length() > 12) {
            throw new IllegalArgumentException("is not a valid IPv4 address (out of range)");
        }
        try {
            return Long.parseLong(significant, radix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("is not a valid IPv4 address (\"" + part + "\" is not a number)");
        }
    }

    private static boolean isDottedDecimal(String h) {
        return h.matches("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");
    }

    /** RFC 4291 text: eight groups of hex, one "::", an optional dotted-decimal tail; no zone (%eth0). */
    private static byte[] ipv6(String h) {
        String invalid = "is not a valid IPv6 address";
        if (h.contains("%")) {
            throw new IllegalArgumentException(invalid + " (a zone id names a local interface)");
        }
        if (!h.matches("[0-9a-f:.]+")) {
            throw new IllegalArgumentException(invalid);
        }
        int gap = h.indexOf("::");
        if (gap >= 0 && h.indexOf("::", gap + 1) >= 0) {
            throw new IllegalArgumentException(invalid + " (\"::\" twice)");
        }
        String head = gap >= 0 ? h.substring(0, gap) : h;
        String tail = gap >= 0 ? h.substring(gap + 2) : "";
        int[] headGroups = groups(head, gap < 0, invalid);
        int[] tailGroups = groups(tail, true, invalid);
        int count = headGroups.length + tailGroups.length;
        if (gap < 0 ? count != 8 : count > 7) {
            throw new IllegalArgumentException(invalid + " (not eight groups)");
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < headGroups.length; i++) {
            bytes[2 * i] = (byte) (headGroups[i] >> 8);
            bytes[2 * i + 1] = (byte) headGroups[i];
        }
        for (int i = 0; i < tailGroups.length; i++) {
            int at = 16 - 2 * (tailGroups.length - i);
            bytes[at] = (byte) (tailGroups[i] >> 8);
            bytes[at + 1] = (byte) tailGroups[i];
        }
        return bytes;
    }

    /** The 16-bit groups of one side of "::"; a dotted IPv4 tail counts as two. */
    private static int[] groups(String side, boolean mayEndInIpv4, String invalid) {
        if (side.isEmpty()) {
            return new int[0];
        }
        String[] texts = side.split(":", -1);
        int ipv4 = mayEndInIpv4 && texts[texts.length - 1].contains(".") ? 1 : 0;
        int[] groups = new int[texts.length + ipv4];
        for (int i = 0; i < texts.length - ipv4; i++) {
            String t = texts[i];
            if (t.isEmpty() || t.length() > 4 || t.contains(".")) {
                throw new IllegalArgumentException(invalid);
            }
            groups[i] = Integer.parseInt(t, 16);
        }
        if (ipv4 == 1) {
            String v4 = texts[texts.length - 1];
            if (!isDottedDecimal(v4)) {
                throw new IllegalArgumentException(invalid + " (its IPv4 tail must be four decimal numbers)");
            }
            String[] p = v4.split("\\.");
            groups[texts.length - 1] = Integer.parseInt(p[0]) << 8 | Integer.parseInt(p[1]);
            groups[texts.length] = Integer.parseInt(p[2]) << 8 | Integer.parseInt(p[3]);
        }
        return groups;
    }

    // --- ranges -----------------------------------------------------------------------------------------

    /** Why an address (4 or 16 bytes) may not be called, e.g. "a loopback address", or null when it is public. */
    static String refusal(byte[] a) {
        return a.length == 4 ? ipv4Refusal(a) : ipv6Refusal(a);
    }

    private static String ipv4Refusal(byte[] a) {
        int b0 = a[0] & 0xff;
        int b1 = a[1] & 0xff;
        int b2 = a[2] & 0xff;
        if ((a[0] & a[1] & a[2] & a[3]) == (byte) 0xff) {
            return "the broadcast address";
        }
        if (b0 == 0) {
            return "an unspecified address (0.0.0.0/8, this host)";
        }
        if (b0 == 127) {
            return "a loopback address (the service's own host)";
        }
        if (b0 == 10 || b0 == 172 && (b1 & 0xf0) == 16 || b0 == 192 && b1 == 168) {
            return "a private-network address";
        }
        if (b0 == 100 && (b1 & 0xc0) == 64) {
            return "a shared (carrier-grade NAT) address";
        }
        if (b0 == 169 && b1 == 254) {
            return "a link-local address (where cloud metadata services answer)";
        }
        if (b0 == 192 && b1 == 0 && b2 == 0) {
            return "a reserved address (IETF protocol assignments)";
        }
        if (b0 == 192 && b1 == 0 && b2 == 2 || b0 == 198 && b1 == 51 && b2 == 100 || b0 == 203 && b1 == 0 && b2 == 113) {
            return "a documentation address";
        }
        if (b0 == 198 && (b1 & 0xfe) == 18) {
            return "a benchmarking address";
        }
        if (b0 >= 224 && b0 < 240) {
            return "a multicast address";
        }
        if (b0 >= 240) {
            return "a reserved address (240.0.0.0/4)";
        }
        return null;
    }

    private static String ipv6Refusal(byte[] a) {
        if (zeros(a, 0, 10) && (a[10] & a[11]) == (byte) 0xff) {
            return embedded(a, 12, "an IPv4-mapped");
        }
        if (zeros(a, 0, 12)) {
            if (zeros(a, 12, 15)) {
                return a[15] == 0 ? "an unspecified address (::)" : a[15] == 1 ? "a loopback address (the service's own host)"
                        : "a reserved address (::/96)";
            }
            String refusal = embedded(a, 12, "an IPv4-compatible");
            return refusal != null ? refusal : "a deprecated IPv4-compatible address (::/96)";
        }
        int g0 = (a[0] & 0xff) << 8 | a[1] & 0xff;
        int g1 = (a[2] & 0xff) << 8 | a[3] & 0xff;
        if (g0 == 0x64 && g1 == 0xff9b && zeros(a, 4, 12)) {
            return embedded(a, 12, "a NAT64");
        }
        if (g0 == 0x64 && g1 == 0xff9b && a[4] == 0 && a[5] == 1) {
            return "a local-use NAT64 address (64:ff9b:1::/48)";
        }
        if ((a[0] & 0xff) == 0xff) {
            return "a multicast address";
        }
        if ((g0 & 0xffc0) == 0xfe80) {
            return "a link-local address (fe80::/10)";
        }
        if ((g0 & 0xffc0) == 0xfec0) {
            return "a site-local address (fec0::/10)";
        }
        if ((a[0] & 0xfe) == 0xfc) {
            return "a unique-local (private-network) address (fc00::/7)";
        }
        if (g0 == 0x2001 && g1 == 0x0db8) {
            return "a documentation address";
        }
        if (g0 == 0x2002) {
            return embedded(a, 2, "a 6to4");
        }
        if (g0 == 0x2001 && g1 == 0) {
            // Teredo: the client's IPv4 address is the last 32 bits, inverted
            byte[] client = {(byte) ~a[12], (byte) ~a[13], (byte) ~a[14], (byte) ~a[15]};
            String refusal = ipv4Refusal(client);
            return refusal == null ? null : "a Teredo address embedding " + refusal;
        }
        if ((a[0] & 0xe0) != 0x20) {
            return "not a global unicast address (outside 2000::/3)";
        }
        return null;
    }

    private static String embedded(byte[] a, int from, String kind) {
        byte[] v4 = {a[from], a[from + 1], a[from + 2], a[from + 3]};
        String refusal = ipv4Refusal(v4);
        return refusal == null ? null : kind + " IPv6 address embedding " + refusal;
    }

    private static boolean zeros(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
