package io.pedigree.api;

import io.pedigree.auth.Role;
import io.pedigree.error.PedigreeException.InvalidInput;
import io.pedigree.lineage.Batch;
import io.pedigree.lineage.Limits;
import io.pedigree.lineage.NodeInput;
import io.pedigree.lineage.NodeKey;
import io.pedigree.lineage.Properties;
import io.pedigree.lineage.RelationInput;
import io.pedigree.lineage.RelationType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The JSON shapes of request bodies, and their conversion to validated domain inputs. */
final class Bodies {

    private Bodies() {
    }

    /** A node to record. */
    record NodeBody(String key, Map<String, Object> properties, String owner, String validFrom) {
        NodeInput toInput(String field, Limits limits) {
            NodeKey k = NodeKey.parse(field + "key", key);
            NodeKey o = owner == null ? null : NodeKey.parse(field + "owner", owner);
            if (o != null && o.kind() != io.pedigree.lineage.Kind.PERSON) {
                throw new InvalidInput(field + "owner", "An owner is a person key, like person:ana@acme.com");
            }
            return new NodeInput(k, Properties.of(field + "properties", properties, limits), o,
                    validFrom == null ? null : Params.instant(field + "validFrom", validFrom));
        }
    }

    /** A relation to record. */
    record RelationBody(String from, String type, String to, String validFrom, String validTo,
                        Map<String, Object> properties) {
        RelationInput toInput(String field, Limits limits) {
            return new RelationInput(NodeKey.parse(field + "from", from), RelationType.parse(field + "type", type),
                    NodeKey.parse(field + "to", to),
                    validFrom == null ? null : Params.instant(field + "validFrom", validFrom),
                    validTo == null ? null : Params.instant(field + "validTo", validTo),
                    Properties.of(field + "properties", properties, limits));
        }
    }

    /** Nodes and relations to record atomically. */
    record BatchBody(List<NodeBody> nodes, List<RelationBody> relations) {
        Batch toBatch(Limits limits) {
            List<NodeInput> ns = new ArrayList<>();
            List<NodeBody> givenNodes = nodes == null ? List.of() : nodes;
            List<RelationBody> givenRelations = relations == null ? List.of() : relations;
            if (givenNodes.size() + givenRelations.size() > limits.maxBatchElements()) {
                throw new io.pedigree.error.PedigreeException.PayloadTooLarge("nodes", "A batch may hold at most "
                        + limits.maxBatchElements() + " nodes and relations together");
            }
            for (int i = 0; i < givenNodes.size(); i++) {
                if (givenNodes.get(i) == null) {
                    throw new InvalidInput("nodes[" + i + "]", "A node may not be null");
                }
                ns.add(givenNodes.get(i).toInput("nodes[" + i + "].", limits));
            }
            List<RelationInput> rs = new ArrayList<>();
            for (int i = 0; i < givenRelations.size(); i++) {
                if (givenRelations.get(i) == null) {
                    throw new InvalidInput("relations[" + i + "]", "A relation may not be null");
                }
                rs.add(givenRelations.get(i).toInput("relations[" + i + "].", limits));
            }
            if (ns.isEmpty() && rs.isEmpty()) {
                throw new InvalidInput("nodes", "A batch needs at least one node or relation");
            }
            return new Batch(ns, rs);
        }
    }

    /** Ends an open relation at {@code at} (default now). */
    record CloseBody(String from, String type, String to, String at) {
        Instant atInstant() {
            return at == null ? null : Params.instant("at", at);
        }
    }

    /** A token to issue. */
    record TokenBody(String principal, List<String> roles, String description, String expiresAt) {
        Set<Role> roleSet() {
            Set<Role> out = EnumSet.noneOf(Role.class);
            List<String> given = roles == null ? List.of() : roles;
            for (int i = 0; i < given.size(); i++) {
                out.add(Role.parse("roles[" + i + "]", given.get(i)));
            }
            return out;
        }
    }
}
