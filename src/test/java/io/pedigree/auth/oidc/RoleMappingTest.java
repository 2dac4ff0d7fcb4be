package io.pedigree.auth.oidc;

import io.pedigree.auth.Role;
import io.pedigree.error.PedigreeException.InvalidInput;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoleMappingTest {

    private static final String SPEC = "pedigree-admins=admin, ml=writer, ml=approver, staff=reader";

    @Test
    void groupsInAListGrantTheirRolesAndWhatTheyImply() {
        RoleMapping m = RoleMapping.parse("f", "groups", SPEC);
        assertThat(m.rolesOf(Map.of("groups", List.of("ml", "unrelated"))))
                .isEqualTo(EnumSet.of(Role.READER, Role.WRITER, Role.APPROVER));
        assertThat(m.rolesOf(Map.of("groups", List.of("pedigree-admins")))).isEqualTo(EnumSet.allOf(Role.class));
    }

    @Test
    void unmappedOrMissingValuesGrantNothing() {
        RoleMapping m = RoleMapping.parse("f", "groups", SPEC);
        assertThat(m.rolesOf(Map.of("groups", List.of("contractors")))).isEmpty();
        assertThat(m.rolesOf(Map.of())).isEmpty();
        assertThat(m.rolesOf(Map.of("groups", 42))).isEmpty();
    }

    @Test
    void aDottedClaimWalksIntoObjectsAsKeycloakNestsItsRoles() {
        RoleMapping m = RoleMapping.parse("f", "realm_access.roles", "pedigree-writer=writer");
        assertThat(m.rolesOf(Map.of("realm_access", Map.of("roles", List.of("pedigree-writer")))))
                .contains(Role.WRITER);
    }

    @Test
    void aClaimNamedWithDotsIsReadWholeFirst() {
        RoleMapping m = RoleMapping.parse("f", "https://acme.com/roles", "admins=admin");
        assertThat(m.rolesOf(Map.of("https://acme.com/roles", List.of("admins")))).contains(Role.ADMIN);
    }

    @Test
    void aSingleStringClaimSuchAsGooglesHostedDomainMapsToo() {
        RoleMapping m = RoleMapping.parse("f", "hd", "acme.com=reader");
        assertThat(m.rolesOf(Map.of("hd", "acme.com"))).containsExactly(Role.READER);
        assertThat(m.rolesOf(Map.of("hd", "evil.com"))).isEmpty();
    }

    @Test
    void valuesMayContainEqualsSigns() {
        RoleMapping m = RoleMapping.parse("f", "groups", "team=ml=writer");
        assertThat(m.roles()).containsOnlyKeys("team=ml");
    }

    @Test
    void anUnknownRoleOrAnEmptyMappingStopsTheStart() {
        assertThatThrownBy(() -> RoleMapping.parse("PEDIGREE_OIDC_ROLES", "groups", "staff=superuser"))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("superuser");
        assertThatThrownBy(() -> RoleMapping.parse("PEDIGREE_OIDC_ROLES", "groups", " , "))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("nobody could sign in");
        assertThatThrownBy(() -> RoleMapping.parse("PEDIGREE_OIDC_ROLES", "groups", "staff"))
                .isInstanceOf(InvalidInput.class).hasMessageContaining("claimValue=role");
    }
}
