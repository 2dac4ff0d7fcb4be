package io.pedigree.notify;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where webhooks may be sent: http and https URLs whose host resolves only to public addresses, unless the admin's
 * allow-list names the host or a range holding every address it resolves to. The same check runs when a
 * subscription is made and again before every delivery, after a fresh lookup, so a name that later resolves to a
 * private address (DNS rebinding, a cloud metadata endpoint) is refused then too.
 */
public final class OutboundPolicy {

    /** Host name lookup; the JDK's, except in tests that make a name change its answer. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final Set<String> hosts = new TreeSet<>();
    private final List<Range> ranges = new ArrayList<>();
    private final Resolver resolver;

    /** {@code allow}: CIDR ranges, single addresses and host names an admin lets webhooks reach. */
    public OutboundPolicy(List<String> allow, Resolver resolver) {
        this.resolver = resolver;
        for (String entry : allow) {
            String e = entry.trim();
            int slash = e.indexOf('/');
            InetAddress base = literal(slash < 0 ? e : e.substring(0, slash));
            if (base == null) {
                hosts.add(e.toLowerCase(Locale.ROOT));
            } else {
                int bits = base.getAddress().length * 8;
                int prefix = slash < 0 ? bits : Integer.parseInt(e.substring(slash + 1));
                if (prefix > bits) {
                    throw new IllegalArgumentException(e + ": a prefix longer than the address");
                }
                ranges.add(new Range(base.getAddress(), prefix));
            }
        }
    }

    public static OutboundPolicy of(List<String> allow) {
        return new OutboundPolicy(allow, InetAddress::getAllByName);
    }

    /** Why {@code url} may not be called now, or empty when it may. */
    public Optional<String> refusal(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("only http and https URLs are allowed, not '" + scheme + ":'");
        }
        if (url.getRawUserInfo() != null) {
            return Optional.of("a URL may not carry a user name or password; the subscription's secret signs"
                    + " every delivery");
        }
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            return Optional.of("the URL names no host");
        }
        host = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (hosts.contains(host.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        InetAddress[] addresses;
        try {
            InetAddress lit = literal(host);
            addresses = lit != null ? new InetAddress[]{lit} : resolver.resolve(host);
        } catch (UnknownHostException e) {
            return Optional.of("the host " + host + " does not resolve");
        } catch (IllegalArgumentException e) {
            return Optional.of(host + " is not a valid address");
        }
        // Every address counts: a client may connect to any of them.
        for (InetAddress a : addresses) {
            if (ranges.stream().anyMatch(r -> r.contains(a))) {
                continue;
            }
            String why = blocked(a);
            if (why != null) {
                String shown = a.getHostAddress();
                return Optional.of((host.equalsIgnoreCase(shown) ? host : host + " resolves to " + shown) + ", "
                        + why + "; only an admin allow-list (PEDIGREE_WEBHOOK_ALLOW) lets webhooks reach it");
            }
        }
        return Optional.empty();
    }

    /** What kind of non-public address {@code a} is, or null when it is public. */
    static String blocked(InetAddress a) {
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            return blockedV4(b);
        }
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            if (a.isAnyLocalAddress()) {
                return "the unspecified address";
            }
            if (a.isLoopbackAddress()) {
                return "a loopback address";
            }
            if (first == 0xfe && (second & 0xc0) == 0x80) {
                return "a link-local address";
            }
            if (first == 0xfe && (second & 0xc0) == 0xc0) {
                return "a site-local address";
            }
            if ((first & 0xfe) == 0xfc) {
                return "a unique local (private) address";
            }
            if (first == 0xff) {
                return "a multicast address";
            }
            // Addresses that carry an IPv4 address inside are judged by it: mapped (::ffff:a.b.c.d), compatible
            // (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::).
            if (zeros(b, 0, 10) && (((b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) || zeros(b, 10, 12))) {
                return embedded(slice(b, 12));
            }
            if (first == 0x00 && second == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b) {
                return embedded(slice(b, 12));
            }
            if (first == 0x20 && second == 0x02) {
                return embedded(slice(b, 2));
            }
        }
        return null;
    }

    private static String embedded(byte[] v4) {
        String why = blockedV4(v4);
        return why == null ? null : "an IPv6 address holding " + (v4[0] & 0xff) + "." + (v4[1] & 0xff) + "."
                + (v4[2] & 0xff) + "." + (v4[3] & 0xff) + ", " + why;
    }

    private static String blockedV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        if (a0 == 0) {
            return "an unspecified address (0.0.0.0/8)";
        }
        if (a0 == 127) {
            return "a loopback address";
        }
        if (a0 == 169 && a1 == 254) {
            return "a link-local address (169.254.0.0/16, where cloud metadata services answer)";
        }
        if (a0 == 10 || (a0 == 172 && (a1 & 0xf0) == 16) || (a0 == 192 && a1 == 168)) {
            return "a private address";
        }
        if (a0 == 100 && (a1 & 0xc0) == 64) {
            return "a shared (carrier-grade NAT) address (100.64.0.0/10)";
        }
        if ((a0 == 192 && a1 == 0 && (b[2] & 0xff) == 0) || (a0 == 198 && (a1 & 0xfe) == 18)) {
            return "a reserved address";
        }
        if (a0 >= 224 && a0 <= 239) {
            return "a multicast address";
        }
        if (a0 >= 240) {
            return "a reserved or broadcast address";
        }
        return null;
    }

    private static boolean zeros(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] b, int from) {
        return new byte[]{b[from], b[from + 1], b[from + 2], b[from + 3]};
    }

    /** The address {@code text} spells, parsed without any lookup, or null when it is a host name. */
    static InetAddress literal(String text) {
        boolean v4 = text.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = text.contains(":") && text.matches("[0-9A-Fa-f:.]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            // A literal is parsed, never looked up.
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("Not an address: " + text, e);
        }
    }

    private record Range(byte[] base, int prefix) {
        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != base.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((b[bit / 8] & mask) != (base[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
