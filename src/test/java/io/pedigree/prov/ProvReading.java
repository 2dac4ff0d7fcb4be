package io.pedigree.prov;

import org.openprovenance.prov.core.json.serialization.ProvDeserialiser;
import org.openprovenance.prov.model.Bundle;
import org.openprovenance.prov.model.Document;
import org.openprovenance.prov.model.HasOther;
import org.openprovenance.prov.model.Identifiable;
import org.openprovenance.prov.model.Statement;
import org.openprovenance.prov.model.StatementOrBundle;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads PROV-JSON with ProvToolbox, an independent implementation, and turns what it understood back into keys and
 * relations, so tests compare Pedigree's answer with what another tool read rather than trusting a parse.
 */
final class ProvReading {

    /** What ProvToolbox read inside the one bundle: elements by section, relations as "from TYPE to" lines. */
    record Read(Document document, Bundle bundle, Map<String, Set<String>> elements, Set<String> relations,
                Map<String, Integer> counts) {
    }

    private ProvReading() {
    }

    static Read read(String json) {
        Document d = new ProvDeserialiser().deserialiseDocument(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
        List<Bundle> bundles = new ArrayList<>();
        for (StatementOrBundle s : d.getStatementOrBundle()) {
            if (s instanceof Bundle b) {
                bundles.add(b);
            }
        }
        assertThat(bundles).as("one bundle per export").hasSize(1);
        Bundle bundle = bundles.get(0);
        assertThat(bundle.getId()).as("the bundle keeps its id").isNotNull();
        Map<String, Set<String>> elements = new TreeMap<>();
        Set<String> relations = new TreeSet<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (Statement s : bundle.getStatement()) {
            String kind = s.getKind().name();
            counts.merge(kind, 1, Integer::sum);
            switch (s.getKind()) {
                case PROV_ENTITY, PROV_ACTIVITY, PROV_AGENT -> {
                    String key = attribute((HasOther) s, ProvTerms.VOCAB_NS, "key");
                    assertThat(key).as("pedigree:key of %s survives the reading", ((Identifiable) s).getId())
                            .isNotNull();
                    elements.computeIfAbsent(kind, k -> new TreeSet<>()).add(key);
                }
                default -> relations.add(relation(s));
            }
        }
        return new Read(d, bundle, elements, relations, counts);
    }

    static String attribute(HasOther s, String namespace, String local) {
        for (org.openprovenance.prov.model.Other o : s.getOther()) {
            if (o.getElementName().getNamespaceURI().equals(namespace) && o.getElementName().getLocalPart().equals(local)) {
                Object v = o.getValue();
                return v instanceof org.openprovenance.prov.model.LangString l ? l.getValue() : String.valueOf(v);
            }
        }
        return null;
    }

    /** "from PROV_RELATION(pedigreeType) to", ends as Pedigree keys. */
    private static String relation(Statement s) {
        String type = s instanceof HasOther h ? attribute(h, ProvTerms.VOCAB_NS, "type") : null;
        String[] ends;
        if (s instanceof org.openprovenance.prov.model.Used u) {
            ends = new String[]{key(u.getActivity()), key(u.getEntity())};
        } else if (s instanceof org.openprovenance.prov.model.WasGeneratedBy g) {
            ends = new String[]{key(g.getEntity()), key(g.getActivity())};
        } else if (s instanceof org.openprovenance.prov.model.WasDerivedFrom d) {
            ends = new String[]{key(d.getGeneratedEntity()), key(d.getUsedEntity())};
        } else if (s instanceof org.openprovenance.prov.model.WasInformedBy i) {
            ends = new String[]{key(i.getInformed()), key(i.getInformant())};
        } else if (s instanceof org.openprovenance.prov.model.WasAttributedTo a) {
            ends = new String[]{key(a.getEntity()), key(a.getAgent())};
        } else if (s instanceof org.openprovenance.prov.model.WasAssociatedWith a) {
            ends = new String[]{key(a.getActivity()), key(a.getAgent())};
        } else if (s instanceof org.openprovenance.prov.model.SpecializationOf sp) {
            ends = new String[]{key(sp.getSpecificEntity()), key(sp.getGeneralEntity())};
        } else {
            throw new AssertionError("unexpected statement " + s.getKind());
        }
        return ends[0] + " " + s.getKind().name() + "(" + type + ") " + ends[1];
    }

    private static String key(org.openprovenance.prov.model.QualifiedName q) {
        // ProvToolbox keeps local parts PROV-N escaped ("dataset\:tx@1").
        String local = q.getLocalPart().replace("\\", "");
        // A model version's governance records and the people behind them keep their prefix, to tell them apart.
        if (q.getNamespaceURI().equals(ProvTerms.GOVERNANCE_NS)) {
            return ProvTerms.GOVERNANCE_PREFIX + ":" + local;
        }
        if (q.getNamespaceURI().equals(ProvTerms.PRINCIPAL_NS)) {
            return ProvTerms.PRINCIPAL_PREFIX + ":" + local;
        }
        assertThat(q.getNamespaceURI()).isEqualTo(ProvTerms.NODE_NS);
        return local;
    }

}
