package io.pedigree.observability;

import io.pedigree.error.PedigreeException.Conflict;

import java.time.Instant;
import java.util.Map;

/**
 * What incidents and alerts share: the open → acknowledged → resolved life of a stored property map, and reading
 * those maps back. Resolving also acknowledges what nobody acknowledged; a resolved one never changes again.
 */
final class Triage {

    private Triage() {
    }

    /**
     * Moves {@code props} to status {@code to} ("acknowledged" or "resolved") at {@code at} by {@code actor}, with
     * {@code text} as the resolution; refuses a move to where it is, and any move once resolved.
     */
    static void move(String key, Map<String, Object> props, String to, String text, String actor, Instant at) {
        String status = String.valueOf(props.get("status"));
        if (status.equals("resolved") || status.equals(to)) {
            throw new Conflict(key + " is already " + status, java.util.List.of());
        }
        props.put("status", to);
        if (to.equals("acknowledged")) {
            props.put("acknowledgedAt", at.toString());
            props.put("acknowledgedBy", actor);
        } else {
            props.put("resolvedAt", at.toString());
            props.put("resolvedBy", actor);
            props.put("resolution", text);
            props.putIfAbsent("acknowledgedAt", at.toString());
            props.putIfAbsent("acknowledgedBy", actor);
        }
    }

    static String s(Map<String, Object> p, String name) {
        Object v = p.get(name);
        return v == null ? null : v.toString();
    }

    static Instant t(Map<String, Object> p, String name) {
        Object v = p.get(name);
        return v == null ? null : Instant.parse(v.toString());
    }

    static void put(Map<String, Object> p, String name, Object v) {
        if (v != null) {
            p.put(name, v);
        }
    }
}
