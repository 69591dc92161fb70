package fr.essor.notice;

import fr.essor.http.ProblemException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Standard Webhooks verification, on the specification's own example and on every way a push can be wrong. */
class FeedSignatureTest {
    // the example of the Standard Webhooks reference libraries (secret, id, timestamp, payload, signature)
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String TS = "1614265330";
    private static final byte[] BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static FeedSignature at(long epochSecond) {
        return new FeedSignature(Map.of("ted", SECRET, "plain", "a-plain-secret-of-some-length"),
                Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC));
    }

    @Test
    void signsAsTheStandardWebhooksReference() {
        assertThat(FeedSignature.header(SECRET, ID, TS, BODY)).isEqualTo(EXPECTED);
    }

    @Test
    void acceptsTheReferenceSignatureAmongOthers() {
        FeedSignature.Delivery d = at(1614265330).verify("ted", ID, TS, "v1,bm90IGl0 v1a,whatever " + EXPECTED, BODY);
        assertThat(d).isEqualTo(new FeedSignature.Delivery("ted", ID));
    }

    @Test
    void plainSecretsAreTheirUtf8Bytes() {
        String header = FeedSignature.header("a-plain-secret-of-some-length", "id-1", TS, BODY);
        assertThat(at(1614265330).verify("plain", "id-1", TS, header, BODY).feedId()).isEqualTo("plain");
        // the same text as a key of another feed does not verify
        assertThatThrownBy(() -> at(1614265330).verify("ted", "id-1", TS, header, BODY)).isInstanceOf(ProblemException.class);
    }

    @Test
    void toleratesFiveMinutesEitherWayNotMore() {
        long ts = Long.parseLong(TS);
        assertThat(at(ts + 300).verify("ted", ID, TS, EXPECTED, BODY)).isNotNull();
        assertThat(at(ts - 300).verify("ted", ID, TS, EXPECTED, BODY)).isNotNull();
        assertUnauthorized(() -> at(ts + 301).verify("ted", ID, TS, EXPECTED, BODY), "webhook-timestamp");
        assertUnauthorized(() -> at(ts - 301).verify("ted", ID, TS, EXPECTED, BODY), "webhook-timestamp");
    }

    @Test
    void refusesWhatIsWrongWith401NamingTheHeader() {
        FeedSignature s = at(1614265330);
        assertUnauthorized(() -> s.verify(null, ID, TS, EXPECTED, BODY), "X-Feed-Id");
        assertUnauthorized(() -> s.verify("unknown", ID, TS, EXPECTED, BODY), "webhook-signature");
        assertUnauthorized(() -> s.verify("ted", null, TS, EXPECTED, BODY), "webhook-id");
        assertUnauthorized(() -> s.verify("ted", "x".repeat(257), TS, EXPECTED, BODY), "webhook-id");
        assertUnauthorized(() -> s.verify("ted", ID, "yesterday", EXPECTED, BODY), "webhook-timestamp");
        assertUnauthorized(() -> s.verify("ted", ID, TS, null, BODY), "webhook-signature");
        assertUnauthorized(() -> s.verify("ted", ID, TS, "v1,%%%not-base64", BODY), "webhook-signature");
        assertUnauthorized(() -> s.verify("ted", ID, TS, EXPECTED.replace("v1,", "v2,"), BODY), "webhook-signature");
        // one byte of the body changed, or another id: the signature no longer holds
        assertUnauthorized(() -> s.verify("ted", ID, TS, EXPECTED, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8)),
                "webhook-signature");
        assertUnauthorized(() -> s.verify("ted", ID + "x", TS, EXPECTED, BODY), "webhook-signature");
    }

    @Test
    void admitsOnTheHeadersAloneWhatTheBodyMustThenProve() {
        FeedSignature s = at(1614265330);
        // any signature header passes admission: only the body can prove it
        assertThat(s.admit("ted", ID, TS, "v1,bm90IGl0")).isEqualTo(new FeedSignature.Delivery("ted", ID));
        assertUnauthorized(() -> s.admit(null, ID, TS, EXPECTED), "X-Feed-Id");
        assertUnauthorized(() -> s.admit("unknown", ID, TS, EXPECTED), "webhook-signature");
        assertUnauthorized(() -> s.admit("ted", null, TS, EXPECTED), "webhook-id");
        assertUnauthorized(() -> s.admit("ted", ID, "1614264000", EXPECTED), "webhook-timestamp");
        assertUnauthorized(() -> s.admit("ted", ID, TS, " "), "webhook-signature");
    }

    private static void assertUnauthorized(Runnable call, String header) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.errors()).extracting(f -> f.field()).containsExactly(header);
        });
    }
}
