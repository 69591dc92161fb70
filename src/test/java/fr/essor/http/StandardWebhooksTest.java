package fr.essor.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class StandardWebhooksTest {

    /** The example of the Standard Webhooks specification's reference libraries. */
    @Test
    void matchesTheSpecificationExample() {
        byte[] key = StandardWebhooks.key("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        byte[] body = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
        String signature = StandardWebhooks.sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, body);
        assertThat(signature).isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        assertThat(StandardWebhooks.verify(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330L, body,
                "v1,bm9ldmVu v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")).isTrue();
    }

    @Test
    void refusesAnyChange() {
        byte[] key = StandardWebhooks.key("a-plain-secret-of-some-length");
        byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
        String signature = StandardWebhooks.sign(key, "id1", 100L, body);
        assertThat(StandardWebhooks.verify(key, "id1", 100L, body, signature)).isTrue();
        assertThat(StandardWebhooks.verify(key, "id2", 100L, body, signature)).isFalse();
        assertThat(StandardWebhooks.verify(key, "id1", 101L, body, signature)).isFalse();
        assertThat(StandardWebhooks.verify(key, "id1", 100L, "hellO".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
        assertThat(StandardWebhooks.verify(key, "id1", 100L, body, "v2," + signature.substring(3))).isFalse();
        assertThat(StandardWebhooks.verify(key, "id1", 100L, body, "v1,***")).isFalse();
    }
}
