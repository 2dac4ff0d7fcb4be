package io.pedigree.prov;

import io.pedigree.lineage.Kind;

import java.util.Map;

/**
 * The fixed vocabulary of Pedigree's PROV-JSON: namespaces, which PROV class each node kind is, and which PROV
 * relation stands for a Pedigree relation between two classes. {@code docs/prov.md} states the same mapping.
 */
final class ProvTerms {

    /** Node ids: {@code node:<pedigree key>}. */
    static final String NODE_PREFIX = "node";
    static final String NODE_NS = "urn:pedigree:node:";
    /** The principal that asked for an export: {@code principal:<name>}. */
    static final String PRINCIPAL_PREFIX = "principal";
    static final String PRINCIPAL_NS = "urn:pedigree:principal:";
    /** An export's bundle and the activity that wrote it. */
    static final String EXPORT_PREFIX = "export";
    static final String EXPORT_NS = "urn:pedigree:export:";
    /** A model version's registration, approvals and transitions: {@code governance:<version key>/<record>}. */
    static final String GOVERNANCE_PREFIX = "governance";
    static final String GOVERNANCE_NS = "urn:pedigree:governance:";
    /** Pedigree's own attributes. */
    static final String VOCAB_PREFIX = "pedigree";
    static final String VOCAB_NS = "https://pedigree.dev/ns/prov#";

    static final Map<String, String> PREFIXES = Map.of(NODE_PREFIX, NODE_NS, PRINCIPAL_PREFIX, PRINCIPAL_NS,
            EXPORT_PREFIX, EXPORT_NS, VOCAB_PREFIX, VOCAB_NS, GOVERNANCE_PREFIX, GOVERNANCE_NS);

    static final String KEY = "pedigree:key";
    static final String KIND = "pedigree:kind";
    static final String TYPE = "pedigree:type";
    static final String VIA = "pedigree:via";
    static final String VALID_FROM = "pedigree:validFrom";
    static final String VALID_TO = "pedigree:validTo";
    static final String RECORDED_AT = "pedigree:recordedAt";
    static final String RECORDED_BY = "pedigree:recordedBy";
    static final String PROPERTIES = "pedigree:properties";
    static final String ROLE = "pedigree:role";
    static final String AT = "pedigree:at";

    /** The three PROV element classes. */
    enum Element {
        ENTITY("entity"), ACTIVITY("activity"), AGENT("agent");

        final String section;

        Element(String section) {
            this.section = section;
        }
    }

    /**
     * The PROV relations used, with the JSON names of their two ends. Which one a Pedigree relation becomes depends
     * only on the classes of its ends; {@code pedigree:type} keeps the Pedigree type so import restores it.
     */
    enum Relation {
        USED("used", "prov:activity", "prov:entity", true),
        WAS_GENERATED_BY("wasGeneratedBy", "prov:entity", "prov:activity", true),
        WAS_DERIVED_FROM("wasDerivedFrom", "prov:generatedEntity", "prov:usedEntity", false),
        WAS_INFORMED_BY("wasInformedBy", "prov:informed", "prov:informant", false),
        WAS_ATTRIBUTED_TO("wasAttributedTo", "prov:entity", "prov:agent", false),
        WAS_ASSOCIATED_WITH("wasAssociatedWith", "prov:activity", "prov:agent", false),
        SPECIALIZATION_OF("specializationOf", "prov:specificEntity", "prov:generalEntity", false);

        final String section;
        final String from;
        final String to;
        /** Whether PROV gives the relation a {@code prov:time}. */
        final boolean timed;

        Relation(String section, String from, String to, boolean timed) {
            this.section = section;
            this.from = from;
            this.to = to;
            this.timed = timed;
        }

        static Relation bySection(String section) {
            for (Relation r : values()) {
                if (r.section.equals(section)) {
                    return r;
                }
            }
            return null;
        }
    }

    private ProvTerms() {
    }

    /** Runs, evaluations and deployments (serving) are things that happen; people are agents; the rest is data. */
    static Element element(String kind) {
        if (Kind.RUN.id().equals(kind) || Kind.EVALUATION.id().equals(kind) || Kind.DEPLOYMENT.id().equals(kind)) {
            return Element.ACTIVITY;
        }
        return Kind.PERSON.id().equals(kind) ? Element.AGENT : Element.ENTITY;
    }

    /** The PROV relation for a Pedigree relation from a node of class {@code from} to one of class {@code to}. */
    static Relation relation(String type, Element from, Element to) {
        if (type.equals("VERSION_OF")) {
            return from == Element.ENTITY && to == Element.ENTITY ? Relation.SPECIALIZATION_OF : null;
        }
        if (to == Element.AGENT) {
            return from == Element.ACTIVITY ? Relation.WAS_ASSOCIATED_WITH
                    : from == Element.ENTITY ? Relation.WAS_ATTRIBUTED_TO : null;
        }
        if (from == Element.AGENT) {
            return null;
        }
        if (from == Element.ACTIVITY) {
            return to == Element.ENTITY ? Relation.USED : Relation.WAS_INFORMED_BY;
        }
        return to == Element.ACTIVITY ? Relation.WAS_GENERATED_BY : Relation.WAS_DERIVED_FROM;
    }

    /** The Pedigree type a PROV relation stands for when a foreign document does not say. */
    static String defaultType(Relation r) {
        return switch (r) {
            case USED, WAS_INFORMED_BY -> "USED";
            case WAS_GENERATED_BY -> "WAS_GENERATED_BY";
            case WAS_DERIVED_FROM -> "DERIVED_FROM";
            case WAS_ATTRIBUTED_TO, WAS_ASSOCIATED_WITH -> "OWNED_BY";
            case SPECIALIZATION_OF -> "VERSION_OF";
        };
    }
}
