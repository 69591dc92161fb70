package fr.essor.matching;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** Every reason code (match items, lot checks, recommendations) is kebab-case and listed in the contract (openapi.yaml), where a page finds it. */
class ReasonCodesTest {
    @Test
    void everyCodeIsStableAndDocumented() throws Exception {
        String contract;
        try (InputStream in = ReasonCodesTest.class.getResourceAsStream("/openapi.yaml")) {
            contract = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (Field f : ReasonCodes.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                String code = (String) f.get(null);
                assertThat(code).as(f.getName()).matches("[a-z0-9]+(-[a-z0-9]+)*");
                assertThat(seen.add(code)).as("unique " + code).isTrue();
                assertThat(contract).as("openapi.yaml lists " + code).containsPattern("[\\[ ,]" + code + "[,\\]]");
            }
        }
        assertThat(seen).hasSizeGreaterThan(20);
        for (LotCheck.Code code : LotCheck.Code.values()) {
            assertThat(contract).as("openapi.yaml lists " + code.token()).containsPattern("[\\[ ,]" + code.token() + "[,\\]]");
        }
        for (Recommendation.Code code : Recommendation.Code.values()) {
            assertThat(contract).as("openapi.yaml lists " + code.token()).containsPattern("[\\[ ,]" + code.token() + "[,\\]]");
        }
    }
}
