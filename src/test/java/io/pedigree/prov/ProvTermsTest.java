package io.pedigree.prov;

import io.pedigree.lineage.Kind;
import io.pedigree.lineage.RelationType;
import org.junit.jupiter.api.Test;

import static io.pedigree.prov.ProvTerms.Element.ACTIVITY;
import static io.pedigree.prov.ProvTerms.Element.AGENT;
import static io.pedigree.prov.ProvTerms.Element.ENTITY;
import static org.assertj.core.api.Assertions.assertThat;

/** The mapping docs/prov.md states: every relation Pedigree allows becomes a PROV relation between the right classes. */
class ProvTermsTest {

    @Test
    void runsEvaluationsAndDeploymentsAreActivitiesPeopleAgentsTheRestEntities() {
        assertThat(ProvTerms.element("run")).isEqualTo(ACTIVITY);
        assertThat(ProvTerms.element("evaluation")).isEqualTo(ACTIVITY);
        assertThat(ProvTerms.element("deployment")).isEqualTo(ACTIVITY);
        assertThat(ProvTerms.element("person")).isEqualTo(AGENT);
        for (String k : new String[]{"model", "dataset", "prompt", "embedding", "commit", "artifact"}) {
            assertThat(ProvTerms.element(k)).as(k).isEqualTo(ENTITY);
        }
    }

    @Test
    void everyRelationPedigreeAllowsHasAPlaceInProv() {
        for (RelationType t : RelationType.values()) {
            for (Kind from : t.allowedFrom()) {
                for (Kind to : t.allowedTo()) {
                    ProvTerms.Relation r = ProvTerms.relation(t.name(), ProvTerms.element(from.id()),
                            ProvTerms.element(to.id()));
                    assertThat(r).as("%s from %s to %s", t, from, to).isNotNull();
                }
            }
        }
    }

    @Test
    void relationsFollowTheClassesOfTheirEnds() {
        assertThat(ProvTerms.relation("USED", ACTIVITY, ENTITY)).isEqualTo(ProvTerms.Relation.USED);
        assertThat(ProvTerms.relation("SERVES", ACTIVITY, ENTITY)).isEqualTo(ProvTerms.Relation.USED);
        assertThat(ProvTerms.relation("USED", ACTIVITY, ACTIVITY)).isEqualTo(ProvTerms.Relation.WAS_INFORMED_BY);
        assertThat(ProvTerms.relation("WAS_GENERATED_BY", ENTITY, ACTIVITY))
                .isEqualTo(ProvTerms.Relation.WAS_GENERATED_BY);
        assertThat(ProvTerms.relation("HAS_ARTIFACT", ENTITY, ENTITY)).isEqualTo(ProvTerms.Relation.WAS_DERIVED_FROM);
        assertThat(ProvTerms.relation("OWNED_BY", ENTITY, AGENT)).isEqualTo(ProvTerms.Relation.WAS_ATTRIBUTED_TO);
        assertThat(ProvTerms.relation("OWNED_BY", ACTIVITY, AGENT)).isEqualTo(ProvTerms.Relation.WAS_ASSOCIATED_WITH);
        assertThat(ProvTerms.relation("VERSION_OF", ENTITY, ENTITY)).isEqualTo(ProvTerms.Relation.SPECIALIZATION_OF);
        assertThat(ProvTerms.relation("VERSION_OF", ACTIVITY, ACTIVITY)).isNull();
    }
}
