package io.pedigree.notify;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Audit actions map to stable event names; webhook management itself is never an event. */
class EventTypeTest {

    @Test
    void eachNotifiedActionHasItsEventType() {
        assertThat(EventType.ofAction("version.register")).contains(EventType.VERSION_REGISTERED);
        assertThat(EventType.ofAction("version.approve")).contains(EventType.VERSION_APPROVED);
        assertThat(EventType.ofAction("version.transition")).contains(EventType.VERSION_STAGE_CHANGED);
        assertThat(EventType.ofAction("version.override")).contains(EventType.VERSION_STAGE_CHANGED);
        assertThat(EventType.ofAction("version.refuse")).contains(EventType.VERSION_GATE_REFUSED);
        assertThat(EventType.ofAction("quarantine.create")).contains(EventType.QUARANTINE_CREATED);
        assertThat(EventType.ofAction("quarantine.release")).contains(EventType.QUARANTINE_RELEASED);
        assertThat(EventType.ofAction("deployment.rollback")).contains(EventType.DEPLOYMENT_ROLLED_BACK);
        assertThat(EventType.ofAction("incident.open")).contains(EventType.INCIDENT_OPENED);
        assertThat(EventType.ofAction("alert.raise")).contains(EventType.ALERT_RAISED);
    }

    @Test
    void anAlertActionWithoutItsOwnTypeIsStillAnAlertEvent() {
        assertThat(EventType.ofAction("alert.autorollback.refused")).contains(EventType.ALERT_CHANGED);
    }

    @Test
    void otherActionsAreNoEvent() {
        assertThat(EventType.ofAction("webhook.create")).isEmpty();
        assertThat(EventType.ofAction("webhook.redeliver")).isEmpty();
        assertThat(EventType.ofAction("token.create")).isEmpty();
        assertThat(EventType.ofAction("batch.write")).isEmpty();
    }

    @Test
    void namesAreUniqueAndParseBack() {
        assertThat(EventType.ids()).doesNotHaveDuplicates().doesNotContain(EventType.ALL);
        Arrays.stream(EventType.values()).forEach(t -> assertThat(EventType.parse(t.id())).contains(t));
    }
}
