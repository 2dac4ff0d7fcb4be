package io.pedigree.prov;

import java.time.Instant;
import java.util.Map;

/**
 * A governance record of a model version as a PROV activity: its registration, an approval or rejection, or a
 * stage transition. The person who acted is its agent ({@code wasAssociatedWith}); an approval or transition
 * {@code used} the version at its time; the registration makes the version {@code wasAttributedTo} its
 * registrant.
 */
record ProvAct(String key, String type, String label, Instant at, String agent, String version,
               Map<String, String> attributes) {

    static final String REGISTRATION = "Registration";
    static final String APPROVAL = "Approval";
    static final String TRANSITION = "Transition";

    /** The activity's id in the export. */
    String id() {
        return ProvTerms.GOVERNANCE_PREFIX + ":" + key;
    }

    String agentId() {
        return ProvTerms.PRINCIPAL_PREFIX + ":" + agent;
    }
}
