package fr.essor.notice.eforms;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The code lists shipped in the resources, and what essor makes of them. */
class EformsCodesTest {

    @Test
    void shipped_code_lists_match_the_shared_reference() {
        // the copies in src/main/resources are the SDK 1.15.1 lists of ../shared/data/reference
        assertThat(EformsCodes.RESERVED_PROCUREMENT).containsExactlyInAnyOrder("none", "res-pub-ser", "res-ws");
        assertThat(EformsCodes.RESERVED_EXECUTION).containsExactlyInAnyOrder("yes", "no", "not-known");
        assertThat(EformsCodes.CONTRACT_NATURES).containsExactlyInAnyOrder("works", "supplies", "services");
        assertThat(EformsCodes.SOCIAL_OBJECTIVES).contains("opp", "acc-all", "work-cond").hasSize(7);
        assertThat(EformsCodes.NOTICE_TYPES).contains("cn-social", "can-social", "pin-cfc-social", "brin-eeig", "brin-ecs");
    }

    @Test
    void every_buyer_legal_type_has_a_kind() {
        assertThat(EformsCodes.BUYER_LEGAL_TYPES).hasSizeGreaterThanOrEqualTo(19);
        for (String code : EformsCodes.BUYER_LEGAL_TYPES) {
            assertThat(EformsCodes.buyerKind(code)).as(code).isIn("central", "local", "other");
        }
        assertThat(EformsCodes.buyerKind("cga")).isEqualTo("central");
        for (String local : Set.of("la", "ra", "body-pl-la", "body-pl-ra", "pub-undert-la", "pub-undert-ra", "rl-aut", "grp-p-aut")) {
            assertThat(EformsCodes.buyerKind(local)).as(local).isEqualTo("local");
        }
        for (String other : Set.of("body-pl", "body-pl-cga", "pub-undert-cga", "eu-ins-bod-ag", "int-org", "def-cont")) {
            assertThat(EformsCodes.buyerKind(other)).as(other).isEqualTo("other");
        }
        assertThat(EformsCodes.buyerKind(null)).isNull();
    }

    @Test
    void light_regime_subtypes_are_the_social_notice_types() {
        // 12-14 pin-cfc-social, 20-21 cn-social, 33-35 can-social; 22 is a subcontracting notice
        assertThat(EformsCodes.LIGHT_REGIME_SUBTYPES).containsExactlyInAnyOrder("12", "13", "14", "20", "21", "33", "34", "35");
    }
}
