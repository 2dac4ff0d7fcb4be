package io.pedigree.notify;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The events a webhook can subscribe to, by stable name, each derived from the audit actions that record it. New
 * audit actions never rename an event: they map to one of these or to none.
 */
public enum EventType {
    VERSION_REGISTERED("version.registered", "version.register", "version.adopt"),
    VERSION_APPROVED("version.approved", "version.approve"),
    VERSION_REJECTED("version.rejected", "version.reject"),
    VERSION_STAGE_CHANGED("version.stage_changed", "version.transition", "version.override"),
    VERSION_GATE_REFUSED("version.gate_refused", "version.refuse"),
    QUARANTINE_CREATED("quarantine.created", "quarantine.create"),
    QUARANTINE_RELEASED("quarantine.released", "quarantine.release"),
    DEPLOYMENT_SERVED("deployment.served", "deployment.serve"),
    DEPLOYMENT_ROLLED_BACK("deployment.rolled_back", "deployment.rollback"),
    ALERT_RAISED("alert.raised", "alert.raise"),
    ALERT_ACKNOWLEDGED("alert.acknowledged", "alert.acknowledge"),
    ALERT_RESOLVED("alert.resolved", "alert.resolve"),
    // Any other alert action (alert.autorollback and alert.autorollback.refused, say) still reaches alert subscribers.
    ALERT_CHANGED("alert.changed"),
    INCIDENT_OPENED("incident.opened", "incident.open"),
    INCIDENT_ACKNOWLEDGED("incident.acknowledged", "incident.acknowledge"),
    INCIDENT_RESOLVED("incident.resolved", "incident.resolve");

    /** Subscribes to every event type, those added later included. */
    public static final String ALL = "*";

    private static final Map<String, EventType> BY_ACTION = new java.util.HashMap<>();

    static {
        for (EventType t : values()) {
            t.actions.forEach(a -> BY_ACTION.put(a, t));
        }
    }

    private final String id;
    private final List<String> actions;

    EventType(String id, String... actions) {
        this.id = id;
        this.actions = List.of(actions);
    }

    public String id() {
        return id;
    }

    /** The event an audit action is, if any. */
    public static Optional<EventType> ofAction(String action) {
        EventType t = BY_ACTION.get(action);
        if (t == null && action != null && action.startsWith("alert.")) {
            t = ALERT_CHANGED;
        }
        return Optional.ofNullable(t);
    }

    public static Optional<EventType> parse(String id) {
        return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(EventType::id).toList();
    }
}
