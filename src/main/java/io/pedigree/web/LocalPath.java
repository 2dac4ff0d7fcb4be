package io.pedigree.web;

import java.net.URI;
import java.net.URISyntaxException;

/** Where to send a browser after signing in: only a path on this server, so the link cannot lead elsewhere. */
final class LocalPath {

    private static final int MAX_LENGTH = 2048;

    private LocalPath() {
    }

    /** {@code next} when it is a path on this server, else {@code /}. */
    static String orHome(String next) {
        return isLocal(next) ? next : "/";
    }

    static boolean isLocal(String next) {
        if (next == null || next.isEmpty() || next.length() > MAX_LENGTH || next.charAt(0) != '/') {
            return false;
        }
        // "//host" and "/\host" are read by browsers as another host; control characters and spaces have no
        // business in a path and can hide either.
        if (next.startsWith("//") || next.indexOf('\\') >= 0) {
            return false;
        }
        for (int i = 0; i < next.length(); i++) {
            char c = next.charAt(i);
            if (c <= ' ' || c == 0x7f) {
                return false;
            }
        }
        try {
            URI uri = new URI(next);
            return uri.getScheme() == null && uri.getRawAuthority() == null && uri.getRawPath() != null
                    && uri.getRawPath().startsWith("/") && !uri.getRawPath().startsWith("/signin");
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
