package fr.essor.alerts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The check before each delivery, with a resolver that answers from a table (no DNS, no traffic): a name that
 * resolves to a refused address, even among public ones, is not sent to; the address checked is the one connected to.
 */
class CallbackGuardTest {
    private final List<String> lookups = new ArrayList<>();

    private HostResolver table(Map<String, List<String>> answers) {
        return host -> {
            lookups.add(host);
            List<String> found = answers.get(host);
            if (found == null) {
                return Future.failedFuture(new UnknownHostException(host));
            }
            List<InetAddress> addresses = new ArrayList<>();
            for (String a : found) {
                try {
                    addresses.add(InetAddress.getByAddress(host, CallbackAddress.literal(CallbackAddress.normalize(a))));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException(e);
                }
            }
            return Future.succeededFuture(addresses);
        };
    }

    private static final Map<String, List<String>> DNS = Map.of(
            "hooks.example.org", List.of("93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"),
            "rebound.example.org", List.of("93.184.215.14", "127.0.0.1"),
            "metadata.example.org", List.of("169.254.169.254"),
            "mapped.example.org", List.of("::ffff:10.0.0.1"),
            "hooks.corp", List.of("10.20.0.5"),
            "corp-range.example.org", List.of("10.20.0.6"));

    private Future<SocketAddress> check(CallbackPolicy policy, String url) {
        return new CallbackGuard(policy, table(DNS)).check(url);
    }

    @Test
    void aPublicNameIsSentToTheAddressChecked() {
        SocketAddress to = check(CallbackPolicy.STRICT, "https://hooks.example.org/essor").result();
        assertThat(to.host()).isEqualTo("93.184.215.14");
        assertThat(to.port()).isEqualTo(443);
        assertThat(lookups).containsExactly("hooks.example.org");
    }

    @Test
    void aNameResolvingToAnyRefusedAddressIsNotSentTo() {
        for (String url : List.of("https://rebound.example.org/hook", "https://metadata.example.org/hook",
                "https://mapped.example.org/hook", "https://hooks.corp/hook")) {
            Future<SocketAddress> checked = check(CallbackPolicy.STRICT, url);
            assertThat(checked.failed()).as(url).isTrue();
            assertThat(checked.cause()).isInstanceOf(CallbackGuard.Refused.class).hasMessageStartingWith("refused: ")
                    .hasMessageContaining("no request was sent");
        }
        assertThat(check(CallbackPolicy.STRICT, "https://rebound.example.org/hook").cause())
                .hasMessageContaining("127.0.0.1").hasMessageContaining("loopback");
        assertThat(check(CallbackPolicy.STRICT, "https://metadata.example.org/hook").cause()).hasMessageContaining("link-local");
    }

    @Test
    void anUnknownNameOrAStoredUrlNoLongerAcceptedIsRefused() {
        assertThat(check(CallbackPolicy.STRICT, "https://gone.example.org/hook").cause())
                .isInstanceOf(CallbackGuard.Refused.class).hasMessageContaining("does not resolve");
        // stored while http or an allowlist entry was allowed, then the configuration changed
        lookups.clear();
        assertThat(check(CallbackPolicy.STRICT, "http://hooks.example.org/hook").cause()).hasMessageContaining("https");
        assertThat(check(CallbackPolicy.STRICT, "https://127.0.0.1:9/hook").cause()).hasMessageContaining("loopback");
        assertThat(lookups).isEmpty();
    }

    @Test
    void listedNamesAndRangesPass() {
        CallbackPolicy onPremise = new CallbackPolicy(true, CallbackAllowlist.parse(new JsonArray().add("hooks.corp").add("10.20.0.0/16")));
        assertThat(check(onPremise, "https://hooks.corp/hook").result().host()).isEqualTo("10.20.0.5");
        assertThat(check(onPremise, "http://corp-range.example.org:8080/hook").result().port()).isEqualTo(8080);
        assertThat(check(onPremise, "https://metadata.example.org/hook").failed()).isTrue();
        assertThat(onPremise.allowlist().names()).isEqualTo(Set.of("hooks.corp"));
    }

    @Test
    void aLiteralIsNotLookedUp() {
        CallbackPolicy local = new CallbackPolicy(true, CallbackAllowlist.parse("127.0.0.1"));
        SocketAddress to = check(local, "http://127.0.0.1:9/hook").result();
        assertThat(to.host()).isEqualTo("127.0.0.1");
        assertThat(to.port()).isEqualTo(9);
        assertThat(check(CallbackPolicy.STRICT, "https://[2606:4700:4700::1111]/hook").result().port()).isEqualTo(443);
        assertThat(lookups).isEmpty();
    }
}
